#!/bin/bash
# Re-prove that TEST, listed in TESTSDIR/known-failures.txt, fails on the
# unpatched base in LANE: build the base (as baseline.sh does), run TEST
# alone, print its output and any kernel report. Exits 0 when it failed (or
# made the kernel report a WARN, BUG, ...), 1 when it passed cleanly.
# usage: prove-base.sh TREE PATCHDIR NFIX BASEDIR TEST LANE TESTSDIR
set -euo pipefail
tree=${1:?tree} patches=${2:?patch dir} nfix=${3:?nfix} base=${4:?basedir}
test=${5:?usage: make prove-base TEST=name [LANE=npt1]} lane=${6:?lane} tdir=${7:?tests dir}
here=$(dirname "$(realpath "$0")")
top=$(dirname "$here")
. "$here/lib.sh"
reason=$(awk -v t="$test" -v l="$lane" '$1 == t && ($2 == "all" || index("," $2 ",", "," l ",")) { $1 = $2 = ""; print substr($0, 3) }' "$tdir/known-failures.txt")
[ -n "$reason" ] || die "$test is not listed for lane $lane in $tdir/known-failures.txt"
echo "listed: $test ($lane): $reason"
step "build the unpatched base" "$base/build.log" \
	"$here/base-build.sh" "$tree" "$patches" "$nfix" "$base" "$top/configs/kvm.config"
res=$base/prove-$test
rm -rf "$res"; mkdir -p "$res"
secs=$(awk -v t="$test" '$1 == t { print $2 }' "$tdir/selftests-6.1.txt")
echo "$test ${secs:-180}" >"$res/list.$lane"
"$here/run-lanes.sh" "$base/obj" "$base/selftests" "$res" "$lane" || true
tr -d '\r' <"$res/$lane/ktap.log"
# Its verdict is on a clean, complete run of TEST: passing it disproves.
if "$here/report.sh" "$lane" "$res/$lane" "$res/list.$lane"; then
	echo "NOT PROVEN: $test passed on the base in lane $lane, with a clean dmesg"
	exit 1
fi
echo "proven: $test does not pass cleanly on the base in lane $lane"
