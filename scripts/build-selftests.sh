#!/bin/bash
# Build the x86_64 KVM selftests, statically linked, against the uapi headers
# that build-kernel.sh installed for the same tree.
# usage: build-selftests.sh TREE OBJDIR OUTDIR
set -euo pipefail
tree=$(realpath "${1:?tree}") obj=$(realpath "${2:?objdir}") out=${3:?outdir}
hdr=$obj/hdr/include
st=$tree/tools/testing/selftests/kvm
[ -d "$hdr" ] || { echo "no uapi headers in $hdr: build the kernel first" >&2; exit 1; }
# The selftests' makefile tracks no header dependencies: start over when a
# header they include changed since the last build.
if [ -e "$out/.built" ] && [ -n "$(find "$st/include" "$hdr" -newer "$out/.built" -print -quit)" ]; then
	rm -rf "$out"
fi
mkdir -p "$out"
out=$(realpath "$out")
# KEEP_GOING=1: build what builds (make -k), for callers that compare.
# SELFTESTS_CFLAGS: instead of -static, e.g. -g0 where only building counts.
make -C "$st" -j"$(nproc)" ${KEEP_GOING:+-k} OUTPUT="$out" \
	LINUX_HDR_PATH="$hdr/" KHDR_INCLUDES="-isystem $hdr" \
	EXTRA_CFLAGS="${SELFTESTS_CFLAGS--static}"
# The test scripts (TEST_PROGS) run from beside the binaries they wrap.
cp "$st/x86_64/"*.sh "$out/x86_64/"
touch "$out/.built"
