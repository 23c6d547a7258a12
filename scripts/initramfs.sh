#!/bin/bash
# Pack the test initramfs: busybox, /init, the KVM modules of OBJDIR, the
# selftest binaries of TESTDIR and one test list per lane (LISTDIR/list.LANE).
# usage: initramfs.sh OBJDIR TESTDIR LISTDIR OUT.cpio
set -euo pipefail
obj=${1:?objdir} tests=${2:?testdir} lists=${3:?listdir} out=${4:?output}
here=$(dirname "$(realpath "$0")")
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib/modules,tests}
cp /bin/busybox "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
# 6.1's nx_huge_pages_test.sh wants bash and sudo; as root, busybox's ash and
# a plain exec do what it asks of them.
printf '#!/bin/ash\nexec /bin/ash "$@"\n' >"$root/bin/bash"
printf '#!/bin/ash\nexec "$@"\n' >"$root/bin/sudo"
chmod +x "$root/bin/bash" "$root/bin/sudo"
cp "$here/guest-init.sh" "$root/init"
chmod +x "$root/init"
find "$obj/arch/x86/kvm" -name 'kvm*.ko' -exec cp {} "$root/lib/modules/" \;
cp "$lists"/list.* "$root/tests/"
# Only the tests some lane runs go in, by their base name, without their
# debug info (a third of a static test; Bochs reads the initrd through the
# BIOS, at about 0.6 s a megabyte). Scripts are copied as they are.
add() { strip --strip-debug -o "$2" "$1" 2>/dev/null || cp "$1" "$2"; }
cat "$lists"/list.* | awk '{ print $1 }' | sort -u | while read -r t; do
	src=$(find "$tests" -type f -name "$t" | head -n1)
	[ -n "$src" ] || { echo "no binary for test $t in $tests" >&2; exit 1; }
	add "$src" "$root/tests/$t"
	case $t in *.sh)
		[ ! -e "$(dirname "$src")/${t%.sh}" ] || add "$(dirname "$src")/${t%.sh}" "$root/tests/${t%.sh}"
		# A script names the other tests it runs: "# kvmtest-needs: NAME...".
		for n in $(sed -n 's/^# kvmtest-needs: //p' "$src"); do
			s=$(find "$tests" -type f -name "$n" | head -n1)
			[ -n "$s" ] || { echo "no binary for $n, which $t runs, in $tests" >&2; exit 1; }
			add "$s" "$root/tests/$n"
		done ;;
	esac
done
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$out"
