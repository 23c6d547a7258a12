#!/bin/bash
# Judge one lane from its KTAP stream and its guest console: every listed test
# must pass, and the console must hold no kernel report. A test that prints
# kselftest totals counts as its cases, any other as one case; a listed test
# that skips as a whole fails, since the lane is built to run it. Prints one
# line per failure and 'LANE: N passed, N failed, N skipped'.
# usage: report.sh LANE OUTDIR LIST
set -euo pipefail
lane=${1:?lane} out=${2:?outdir} list=${3:?list}
ktap=$out/ktap.log console=$out/console.log
tr -d '\r' <"$ktap" >"$out/ktap.clean" 2>/dev/null || : >"$out/ktap.clean"

# Kernel reports that fail a lane even when every test passed. The guest marks
# each test's start in the log, so a report is attributed to its test.
reports='WARNING:|BUG:|Oops|KASAN|UBSAN|kernel BUG|general protection fault|'
reports+='possible recursive locking|circular locking dependency|inconsistent lock state|'
reports+='suspicious RCU usage|possible irq lock inversion|lock held when returning|'
reports+='blocked for more than|rcu_sched self-detected stall|detected stalls? on CPU|'
reports+='soft lockup|hard LOCKUP|Kernel panic|kmemleak: [0-9]+ new suspected'
tr -d '\r' <"$console" 2>/dev/null | awk -v re="$reports" '
	/kvmtest: start / { t = $NF }
	$0 ~ re { print "  dmesg: " (t ? "during " t ": " : "") $0 }' >"$out/reports" || true

awk -v lane="$lane" -v listf="$list" -v reportsf="$out/reports" '
	BEGIN {
		while ((getline l < listf) > 0) {
			split(l, f, " ")
			if (f[1] != "") order[++n] = f[1]
		}
		while ((getline l < reportsf) > 0) nrep++
	}
	/^# # Totals: / {
		split($0, t, /[ :]+/)	# # # Totals pass P fail F xfail X xpass X skip S error E
		tp = t[5]; tf = t[7]; ts = t[13]; totals = 1
		next
	}
	/^(not )?ok [0-9]+ / {
		name = ($1 == "not") ? $4 : $3
		seen[name] = 1
		if ($1 == "ok" && $0 ~ /# SKIP/) {
			fail++; print "  " lane ": " $0 " (skipped as a whole)"
		} else if ($1 == "ok") {
			if (totals) { pass += tp; skip += ts } else pass++
		} else {
			if (totals) { pass += tp; skip += ts; fail += (tf > 0 ? tf : 1) } else fail++
			print "  " lane ": " $0
		}
		totals = 0
	}
	END {
		for (i = 1; i <= n; i++)
			if (!seen[order[i]]) { fail++; print "  " lane ": no result for " order[i] }
		if (nrep) { fail++; print "  " lane ": " nrep " kernel report(s) in dmesg" }
		else pass++
		printf "%s: %d passed, %d failed, %d skipped\n", lane, pass, fail, skip
	}' "$out/ktap.clean"
cat "$out/reports"
