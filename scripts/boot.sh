#!/bin/bash
# Boot KERNEL with INITRD under QEMU TCG on an emulated AMD CPU with SVM and
# nested paging, running the test lane LANE. The guest console goes to
# OUTDIR/console.log, the KTAP stream to OUTDIR/ktap.log, QEMU's own messages
# (TCG lacks some of EPYC's CPUID features and says so) to OUTDIR/qemu.log.
# usage: boot.sh KERNEL INITRD LANE OUTDIR TIMEOUT_SECONDS
set -euo pipefail
kernel=${1:?kernel} initrd=${2:?initrd} lane=${3:?lane} out=${4:?outdir} secs=${5:?timeout}
mkdir -p "$out"
rm -f "$out/console.log" "$out/ktap.log"
rc=0
timeout --foreground -s KILL "$secs" \
	qemu-system-x86_64 -accel tcg -cpu EPYC,+svm,+npt -smp 2 -m 4G \
	-display none -monitor none -no-reboot \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 lane=$lane" \
	-serial "file:$out/console.log" -serial "file:$out/ktap.log" \
	2>"$out/qemu.log" || rc=$?
if [ $rc -ne 0 ]; then
	echo "qemu exited with $rc (137: the ${secs}s boot timeout)" >>"$out/ktap.log"
fi
