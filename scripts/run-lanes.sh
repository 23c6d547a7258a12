#!/bin/bash
# Boot the kernel of OBJDIR once per lane, running the tests of RESDIR/list.LANE;
# each lane's logs land in RESDIR/LANE/, which starts empty but for the lane's
# run id (run-id, which the guest echoes into its KTAP: report.sh judges only
# logs of this run). The QEMU lanes share one initramfs; the Bochs lanes
# (is_bochs_lane) each get one with their own tests only, since Bochs reads
# the initrd through the BIOS. A script on a lane's path that fails (the
# initramfs, the boot) is recorded in RESDIR/LANE/harness, which fails the
# lane, and the other lanes still run. Exits 1 when any lane's path failed.
# usage: run-lanes.sh OBJDIR TESTDIR RESDIR "LANES"
set -euo pipefail
obj=${1:?objdir} tests=${2:?testdir} res=${3:?resdir} lanes=${4:?lanes}
here=$(dirname "$(realpath "$0")")
. "$here/lib.sh"
kernel=$obj/arch/x86/boot/bzImage
rc=0
# note LANE WHAT RC [LOG]: a script on LANE's path failed (LOG: its errors).
note() {
	local why
	why="$2 exited with $3${4:+: $(tail -n1 "$4" 2>/dev/null)}"
	echo "$why" >>"$res/$1/harness"
	echo "lane $1: $why" >&2
	rc=1
}
qemu= qemu_rc=0
for lane in $lanes; do
	rm -rf "${res:?}/$lane"
	mkdir -p "$res/$lane"
	echo "$lane-$(date +%s)-$$-$RANDOM" >"$res/$lane/run-id"
	is_bochs_lane "$lane" || qemu=1
done
if [ -n "$qemu" ]; then
	"$here/initramfs.sh" "$obj" "$tests" "$res" "$res/initramfs.cpio" 2>"$res/initramfs.err" || qemu_rc=$?
fi
for lane in $lanes; do
	t0=$(date +%s)
	r=0
	if is_bochs_lane "$lane"; then
		mkdir -p "$res/$lane/initrd"
		cp "$res/list.$lane" "$res/$lane/initrd/"
		"$here/initramfs.sh" "$obj" "$tests" "$res/$lane/initrd" "$res/$lane/initramfs.cpio" \
			2>"$res/$lane/initramfs.err" || r=$?
		[ $r = 0 ] || { note "$lane" initramfs.sh $r "$res/$lane/initramfs.err"; continue; }
		"$here/boot-bochs.sh" "$kernel" "$res/$lane/initramfs.cpio" "$lane" "$res/$lane" \
			"$res/list.$lane" || r=$?
		[ $r = 0 ] || note "$lane" boot-bochs.sh $r
	else
		[ $qemu_rc = 0 ] || { note "$lane" initramfs.sh $qemu_rc "$res/initramfs.err"; continue; }
		# The guest bounds each test; this bounds the boot if the guest hangs.
		secs=$(awk '{ s += $2 } END { print s + 300 }' "$res/list.$lane")
		"$here/boot.sh" "$kernel" "$res/initramfs.cpio" "$lane" "$res/$lane" "$secs" || r=$?
		[ $r = 0 ] || note "$lane" boot.sh $r
	fi
	echo "lane $lane: $(( $(date +%s) - t0 ))s, logs in $res/$lane/" >&2
done
exit $rc
