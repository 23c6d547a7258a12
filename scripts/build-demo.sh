#!/bin/bash
# Build the demo VMM, demo/conversion_demo.c, the way the KVM selftests are
# built: statically, against the uapi headers of OBJDIR and the selftests
# library objects that build-selftests.sh left in TESTDIR. The binary goes to
# TESTDIR/demo/, where initramfs.sh finds it by name like any test.
# usage: build-demo.sh TREE OBJDIR TESTDIR
set -euo pipefail
tree=$(realpath "${1:?tree}") obj=$(realpath "${2:?objdir}") tests=$(realpath "${3:?testdir}")
top=$(dirname "$(dirname "$(realpath "$0")")")
hdr=$obj/hdr/include
st=$tree/tools/testing/selftests/kvm
[ -e "$tests/lib/kvm_util.o" ] || { echo "no selftests library in $tests/lib: build the selftests first" >&2; exit 1; }
mkdir -p "$tests/demo"
# The selftests' flags (tools/testing/selftests/kvm/Makefile), less the ones
# for sources inside that directory.
set -x
gcc -Wall -Wstrict-prototypes -Wuninitialized -O2 -g -std=gnu99 \
	-U_FORTIFY_SOURCE -fno-stack-protector -fno-PIE -static -pthread -no-pie \
	-I"$tree/tools/include" -I"$tree/tools/arch/x86/include" \
	-I"$st/include" -I"$st/include/x86_64" -I"$st/.." -isystem "$hdr" \
	"$top/demo/conversion_demo.c" "$tests"/lib/*.o "$tests"/lib/x86_64/*.o \
	-ldl -o "$tests/demo/conversion_demo"
