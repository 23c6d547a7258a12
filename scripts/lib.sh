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
