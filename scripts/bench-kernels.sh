#!/bin/bash
# Build the three kernels of make bench in BENCHDIR: base/ (the 'base' tag of
# TREE, unpatched), series/ (TREE as it is) and upstream/ (Debian's
# linux-source-6.12, unpacked), each as tinyconfig + FRAGMENT..., less the
# fragment lines that kernel's Kconfig does not define (listed in
# BENCHDIR/KERNEL/dropped). Object directories are kept: a second run only
# rebuilds what changed.
# usage: bench-kernels.sh TREE BENCHDIR UPSTREAM_TARBALL FRAGMENT...
set -euo pipefail
here=$(dirname "$(realpath "$0")")
. "$here/lib.sh"
tree=$(realpath "${1:?tree}") bench=${2:?benchdir} tarball=${3:?tarball}
shift 3
mkdir -p "$bench"
bench=$(realpath "$bench")
frags=()
for f in "$@"; do frags+=("$(realpath "$f")"); done
export CCACHE_DIR=${CCACHE_DIR:-$(dirname "$bench")/ccache}

# Keep the fragment lines whose symbol SRC's Kconfig files define.
filter() {
	local src=$1 out=$2 dropped=$3
	find "$src" -name 'Kconfig*' -print0 | xargs -0 sed -n 's/^[[:space:]]*\(menu\)\?config[[:space:]]\+\([A-Za-z0-9_]\+\).*/\2/p' |
		sort -u >"$out.syms"
	: >"$dropped"
	cat "${frags[@]}" | while IFS= read -r line; do
		sym=$(sed -n 's/^\(# \)\?CONFIG_\([A-Za-z0-9_]\+\)[= ].*/\2/p' <<<"$line")
		if [ -z "$sym" ] || grep -qxF "$sym" "$out.syms"; then
			echo "$line"
		else
			echo "$line" >>"$dropped"
		fi
	done >"$out"
	rm -f "$out.syms"
}

build() {
	local name=$1 src=$2
	mkdir -p "$bench/$name"
	filter "$src" "$bench/$name/bench.config" "$bench/$name/dropped"
	[ ! -s "$bench/$name/dropped" ] ||
		echo "bench: $name does not know, so leaves out: $(tr '\n' ' ' <"$bench/$name/dropped")" >&2
	step "bench: build $name kernel" "$bench/$name/build.log" \
		"$here/build-kernel.sh" "$src" "$bench/$name/obj" "$bench/$name/bench.config"
}

if [ ! -d "$bench/base/linux" ]; then
	git -C "$tree" worktree prune
	git -C "$tree" worktree add -q --detach "$bench/base/linux" base
fi
if [ ! -d "$bench/upstream/linux" ]; then
	rm -rf "$bench/upstream/unpack"
	mkdir -p "$bench/upstream/unpack"
	step "bench: unpack $(basename "$tarball")" "$bench/upstream/unpack.log" \
		tar -xf "$tarball" -C "$bench/upstream/unpack"
	mv "$bench/upstream/unpack"/linux-source-* "$bench/upstream/linux"
	rmdir "$bench/upstream/unpack"
fi
build base "$bench/base/linux"
build series "$tree"
build upstream "$bench/upstream/linux"
