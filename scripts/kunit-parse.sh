#!/bin/bash
# Parse the KUnit KTAP that a lane's kernel printed while it booted (the
# suites of CONFIG_KVM_KUNIT_TEST run then) with the tree's own kunit.py, and
# fail unless every suite that SUITES lists ran and passed: no failed,
# crashed or skipped case, no parser error. Prints 'kunit: N cases in M
# suites passed' first, then what went wrong.
# usage: kunit-parse.sh TREE CONSOLE SUITES
set -euo pipefail
tree=${1:?tree} console=${2:?console} suites=${3:?suites}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The top-level KTAP, from its header to its last result, without the
# printk times; the suites' own KTAP is indented inside it.
tr -d '\r' <"$console" | awk '
	{ sub(/^\[[ 0-9.]*\] /, "") }
	!on && /^KTAP version 1$/ { on = 1 }
	!on { next }
	{ print }
	!plan && /^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0; next }
	plan && /^(not )?ok [0-9]+ / && ++top == plan { exit }' >"$tmp/kunit.ktap"
want=$(grep -v '^[[:space:]]*\(#\|$\)' "$suites" || true)
if [ ! -s "$tmp/kunit.ktap" ]; then
	echo "kunit: no KUnit output on the console"
	exit 1
fi
out=$(python3 "$tree/tools/testing/kunit/kunit.py" parse "$tmp/kunit.ktap" 2>&1 || true)
ran=$(sed -n 's/.*Testing complete\. Ran \([0-9]*\) tests.*/\1/p' <<<"$out")
passed=$(sed -n 's/.*Testing complete\. Ran [0-9]* tests: passed: \([0-9]*\).*/\1/p' <<<"$out")
bad=$(grep -E '\[(FAILED|CRASHED|SKIPPED|ERROR)\]|Traceback' <<<"$out" || true)
missing=
for s in $want; do
	grep -qE "\[PASSED\] $s( |$)" <<<"$out" || missing+=" $s"
done
if [ -n "$bad" ] || [ -n "$missing" ] || [ -z "$ran" ] || [ "$passed" != "$ran" ]; then
	echo "kunit: ${passed:-0} of ${ran:-no} cases passed${missing:+; suites that did not pass:$missing}"
	sed 's/^/  /' <<<"$bad"
	exit 1
fi
echo "kunit: $ran cases in $(wc -w <<<"$want") suites passed"
