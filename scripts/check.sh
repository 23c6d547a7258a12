#!/bin/bash
# The full suite: series gates (apply, checkpatch, each prefix builds, full
# build without warnings), then the selftests in every lane: npt* under QEMU
# (AMD SVM), ept* under Bochs (Intel VMX), dbg under QEMU on a second,
# debug kernel (KASAN, lockdep, UBSAN, kmemleak...). Prints each phase's time
# and ends with 'N passed, N failed, N skipped'.
# usage: check.sh TREE PATCHDIR BUILDDIR "LANES"
set -uo pipefail
tree=${1:?tree} patches=${2:?patch dir} b=${3:?build dir} lanes=${4:?lanes}
here=$(dirname "$(realpath "$0")")
top=$(dirname "$here")
. "$here/lib.sh"
obj=$b/obj tests=$b/selftests res=$b/results
mkdir -p "$res"
pass=0 fail=0 skip=0
t_all=$(date +%s)

phase() { # phase NAME: time the next call
	echo "== $1" >&2
	t0=$(date +%s)
}
phase_end() { echo "== $1 took $(( $(date +%s) - t0 ))s" >&2; echo "$1 $(( $(date +%s) - t0 ))" >>"$res/phases"; }
require() { # require OK DESCRIPTION: a precondition of the cases, not a case
	[ "$1" = 1 ] || gate 0 "$2"
}
gates() { # gates [SUFFIX]: plan.sh's lines on stdin, each a gate (SUFFIX on failures)
	local line
	while read -r line; do
		case $line in
		"ok - "*)	gate 1 "${line#ok - }" ;;
		"not ok - "*)	gate 0 "${line#not ok - }${1:-}" ;;
		esac
	done
}
gate() { # gate OK DESCRIPTION [N]: passed, a gate stands for N cases (1)
	if [ "$1" = 1 ]; then pass=$((pass + ${3:-1})); echo "ok - $2"; else fail=$((fail + 1)); echo "not ok - $2"; fi
}
finish() {
	[ -z "$dpid" ] || ! kill -0 "$dpid" 2>/dev/null || kill -- -"$dpid" 2>/dev/null || true
	echo "== total $(( $(date +%s) - t_all ))s"
	# What the lanes' tests did, from their KTAP: private_mem_stress_test
	# and private_mem_conversions_test count conversions and checked pages.
	cat "$res"/*/ktap.clean 2>/dev/null | awk -v cases=$((pass + fail + skip)) -v reports="$(cat "$res"/*/reports 2>/dev/null | grep -c .)" '
		/^# # conversions: [0-9]+/ { conv += $4 }
		/^# # vCPU [0-9]+: .*: [0-9]+ conversion exits$/ { conv += $(NF - 2) }
		/^# # pages verified by [a-zA-Z ]+: [0-9]+$/ { pages += $NF }
		END { printf "summary: %d cases, %d conversions, %d pages verified, %d kernel reports\n",
		      cases, conv, pages, reports }'
	echo "$pass passed, $fail failed, $skip skipped"
	[ $fail -eq 0 ]
	exit
}
: >"$res/phases"
echo "base: linux-source-6.1 $(dpkg-query -W -f='${Version}' linux-source-6.1) (pinned $(cat "$top/BASE_VERSION"))"

phase tree
ok=1; "$here/tree.sh" "$tree" "$patches" || ok=0
gate $ok "the series applies to the base in order"
phase_end tree
[ $ok = 1 ] || finish

# The harness's own tests (seconds, no boot): every verdict below rests on
# its judges. Each is a case; the log has what a failing one printed.
phase harness
gates " (log: $res/harness-test.log)" < <("$here/plan.sh" harness-test \
	"$here/harness-test.sh" "$tree" 2>&1 | tee "$res/harness-test.log" | sed 's/^\(\(not \)\?ok - \)/\1harness: /')
phase_end harness

# The debug kernel builds at the lowest priority from here on: it takes the
# CPU time that checkpatch, the serial steps of the builds and the bisect,
# and the lanes' one-vCPU tests leave idle, and little of theirs. It is the
# longest job of a cold run, so it starts first. Lane dbg waits for it.
dpid=
case " $lanes " in *" dbg "*)
	t_dbg=$(date +%s)
	# Its own process group, so that an early finish can stop it.
	setsid nice -n 19 "$here/build-kernel.sh" "$tree" "$b/obj-debug" "$top/configs/kvm.config" \
		"$top/configs/series.config" "$top/configs/debug.config" >"$res/kernel-debug.log" 2>&1 &
	dpid=$!
esac

phase checkpatch
ok=1; "$here/checkpatch.sh" "$tree" "$patches" || ok=0
gate $ok "checkpatch --strict: no unjustified report"
phase_end checkpatch

phase kernel
ok=1; "$here/build-kernel.sh" "$tree" "$obj" "$top/configs/kvm.config" "$top/configs/series.config" >"$res/kernel.log" 2>&1 || ok=0
gate $ok "the kernel builds (log: $res/kernel.log)"
w=$(build_warnings "$res/kernel.log" | grep -c . || true)
gate $([ "$w" = 0 ] && echo 1 || echo 0) "the kernel builds without warnings, compiler's or modpost's ($w)"
[ "$w" = 0 ] || build_warnings "$res/kernel.log" | head -n 20 | sed 's/^/  /'
phase_end kernel
[ $ok = 1 ] || finish

phase selftests
ok=1; "$here/build-selftests.sh" "$tree" "$obj" "$tests" >"$res/selftests.log" 2>&1 || ok=0
gate $ok "the KVM selftests build (log: $res/selftests.log)"
selftest_warnings "$res/selftests.log" >"$res/selftests.warnings"
new=$(grep -vxF -f "$top/tests/selftests-warnings.txt" "$res/selftests.warnings" || true)
[ -z "$new" ] || echo "$new" | sed 's/^/  new warning: /'
gate $([ -z "$new" ] && echo 1 || echo 0) "the KVM selftests build without new warnings"
ok=1; "$here/build-demo.sh" "$tree" "$obj" "$tests" >"$res/demo-build.log" 2>&1 || ok=0
gate $ok "the demo VMM builds (log: $res/demo-build.log)"
phase_end selftests
[ $ok = 1 ] || finish

# The lane kernel as Debian packages (make deb), and the demo VMM compiled
# against the uapi headers of the linux-libc-dev package, unpacked: lane npt1
# runs that binary, conversion_demo_deb.
phase deb
ok=1; "$here/build-deb.sh" "$tree" "$obj" "$b/deb" lane >"$res/deb.log" 2>&1 || ok=0
gate $ok "make deb: bindeb-pkg packages the lane kernel as linux-image, linux-headers and linux-libc-dev (log: $res/deb.log)"
ok=1
rm -rf "$b/deb/root"
mkdir -p "$b/deb/root"
dpkg-deb -x "$(ls "$b"/deb/linux-libc-dev_*.deb 2>/dev/null | head -n1)" "$b/deb/root" 2>>"$res/deb.log" &&
	"$here/build-demo.sh" "$tree" "$obj" "$tests" "$b/deb/root" >"$res/demo-deb-build.log" 2>&1 || ok=0
gate $ok "the demo VMM compiles against the linux-libc-dev package's /usr/include/linux/kvm.h (log: $res/demo-deb-build.log)"
phase_end deb

# What distros build: KVM under Debian's own configuration, and the
# documentation under the kernel's Sphinx setup.
phase distro
gates < <("$here/plan.sh" distro "$here/build-distro.sh" "$tree" "$b/distro" \
	/usr/src/linux-config-6.1/config.amd64_none_amd64.xz "$res")
gates < <("$here/plan.sh" docs "$here/docs.sh" "$tree" "$b/docs")
phase_end distro

# plan.sh holds the bisect to its plan: a prefix it never reached fails.
phase bisect
gates < <("$here/plan.sh" bisect "$here/bisect.sh" "$tree" "$obj/.config" "$b/bisect")
phase_end bisect

phase lanes
for lane in $lanes; do
	# Where a lane's gate has a fast part (the VMX lanes: Bochs is slow),
	# only that runs here; `make check-vmx` runs the whole gate.
	gate=$top/tests/gate.$lane.txt
	[ ! -e "$top/tests/gate.$lane.fast.txt" ] || gate=$top/tests/gate.$lane.fast.txt
	if [ "$lane" = dbg ]; then
		dbg_gate "$top" "$res/gate.dbg"
		gate=$res/gate.dbg
	fi
	"$here/lane-list.sh" "$lane" "$top/tests/series.txt" "$gate" >"$res/list.$lane"
done
qemu_lanes= bochs_lanes= dbg=
for lane in $lanes; do
	if is_bochs_lane "$lane"; then
		bochs_lanes="$bochs_lanes $lane"
	elif is_debug_lane "$lane"; then
		dbg="$dbg $lane"
	else
		qemu_lanes="$qemu_lanes $lane"
	fi
done
# Bochs keeps one host core busy; most selftests keep one of QEMU's two
# vCPUs busy, so the VMX lanes run beside the SVM ones, not after them.
# Bochs's guest time counts instructions ('clock: sync=none'), so sharing
# the host changes no guest-side timing there.
# A lane whose path failed (run-lanes.sh's status) is failed by its
# report too (LANE/harness); the gate says which run did it.
bpid=
if [ -n "$bochs_lanes" ]; then
	"$here/run-lanes.sh" "$obj" "$tests" "$res" "$bochs_lanes" 2>"$res/bochs-lanes.log" &
	bpid=$!
fi
if [ -n "$qemu_lanes" ]; then
	ok=1; "$here/run-lanes.sh" "$obj" "$tests" "$res" "$qemu_lanes" || ok=0
	require $ok "every script on the path of lanes$qemu_lanes succeeded"
fi
if [ -n "$dbg" ]; then
	t_wait=$(date +%s)
	ok=1; wait "$dpid" || ok=0
	dpid=
	gate $ok "the debug kernel builds (log: $res/kernel-debug.log)"
	echo "== debug kernel took $(( $(date +%s) - t_dbg ))s beside the rest, $(( $(date +%s) - t_wait ))s of it waited for" >&2
	echo "debug-kernel-wait $(( $(date +%s) - t_wait ))" >>"$res/phases"
	# Without its kernel the lane has no evidence: its report fails it.
	for lane in $dbg; do rm -rf "${res:?}/$lane"; done
	if [ $ok = 1 ]; then
		ok=1; "$here/run-lanes.sh" "$b/obj-debug" "$tests" "$res" "$dbg" || ok=0
		require $ok "every script on the path of lanes$dbg succeeded"
	fi
fi
if [ -n "$bpid" ]; then
	ok=1; wait "$bpid" || ok=0
	cat "$res/bochs-lanes.log" >&2
	require $ok "every script on the path of lanes$bochs_lanes succeeded"
fi
for lane in $lanes; do
	judge_lane "$lane" "$res"
	if [ -s "$res/$lane/ktap.clean" ]; then
		ok=1; "$here/ktap-parse.sh" "$tree" "$res/$lane/ktap.clean" >"$res/kunit.$lane" 2>&1 || ok=0
		gate $ok "lane $lane: the KTAP stream parses cleanly with kunit.py ($(head -n1 "$res/kunit.$lane"))"
		[ $ok = 1 ] || tail -n +2 "$res/kunit.$lane"
	fi
	# The KUnit suites ran while the lane's kernel booted; each case counts.
	ok=1; "$here/kunit-parse.sh" "$tree" "$res/$lane/console.log" "$top/tests/kunit.txt" \
		>"$res/kunit-suites.$lane" 2>&1 || ok=0
	gate $ok "lane $lane: the KVM KUnit suites pass (kunit.py parse of the boot log: $(head -n1 "$res/kunit-suites.$lane"))" \
		"$(sed -n 's/^kunit: \([0-9]*\) cases.*/\1/p' "$res/kunit-suites.$lane")"
	[ $ok = 1 ] || tail -n +2 "$res/kunit-suites.$lane"
	echo "== lane $lane: logs in $res/$lane (console.log, ktap.log)" >&2
done
phase_end lanes

finish
