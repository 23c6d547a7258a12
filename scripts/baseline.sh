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
	"$here/lane-list.sh" "$lane" "$tdir/selftests-6.1.txt" >"$res/list.$lane"
done
"$here/run-lanes.sh" "$base/obj" "$base/selftests" "$res" "$lanes"
version=$(cat "$base/../linux.version" 2>/dev/null || dpkg-query -W -f='${Version}' linux-source-6.1)
for lane in $lanes; do
	"$here/baseline-summary.sh" "$lane" "$res" "$tdir" "$version"
done
