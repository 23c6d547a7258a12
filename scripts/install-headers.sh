#!/bin/bash
# Install the uapi headers of TREE's build in OBJDIR into OBJDIR/hdr, touching
# only the files whose content changed: the KVM selftests rebuild from scratch
# when a header is newer than their last build (build-selftests.sh), and a
# plain headers_install rewrites every header.
# usage: install-headers.sh TREE OBJDIR
set -euo pipefail
tree=$(realpath "${1:?tree}") obj=$(realpath "${2:?objdir}")
make -C "$tree" O="$obj" headers_install INSTALL_HDR_PATH="$obj/hdr.new"
mkdir -p "$obj/hdr"
rsync -rc --delete "$obj/hdr.new/" "$obj/hdr/"
