#!/bin/bash
# The debug lane: the series on a kernel with KASAN, lockdep, DEBUG_VM,
# DEBUG_LIST, DEBUG_ATOMIC_SLEEP, UBSAN and kmemleak (configs/debug.config),
# running the series' tests and the part of the gate that drives the code the
# series changes (tests/debug.txt says which and why). Expects the tree and
# the selftests of `make check` (or of `make tree selftests`).
# usage: check-debug.sh TREE BUILDDIR
set -uo pipefail
tree=${1:?tree} b=${2:?build dir}
here=$(dirname "$(realpath "$0")")
top=$(dirname "$here")
. "$here/lib.sh"
tests=$b/selftests res=$b/results-debug
mkdir -p "$res"
t0=$(date +%s)
"$here/build-kernel.sh" "$tree" "$b/obj-debug" "$top/configs/kvm.config" \
	"$top/configs/series.config" "$top/configs/debug.config" >"$res/kernel.log" 2>&1 ||
	{ echo "not ok - the debug kernel builds (log: $res/kernel.log)"; exit 1; }
echo "ok - the debug kernel builds ($(( $(date +%s) - t0 ))s)"
"$here/build-demo.sh" "$tree" "$b/obj" "$tests" >"$res/demo-build.log" 2>&1 ||
	{ echo "not ok - the demo VMM builds (log: $res/demo-build.log)"; exit 1; }
rm -f "$res"/list.*
dbg_gate "$top" "$res/gate.dbg"
"$here/lane-list.sh" dbg "$top/tests/series.txt" "$res/gate.dbg" \
	"$top/tests/debug.slow.txt" >"$res/list.dbg"
t0=$(date +%s)
ok=1
"$here/run-lanes.sh" "$b/obj-debug" "$tests" "$res" dbg || ok=0
"$here/report.sh" dbg "$res/dbg" "$res/list.dbg" || ok=0
echo "== lane dbg took $(( $(date +%s) - t0 ))s; logs in $res/dbg (console.log, ktap.log)"
[ $ok = 1 ]
