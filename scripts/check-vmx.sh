#!/bin/bash
# The VMX lanes in full: build the tree, the kernel, the selftests and the
# demo VMM as `make` does, then run the series' tests and the whole VMX
# regression gate (tests/gate.LANE.txt) in each lane under Bochs, where
# `make check` runs only the gate's fast part (tests/gate.LANE.fast.txt).
# Ends with 'N passed, N failed, N skipped'.
# usage: check-vmx.sh TREE OBJDIR TESTDIR RESDIR "LANES"
set -euo pipefail
tree=${1:?tree} obj=${2:?objdir} tests=${3:?testdir} res=${4:?resdir} lanes=${5:?lanes}
here=$(dirname "$(realpath "$0")")
top=$(dirname "$here")
. "$here/lib.sh"
mkdir -p "$res"
t0=$(date +%s)
step "materialize the kernel tree" "$res/tree.log" "$here/tree.sh" "$tree" "$top/patches"
step "build the kernel" "$res/kernel.log" "$here/build-kernel.sh" "$tree" "$obj" \
	"$top/configs/kvm.config" "$top/configs/series.config"
step "build the KVM selftests" "$res/selftests.log" "$here/build-selftests.sh" "$tree" "$obj" "$tests"
step "build the demo VMM" "$res/demo-build.log" "$here/build-demo.sh" "$tree" "$obj" "$tests"
for lane in $lanes; do
	is_bochs_lane "$lane" || die "$lane is not a VMX lane"
	"$here/lane-list.sh" "$lane" "$top/tests/series.txt" "$top/tests/gate.$lane.txt" >"$res/list.$lane"
done
pass=0 fail=0 skip=0
"$here/run-lanes.sh" "$obj" "$tests" "$res" "$lanes" || fail=$((fail + 1))
for lane in $lanes; do
	judge_lane "$lane" "$res"
	echo "== lane $lane: logs in $res/$lane (console.log, ktap.log, bochs.log)" >&2
done
echo "== total $(( $(date +%s) - t0 ))s"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
