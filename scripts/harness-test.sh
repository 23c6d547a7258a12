#!/bin/bash
# The harness's own tests, in seconds and with no boot: feed fakes to the real
# judging scripts and check each verdict. Every way evidence can go missing
# must fail its lane or phase, and a complete run must pass (else a judge that
# fails everything would pass these tests). Prints KTAP; exits 1 on failure.
# TREE, when given, is the kernel tree whose kunit.py parses the fake streams.
# usage: harness-test.sh [TREE]
set -uo pipefail
tree=${1:-}
here=$(dirname "$(realpath "$0")")
top=$(dirname "$here")
. "$here/lib.sh"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0 bad=0
tests=()

# check NAME EXPECT PATTERNS CMD...: CMD must exit as EXPECT says (pass: 0,
# fail: non-zero) and print, for each of the ';;'-separated PATTERNS (ERE), a
# line matching it.
check() {
	local name=$1 expect=$2 pat=$3 out rc=0 ok=1
	shift 3
	out=$("$@" 2>&1) || rc=$?
	case $expect in
	pass)	[ $rc = 0 ] || ok=0 ;;
	fail)	[ $rc != 0 ] || ok=0 ;;
	esac
	local p
	while read -r p; do
		grep -qE -- "$p" <<<"$out" || ok=0
	done < <(sed 's/;;/\n/g' <<<"$pat")
	n=$((n + 1))
	if [ $ok = 1 ]; then
		echo "ok $n $name"
	else
		bad=1
		echo "not ok $n $name"
		echo "# expected: $expect, output matching /$pat/; got exit $rc and:"
		sed 's/^/#   /' <<<"$out" | head -n 30
	fi
}

# A lane directory as a complete, clean run leaves it: two tests, the first
# with kselftest totals. debug=1 adds what the debug kernel's guest prints.
list=$t/list
printf 'alpha 60\nbeta 60\n' >"$list"
good_lane() { # good_lane DIR [debug]
	mkdir -p "$1"
	echo "run-42" >"$1/run-id"
	{
		echo "# run run-42"
		echo "# lane x on 6.1.0"
		echo "TAP version 13"
		echo "1..2"
		echo "# TAP version 13"
		echo "# 1..2"
		echo "# ok 1 alpha: first case"
		echo "# ok 2 alpha: second case"
		echo "# # Totals: pass:2 fail:0 xfail:0 xpass:0 skip:0 error:0"
		echo "ok 1 alpha # time=0.1s"
		echo "# some output"
		echo "ok 2 beta # time=0.2s"
		if [ -n "${2:-}" ]; then
			echo "# kmemleak: scan ok"
			echo "# lockdep: debug_locks 1"
		fi
		echo "# done"
	} >"$1/ktap.log"
	printf 'Linux version 6.1.0 (fake)\r\nkvmtest: start alpha\r\nkvmtest: end alpha rc=0\r\nkvmtest: start beta\r\nkvmtest: end beta rc=0\r\nkvmtest: done\r\n' \
		>"$1/console.log"
}
report() { "$here/report.sh" "$1" "$t/$2" "$list" "$t/skips"; }
: >"$t/skips"

good_lane "$t/good"
check "a complete, clean lane passes" pass '^npt1: 3 passed, 0 failed, 0 skipped$' report npt1 good
good_lane "$t/gooddbg" debug
check "a complete, clean debug lane passes" pass '^dbg: 3 passed, 0 failed' report dbg gooddbg

check "a missing lane directory fails" fail 'no lane directory' report npt1 nonexistent

good_lane "$t/trunc"
head -n 9 "$t/good/ktap.log" >"$t/trunc/ktap.log"
check "a truncated KTAP stream fails" fail 'ends early' report npt1 trunc
check "a truncated KTAP stream fails each missing result" fail 'no result for beta' report npt1 trunc

good_lane "$t/noresult"
sed -i '/^ok 2 beta/d' "$t/noresult/ktap.log"
check "a listed test without a result fails" fail 'no result for beta' report npt1 noresult

good_lane "$t/noktap"
rm "$t/noktap/ktap.log"
check "a lane without a KTAP stream fails" fail 'no KTAP stream' report npt1 noktap

good_lane "$t/nocons"
: >"$t/nocons/console.log"
check "a lane with an empty console fails" fail 'no console log' report npt1 nocons

good_lane "$t/nodone"
sed -i '/kvmtest: done/d' "$t/nodone/console.log"
check "a console without the guest's end marker fails" fail "no 'kvmtest: done'" report npt1 nodone

good_lane "$t/nobanner"
sed -i '/Linux version/d' "$t/nobanner/console.log"
check "a console without the kernel banner fails" fail 'no kernel banner' report npt1 nobanner

good_lane "$t/plan"
sed -i 's/^1\.\.2$/1..1/' "$t/plan/ktap.log"
check "a guest plan that differs from the lane's list fails" fail "plan is '1..1'" report npt1 plan

good_lane "$t/stale"
echo "run-43" >"$t/stale/run-id"
check "stale logs (another run's id) fail" fail 'stale logs' report npt1 stale
good_lane "$t/noid"
rm "$t/noid/run-id"
check "logs without a run id fail" fail 'no run id' report npt1 noid

good_lane "$t/skipcase"
sed -i 's/^# ok 2 alpha: second case$/# ok 2 # SKIP alpha: second case/; s/skip:0/skip:1/; s/pass:2/pass:1/' "$t/skipcase/ktap.log"
check "a case skipped inside a test fails" fail 'case skipped.*alpha: second case' report npt1 skipcase
echo "alpha npt1 | alpha: second case | a fake reason" >"$t/skips"
check "a case skipped inside a test passes where the allow-list names it" pass \
	'^npt1: 2 passed, 0 failed, 1 skipped$' report npt1 skipcase
check "the allow-list is per lane" fail 'case skipped' report npt0 skipcase
: >"$t/skips"

good_lane "$t/skipall"
sed -i 's/^ok 2 beta # time=0.2s$/ok 2 beta # SKIP time=0.2s/' "$t/skipall/ktap.log"
check "a test that skips as a whole fails" fail 'skipped as a whole' report npt1 skipall

good_lane "$t/exit0fail"
sed -i 's/fail:0/fail:1/' "$t/exit0fail/ktap.log"
check "a test that exits 0 with failures in its totals fails" fail 'exited 0, but 1 case' report npt1 exit0fail
good_lane "$t/exit0err"
sed -i 's/error:0/error:1/' "$t/exit0err/ktap.log"
check "a test that exits 0 with errors in its totals fails" fail 'exited 0, but 1 case' report npt1 exit0err

good_lane "$t/warn"
sed -i 's/^kvmtest: end beta/WARNING: CPU: 0 PID: 1 at arch\/x86\/kvm\/x86.c:1 foo\r\n&/' "$t/warn/console.log"
check "a kernel WARNING on the console fails the lane" fail 'during beta: WARNING' report npt1 warn

good_lane "$t/leakoff" debug
sed -i 's/^kvmtest: done/kmemleak: Kernel memory leak detector disabled\r\n&/' "$t/leakoff/console.log"
check "kmemleak switching itself off fails a debug lane" fail 'memory leak detector disabled' report dbg leakoff
good_lane "$t/noscan" debug
sed -i '/kmemleak: scan ok/d' "$t/noscan/ktap.log"
check "a debug lane whose leak scan did not run fails" fail 'kmemleak scan did not run' report dbg noscan
good_lane "$t/lockoff" debug
sed -i 's/debug_locks 1/debug_locks 0/' "$t/lockoff/ktap.log"
check "a debug lane whose lockdep turned off fails" fail 'lockdep was off' report dbg lockoff

good_lane "$t/harness"
echo "initramfs.sh exited with 1: no binary for test beta" >"$t/harness/harness"
check "a lane whose initramfs script failed fails" fail 'harness: initramfs.sh exited' report npt1 harness

good_lane "$t/qemukill"
sed -i '$d' "$t/qemukill/ktap.log"
echo "qemu exited with 137 (137: the 420s boot timeout)" >>"$t/qemukill/ktap.log"
check "a lane whose QEMU was killed is named a timeout" fail 'timeout: QEMU was killed' report npt1 qemukill

good_lane "$t/bochs"
echo "# bochs stopped before the guest was done: " >>"$t/bochs/ktap.log"
check "a lane that Bochs stopped early fails" fail 'Bochs ended the lane early' report ept1 bochs
good_lane "$t/panic"
echo "# bochs: guest panic during start beta: Kernel panic - not syncing: x" >>"$t/panic/ktap.log"
check "a lane whose guest panicked under Bochs is named a panic" fail 'panic: the guest kernel panicked' report ept1 panic

# The real boot and run scripts, with fake emulators first in PATH.
mkdir -p "$t/bin" "$t/obj/arch/x86/boot" "$t/obj/arch/x86/kvm" "$t/tests"
: >"$t/obj/arch/x86/boot/bzImage"
printf '#!/bin/sh\nexec sleep 30\n' >"$t/bin/qemu-system-x86_64"
chmod +x "$t/bin/qemu-system-x86_64"
mkdir -p "$t/qt"
echo "run-7" >"$t/qt/run-id"
qemu_timeout() {
	PATH=$t/bin:$PATH "$here/boot.sh" "$t/obj/arch/x86/boot/bzImage" /dev/null npt1 "$t/qt" 2 ||
		{ echo "boot.sh exited with $?"; "$here/report.sh" npt1 "$t/qt" "$list" "$t/skips"; }
}
check "a QEMU timeout fails boot.sh and is named a timeout" fail 'boot.sh exited with 137;;timeout: QEMU was killed' \
	qemu_timeout

# A lane whose test binary is missing: run-lanes.sh must clear the lane's old
# (green) logs, fail, and leave a lane that its judge fails.
missing_binary() {
	mkdir -p "$t/res"
	good_lane "$t/res/npt1"
	cp "$list" "$t/res/list.npt1"
	"$here/run-lanes.sh" "$t/obj" "$t/tests" "$t/res" npt1 && return 0
	echo "run-lanes.sh exited with $?"
	"$here/report.sh" npt1 "$t/res/npt1" "$t/res/list.npt1" "$t/skips"
}
check "a lane whose test binary is missing fails, on fresh logs" fail \
	'run-lanes.sh exited with 1;;harness: initramfs.sh exited with 1: no binary for test alpha;;no KTAP stream' missing_binary

# Bochs cannot stop at a panic: boot-bochs.sh must end the lane at once.
cat >"$t/bin/bochs" <<'FAKE'
#!/bin/bash
con=$(sed -n 's/^com1: .*dev=//p' bochsrc)
printf 'Linux version 6.1.0 (fake)\r\nKernel panic - not syncing: fake\r\n' >>"$con"
trap 'exit 0' INT
sleep 300 & wait
FAKE
chmod +x "$t/bin/bochs"
bochs_panic() {
	local s=$SECONDS
	mkdir -p "$t/bp"
	echo "run-8" >"$t/bp/run-id"
	PATH=$t/bin:$PATH "$here/boot-bochs.sh" "$t/obj/arch/x86/boot/bzImage" /dev/null ept1 "$t/bp" "$list" &&
		return 0
	echo "boot-bochs.sh exited after $((SECONDS - s))s"
	"$here/report.sh" ept1 "$t/bp" "$list" "$t/skips"
}
check "a guest panic under Bochs ends the lane at once, named a panic" fail \
	'boot-bochs.sh exited after [0-9]s;;panic: the guest kernel panicked' bochs_panic

# The bisect: a run that dies partway fails every prefix it did not reach.
check "a bisect that dies partway fails the prefixes it did not reach" fail \
	'not ok - bisect 3: not reached' \
	"$here/plan.sh" bisect sh -c 'echo 1..3; echo "ok 1 prefix 1 builds"; echo "ok 2 prefix 2 builds"; exit 1'
check "a bisect's non-zero exit fails it" fail 'not ok - bisect: exited with 2' \
	"$here/plan.sh" bisect sh -c 'echo 1..1; echo "ok 1 prefix 1 builds"; exit 2'
check "a bisect with no plan fails" fail 'no plan' "$here/plan.sh" bisect sh -c 'echo "ok 1 x"'
check "a complete bisect passes" pass '^ok - prefix 2 builds$' \
	"$here/plan.sh" bisect sh -c 'echo 1..2; echo "ok 1 prefix 1 builds"; echo "ok 2 prefix 2 builds"'

# The kernel-warning gate.
printf 'CC foo.o\nWARNING: modpost: vmlinux.o: section mismatch in reference\n' >"$t/build.log"
check "modpost's WARNING lines count as build warnings" pass 'section mismatch' build_warnings "$t/build.log"

# Summaries: a missing one is not a zero.
check "a missing summary is not read as zeros" fail '^$' read_summary "$t/nonexistent"

# The allow-list in use: the fault-race cases and the 2 MiB shared-mapping
# check never skip in the lanes that can run them.
allowlist() {
	awk -F' *[|] *' '!/^[[:space:]]*(#|$)/ { split($1, tl, " "); print tl[2], $2 }' "$top/tests/skips.txt" |
		awk '($1 == "all" || $1 ~ /(^|,)(npt1|ept1|dbg)(,|$)/) && /private_fault_pause|2 MiB shared/' |
		grep . && return 1
	echo "none allowed"
}
check "tests/skips.txt lets no fault-race or 2 MiB case skip in npt1, ept1 or dbg" pass 'none allowed' allowlist

# What KernelCI reads: kunit.py must parse a complete stream and reject a
# truncated one.
if [ -n "$tree" ]; then
	tr -d '\r' <"$t/good/ktap.log" >"$t/good.ktap"
	tr -d '\r' <"$t/trunc/ktap.log" >"$t/trunc.ktap"
	# Relative to here, as make check names it.
	check "kunit.py parses a complete lane's KTAP" pass 'kunit.py parse: 2 tests, as planned' \
		"$here/ktap-parse.sh" "$tree" "$(realpath --relative-to=. "$t/good.ktap")"
	check "kunit.py rejects a truncated lane's KTAP" fail 'ERROR|CRASHED|of a plan' \
		"$here/ktap-parse.sh" "$tree" "$t/trunc.ktap"
fi

# The KUnit suites that ran while a lane's kernel booted: kunit-parse.sh
# finds their KTAP among the console's printk lines, and kunit.py must find
# every listed suite passed.
kunit_console() { # kunit_console OUT [fail|crash]: a boot log with two suites
	{
		echo "[    0.900000] Linux version 6.1.0"
		echo "[    1.000000] KTAP version 1"
		echo "[    1.000001] 1..2"
		echo "[    1.000002]     KTAP version 1"
		echo "[    1.000003]     # Subtest: kvm_alpha"
		echo "[    1.000004]     1..2"
		echo "[    1.000005]     ok 1 first"
		if [ "${2:-}" = fail ]; then
			echo "[    1.000006]     # second: EXPECTATION FAILED at x.c:1"
			echo "[    1.000007]     not ok 2 second"
			echo "[    1.000008] not ok 1 kvm_alpha"
		else
			echo "[    1.000007]     ok 2 second"
			echo "[    1.000008] ok 1 kvm_alpha"
		fi
		echo "[    1.000009]     KTAP version 1"
		echo "[    1.000010]     # Subtest: kvm_beta"
		echo "[    1.000011]     1..1"
		[ "${2:-}" = crash ] && return
		echo "[    1.000012]     ok 1 only"
		echo "[    1.000013] ok 2 kvm_beta"
		echo "[    1.500000] Run /init as init process"
		echo "[    2.000000] kvmtest: start alpha"
	} >"$1"
}
if [ -n "$tree" ]; then
	printf 'kvm_alpha\nkvm_beta\n' >"$t/suites"
	printf 'kvm_alpha\nkvm_beta\nkvm_gamma\n' >"$t/suites3"
	kunit_console "$t/kunit-good.log"
	kunit_console "$t/kunit-fail.log" fail
	kunit_console "$t/kunit-crash.log" crash
	check "kunit-parse.sh passes a boot log whose suites all passed" pass 'kunit: 3 cases in 2 suites passed' \
		"$here/kunit-parse.sh" "$tree" "$t/kunit-good.log" "$t/suites"
	check "kunit-parse.sh fails a boot log where a KUnit case failed" fail 'FAILED.*second' \
		"$here/kunit-parse.sh" "$tree" "$t/kunit-fail.log" "$t/suites"
	check "kunit-parse.sh fails a boot log that ends inside a suite" fail 'kvm_beta' \
		"$here/kunit-parse.sh" "$tree" "$t/kunit-crash.log" "$t/suites"
	check "kunit-parse.sh fails a boot log without a listed suite" fail 'did not pass: kvm_gamma' \
		"$here/kunit-parse.sh" "$tree" "$t/kunit-good.log" "$t/suites3"
	check "kunit-parse.sh fails a boot log without KUnit output" fail 'no KUnit output' \
		"$here/kunit-parse.sh" "$tree" "$t/good/console.log" "$t/suites"
fi

# The documentation gate: docs.sh builds the base's text (git archive of the
# tag base) and the series' (the working tree) with `make htmldocs`; a fake
# tree's Makefile prints the warnings its Documentation/warnings lists, with
# its own path, and writes Documentation/api as api.html.
fake_docs_tree() { # fake_docs_tree DIR
	mkdir -p "$1/arch/x86" "$1/Documentation" "$1/scripts" "$1/include"
	printf 'htmldocs:\n\tmkdir -p $(O)/Documentation/output/virt/kvm\n\tsed "s|@T@|$(CURDIR)|" Documentation/warnings\n\tcp Documentation/api $(O)/Documentation/output/virt/kvm/api.html\n' >"$1/Makefile"
	touch "$1/arch/x86/Makefile" "$1/arch/x86/Makefile_32.cpu" "$1/scripts/x" "$1/include/x"
	echo '@T@/Documentation/virt/kvm/api.rst:10: WARNING: Title underline too short.' >"$1/Documentation/warnings"
	echo '<p>KVM_EXIT_HYPERCALL</p>' >"$1/Documentation/api"
	git -C "$1" init -q && git -C "$1" add -A &&
		git -C "$1" -c user.name=t -c user.email=t@t commit -qm base && git -C "$1" tag base
	echo '<p>KVM_EXIT_MEMORY_FAULT</p>' >"$1/Documentation/api"
}
fake_docs_tree "$t/docs-tree"
sed -i 's/:10:/:12:/' "$t/docs-tree/Documentation/warnings"
check "docs.sh passes the base's warnings, moved to other lines" pass '^ok - .*0 new, 1 in the base' \
	"$here/plan.sh" docs "$here/docs.sh" "$t/docs-tree" "$t/docs-out"
echo '@T@/Documentation/virt/kvm/api.rst:99: WARNING: Inline literal start-string without end-string.' \
	>>"$t/docs-tree/Documentation/warnings"
check "docs.sh fails a warning that the base does not have" fail 'new: .*Inline literal' \
	"$here/plan.sh" docs "$here/docs.sh" "$t/docs-tree" "$t/docs-out"
sed -i '$d' "$t/docs-tree/Documentation/warnings"
echo '<p>KVM_EXIT_HYPERCALL</p>' >"$t/docs-tree/Documentation/api"
check "docs.sh fails a build without the series' text" fail "no KVM_EXIT_MEMORY_FAULT in the series' api.html" \
	"$here/plan.sh" docs "$here/docs.sh" "$t/docs-tree" "$t/docs-out"

# make bench's report (bench-report.sh): medians of odd and even sample
# counts, ratios against the base and upstream, cells a kernel skipped. No
# plots are checked here, only that drawing them does not fail.
mkdir -p "$t/bench"
printf '# # kvm_bench (series build)\n# BENCH,faultin_default,4k,16,1,1,0,%s,%s,-1\n' 0 300 1 100 2 200 >"$t/bench/base"
printf '# BENCH,faultin_default,4k,16,1,1,0,%s,%s,-1\n' 0 101 1 303 2 202 >"$t/bench/series"
printf '# BENCH,attr_private,gmem,4096,1,0,0,%s,%s,%s\n' 0 10 0 1 40 256 2 30 256 3 20 512 >>"$t/bench/series"
echo '# BENCH,mem_private,gmem,4096,1,0,0,0,10,528' >>"$t/bench/series"
printf '# BENCHSKIP,attr_private,none,1099511627776,1,upstream stores an entry per page\n' >"$t/bench/upstream"
printf '# BENCH,attr_private,gmem,4096,1,0,0,%s,%s,%s\n' 0 5 4096 1 10 4096 >>"$t/bench/upstream"
check "bench-report.sh: medians, spreads, ratios and skips" pass \
	'^mem_private +gmem +4K +1 +0 +0 +- +10 \( +0%\) +- +- +- +528 +-;;^faultin_default +4k +16 +1 +1 +0 +200 \( +100%\) +202 \( +100%\) +- +1\.010 +-;;^attr_private +gmem +4K +1 +0 +0 +- +25 \( +120%\) +7 \( +71%\) +- +3\.571 +256 +4096;;^upstream,attr_private,none,1099511627776,1,upstream stores' \
	"$here/bench-report.sh" "$t/bench" "$t/bench/base" "$t/bench/series" "$t/bench/upstream"

echo "1..$n"
exit $bad
