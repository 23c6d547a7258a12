#!/bin/bash
# Build the unpatched base: the 'base' tag of TREE plus the first NFIX patches
# of the series (they only make 6.1's own selftests build), as a worktree in
# BASEDIR, with the same config fragment as the series.
# usage: base-build.sh TREE PATCHDIR NFIX BASEDIR FRAGMENT
set -euo pipefail
. "$(dirname "$(realpath "$0")")/lib.sh"
tree=$(realpath "${1:?tree}") patches=$(realpath "${2:?patch dir}") nfix=${3:?nfix}
base=${4:?basedir} frag=$(realpath "${5:?fragment}")
here=$(dirname "$(realpath "$0")")
mkdir -p "$base"
base=$(realpath "$base")
wt=$base/linux
fixes=$(entries "$patches/series" | head -n "$nfix" | sed "s|^|$patches/|")
# The fixes may not touch the kernel proper, or the base would not be unpatched.
for f in $fixes; do
	if grep '^+++ b/' "$f" | grep -qv '^+++ b/\(tools/\|arch/x86/include/uapi/\)'; then
		echo "$f touches more than selftests and uapi headers" >&2; exit 1
	fi
done
if [ ! -d "$wt" ]; then
	git -C "$tree" worktree prune
	git -C "$tree" worktree add -q --detach "$wt" base
	rm -f "$base/fixes.sha256"
fi
# Re-applying unchanged fixes would only touch files and rebuild them.
# shellcheck disable=SC2086
sum=$(cat $fixes | sha256sum | cut -d' ' -f1)
if [ "$(cat "$base/fixes.sha256" 2>/dev/null)" != "$sum" ]; then
	git -C "$wt" checkout -q --detach base
	# shellcheck disable=SC2086
	git -C "$wt" am -q $fixes
	echo "$sum" >"$base/fixes.sha256"
fi
export CCACHE_DIR=${CCACHE_DIR:-$(dirname "$base")/ccache}
"$here/build-kernel.sh" "$wt" "$base/obj" "$frag"
"$here/build-selftests.sh" "$wt" "$base/obj" "$base/selftests"
