#!/bin/bash
# Write the tree's commits since the base back into PATCHDIR, with the series
# file. Unchanged commits produce byte-identical files; the cover letter keeps
# its hand-written subject and blurb and gets a fresh shortlog and diffstat.
# usage: export.sh TREE PATCHDIR
set -euo pipefail
tree=${1:?tree} patches=${2:?patch dir}
here=$(dirname "$(realpath "$0")")
[ -z "$(git -C "$tree" status --porcelain)" ] ||
	{ echo "error: $tree has uncommitted changes; commit them first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/format-series.sh" "$tree" "$tmp"
mkdir -p "$patches"

cover=$tmp/0000-cover-letter.patch
old=$patches/0000-cover-letter.patch
if [ -f "$cover" ]; then
	subject='*** SUBJECT HERE ***'
	blurb=$tmp/blurb
	echo '*** BLURB HERE ***' >"$blurb"
	if [ -f "$old" ]; then
		subject=$(sed -n 's/^Subject: \[PATCH [0-9]*\/[0-9]*\] //p' "$old")
		# The blurb runs from the end of the headers to the shortlog's author line.
		awk 'body && /^[^ ].* \([0-9]+\):$/ { exit }
		     body { print }
		     !body && /^$/ { body = 1 }' "$old" | sed -e '$ { /^$/d }' >"$blurb"
	fi
	date=$(git -C "$tree" log -1 --format=%aD HEAD)
	awk -v subj="$subject" -v date="$date" -v blurbf="$blurb" '
		/^Date: / && !hdone { print "Date: " date; next }
		/^Subject: / && !hdone { sub(/\*\*\* SUBJECT HERE \*\*\*/, subj); print; next }
		/^$/ { hdone = 1 }
		/^\*\*\* BLURB HERE \*\*\*$/ { while ((getline l < blurbf) > 0) print l; next }
		{ print }' "$cover" >"$cover.new"
	mv "$cover.new" "$cover"
fi

changed=0
for f in "$tmp"/*.patch; do
	[ -e "$f" ] || continue
	b=$(basename "$f")
	cmp -s "$f" "$patches/$b" || { cp "$f" "$patches/$b"; echo "wrote $b"; changed=1; }
done
for f in "$patches"/[0-9]*.patch; do
	[ -e "$f" ] || continue
	[ -f "$tmp/$(basename "$f")" ] || { rm "$f"; echo "removed $(basename "$f")"; changed=1; }
done
(cd "$tmp" && ls [0-9]*.patch 2>/dev/null | grep -v '^0000-' || true) >"$tmp/series"
cmp -s "$tmp/series" "$patches/series" || { cp "$tmp/series" "$patches/series"; echo "wrote series"; changed=1; }
"$here/format-series.sh" "$tree" "$tmp/d" >/dev/null
(cd "$tmp/d" && cat $(ls | grep -v '^0000-cover-letter') </dev/null) | sha256sum | cut -d' ' -f1 >"$tree.applied"
[ $changed -eq 1 ] || echo "patches/ unchanged"
