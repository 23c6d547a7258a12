#!/bin/bash
# Build Documentation/virt/ with the kernel's own Sphinx setup (make
# SPHINXDIRS=virt htmldocs) for the base and for the series, and print a TAP
# plan of one (for plan.sh): the series' text adds no warning that the base
# does not have.
# Warnings compare without their paths and line numbers (the series moves
# the base's lines). The base's documentation is unpacked from the tree's
# base tag: the top Makefiles, Documentation/, scripts/ and include/ are all
# that the build reads.
# usage: docs.sh TREE OUTDIR
set -uo pipefail
tree=$(realpath "${1:?tree}") out=${2:?out dir}
rm -rf "$out"
mkdir -p "$out/base-tree"
out=$(realpath "$out")

docs() { # docs SRCTREE NAME: the build's log in OUT/NAME.log
	make -C "$1" O="$out/$2" SPHINXDIRS=virt htmldocs >"$out/$2.log" 2>&1
}
warnings() { # warnings LOG: Sphinx's and kernel-doc's complaints, normalized
	grep -E 'WARNING|ERROR|SEVERE|CRITICAL|[Ww]arning:|[Ee]rror:' "$1" |
		sed -E -e 's|^[^ ]*/Documentation/|Documentation/|' -e 's/:[0-9]+:/:/g' | sort -u
}

why=
git -C "$tree" archive base Makefile arch/x86/Makefile arch/x86/Makefile_32.cpu \
	Documentation scripts include | tar -x -C "$out/base-tree" || why="$why; the base's text did not unpack"
docs "$out/base-tree" base || why="$why; the base's build failed"
docs "$tree" series || why="$why; the series' build failed"
# A build that wrote no page of the series' text is no evidence.
grep -q KVM_EXIT_MEMORY_FAULT "$out/series/Documentation/output/virt/kvm/api.html" 2>/dev/null ||
	why="$why; no KVM_EXIT_MEMORY_FAULT in the series' api.html"
ok=$([ -z "$why" ] && echo 1 || echo 0)
warnings "$out/base.log" >"$out/base.warnings"
warnings "$out/series.log" >"$out/series.warnings"
new=$(grep -vxF -f "$out/base.warnings" "$out/series.warnings" || true)
n=$(grep -c . <<<"$new" || true)
echo 1..1
echo "$([ $ok = 1 ] && [ "$n" = 0 ] || printf 'not ')ok 1 the series' Documentation/virt/ builds with Sphinx (make SPHINXDIRS=virt htmldocs) without a warning the base lacks ($n new, $(grep -c . "$out/base.warnings") in the base; logs: $out)"
[ $ok = 1 ] || echo "# ${why#; }"
[ "$n" = 0 ] || head -n 20 <<<"$new" | sed 's/^/# new: /'
