#!/bin/bash
# Judge one lane from the evidence its run left in OUTDIR, as kunit.py does:
# absence of evidence is a failure. The lane passes only when
#  - OUTDIR holds a KTAP stream (ktap.log) of this run (its '# run ID' line
#    matches OUTDIR/run-id) with the guest's plan for LIST and its end marker
#    ('# done') as the last line, and a console (console.log) with the kernel
#    banner and the guest's 'kvmtest: done';
#  - no script on the lane's path failed (OUTDIR/harness), QEMU was not
#    killed or failed, and Bochs did not stop early or see a panic;
#  - every test of LIST passed: a test that skips as a whole fails (each lane
#    lists only what it can run), and so does a case skipped inside a test
#    unless SKIPS allows it for this lane, and a test that exits 0 while its
#    KTAP totals count a failure or an error;
#  - the console holds no kernel report (WARN, BUG, KASAN, lockdep...), and on
#    the debug kernel kmemleak and lockdep stayed on and the leak scan ran.
# A test that prints kselftest totals counts as its cases, any other as one.
# Writes OUTDIR/ktap.clean, OUTDIR/reports (kernel reports, by test) and
# OUTDIR/results ('name pass|fail|skip|timeout|missing' per listed test);
# prints a line per failure and 'LANE: N passed, N failed, N skipped', and
# exits 1 when the lane failed.
# usage: report.sh LANE OUTDIR LIST [SKIPS]
set -euo pipefail
here=$(dirname "$(realpath "$0")")
. "$here/lib.sh"
lane=${1:?lane} out=${2:?outdir} list=${3:?list}
skips=${4:-$(dirname "$here")/tests/skips.txt}

verdict() { # verdict PASS FAIL SKIP
	echo "$lane: $1 passed, $2 failed, $3 skipped"
	[ "$2" = 0 ]
}
if [ ! -d "$out" ]; then
	echo "  $lane: no lane directory $out: the lane never ran"
	verdict 0 1 0
	exit
fi
ktap=$out/ktap.log console=$out/console.log
{ tr -d '\r' <"$ktap" >"$out/ktap.clean"; } 2>/dev/null || : >"$out/ktap.clean"
{ tr -d '\r' <"$console" >"$out/console.clean"; } 2>/dev/null || : >"$out/console.clean"

# Kernel reports that fail a lane even when every test passed. The guest marks
# each test's start in the log, so a report is attributed to its test.
reports='WARNING:|BUG:|Oops|KASAN|UBSAN|kernel BUG|general protection fault|'
reports+='possible recursive locking|circular locking dependency|inconsistent lock state|'
reports+='suspicious RCU usage|possible irq lock inversion|lock held when returning|'
reports+='blocked for more than|rcu_sched self-detected stall|detected stalls? on CPU|'
reports+='soft lockup|hard LOCKUP|Kernel panic|kmemleak: [0-9]+ new suspected|'
# The checkers of the debug kernel switching themselves off.
reports+='kmemleak: Kernel memory leak detector disabled|kmemleak: .*disabl|'
reports+='turning off the locking correctness validator|lockdep is turned off'
awk -v re="$reports" '
	/kvmtest: start / { t = $NF }
	$0 ~ re { print "  dmesg: " (t ? "during " t ": " : "") $0 }' "$out/console.clean" >"$out/reports"

# What the run itself must have left: each missing piece is one failure.
evidence() {
	local id
	[ ! -s "$out/harness" ] || sed 's/^/  harness: /' "$out/harness"
	[ -s "$out/ktap.clean" ] || echo "  no KTAP stream ($ktap missing or empty)"
	[ -s "$out/console.clean" ] || echo "  no console log ($console missing or empty)"
	if [ -s "$out/ktap.clean" ]; then
		id=$(cat "$out/run-id" 2>/dev/null || true)
		if [ -z "$id" ]; then
			echo "  no run id in $out/run-id: these logs were not written by run-lanes.sh"
		elif ! grep -qxF "# run $id" "$out/ktap.clean"; then
			echo "  stale logs: the KTAP stream is not of this run (no '# run $id')"
		fi
		grep -qx 'TAP version 13' "$out/ktap.clean" || echo "  the KTAP stream has no 'TAP version 13' header"
		local want have
		want=$(grep -c . "$list" || true)
		have=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$out/ktap.clean" | head -n1)
		[ "$have" = "$want" ] || echo "  the guest's plan is '1..${have:-?}', the lane lists $want tests"
		[ "$(grep -v '^[[:space:]]*$' "$out/ktap.clean" | tail -n1)" = "# done" ] ||
			echo "  the KTAP stream ends early: its last line is not the guest's '# done'"
	fi
	if [ -s "$out/console.clean" ]; then
		grep -q 'Linux version ' "$out/console.clean" || echo "  the console has no kernel banner"
		grep -q 'kvmtest: done' "$out/console.clean" || echo "  the console ends early: no 'kvmtest: done'"
	fi
	sed -n -e 's/^qemu exited with 137.*/  timeout: QEMU was killed at the lane'\''s time bound (&)/p' \
		-e '/^qemu exited with 137/!s/^qemu exited with .*/  QEMU failed: &/p' \
		-e 's/^# bochs: guest panic\(.*\)/  panic: the guest kernel panicked\1/p' \
		-e 's/^# \(bochs stopped before the guest was done\|bochs killed\)\(.*\)/  Bochs ended the lane early: \1\2/p' "$out/ktap.clean"
	if is_debug_lane "$lane"; then
		grep -qx '# kmemleak: scan ok' "$out/ktap.clean" || echo "  the kmemleak scan did not run"
		grep -qx '# lockdep: debug_locks 1' "$out/ktap.clean" || echo "  lockdep was off at the end of the run"
	fi
	return 0
}
evidence >"$out/evidence"

# Skipped cases that a lane allows: 'test lanes | case | reason' lines.
allowed=$(awk -v lane="$lane" -F' *[|] *' '
	/^[[:space:]]*(#|$)/ { next }
	{ split($1, tl, " "); if (tl[2] == "all" || index("," tl[2] ",", "," lane ",")) print tl[1] "\t" $2 }' \
	"$skips" 2>/dev/null || true)

awk -v lane="$lane" -v listf="$list" -v reportsf="$out/reports" -v evf="$out/evidence" \
    -v allowed="$allowed" -v resultsf="$out/results" '
	BEGIN {
		while ((getline l < listf) > 0) {
			split(l, f, " ")
			if (f[1] != "") order[++n] = f[1]
		}
		while ((getline l < reportsf) > 0) nrep++
		while ((getline l < evf) > 0) { fail++; print "  " lane ":" l }
		na = split(allowed, al, "\n")
		for (i = 1; i <= na; i++) { split(al[i], p, "\t"); ok_skip[p[1] "\t" p[2]] = 1 }
		nskip = 0
	}
	# A test'"'"'s own KTAP, streamed by the guest behind "# ".
	/^# # Totals: / {
		for (i = 4; i <= NF; i++) { split($i, kv, ":"); tot[kv[1]] = kv[2] }
		totals = 1
		next
	}
	/^# (not )?ok [0-9]+ (.* )?# SKIP/ {
		# kselftest.h prints "ok N # SKIP <case>"; others "ok N <case> # SKIP".
		c = $0
		sub(/^# (not )?ok [0-9]+ (- )?/, "", c)
		if (c ~ /^# SKIP/) sub(/^# SKIP ?/, "", c); else sub(/ *# SKIP.*/, "", c)
		skipped[++nskip] = c
		next
	}
	/^(not )?ok [0-9]+ / {
		name = ($1 == "not") ? $4 : $3
		seen[name] = 1
		tp = totals ? tot["pass"] + 0 : 1
		tf = totals ? tot["fail"] + tot["error"] : 0
		ts = 0
		for (i = 1; i <= nskip; i++) {
			if (ok_skip[name "\t" skipped[i]]) ts++
			else { tf++; print "  " lane ": " name ": case skipped, and no allow-list entry for it here: " skipped[i] }
		}
		if ($1 == "ok" && $0 ~ /# SKIP/) {
			fail++; res[name] = "skip"; print "  " lane ": " $0 " (skipped as a whole)"
		} else if ($1 == "ok" && tf > 0) {
			pass += tp; skip += ts; fail += tf; res[name] = "fail"
			print "  " lane ": " $0 " (exited 0, but " tf " case(s) failed, erred or skipped)"
		} else if ($1 == "ok") {
			pass += tp; skip += ts; res[name] = "pass"
		} else {
			pass += (totals ? tp : 0); skip += ts; fail += (tf > 0 ? tf : 1)
			res[name] = ($0 ~ /# TIMEOUT/) ? "timeout" : "fail"
			print "  " lane ": " $0
		}
		totals = 0; nskip = 0; delete tot
	}
	END {
		for (i = 1; i <= n; i++) {
			if (!seen[order[i]]) { fail++; res[order[i]] = "missing"; print "  " lane ": no result for " order[i] }
			print order[i], res[order[i]] > resultsf
		}
		if (nrep) { fail++; print "  " lane ": " nrep " kernel report(s) on the console" }
		printf "%s: %d passed, %d failed, %d skipped\n", lane, pass, fail, skip
	}' "$out/ktap.clean" >"$out/verdict"
cat "$out/verdict" "$out/reports"
s=$(read_summary "$out/verdict") || { echo "$lane: the judge printed no summary"; exit 1; }
verdict $s >/dev/null
