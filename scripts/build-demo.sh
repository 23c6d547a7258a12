#!/bin/bash
# Build the demo VMM, demo/conversion_demo.c, the way the KVM selftests are
# built: statically, against the uapi headers of OBJDIR and the selftests
# library objects that build-selftests.sh left in TESTDIR. The binary goes to
# TESTDIR/demo/, where initramfs.sh finds it by name like any test.
# With PKGROOT, a linux-libc-dev package unpacked there, the demo compiles
# against the package's /usr/include instead, as a VMM author's would once
# the package is installed, into conversion_demo_deb; the build fails unless
# <linux/kvm.h> came from the package.
# make bench builds its programs here too: SOURCE into OUTPUT, with CFLAGS
# added (PKGROOT empty).
# usage: build-demo.sh TREE OBJDIR TESTDIR [PKGROOT [SOURCE OUTPUT [CFLAGS...]]]
set -euo pipefail
tree=$(realpath "${1:?tree}") obj=$(realpath "${2:?objdir}") tests=$(realpath "${3:?testdir}")
top=$(dirname "$(dirname "$(realpath "$0")")")
hdrs=(-isystem "$obj/hdr/include") name=conversion_demo
if [ -n "${4:-}" ]; then
	pkg=$(realpath "$4")
	hdrs=(-isystem "$pkg/usr/include" -isystem "$pkg/usr/include/$(gcc -print-multiarch)")
	name=conversion_demo_deb
fi
src=${5:-$top/demo/conversion_demo.c} bin=${6:-$tests/demo/$name}
shift $(( $# < 6 ? $# : 6 ))
st=$tree/tools/testing/selftests/kvm
[ -e "$tests/lib/kvm_util.o" ] || { echo "no selftests library in $tests/lib: build the selftests first" >&2; exit 1; }
mkdir -p "$(dirname "$bin")"
# The selftests' flags (tools/testing/selftests/kvm/Makefile), less the ones
# for sources inside that directory.
cflags=(-Wall -Wstrict-prototypes -Wuninitialized -O2 -g -std=gnu99
	-U_FORTIFY_SOURCE -fno-stack-protector -fno-PIE -static -pthread -no-pie
	-I"$tree/tools/include" -I"$tree/tools/arch/x86/include"
	-I"$st/include" -I"$st/include/x86_64" -I"$st/.." -I"$(dirname "$src")" "${hdrs[@]}" "$@")
if [ -n "${pkg:-}" ]; then
	kvm_h=$(gcc "${cflags[@]}" -M "$src" | tr ' \\' '\n\n' | grep '/linux/kvm\.h$')
	echo "linux/kvm.h: $kvm_h"
	[ "$kvm_h" = "$pkg/usr/include/linux/kvm.h" ] || { echo "error: <linux/kvm.h> is not the package's" >&2; exit 1; }
fi
set -x
gcc "${cflags[@]}" "$src" "$tests"/lib/*.o "$tests"/lib/x86_64/*.o -ldl -o "$bin"
