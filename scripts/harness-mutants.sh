#!/bin/bash
# Prove that the harness's self-tests have teeth: revert each of the judging
# rules in turn, in a copy of scripts/, and require harness-test.sh to fail
# on the copy. Prints KTAP, one result per rule; exits 1 when a reverted rule
# went unnoticed.
# usage: harness-mutants.sh [TREE]
set -uo pipefail
tree=${1:-}
here=$(dirname "$(realpath "$0")")
top=$(dirname "$here")
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
# rule | file | sed expression that reverts it
mutants=$(cat <<'LIST'
a missing lane directory fails|report.sh|s/verdict 0 1 0/verdict 0 0 0/
the KTAP stream must end with the guest's end marker|report.sh|s/echo "  the KTAP stream ends early/true "/
the console must end with kvmtest: done|report.sh|s/echo "  the console ends early/true "/
logs must carry this run's id|report.sh|s/echo "  stale logs/true "/
the guest's plan must match the lane's list|report.sh|s/echo "  the guest's plan is/true "/
a skipped case needs an allow-list entry|report.sh|s/else { tf++; print "  " lane ": " name ": case skipped/else { print "  " lane ": " name ": case skipped/
failures in an exit-0 test's totals count|report.sh|s/tf = totals ? tot\["fail"\] + tot\["error"\] : 0/tf = 0/
a test that skips as a whole fails|report.sh|s/fail++; res\[name\] = "skip"/res[name] = "skip"/
a listed test without a result fails|report.sh|s/if (!seen\[order\[i\]\]) { fail++;/if (!seen[order[i]]) {/
a failed script on the lane's path fails it|report.sh|s/\[ ! -s "\$out\/harness" \] || sed/true || sed/
kmemleak switching itself off is a report|report.sh|s/kmemleak: Kernel memory leak detector disabled|kmemleak: .\*disabl|//
the leak scan must have run|report.sh|s/echo "  the kmemleak scan did not run"/true/
lockdep must still be on|report.sh|s/echo "  lockdep was off at the end of the run"/true/
QEMU's kill at the time bound fails boot.sh|boot.sh|s/^\texit \$rc$/\texit 0/
run-lanes.sh clears a lane's old logs|run-lanes.sh|s/rm -rf "\${res:?}\/\$lane"/true/
run-lanes.sh records a failed initramfs|run-lanes.sh|s/echo "\$why" >>"\$res\/\$1\/harness"/true/
Bochs ends the lane at a guest panic|boot-bochs.sh|s/why="the guest kernel panicked"/panic=/
a bisect that stops early fails what it did not reach|plan.sh|s/print "not ok - " name " " k ": not reached"; bad = 1/print "ok - skipped"/
a bisect's non-zero exit fails it|plan.sh|s/if (rc != 0) {/if (0) {/
modpost's WARNING lines are build warnings|lib.sh|s/ warning: |^WARNING: / warning: /
a missing summary is not zeros|lib.sh|s/\[ -n "\$s" \] || return 1/[ -n "$s" ] || s="0 0 0"/
kunit.py must parse the stream without error|ktap-parse.sh|s/if \[ -n "\$bad" \] ||/if false ||/
kunit.py gets a path it can open from the kernel tree|ktap-parse.sh|s/^ktap=\$(realpath "\$ktap")$/true/
a KUnit case that failed or a suite cut short fails|kunit-parse.sh|s/\[ -z "\$ran" \] || \[ "\$passed" != "\$ran" \]/false/;s/^bad=.*/bad=/
every listed KUnit suite must have passed|kunit-parse.sh|s/|| missing+=" \$s"/|| true/
a warning the base lacks fails the documentation|docs.sh|s/^new=.*/new=/
the documentation gate needs the series' api.html|docs.sh|s/^grep -q KVM_EXIT_MEMORY_FAULT/true/
LIST
)
n=0 bad=0
while IFS='|' read -r rule file expr; do
	n=$((n + 1))
	rm -rf "$t/scripts" "$t/tests"
	cp -a "$here" "$t/scripts"
	cp -a "$top/tests" "$t/tests"
	sed -i "$expr" "$t/scripts/$file"
	if cmp -s "$here/$file" "$t/scripts/$file"; then
		echo "not ok $n $rule # the mutation did not apply to $file"
		bad=1
	elif "$t/scripts/harness-test.sh" $tree >"$t/out" 2>&1; then
		echo "not ok $n $rule # reverted in $file, and harness-test.sh still passed"
		bad=1
	else
		echo "ok $n $rule # reverted: $(grep '^not ok' "$t/out" | head -n 2 | sed 's/^not ok [0-9]* //' | paste -sd';')"
	fi
done <<<"$mutants"
echo "1..$n"
exit $bad
