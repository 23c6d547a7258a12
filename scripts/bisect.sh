#!/bin/bash
# Build every prefix of the series but the last (the full build covers it) in
# a worktree of TREE: arch/x86/kvm/ (with virt/kvm/) under CONFIG when a patch
# touches kernel code, and the KVM selftests when it touches them or the uapi.
# 6.1.192's own selftests do not all build, so a prefix passes the selftests
# check when every test that built before it still builds (the first prefix
# is compared with the base). Prints one KTAP line per prefix.
# usage: bisect.sh TREE CONFIG WORKDIR
set -euo pipefail
tree=$(realpath "${1:?tree}") config=$(realpath "${2:?config}") work=${3:?workdir}
here=$(dirname "$(realpath "$0")")
mkdir -p "$work"
work=$(realpath "$work")
wt=$work/linux obj=$work/obj
export CCACHE_DIR=${CCACHE_DIR:-$(dirname "$work")/ccache}
export CCACHE_BASEDIR=$work
if [ ! -d "$wt" ]; then
	git -C "$tree" worktree prune
	git -C "$tree" worktree add -q --detach "$wt" base
fi
mkdir -p "$obj"
commits=$(git -C "$tree" rev-list --reverse base..HEAD | head -n -1)
n=$(echo "$commits" | grep -c . || true)
echo "1..$n"

touches_selftests() {
	grep -q '^\(tools/testing/selftests/kvm\|include/uapi\|arch/x86/include/uapi\)/' <<<"$1"
}

# Build the selftests of the worktree as checked out, going on past errors;
# print the tests that failed to build.
selftests_failing() {
	local log=$1
	"$here/install-headers.sh" "$wt" "$obj" >>"$log" 2>&1
	# Without debug info (a third less time): only whether they build counts.
	KEEP_GOING=1 SELFTESTS_CFLAGS=-g0 "$here/build-selftests.sh" "$wt" "$obj" "$work/selftests" >>"$log" 2>&1 || true
	sed -n "s|^make\(\[[0-9]*\]\)\?: \*\*\* \[[^]]*: $work/selftests/\([^]]*\)\] Error .*|\2|p" "$log" | sort -u
}

all_files=$(git -C "$tree" diff --name-only base HEAD)
if touches_selftests "$all_files"; then
	git -C "$wt" checkout -q --detach base
	cp "$config" "$obj/.config"
	make -C "$wt" O="$obj" olddefconfig >"$work/base.log" 2>&1
	selftests_failing "$work/base.log" >"$work/failing"
fi

k=0
for c in $commits; do
	k=$((k + 1))
	subject=$(git -C "$tree" log -1 --format=%s "$c")
	git -C "$wt" checkout -q --detach "$c"
	files=$(git -C "$wt" diff --name-only "$c^" "$c")
	log=$work/prefix-$k.log
	ok=1 why=
	: >"$log"
	if grep -qv '^\(tools\|Documentation\)/' <<<"$files"; then
		cp "$config" "$obj/.config"
		make -C "$wt" O="$obj" CC="ccache gcc" -j"$(nproc)" olddefconfig \
			arch/x86/kvm/ >>"$log" 2>&1 || { ok=0; why=" (arch/x86/kvm/)"; }
	fi
	if [ $ok = 1 ] && touches_selftests "$files"; then
		selftests_failing "$log" >"$work/failing.new"
		broken=$(comm -13 "$work/failing" "$work/failing.new")
		[ -z "$broken" ] || { ok=0; why=" (selftests that built before: $(echo $broken))"; }
		mv "$work/failing.new" "$work/failing"
	fi
	if [ $ok = 1 ]; then
		echo "ok $k prefix $k builds: $subject"
	else
		echo "not ok $k prefix $k builds$why: $subject (log: $log)"
	fi
done
