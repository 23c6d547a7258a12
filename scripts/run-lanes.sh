#!/bin/bash
# Pack one initramfs from the lists RESDIR/list.LANE and boot the kernel of
# OBJDIR once per lane; each lane's logs land in RESDIR/LANE/.
# usage: run-lanes.sh OBJDIR TESTDIR RESDIR "LANES"
set -euo pipefail
obj=${1:?objdir} tests=${2:?testdir} res=${3:?resdir} lanes=${4:?lanes}
here=$(dirname "$(realpath "$0")")
"$here/initramfs.sh" "$obj" "$tests" "$res" "$res/initramfs.cpio"
for lane in $lanes; do
	t0=$(date +%s)
	# The guest bounds each test; this bounds the boot if the guest hangs.
	secs=$(awk '{ s += $2 } END { print s + 300 }' "$res/list.$lane")
	"$here/boot.sh" "$obj/arch/x86/boot/bzImage" "$res/initramfs.cpio" "$lane" "$res/$lane" "$secs"
	echo "lane $lane: $(( $(date +%s) - t0 ))s, logs in $res/$lane/" >&2
done
