#!/bin/bash
# Turn one lane of a baseline run into TESTSDIR/baseline.LANE.txt (every
# test's result on the unpatched base: pass, fail, timeout, skip, or warn for
# a pass during which the kernel reported a WARN/BUG/...) and
# TESTSDIR/gate.LANE.txt (the tests that passed cleanly and are not listed in
# known-failures.txt, e.g. as flaky: the regression gate).
# Warns about failures that known-failures.txt does not explain.
# usage: baseline-summary.sh LANE RESDIR TESTSDIR VERSION
set -euo pipefail
lane=${1:?lane} res=${2:?resdir} tdir=${3:?tests dir} version=${4:?version}
here=$(dirname "$(realpath "$0")")
# report.sh parses the KTAP (its verdict on the base does not matter here):
# LANE/results has each listed test's result, LANE/reports the kernel's.
"$here/report.sh" "$lane" "$res/$lane" "$res/list.$lane" >/dev/null || true
sed -n 's/^  dmesg: during \([^:]*\):.*/\1/p' "$res/$lane/reports" | sort -u >"$res/$lane/warned"
awk -v v="$version" -v lane="$lane" -v warnf="$res/$lane/warned" '
	BEGIN {
		while ((getline t < warnf) > 0) warned[t] = 1
		print "# 6.1 KVM selftests on the unpatched base (linux-source-6.1 " v "), lane " lane
	}
	$2 == "pass" { print $1, (warned[$1] ? "warn" : "pass"); next }
	$2 == "missing" { print $1, "fail"; next }
	{ print }' "$res/$lane/results" >"$tdir/baseline.$lane.txt"
# A test known to be flaky here passes on the base only sometimes: keep it out.
awk -v lane="$lane" '
	FILENAME == ARGV[1] { if ($2 == "all" || index("," $2 ",", "," lane ",")) known[$1] = 1; next }
	FILENAME == ARGV[2] { t[$1] = $2; next }
	$2 == "pass" && !known[$1] { print $1, t[$1] }' \
	"$tdir/known-failures.txt" "$res/list.$lane" "$tdir/baseline.$lane.txt" >"$tdir/gate.$lane.txt"
while read -r t r; do
	case $r in pass|skip) continue ;; esac
	awk -v t="$t" -v l="$lane" '$1 == t && ($2 == "all" || index("," $2 ",", "," l ",")) { f = 1 } END { exit !f }' \
		"$tdir/known-failures.txt" ||
		echo "warning: $t is '$r' on the base in lane $lane but not in known-failures.txt" >&2
done < <(grep -v '^#' "$tdir/baseline.$lane.txt")
echo "lane $lane: $(grep -c ' pass$' "$tdir/baseline.$lane.txt") of $(grep -vc '^#' "$tdir/baseline.$lane.txt") pass cleanly on the base"
