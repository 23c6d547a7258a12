#!/bin/bash
# Boot the kernel of OBJDIR once per lane, running the tests of RESDIR/list.LANE;
# each lane's logs land in RESDIR/LANE/. The SVM lanes (npt*) run under QEMU
# and share one initramfs; the VMX lanes (ept*) run under Bochs, which reads
# the initrd through the BIOS, so each gets one with its own tests only.
# usage: run-lanes.sh OBJDIR TESTDIR RESDIR "LANES"
set -euo pipefail
obj=${1:?objdir} tests=${2:?testdir} res=${3:?resdir} lanes=${4:?lanes}
here=$(dirname "$(realpath "$0")")
kernel=$obj/arch/x86/boot/bzImage
for lane in $lanes; do
	case $lane in ept*) ;; *) qemu=1 ;; esac
done
[ -z "${qemu:-}" ] || "$here/initramfs.sh" "$obj" "$tests" "$res" "$res/initramfs.cpio"
for lane in $lanes; do
	t0=$(date +%s)
	case $lane in
	ept*)
		mkdir -p "$res/$lane/initrd"
		cp "$res/list.$lane" "$res/$lane/initrd/"
		"$here/initramfs.sh" "$obj" "$tests" "$res/$lane/initrd" "$res/$lane/initramfs.cpio"
		"$here/boot-bochs.sh" "$kernel" "$res/$lane/initramfs.cpio" "$lane" "$res/$lane" "$res/list.$lane"
		;;
	*)
		# The guest bounds each test; this bounds the boot if the guest hangs.
		secs=$(awk '{ s += $2 } END { print s + 300 }' "$res/list.$lane")
		"$here/boot.sh" "$kernel" "$res/initramfs.cpio" "$lane" "$res/$lane" "$secs"
		;;
	esac
	echo "lane $lane: $(( $(date +%s) - t0 ))s, logs in $res/$lane/" >&2
done
