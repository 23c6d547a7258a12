#!/bin/bash
# Boot KERNEL with INITRD under Bochs on an emulated Intel CPU with VMX (EPT,
# VPID, unrestricted guest), running the test lane LANE: QEMU TCG has no VMX.
# Writes what boot.sh writes: the guest console (ttyS0) to OUTDIR/console.log
# and the KTAP stream (ttyS1) to OUTDIR/ktap.log, and Bochs's own log to
# OUTDIR/bochs.log. LIST holds the lane's 'name timeout' lines.
#
# The CPU is broadwell_ult: the newest Bochs model with VMX and EPT that does
# not declare a TSC frequency in CPUID leaves 0x15/0x16. Linux trusts those
# leaves, but Bochs's TSC ticks once per instruction, so on the later models
# (corei7_skylake_x: "3500 MHz") the guest's clock runs ~50x slower than the
# host's and a guest timeout of 60 s lasts most of an hour. Without them,
# Linux calibrates the TSC against the PIT and measures IPS ticks a second.
# With 'clock: sync=none', guest time is the instruction count over IPS: a run
# does not depend on the host's load, and a guest-side timeout is a budget of
# instructions. IPS is about what Bochs executes a second on a CI core, so a
# guest second is about a host second.
#
# Bochs 2.7 does not exit to the L1 kernel on an external interrupt while an
# L2 guest runs with RFLAGS.IF=0 (VM entry evaluates the interrupt mask before
# it enters guest mode), and selftest guests run with IF=0: a guest that
# spins without exiting starves the L1 kernel, its timers and the guest-side
# timeout. So the host watches: guest-init.sh writes "kvmtest: alive" to the
# console every 10 s, and a test during which the console stays silent for
# STALL_S seconds, or which runs longer than SLOW x its timeout + 60 s, is
# killed and reported as a timeout; the guest then boots again to run the
# tests after it.
# usage: boot-bochs.sh KERNEL INITRD LANE OUTDIR LIST
set -euo pipefail
kernel=${1:?kernel} initrd=${2:?initrd} lane=${3:?lane} out=${4:?outdir} list=${5:?list}
here=$(dirname "$(realpath "$0")")
IPS=50000000 SLOW=3 STALL_S=60 BOOT_S=120
mkdir -p "$out/boot"
out=$(realpath "$out") run=$(realpath "$out/boot")
rm -f "$out"/{console,ktap,bochs}.log "$out/timeline"

# Debian's Bochs has no 'nogui' display: 'term' draws the VGA text screen on
# a terminal, which script(1) provides. Its built-in debugger takes commands
# from bochs.rc: continue, and quit should the simulation ever stop.
cat >"$run/bochsrc" <<EOF
cpu: model=broadwell_ult, count=1, ips=$IPS, reset_on_triple_fault=0
clock: sync=none, time0=utc
memory: guest=2048, host=2048
romimage: file=/usr/share/bochs/BIOS-bochs-latest, options=fastboot
vgaromimage: file=/usr/share/vgabios/vgabios.bin
pci: enabled=1, chipset=i440fx
ata0-master: type=cdrom, path=$run/boot.iso, status=inserted
ata1: enabled=0
boot: cdrom
com1: enabled=1, mode=file, dev=$run/console.log
com2: enabled=1, mode=file, dev=$run/ktap.log
display_library: term
log: $run/bochs.log
panic: action=fatal
error: action=report, cpu0=ignore
info: action=report
debug: action=ignore
EOF
printf 'c\nq\n' >"$run/bochs.rc"
# 'cpu0=ignore': the CPU reports each EPT violation exit and each read of an
# MSR it lacks (APERF/MPERF, at every tick) as an error, gigabytes in a lane.

# bound NAME: the host seconds test NAME may take
bound() { awk -v t="$1" -v s="$SLOW" '$1 == t { print s * $2 + 60; exit }' "$list"; }
total=$(awk -v s="$SLOW" -v b="$BOOT_S" '{ n += s * $2 + 60 } END { print n + b }' "$list")

# Stop Bochs through its debugger, which then runs bochs.rc's 'q': quitting,
# Bochs logs where the CPU was. Kill it if it does not quit.
stop() {
	local pid i
	pid=$(cat "$run/bochs.pid")
	kill -INT "$pid" 2>/dev/null || return 0
	for i in $(seq 20); do
		sleep 1
		kill -0 "$pid" 2>/dev/null || return 0
	done
	kill -KILL "$pid" 2>/dev/null || true
}

# where: the CPU's mode and rip when stop() made Bochs quit, and the kernel
# symbol (System.map is sorted, its addresses 16 hex digits like Bochs's).
where() {
	local dump mode rip sym=
	dump=$(sed -n '/Ctrl-C detected/,$p' "$run/bochs.log")
	mode=$(echo "$dump" | grep -a -o 'CPU is in .*' | tail -n1)
	rip=$(echo "$dump" | grep -a -o 'RIP=[0-9a-f]*' | tail -n1 | cut -d= -f2)
	[ -n "$rip" ] || return 0
	case $rip in ffffffff*)
		sym=$(awk -v r="$rip" '$1 <= r { s = $3 } END { print s }' \
			"$(dirname "$kernel")/../../../System.map" 2>/dev/null)
	esac
	echo "${mode#CPU is in }, at rip $rip $sym"
}

# boot SKIP: run the lane's tests after the first SKIP (hb=1: the guest says
# every 10 s that it is alive, for the watch below); sets 'why' if killed
# and 'cur' to the guest's last 'kvmtest: ...' marker.
boot() {
	rm -f "$run"/{console,ktap,bochs,term}.log "$run/bochs.pid"
	"$here/iso.sh" "$kernel" "$initrd" \
		"console=ttyS0 panic=-1 lane=$lane run=$(cat "$out/run-id" 2>/dev/null) skip=$1 hb=1" \
		"$run/boot.iso"
	: >"$run/console.log"
	(cd "$run" && TERM=xterm exec script -qfec \
		'echo $$ >bochs.pid; exec bochs -q -f bochsrc -rc bochs.rc' /dev/null) \
		</dev/null >"$run/term.log" 2>&1 &
	local spid=$! since=$SECONDS size=0 grew=$SECONDS last b
	cur= why= panic=
	while kill -0 $spid 2>/dev/null; do
		sleep 2
		if [ $((SECONDS - t0)) -gt "$total" ]; then
			why="the lane took more than ${total}s"
			break
		fi
		# (Complete lines only: the console ends each with \r\n.)
		last=$({ grep -a $'kvmtest: \\(start\\|end\\|done\\).*\r$' "$run/console.log" || true; } |
			tail -n1 | tr -d '\r' | sed 's/.*kvmtest: //')
		if [ "$last" != "$cur" ]; then
			cur=$last since=$SECONDS
			echo "$((SECONDS - t0))s $cur" >>"$out/timeline"
		fi
		# Bochs cannot stop at a panic (QEMU's -no-reboot): the guest would
		# boot again into the same tests. End the lane at once instead.
		panic=$(grep -a -m1 'Kernel panic - not syncing' "$run/console.log" | tr -d '\r' || true)
		if [ -n "$panic" ]; then
			why="the guest kernel panicked"
			break
		fi
		[ "$(stat -c %s "$run/console.log")" = "$size" ] ||
			{ size=$(stat -c %s "$run/console.log") grew=$SECONDS; }
		case $cur in "start "*)
			b=$(bound "${cur#start }")
			if [ -n "$b" ] && [ $((SECONDS - since)) -gt "$b" ]; then
				why="${cur#start } took more than ${b}s"
			elif [ $((SECONDS - grew)) -gt $STALL_S ] && [ $((SECONDS - since)) -gt $STALL_S ]; then
				why="the guest was silent for ${STALL_S}s during ${cur#start }"
			fi
		esac
		[ -z "$why" ] || break
	done
	[ -z "$why" ] || stop
	wait $spid 2>/dev/null || true
	cat "$run/bochs.log" >>"$out/bochs.log" 2>/dev/null || true
	cat "$run/console.log" >>"$out/console.log"
	cat "$run/ktap.log" >>"$out/ktap.log" 2>/dev/null || true
	# A kill can leave a line unfinished.
	[ -z "$(tail -c1 "$out/ktap.log")" ] || echo >>"$out/ktap.log"
}

t0=$SECONDS skip=0 rc=0
while :; do
	boot $skip
	if [ -n "$panic" ]; then
		echo "# bochs: guest panic during ${cur:-boot}: $panic" >>"$out/ktap.log"
		rc=1
		break
	fi
	n=$(grep -ac 'kvmtest: start ' "$run/console.log" || true)
	n=$((skip + n))
	if [ -z "$why" ]; then
		grep -q '^# done' "$out/ktap.log" || {
			echo "# bochs stopped before the guest was done: $(grep -a 'PANIC' "$run/bochs.log" | tail -n1)" >>"$out/ktap.log"
			rc=1
		}
		break
	fi
	case $cur in
	"start "*)
		echo "not ok $n ${cur#start } # TIMEOUT host: $why" >>"$out/ktap.log"
		w=$(where)
		[ -z "$w" ] || echo "# bochs stopped with the CPU in $w" >>"$out/ktap.log"
		[ $n -lt "$(grep -c . "$list")" ] || break
		[ $((SECONDS - t0)) -le "$total" ] || break
		echo "# booting again for the tests after ${cur#start }" >>"$out/ktap.log"
		skip=$n ;;
	*)	echo "# bochs killed: $why" >>"$out/ktap.log"
		rc=1
		break ;;
	esac
done
rm -f "$run/boot.iso"
exit $rc
