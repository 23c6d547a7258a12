#!/bin/bash
# Run every 6.1 x86_64 KVM selftest (TESTSDIR/selftests-6.1.txt) once per lane
# on the unpatched base, and write what it found to TESTSDIR:
#   baseline.LANE.txt  every test's result on the base
#   gate.LANE.txt      the tests that passed: the series' regression gate
# Tests that did not pass must be explained in TESTSDIR/known-failures.txt.
# usage: baseline.sh TREE PATCHDIR NFIX BASEDIR "LANES" TESTSDIR
set -euo pipefail
tree=${1:?tree} patches=${2:?patch dir} nfix=${3:?nfix} base=${4:?basedir}
lanes=${5:?lanes} tdir=${6:?tests dir}
here=$(dirname "$(realpath "$0")")
top=$(dirname "$here")
. "$here/lib.sh"
step "build the unpatched base" "$base/build.log" \
	"$here/base-build.sh" "$tree" "$patches" "$nfix" "$base" "$top/configs/kvm.config"
res=$base/results
mkdir -p "$res"
selftest_warnings "$base/build.log" >"$tdir/selftests-warnings.txt"
for lane in $lanes; do
	grep -v '^\s*\(#\|$\)' "$tdir/selftests-6.1.txt" >"$res/list.$lane"
done
"$here/run-lanes.sh" "$base/obj" "$base/selftests" "$res" "$lanes"
version=$(cat "$base/../linux.version" 2>/dev/null || dpkg-query -W -f='${Version}' linux-source-6.1)
for lane in $lanes; do
	tr -d '\r' <"$res/$lane/ktap.log" | awk -v v="$version" -v lane="$lane" '
		BEGIN { print "# 6.1 KVM selftests on the unpatched base (linux-source-6.1 " v "), lane " lane }
		/^ok / && !/# SKIP/ { print $3, "pass"; next }
		/^ok / { print $3, "skip"; next }
		/^not ok .*# TIMEOUT/ { print $4, "timeout"; next }
		/^not ok / { print $4, "fail" }' >"$tdir/baseline.$lane.txt"
	awk 'NR == FNR { t[$1] = $2; next } $2 == "pass" { print $1, t[$1] }' \
		"$res/list.$lane" "$tdir/baseline.$lane.txt" >"$tdir/gate.$lane.txt"
	"$here/report.sh" "$lane" "$res/$lane" "$res/list.$lane" | grep dmesg || true
	while read -r t r; do
		[ "$r" = pass ] || grep -q "^$t \(all\|$lane\) " "$tdir/known-failures.txt" ||
			echo "warning: $t is '$r' on the base in lane $lane but not in known-failures.txt" >&2
	done < <(grep -v '^#' "$tdir/baseline.$lane.txt")
	echo "lane $lane: $(grep -c ' pass$' "$tdir/baseline.$lane.txt") of $(grep -vc '^#' "$tdir/baseline.$lane.txt") pass on the base"
done
