#!/bin/bash
# Parse a lane's KTAP stream with the tree's own kunit.py, the parser that
# KernelCI runs, and fail unless it parses cleanly: no parser error, no
# crashed (unfinished) test, and as many tests as the guest planned.
# usage: ktap-parse.sh TREE KTAP
set -euo pipefail
tree=${1:?tree} ktap=${2:?ktap}
# kunit.py changes to the kernel tree's root before it opens the file.
ktap=$(realpath "$ktap")
plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$ktap" | head -n1)
out=$(python3 "$tree/tools/testing/kunit/kunit.py" parse "$ktap" 2>&1 || true)
ran=$(sed -n 's/.*Testing complete\. Ran \([0-9]*\) tests.*/\1/p' <<<"$out")
bad=$(grep -E '\[ERROR\]|\[CRASHED\]|Traceback' <<<"$out" || true)
if [ -n "$bad" ] || [ -z "$plan" ] || [ "$ran" != "$plan" ]; then
	echo "kunit.py parse: ${ran:-no} tests of a plan of ${plan:-none}"
	sed 's/^/  /' <<<"$bad"
	exit 1
fi
echo "kunit.py parse: $ran tests, as planned"
