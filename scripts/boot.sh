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
# One TCG thread for both vCPUs: with Debian 12's QEMU 7.2, multi-threaded
# TCG sometimes runs the L1 host's code after a VMRUN with the L2 guest's
# nested paging still on, and saves the host's state as the guest's on the
# next #VMEXIT (private_mem_stress_test, ~30% of runs: SHUTDOWN, or a vCPU
# stuck at the host's RIP after VMRUN). The host's VMCB, hsave page and their
# refcounts are intact when it happens, and not one of 48 runs with
# thread=single failed. QEMU_TCG_THREAD=multi brings it back, e.g. to
# reproduce. The guest still has two CPUs; the lanes take about as long.
# Two 1 GiB pages are reserved at boot for private_mem_gigantic_test: at run
# time no 1 GiB range is free of unmovable pages. They come on top of the
# 4 GiB that the other tests had before.
rc=0
timeout --foreground -s KILL "$secs" \
	qemu-system-x86_64 -accel "tcg,thread=${QEMU_TCG_THREAD:-single}" \
	-cpu EPYC,+svm,+npt -smp 2 -m 6G \
	-display none -monitor none -no-reboot \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 hugepagesz=1G hugepages=2 lane=$lane run=$(cat "$out/run-id" 2>/dev/null)" \
	-serial "file:$out/console.log" -serial "file:$out/ktap.log" \
	2>"$out/qemu.log" || rc=$?
if [ $rc -ne 0 ]; then
	echo "qemu exited with $rc (137: the ${secs}s boot timeout)" >>"$out/ktap.log"
	exit $rc
fi
