#!/bin/bash
# Install the Debian packages the harness needs, and the pinned kernel source.
# usage: deps.sh PIN_FILE
set -euo pipefail
pin_file=${1:?pin file}
pin=$(cat "$pin_file")

pkgs=(make gcc libc6-dev flex bison bc libelf-dev libssl-dev cpio kmod xz-utils
      git perl python3 python3-ply python3-git ccache busybox-static qemu-system-x86 rsync
      bochs bochs-term bochsbios vgabios isolinux syslinux-common genisoimage
      dpkg-dev fakeroot openssl python3-sphinx python3-sphinx-rtd-theme)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done

have=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || true)
updated=
apt_update() { [ -n "$updated" ] || { apt-get update -qq; updated=1; }; }

if [ "$have" != "$pin" ]; then
	apt_update
	if apt-cache madison linux-source-6.1 | awk '{print $3}' | grep -qxF "$pin"; then
		missing+=("linux-source-6.1=$pin")
	else
		newest=$(apt-cache madison linux-source-6.1 | awk '{print $3}' | sort -V | tail -n1)
		[ -n "$newest" ] || { echo "error: no linux-source-6.1 package offered" >&2; exit 1; }
		cat >&2 <<-MSG
		################################################################
		WARNING: pinned linux-source-6.1 $pin is no longer offered.
		WARNING: falling back to linux-source-6.1 $newest.
		WARNING: results are for $newest, not for the pinned $pin.
		################################################################
		MSG
		[ "$have" = "$newest" ] || missing+=("linux-source-6.1=$newest")
	fi
fi

# Debian's own configuration, for the distro builds (build-distro.sh) and
# `make deb CONFIG=debian`: the pinned version where Debian still offers it,
# else the newest (the configuration of a Debian revision rarely changes); one
# of the pinned upstream version, once installed, stays.
have_cfg=$(dpkg-query -W -f='${Version}' linux-config-6.1 2>/dev/null || true)
if [ "${have_cfg%-*}" != "${pin%-*}" ]; then
	apt_update
	offered=$(apt-cache madison linux-config-6.1 | awk '{print $3}' | sort -V)
	if grep -qxF "$pin" <<<"$offered"; then
		want_cfg=$pin
	else
		want_cfg=$(tail -n1 <<<"$offered")
		[ -n "$want_cfg" ] || { echo "error: no linux-config-6.1 package offered" >&2; exit 1; }
		[ "$have_cfg" = "$want_cfg" ] ||
			echo "note: linux-config-6.1 $pin is not offered: using Debian's configuration of $want_cfg" >&2
	fi
	if [ "$have_cfg" != "$want_cfg" ]; then
		missing+=("linux-config-6.1=$want_cfg")
		# apt upgrades an installed linux-source-6.1, which the
		# configuration recommends, along with it: name the one to keep.
		printf '%s\n' "${missing[@]}" | grep -q '^linux-source-6.1=' || missing+=("linux-source-6.1=$have")
	fi
fi

if [ ${#missing[@]} -gt 0 ]; then
	echo "installing: ${missing[*]}" >&2
	apt_update
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		--allow-downgrades "${missing[@]}" >/dev/null
fi
