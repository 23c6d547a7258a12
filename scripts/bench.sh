#!/bin/bash
# make bench: build the unpatched base, the series and upstream (Debian's
# linux-source-6.12) with the same fragments, boot each in turn under lane
# npt1's QEMU configuration, run bench/kvm_bench in it, and report medians,
# spreads and ratios (bench-report.sh) into OUTDIR. Benchmarks judge nothing:
# this fails only when something did not build or a run did not finish.
# usage: bench.sh TREE BENCHDIR OUTDIR UPSTREAM_PIN_FILE
set -euo pipefail
here=$(dirname "$(realpath "$0")")
top=$(dirname "$here")
. "$here/lib.sh"
tree=$(realpath "${1:?tree}") bench=${2:?benchdir} out=${3:?outdir} pin=$(cat "${4:?pin file}")
mkdir -p "$bench" "$out"
bench=$(realpath "$bench") out=$(realpath "$out")
t0=$(date +%s)
progress() { echo "bench [$(( $(date +%s) - t0 ))s]: $*" >&2; }

# Upstream's source, at the pinned version where Debian still offers it, and
# gnuplot for the plots: only make bench needs them.
have=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || true)
want=()
if [ "$have" != "$pin" ]; then
	apt-get update -qq
	if apt-cache madison linux-source-6.12 | awk '{ print $3 }' | grep -qxF "$pin"; then
		want+=("linux-source-6.12=$pin")
	else
		newest=$(apt-cache madison linux-source-6.12 | awk '{ print $3 }' | sort -V | tail -n1)
		[ -n "$newest" ] || die "no linux-source-6.12 package offered"
		echo "WARNING: linux-source-6.12 $pin is not offered: upstream is $newest" >&2
		[ "$have" = "$newest" ] || want+=("linux-source-6.12=$newest")
	fi
fi
dpkg-query -W -f='${Status}' gnuplot-nox 2>/dev/null | grep -q "ok installed" || want+=(gnuplot-nox)
if [ ${#want[@]} -gt 0 ]; then
	progress "installing ${want[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${want[@]}" >"$bench/apt.log" 2>&1 ||
		{ tail -n 20 "$bench/apt.log" >&2; die "apt-get install failed"; }
fi
upstream_version=$(dpkg-query -W -f='${Version}' linux-source-6.12)
tarball=/usr/src/linux-source-6.12.tar.xz
# A newer package brings a new tarball: unpack it again.
if [ "$(cat "$bench/upstream/version" 2>/dev/null)" != "$upstream_version" ]; then
	rm -rf "$bench/upstream/linux"
	mkdir -p "$bench/upstream"
	echo "$upstream_version" >"$bench/upstream/version"
fi

progress "kernels (a cold run builds three: about 10 minutes each on 2 cores)"
"$here/bench-kernels.sh" "$tree" "$bench" "$tarball" "$top/configs/kvm.config" "$top/configs/bench.config"

progress "the benchmark programs"
step "bench: build the selftests library" "$bench/selftests.log" \
	"$here/build-selftests.sh" "$tree" "$bench/series/obj" "$bench/selftests"
mkdir -p "$bench/bin"
step "bench: build kvm_bench" "$bench/bin.log" \
	"$here/build-demo.sh" "$tree" "$bench/series/obj" "$bench/selftests" "" \
	"$top/bench/kvm_bench.c" "$bench/bin/kvm_bench"
step "bench: build kvm_bench_upstream" "$bench/bin-upstream.log" \
	"$here/build-demo.sh" "$tree" "$bench/series/obj" "$bench/selftests" "" \
	"$top/bench/kvm_bench.c" "$bench/bin/kvm_bench_upstream" -DBENCH_UPSTREAM

cp "$top/bench/kvm_bench_faultin.sh" "$bench/bin/"
# The base and the series twice, A B C A B: the second pass, over the
# default VM's fault-in alone, shows the drift between boots of one kernel,
# and the samples of both passes pool, for a ratio that must hold within 1%.
for run in base series upstream base.2 series.2; do
	k=${run%.2}
	prog=kvm_bench
	[ $k != upstream ] || prog=kvm_bench_upstream
	[ $run = $k ] || prog=kvm_bench_faultin.sh
	rm -rf "$bench/run/$run"
	mkdir -p "$bench/run/$run"
	echo "$prog 3000" >"$bench/run/$run/list.npt1"
	progress "running on $k ($(cat "$bench/$k/obj/include/config/kernel.release")), $prog"
	step "bench: boot $k, run $prog" "$bench/run/$run/boot.log" \
		"$here/run-lanes.sh" "$bench/$k/obj" "$bench/bin" "$bench/run/$run" npt1
	log=$bench/run/$run/npt1/ktap.log
	# The serial port ends lines with CR LF.
	tr -d '\r' <"$log" | grep -q "^ok 1 $prog " && tr -d '\r' <"$log" | grep -q '^# # kvm_bench done$' ||
		die "$prog did not finish on $k: $(grep -m1 '^not ok' "$log" || tail -n1 "$log")"
done

progress "report"
{
	echo "# machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
	echo "# qemu: $(qemu-system-x86_64 --version | head -n1)"
	echo "# base: linux-source-6.1 $(dpkg-query -W -f='${Version}' linux-source-6.1), tag base"
	echo "# series: $(git -C "$tree" rev-list --count base..HEAD) patches, $(git -C "$tree" rev-parse --short HEAD)"
	echo "# upstream: linux-source-6.12 $upstream_version"
} >"$out/env.txt"
"$here/bench-report.sh" "$out" "$bench/run/base/npt1/ktap.log" \
	"$bench/run/series/npt1/ktap.log" "$bench/run/upstream/npt1/ktap.log" \
	"$bench/run/base.2/npt1/ktap.log" "$bench/run/series.2/npt1/ktap.log"
progress "done: $out/table.txt, $out/samples.csv, $out/summary.csv, $out/*.svg"
