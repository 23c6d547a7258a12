#!/bin/bash
# Run CMD, which prints a KTAP plan ('1..N') and one 'ok K desc' or
# 'not ok K desc' line per item, and judge it as kunit.py judges a KTAP
# stream: print one 'ok - desc' or 'not ok - desc' line per planned item. An
# item with no result (CMD died or stopped early), a missing plan and a
# non-zero exit of CMD are failures. Exits 1 on any failure.
# usage: plan.sh NAME CMD...
set -uo pipefail
name=${1:?name}
shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$@" >"$out"
rc=$?
awk -v name="$name" -v rc="$rc" '
	/^#/ { print; next }
	/^1\.\.[0-9]+$/ && !plan { plan = substr($0, 4) + 0; next }
	/^(not )?ok [0-9]+( |$)/ {
		k = ($1 == "not") ? $3 : $2
		d = $0; sub(/^(not )?ok [0-9]+ ?/, "", d)
		if (k in seen) { print "not ok - " name ": result " k " given twice: " d; bad = 1; next }
		seen[k] = 1
		if ($1 == "not") bad = 1
		print ($1 == "not" ? "not ok - " : "ok - ") d
	}
	END {
		if (plan == "") { print "not ok - " name ": no plan (1..N)"; bad = 1 }
		for (k = 1; k <= plan; k++)
			if (!(k in seen)) { print "not ok - " name " " k ": not reached"; bad = 1 }
		for (k in seen)
			if (k + 0 < 1 || k + 0 > plan) { print "not ok - " name ": result " k " is outside the plan 1.." plan; bad = 1 }
		if (rc != 0) { print "not ok - " name ": exited with " rc; bad = 1 }
		exit bad
	}' "$out"
