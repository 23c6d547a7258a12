#!/bin/bash
# Build the x86_64 KVM selftests, statically linked, against the uapi headers
# that build-kernel.sh installed for the same tree.
# usage: build-selftests.sh TREE OBJDIR OUTDIR
set -euo pipefail
tree=$(realpath "${1:?tree}") obj=$(realpath "${2:?objdir}") out=${3:?outdir}
mkdir -p "$out"
out=$(realpath "$out")
hdr=$obj/hdr/include
[ -d "$hdr" ] || { echo "no uapi headers in $hdr: build the kernel first" >&2; exit 1; }
make -C "$tree/tools/testing/selftests/kvm" -j"$(nproc)" OUTPUT="$out" \
	LINUX_HDR_PATH="$hdr/" KHDR_INCLUDES="-isystem $hdr" EXTRA_CFLAGS=-static
# The test scripts (TEST_PROGS) run from beside the binaries they wrap.
cp "$tree/tools/testing/selftests/kvm/x86_64/"*.sh "$out/x86_64/"
