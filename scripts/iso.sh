#!/bin/bash
# Make a bootable CD image (isolinux, genisoimage) that boots KERNEL with
# INITRD and the kernel command line CMDLINE: Bochs cannot load a kernel
# directly, as QEMU's -kernel does.
# usage: iso.sh KERNEL INITRD CMDLINE OUT.iso
set -euo pipefail
kernel=${1:?kernel} initrd=${2:?initrd} cmdline=${3:?cmdline} out=${4:?output iso}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/isolinux"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$root/isolinux/"
cp "$kernel" "$root/isolinux/vmlinuz"
cp "$initrd" "$root/isolinux/initrd"
cat >"$root/isolinux/isolinux.cfg" <<EOF
DEFAULT linux
PROMPT 0
TIMEOUT 0
LABEL linux
  KERNEL vmlinuz
  INITRD initrd
  APPEND $cmdline
EOF
genisoimage -quiet -o "$out" -b isolinux/isolinux.bin -c isolinux/boot.cat \
	-no-emul-boot -boot-load-size 4 -boot-info-table -l -r "$root"
