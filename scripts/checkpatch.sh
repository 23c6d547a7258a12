#!/bin/bash
# Run checkpatch.pl --strict over every patch of the series. Fails on any
# error, and on any warning or check not listed in PATCHDIR/checkpatch.allow
# (one 'patch-file: message-substring' per line, each justified in the
# cover letter).
# usage: checkpatch.sh TREE PATCHDIR
set -euo pipefail
. "$(dirname "$(realpath "$0")")/lib.sh"
tree=$(realpath "${1:?tree}") patches=$(realpath "${2:?patch dir}")
allow=$patches/checkpatch.allow
bad=0
while read -r p; do
	[ -n "$p" ] || continue
	# Debian's python3 (with python3-ply) for spdxcheck.py, not one earlier in PATH.
	out=$(cd "$tree" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --terse --no-summary \
		--show-types "$patches/$p" 2>&1 || true)
	pats=$(sed -n "s/^$p: //p" "$allow" 2>/dev/null || true)
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		if [ -n "$pats" ] && grep -qF -- "$pats" <<<"$line"; then
			continue
		fi
		echo "$p: ${line#"$patches/$p":}"
		bad=1
	done <<<"$out"
done < <(entries "$patches/series")
[ $bad -eq 0 ] && echo "checkpatch: clean ($(grep -c . "$patches/series") patches)"
exit $bad
