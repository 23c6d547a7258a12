#!/bin/bash
# make fuzz: private_mem_fuzz_test for SECONDS, with a fresh seed, on the
# debug kernel (lane dbg: KASAN, lockdep, UBSAN, kmemleak). make soak: the
# fuzzer and private_mem_stress_test at once, for SECONDS. Both end with the
# lane's verdict (the tests' and the kernel's reports), the operations per
# second, and the seed that replays the fuzzer's run.
# usage: fuzz.sh fuzz|soak TREE BUILDDIR SECONDS
set -euo pipefail
mode=${1:?fuzz or soak} tree=${2:?tree} b=${3:?build dir} secs=${4:?seconds}
here=$(dirname "$(realpath "$0")")
top=$(dirname "$here")
. "$here/lib.sh"
case $secs in ''|*[!0-9]*) die "fuzz.sh: seconds: $secs" ;; esac
obj=$b/obj-debug tests=$b/selftests res=$b/results/$mode
mkdir -p "$res"
step "build the debug kernel" "$res/kernel.log" "$here/build-kernel.sh" "$tree" "$obj" \
	"$top/configs/kvm.config" "$top/configs/series.config" "$top/configs/debug.config"
step "build the KVM selftests" "$res/selftests.log" "$here/build-selftests.sh" "$tree" "$obj" "$tests"

# The lane runs a test without arguments: a script runs it with them.
mkdir -p "$tests/$mode"
case $mode in
fuzz)
	name=private_mem_fuzz.sh
	cat >"$tests/$mode/$name" <<-EOF
	#!/bin/sh
	# kvmtest-needs: private_mem_fuzz_test
	exec ./private_mem_fuzz_test -t $secs
	EOF
	;;
soak)
	name=private_mem_soak.sh
	# The two outputs one after the other, behind "| ": interleaved, and as
	# two KTAP streams, they would read as neither.
	cat >"$tests/$mode/$name" <<-EOF
	#!/bin/sh
	# kvmtest-needs: private_mem_fuzz_test private_mem_stress_test
	./private_mem_stress_test -d $secs -v 2 >/tmp/stress.out 2>&1 &
	pid=\$!
	./private_mem_fuzz_test -t $secs >/tmp/fuzz.out 2>&1
	fuzz=\$?
	wait \$pid
	stress=\$?
	sed 's/^/| stress: /' /tmp/stress.out
	sed 's/^/| fuzz: /' /tmp/fuzz.out
	echo "private_mem_stress_test: exit \$stress; private_mem_fuzz_test: exit \$fuzz"
	[ \$stress = 0 ] && [ \$fuzz = 0 ]
	EOF
	;;
*)	die "fuzz.sh: $mode: fuzz or soak" ;;
esac
chmod +x "$tests/$mode/$name"
echo "$name $((secs + 300))" >"$res/list.dbg"
echo "== $mode: $secs s in lane dbg; the guest's output streams to $res/dbg/ktap.log" >&2
ok=1
"$here/run-lanes.sh" "$obj" "$tests" "$res" dbg || ok=0
"$here/report.sh" dbg "$res/dbg" "$res/list.dbg" | tee "$res/report" || ok=0
log=$(tr -d '\r' <"$res/dbg/ktap.log")
echo "--- $mode, $secs s:"
grep -oE 'seed [0-9]+ \(replay: [^)]*\)' <<<"$log" | sort -u
grep -oE '[0-9]+ operations in [0-9]+ s' <<<"$log" |
	awk '{ printf "fuzzer: %s operations in %s s, %.0f per second\n", $1, $4, $1 / ($4 ? $4 : 1) }'
grep -oE 'conversions: [0-9]+, [0-9]+/s' <<<"$log" | sed 's/^/stress test: /'
grep -E 'VIOLATION|never seen|^# not ok|^not ok' <<<"$log" | head -n 20 || true
echo "kernel reports: $(grep -c 'dmesg:' "$res/report" || true)"
[ $ok = 1 ] && grep -q '^dbg: [0-9]* passed, 0 failed, 0 skipped' "$res/report"
