#!/bin/bash
# Build KVM (arch/x86/kvm/, which compiles virt/kvm/ too) with Debian's own
# configuration for 6.1 under olddefconfig, as a distro would: first with
# the series' options at their defaults (off, so CONFIG_KVM_PRIVATE_MEM is
# unset), then with CONFIG_KVM_SW_PROTECTED_VM=y, then with every option of
# the series. Each has two results in a TAP plan (for plan.sh): olddefconfig
# warned about nothing; the options took effect, KVM built and the compiler
# warned about nothing. Only KVM's directory is built: the whole
# kernel under Debian's configuration takes hours on 2 cores.
# usage: build-distro.sh TREE OBJDIR DEBIAN_CONFIG LOGDIR
set -uo pipefail
tree=$(realpath "${1:?tree}") obj=${2:?objdir} debcfg=${3:?debian config} logs=${4:?log dir}
here=$(dirname "$(realpath "$0")")
. "$here/lib.sh"
mkdir -p "$obj" "$logs"
obj=$(realpath "$obj")
export CCACHE_DIR=${CCACHE_DIR:-$(dirname "$obj")/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$obj")}
k=0
result() { # result OK DESCRIPTION
	k=$((k + 1))
	echo "$([ "$1" = 1 ] || printf 'not ')ok $k $2"
}
kmake() { make -C "$tree" O="$obj" CC="ccache gcc" -j"$(nproc)" "$@"; }

# config ID NAME SCRIPTS-CONFIG-ARGS...: Debian's configuration plus the
# changes, olddefconfig'd; then KVM's directory. ID names the log.
config() {
	local id=$1 name=$2 log=$logs/distro-$1.log ok=1 v w
	shift 2
	if [ ! -s "$debcfg" ]; then
		result 0 "Debian's 6.1 configuration, $name: no configuration at $debcfg"
		return
	fi
	: >"$log"
	case $debcfg in
	*.xz)	xz -dc "$debcfg" >"$obj/.config" ;;
	*)	cp "$debcfg" "$obj/.config" ;;
	esac
	[ $# = 0 ] || "$tree/scripts/config" --file "$obj/.config" "$@"
	kmake olddefconfig >>"$log" 2>&1 || ok=0
	# Kconfig's own complaints: unmet dependencies, invalid or unknown values.
	w=$(grep -iE 'warning' "$log" | grep -c . || true)
	result "$([ $ok = 1 ] && [ "$w" = 0 ] && echo 1)" \
		"Debian's 6.1 configuration, $name: olddefconfig warns about nothing ($w warnings, log: $log)"
	[ "$w" = 0 ] || grep -iE 'warning' "$log" | head -n 10 | sed 's/^/# /'
	# What was asked for took effect (an unmet dependency drops it silently).
	while [ $# -gt 0 ]; do
		case $1 in
		--enable) v=y ;;
		--module) v=m ;;
		*) die "build-distro.sh: $1: only --enable and --module" ;;
		esac
		grep -qx "CONFIG_$2=$v" "$obj/.config" || { ok=0; echo "# CONFIG_$2=$v did not take effect"; }
		shift 2
	done
	case $id in
	off) ! grep -q '^CONFIG_KVM_PRIVATE_MEM=y' "$obj/.config" || { ok=0; echo "# CONFIG_KVM_PRIVATE_MEM is set"; } ;;
	esac
	kmake arch/x86/kvm/ >>"$log" 2>&1 || ok=0
	w=$(build_warnings "$log" | grep -v 'olddefconfig' | grep -c . || true)
	result "$([ $ok = 1 ] && [ "$w" = 0 ] && echo 1)" \
		"Debian's 6.1 configuration, $name: arch/x86/kvm/ and virt/kvm/ build without warnings ($w)"
	[ $ok = 1 ] || tail -n 20 "$log" | sed 's/^/# /'
	[ "$w" = 0 ] || build_warnings "$log" | head -n 10 | sed 's/^/# /'
}

echo 1..6
config off "the series' options off (KVM_PRIVATE_MEM unset)"
config sw "KVM_SW_PROTECTED_VM=y" --enable KVM_SW_PROTECTED_VM
# Debian builds KVM as modules: the KUnit suites then are modules of KVM's.
config all "KVM_SW_PROTECTED_VM=y, its test hooks, KUNIT=m and KVM_KUNIT_TEST=m" \
	--enable KVM_SW_PROTECTED_VM --enable KVM_SW_PROTECTED_VM_TEST_HOOKS \
	--module KUNIT --module KVM_KUNIT_TEST
