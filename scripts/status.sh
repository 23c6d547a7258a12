#!/bin/bash
# Print 'in sync' when the tree's commits since the base export to exactly the
# patches in PATCHDIR, else what differs. Exit 1 when they differ.
# usage: status.sh TREE PATCHDIR
set -euo pipefail
. "$(dirname "$(realpath "$0")")/lib.sh"
tree=${1:?tree} patches=${2:?patch dir}
here=$(dirname "$(realpath "$0")")
[ -d "$tree/.git" ] || { echo "no tree at $tree (make tree)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/format-series.sh" "$tree" "$tmp"
rm -f "$tmp/0000-cover-letter.patch"
bad=0
dirty=$(git -C "$tree" status --porcelain | head -n 20)
if [ -n "$dirty" ]; then
	echo "uncommitted in $tree:"
	echo "$dirty"
	bad=1
fi
want=$(cd "$tmp" && ls)
have=$(cd "$patches" 2>/dev/null && ls [0-9]*.patch 2>/dev/null | grep -v '^0000-' || true)
for f in $want; do
	if [ ! -f "$patches/$f" ]; then
		echo "not exported: $f"; bad=1
	elif ! cmp -s "$tmp/$f" "$patches/$f"; then
		echo "differs: $f"; bad=1
	fi
done
for f in $have; do
	[ -f "$tmp/$f" ] || { echo "not in tree: $f"; bad=1; }
done
listed=$([ ! -f "$patches/series" ] || entries "$patches/series")
[ "$listed" = "$want" ] || { echo "series file does not list the tree's patches"; bad=1; }
[ $bad -eq 0 ] && echo "in sync"
exit $bad
