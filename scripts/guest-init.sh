#!/bin/sh
# /init of the test initramfs. Loads KVM for the lane named on the kernel
# command line (lane=...), runs the tests listed in /tests/list.$lane with a
# per-test timeout, writes KTAP to the second serial port and powers off.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/shm /tmp
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null

lane=$(sed -n 's/.*\blane=\([^ ]*\).*/\1/p' /proc/cmdline)
# The host's id for this run of the lane (run-lanes.sh): report.sh judges a
# lane only on logs that carry it.
run=$(sed -n 's/.*\brun=\([^ ]*\).*/\1/p' /proc/cmdline)
# Tests to skip: boot-bochs.sh boots the guest again after a test it killed.
skip=$(sed -n 's/.*\bskip=\([0-9]*\).*/\1/p' /proc/cmdline)
out=/dev/ttyS1
exec >$out 2>&1

kmsg() { echo "kvmtest: $*" >/dev/kmsg; }

# Kill whatever a test left behind (forked VMs, worker threads' processes):
# every user process but init and this shell. Kernel threads have no exe.
reap() {
	for p in /proc/[0-9]*; do
		pid=${p#/proc/}
		[ "$pid" = 1 ] || [ "$pid" = $$ ] || [ "$pid" = "${hb:-}" ] || [ "$pid" = "${pf:-}" ] ||
			[ ! -e "$p/exe" ] ||
			kill -9 "$pid" 2>/dev/null
	done
}

# Wait until the UART has sent what the tty holds (stty sets the line with
# TCSADRAIN): Bochs paces its UARTs like real ones, and the end of the KTAP
# stream would be lost at power-off, or when a test that starves the kernel
# makes the host kill the guest (boot-bochs.sh).
drain() { stty -F $out -echo 2>/dev/null; }

off() {
	drain
	poweroff -f
}

bail() {
	echo "Bail out! $*"
	kmsg "done"
	off
}

case $lane in
npt1|dbg) insmod /lib/modules/kvm-amd.ko npt=1 ;;
npt0)	insmod /lib/modules/kvm-amd.ko npt=0 ;;
ept1)	insmod /lib/modules/kvm-intel.ko ept=1 ;;
ept0)	insmod /lib/modules/kvm-intel.ko ept=0 ;;
*)	bail "unknown lane '$lane'" ;;
esac || bail "cannot load KVM for lane $lane"

# Under Bochs, the host kills a test during which the console stays silent
# for a minute (boot-bochs.sh, which asks for this with hb=1): say every 10 s
# that the kernel still runs (quietly: reap kills its sleep, which its shell
# would report).
case " $(cat /proc/cmdline) " in *" hb=1 "*)
	while :; do sleep 10; kmsg "alive"; done 2>/dev/null &
	hb=$!
esac

echo "# run $run"
echo "# lane $lane on $(uname -r), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
for m in kvm_amd kvm_intel; do
	[ -d /sys/module/$m/parameters ] || continue
	for p in npt nested ept vpid unrestricted_guest; do
		[ -r /sys/module/$m/parameters/$p ] && echo "# $m.$p=$(cat /sys/module/$m/parameters/$p)"
	done
done
[ -c /dev/kvm ] || bail "no /dev/kvm"

list=/tests/list.$lane
if [ "${skip:-0}" = 0 ]; then
	echo "TAP version 13"
	echo "1..$(grep -c . $list)"
fi
n=0
cd /tests
while read -r name secs; do
	n=$((n + 1))
	[ $n -gt "${skip:-0}" ] || continue
	kmsg "start $name"
	start=$(cut -d' ' -f1 /proc/uptime)
	# Every line the test prints goes to the log as it comes, behind "# ", as
	# kselftest's runner does. The prefixer reads a FIFO, not a pipe from the
	# test: it outlives the test's children until reap kills them, and then
	# ends at the FIFO's end.
	rm -f /tmp/out
	mkfifo /tmp/out
	sed 's/^/# /' </tmp/out &
	pf=$!
	timeout -s KILL "$secs" "./$name" </dev/null >/tmp/out 2>&1
	rc=$?
	end=$(cut -d' ' -f1 /proc/uptime)
	reap
	wait $pf
	pf=
	kmsg "end $name rc=$rc"
	took="$(echo "$start $end" | awk '{ printf "%.1f", $2 - $1 }')s"
	case $rc in
	0)	echo "ok $n $name # time=$took" ;;
	4)	echo "ok $n $name # SKIP time=$took" ;;
	137)	echo "not ok $n $name # TIMEOUT ${secs}s" ;;
	*)	echo "not ok $n $name # exit=$rc time=$took" ;;
	esac
	drain
done <$list
# A debug kernel's leak detector only reports what a scan found, and only
# objects older than 5 s: wait, scan, and show the suspects.
# report.sh fails a debug lane unless the scan ran and lockdep was still on.
if [ -e /sys/kernel/debug/kmemleak ]; then
	sleep 6
	kmsg "kmemleak scan"
	if echo scan 2>/dev/null >/sys/kernel/debug/kmemleak; then
		echo "# kmemleak: scan ok"
		head -n 60 /sys/kernel/debug/kmemleak | sed 's/^/# kmemleak: /'
	else
		echo "# kmemleak: scan failed"
	fi
	echo "# lockdep: debug_locks $(awk '$1 == "debug_locks:" { print $2 }' /proc/lockdep_stats 2>/dev/null)"
fi
kmsg "done"
echo "# done"
off
