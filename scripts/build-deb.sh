#!/bin/bash
# Debian packages of the patched kernel with the kernel's own bindeb-pkg:
# linux-image, linux-headers and linux-libc-dev (the uapi, the series' new
# kvm.h included), into OUTDIR.
#   lane     the lane configuration of the FRAGMENTs, built in OBJDIR (make
#            kernel's, so that after `make` only the packaging is left);
#            without FRAGMENTs, OBJDIR as it is (make check's, just built);
#   debian   Debian's 6.1 configuration (/usr/src/linux-config-6.1, package
#            linux-config-6.1) with CONFIG_KVM_SW_PROTECTED_VM=y, built in
#            OBJDIR-debian: a whole distro kernel, hours on 2 cores.
#            Debug info is off: with it the build takes twice as long, needs
#            pahole for BTF and adds a linux-image-dbg package of gigabytes.
# usage: build-deb.sh TREE OBJDIR OUTDIR lane|debian FRAGMENT...
set -euo pipefail
tree=$(realpath "${1:?tree}") obj=${2:?objdir} out=${3:?out dir} config=${4:?lane or debian}
shift 4
here=$(dirname "$(realpath "$0")")
. "$here/lib.sh"
debcfg=/usr/src/linux-config-6.1/config.amd64_none_amd64.xz

case $config in
lane)
	[ $# = 0 ] || "$here/build-kernel.sh" "$tree" "$obj" "$@"
	[ -s "$obj/.config" ] || die "no kernel configured in $obj"
	;;
debian)
	obj=$obj-debian
	[ -s "$debcfg" ] || die "no $debcfg: install linux-config-6.1 (make deps)"
	mkdir -p "$obj"
	echo "== Debian's configuration: the whole kernel, hours on 2 cores; progress below" >&2
	xz -dc "$debcfg" >"$obj/.config"
	"$tree/scripts/config" --file "$obj/.config" --enable KVM_SW_PROTECTED_VM \
		--disable DEBUG_INFO --enable DEBUG_INFO_NONE \
		--disable DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT --disable DEBUG_INFO_BTF
	make -C "$tree" O="$(realpath "$obj")" olddefconfig
	grep -qx CONFIG_KVM_SW_PROTECTED_VM=y "$obj/.config" || die "CONFIG_KVM_SW_PROTECTED_VM did not take effect"
	;;
*)	die "build-deb.sh: $config: lane or debian" ;;
esac
obj=$(realpath "$obj")
export CCACHE_DIR=${CCACHE_DIR:-$(dirname "$obj")/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$obj")}
# bindeb-pkg leaves its packages beside OBJDIR: start from none there, so
# that what is moved to OUTDIR is this run's.
parent=$(dirname "$obj")
rm -f "$parent"/linux-*.deb "$parent"/linux-upstream_*.buildinfo "$parent"/linux-upstream_*.changes
# The same CC as the kernel's build, or every object is rebuilt.
make -C "$tree" O="$obj" CC="ccache gcc" -j"$(nproc)" KDEB_CHANGELOG_DIST=bookworm bindeb-pkg
rm -rf "$out"
mkdir -p "$out"
mv "$parent"/linux-*.deb "$parent"/linux-upstream_*.buildinfo "$parent"/linux-upstream_*.changes "$out/"
for p in linux-image linux-headers linux-libc-dev; do
	ls "$out/$p"[-_]*.deb >/dev/null 2>&1 || die "bindeb-pkg made no $p package"
done
ls -l "$out"/*.deb
