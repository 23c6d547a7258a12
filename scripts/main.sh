#!/bin/bash
# The main job: materialize the tree, build the kernel, the KVM selftests and
# the demo VMM (demo/), boot the kernel under QEMU's emulated SVM with nested
# paging and show the series at work (tests/demo.txt: the demo VMM, then the
# series' tests), printing what the guest reported.
# usage: main.sh TREE OBJDIR TESTDIR RESDIR
set -euo pipefail
tree=${1:?tree} obj=${2:?objdir} tests=${3:?testdir} res=${4:?resdir}
here=$(dirname "$(realpath "$0")")
top=$(dirname "$here")
. "$here/lib.sh"
mkdir -p "$res"
step "materialize the kernel tree" "$res/tree.log" "$here/tree.sh" "$tree" "$top/patches"
step "build the kernel" "$res/kernel.log" "$here/build-kernel.sh" "$tree" "$obj" "$top/configs/kvm.config" "$top/configs/series.config"
step "build the KVM selftests" "$res/selftests.log" "$here/build-selftests.sh" "$tree" "$obj" "$tests"
step "build the demo VMM" "$res/demo-build.log" "$here/build-demo.sh" "$tree" "$obj" "$tests"
entries "$top/tests/demo.txt" >"$res/list.npt1"
step "boot under qemu -cpu EPYC,+svm,+npt" "$res/boot.log" "$here/run-lanes.sh" "$obj" "$tests" "$res" npt1
echo "--- guest: $(grep -m1 'Linux version' "$res/npt1/console.log" | tr -d '\r' | cut -c1-100)"
tr -d '\r' <"$res/npt1/ktap.log"
"$here/report.sh" npt1 "$res/npt1" "$res/list.npt1" | tail -n 20
