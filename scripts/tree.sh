#!/bin/bash
# Materialize the kernel tree: Debian's linux-source-6.1 as a git repository,
# tagged 'base', with the series applied by 'git am'. Idempotent; refuses to
# throw away commits that are not exported to the patch directory.
# usage: tree.sh TREE PATCHDIR [force]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
tree=${1:?tree} patches=${2:?patch dir} force=${3:-}
here=$(dirname "$(realpath "$0")")
tarball=/usr/src/linux-source-6.1.tar.xz
stamp=$tree.applied
version=$(dpkg-query -W -f='${Version}' linux-source-6.1)

series_files() {
	[ -f "$patches/series" ] || return 0
	entries "$patches/series" | sed "s|^|$patches/|"
}

# A digest of the series as the tree would export it (cover letter excluded).
tree_digest() {
	local tmp
	tmp=$(mktemp -d)
	"$here/format-series.sh" "$tree" "$tmp"
	(cd "$tmp" && cat $(ls | grep -v '^0000-cover-letter') </dev/null) | sha256sum | cut -d' ' -f1
	rm -rf "$tmp"
}

apply_series() {
	local files
	files=$(series_files)
	if [ -n "$files" ]; then
		# shellcheck disable=SC2086
		git -C "$tree" am -q --whitespace=nowarn $(realpath $files) ||
			die "series does not apply; see 'git -C $tree am --show-current-patch'"
	fi
	tree_digest >"$stamp"
	echo "tree: $tree at $(git -C "$tree" rev-list --count base..HEAD) patches on base ($(cat "$tree.version"))"
}

if [ -d "$tree/.git" ]; then
	[ -z "$(git -C "$tree" status --porcelain)" ] ||
		die "$tree has uncommitted changes; commit them, then 'make export'"
	if "$here/status.sh" "$tree" "$patches" >/dev/null; then
		echo "tree: $tree in sync with $patches"
		exit 0
	fi
	if [ "$force" != force ] && [ "$(tree_digest)" != "$(cat "$stamp" 2>/dev/null)" ]; then
		die "$tree has commits not exported to $patches: run 'make export', or 'make tree FORCE=1' to drop them"
	fi
	if [ "$(cat "$tree.version")" != "$version" ]; then
		echo "tree: base $(cat "$tree.version") differs from installed $version; re-extracting"
		rm -rf "$tree"
	else
		git -C "$tree" am --abort >/dev/null 2>&1 || true
		git -C "$tree" checkout -q -B work base
		apply_series
		exit 0
	fi
fi

rm -rf "$tree" "$tree.tmp"
mkdir -p "$tree.tmp"
tar -xf "$tarball" -C "$tree.tmp" --strip-components=1
# Debian's tarball ignores every top-level path ('/*'), which would hide
# everything from git; drop just that rule.
sed -i -e '/^\/\*$/d' -e '/^!\/debian\/$/d' "$tree.tmp/.gitignore"
(
	cd "$tree.tmp"
	git init -q -b work .
	git config user.name "$(git config --global user.name || echo 'KVM series harness')"
	git config user.email "$(git config --global user.email || echo 'harness@localhost')"
	# -f: Debian's .gitignore also lacks upstream's exceptions for dot-files
	# (.gitignore, .mailmap, ...); the base is the whole tarball.
	git add -A -f
	GIT_AUTHOR_NAME=Debian GIT_AUTHOR_EMAIL=debian-kernel@lists.debian.org \
	GIT_COMMITTER_NAME=Debian GIT_COMMITTER_EMAIL=debian-kernel@lists.debian.org \
	GIT_AUTHOR_DATE=2000-01-01T00:00:00Z GIT_COMMITTER_DATE=2000-01-01T00:00:00Z \
		git commit -q -m "Debian linux-source-6.1 $version" \
		-m "Extracted from /usr/src/linux-source-6.1.tar.xz; the top-level '/*' rule of .gitignore is dropped."
	git tag -f base >/dev/null
)
echo "$version" >"$tree.tmp.version"
mv "$tree.tmp" "$tree"
mv "$tree.tmp.version" "$tree.version"
apply_series
