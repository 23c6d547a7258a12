# Sourced by the other scripts: shared helpers, no side effects.

die() { echo "error: $*" >&2; exit 1; }

# step NAME LOG CMD...: run a long step quietly, one progress line, full log in LOG.
step() {
	local name=$1 log=$2 t0 rc
	shift 2
	mkdir -p "$(dirname "$log")"
	t0=$(date +%s)
	printf '%-40s ' "$name" >&2
	set +e
	"$@" >"$log" 2>&1
	rc=$?
	set -e
	if [ $rc -ne 0 ]; then
		echo "FAILED after $(( $(date +%s) - t0 ))s, log: $log" >&2
		tail -n 20 "$log" >&2
		return $rc
	fi
	echo "ok ($(( $(date +%s) - t0 ))s)" >&2
}

# The compiler warnings of a selftests build log, without paths and line
# numbers, so that logs of different trees compare.
selftest_warnings() {
	{ grep ' warning: ' "$1" || true; } | sed -E -e 's|^.*/selftests/kvm/||' -e 's/:[0-9]+:[0-9]+:/:/' | sort -u
}

# Lane dbg's gate: the npt1 gate less the tests that tests/debug.txt names.
# usage: dbg_gate TOP OUT
dbg_gate() {
	awk 'NR == FNR { if (!/^#/) skip[$1] = 1; next } !skip[$1]' \
		"$1/tests/debug.txt" "$1/tests/gate.npt1.txt" >"$2"
}

# The entries of a list file (a series file, a test list): its lines less
# comments and blank lines.
# usage: entries FILE
entries() {
	grep -v '^[[:space:]]*\(#\|$\)' "$1" || true
}

# Which machine runs a lane: the VMX lanes (ept*) run under Bochs, every
# other lane under QEMU. Lanes whose kernel is the debug kernel (KASAN,
# lockdep, kmemleak...) are also judged on those checkers staying alive.
is_bochs_lane() { case $1 in ept*) return 0 ;; esac; return 1; }
is_debug_lane() { [ "$1" = dbg ]; }

# A judge's summary line, 'NAME: P passed, F failed, S skipped', read back as
# 'P F S'. A missing file, or one without that line, is not a zero: fail.
# usage: read_summary FILE
read_summary() {
	local s
	s=$(sed -n 's/^[^ :]*: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed, \([0-9][0-9]*\) skipped$/\1 \2 \3/p' \
		"$1" 2>/dev/null | tail -n1)
	[ -n "$s" ] || return 1
	echo "$s"
}

# The warnings of a kernel build log: the compiler's, and those of modpost
# and the other build tools ('WARNING: modpost: ... section mismatch ...').
# usage: build_warnings LOG
build_warnings() {
	grep -E ' warning: |^WARNING: ' "$1" || true
}

# Judge lane LANE of RESDIR (report.sh on RESDIR/LANE against RESDIR/list.LANE),
# print its report and add its counts to the caller's pass, fail and skip; a
# lane whose judge gave no verdict adds a failure.
# usage: judge_lane LANE RESDIR
judge_lane() {
	local lane=$1 res=$2 s p f k
	"$(dirname "${BASH_SOURCE[0]}")/report.sh" "$lane" "$res/$lane" "$res/list.$lane" \
		>"$res/report.$lane" || true
	cat "$res/report.$lane"
	if s=$(read_summary "$res/report.$lane"); then
		read -r p f k <<<"$s"
		pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + k))
	else
		fail=$((fail + 1))
		echo "not ok - lane $lane: its judge gave no verdict"
	fi
}
