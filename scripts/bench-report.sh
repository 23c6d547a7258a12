#!/bin/bash
# Turn the kvm_bench samples of the three kernels' runs into OUTDIR/
# samples.csv (every sample), summary.csv (per cell and kernel: samples,
# median, min, max, median slab growth), table.txt (medians side by side,
# with their spread and the ratios series/base and series/upstream, also on
# stdout), skipped.txt (cells a kernel did not run, and why) and gnuplot's
# SVG plots of the attribute ranges' latency and memory against their size.
# With BASE2_KTAP and SERIES2_KTAP, second passes of the base and the series
# (make bench's fault-in pass), their samples pool with the first passes',
# and passes.txt holds each pass's medians of the default VM's fault-in.
# usage: bench-report.sh OUTDIR BASE_KTAP SERIES_KTAP UPSTREAM_KTAP [BASE2_KTAP SERIES2_KTAP]
set -euo pipefail
out=${1:?outdir}
shift
kernels=(base series upstream base series)
echo "kernel,metric,variant,size,ranges,vcpus,stored,rep,ns,slab" >"$out/samples.csv"
: >"$out/skipped.txt"
: >"$out/passes.txt"
for i in 0 1 2 3 4; do
	[ $i -lt 3 ] || [ $# -gt 0 ] || break
	log=${1:?ktap log of ${kernels[$i]}}
	shift
	# The serial port ends lines with CR LF.
	tr -d '\r' <"$log" | sed -n "s/^# BENCH,/${kernels[$i]},/p" >>"$out/samples.csv"
	tr -d '\r' <"$log" | sed -n "s/^# BENCHSKIP,/${kernels[$i]},/p" >>"$out/skipped.txt"
	[ ${kernels[$i]} = upstream ] && continue
	for v in 4k 2m; do
		tr -d '\r' <"$log" | awk -F, -v v=$v '$1 == "# BENCH" && $2 == "faultin_default" && $3 == v { print $9 }' |
			sort -n | awk -v k="${kernels[$i]}" -v p=$(( i / 3 + 1 )) -v v=$v '{ x[NR] = $1 }
			END { if (NR) printf "pass %d %-6s faultin_default %s: median %d ns/page of %d samples\n", p, k, v,
				NR % 2 ? x[(NR + 1) / 2] : int((x[NR / 2] + x[NR / 2 + 1]) / 2), NR }' >>"$out/passes.txt"
	done
done

# Sorted by cell and value, each group's median is its middle line.
echo "kernel,metric,variant,size,ranges,vcpus,stored,n,median_ns,min_ns,max_ns,median_slab" >"$out/summary.csv"
tail -n +2 "$out/samples.csv" | sort -t, -k1,7 -k9,9n | awk -F, '
	function flush() {
		if (!n) return
		m = n % 2 ? v[(n + 1) / 2] : int((v[n / 2] + v[n / 2 + 1]) / 2)
		# The slab growth of the same samples, sorted on its own.
		for (i = 2; i <= n; i++) {
			x = s[i]
			for (j = i - 1; j >= 1 && s[j] > x; j--) s[j + 1] = s[j]
			s[j + 1] = x
		}
		ms = n % 2 ? s[(n + 1) / 2] : int((s[n / 2] + s[n / 2 + 1]) / 2)
		# %.0f: mawk prints integers past 2^31 as %.6g.
		printf "%s,%d,%.0f,%.0f,%.0f,%.0f\n", key, n, m, v[1], v[n], ms
	}
	{
		k = $1 "," $2 "," $3 "," $4 "," $5 "," $6 "," $7
		if (k != key) { flush(); key = k; n = 0 }
		n++; v[n] = $9 + 0; s[n] = $10 + 0
	}
	END { flush() }' >>"$out/summary.csv"

# One row per cell, in the order kvm_bench ran them: each kernel's median (and
# spread, (max - min) / median), then the ratios. Sizes in binary units; ns
# per page, range or conversion; slab: bytes grown.
awk -F, '
	function human(b) {
		if (b >= 1099511627776 && b % 1099511627776 == 0) return b / 1099511627776 "T"
		if (b >= 1073741824 && b % 1073741824 == 0) return b / 1073741824 "G"
		if (b >= 1048576 && b % 1048576 == 0) return b / 1048576 "M"
		if (b >= 1024 && b % 1024 == 0) return b / 1024 "K"
		return b
	}
	function cell(c) {
		if (!(c in med)) return sprintf("%20s", "-")
		return sprintf("%11.0f (%4.0f%%)", med[c], med[c] ? 100 * (mx[c] - mn[c]) / med[c] : 0)
	}
	function slabof(c) {
		if (!(c in slab) || slab[c] < 0) return "-"
		return slab[c]
	}
	function ratio(a, b) {
		if (!(a in med) || !(b in med) || !med[b]) return sprintf("%8s", "-")
		return sprintf("%8.3f", med[a] / med[b])
	}
	FNR == 1 { next }
	NR == FNR {
		c = $2 "," $3 "," $4 "," $5 "," $6 "," $7
		if (!(c in seen)) { seen[c] = 1; order[++nc] = c }
		next
	}
	{
		c = $2 "," $3 "," $4 "," $5 "," $6 "," $7
		med[$1 "," c] = $9; mn[$1 "," c] = $10; mx[$1 "," c] = $11; slab[$1 "," c] = $12
	}
	END {
		printf "%-16s %-9s %5s %5s %3s %6s %20s %20s %20s %8s %8s %10s %10s\n", \
			"metric", "variant", "size", "ranges", "cpu", "stored", \
			"base ns (spread)", "series ns (spread)", "upstream ns (spread)", \
			"ser/base", "ser/ups", "ser slab", "ups slab"
		for (i = 1; i <= nc; i++) {
			split(order[i], f, ",")
			printf "%-16s %-9s %5s %5s %3s %6s %s %s %s %s %s %10s %10s\n", \
				f[1], f[2], human(f[3]), f[4], f[5], f[6], \
				cell("base," order[i]), cell("series," order[i]), cell("upstream," order[i]), \
				ratio("series," order[i], "base," order[i]), \
				ratio("series," order[i], "upstream," order[i]), \
				slabof("series," order[i]), slabof("upstream," order[i])
		}
	}' "$out/samples.csv" "$out/summary.csv" >"$out/table.txt"
cat "$out/table.txt"
[ ! -s "$out/passes.txt" ] || { echo; cat "$out/passes.txt"; }
[ ! -s "$out/skipped.txt" ] || { echo; echo "not run:"; cat "$out/skipped.txt"; }

# Plots: one line per kernel and variant, of column COL against column X
# (4: the range size, where one range is converted; 7: the ranges stored).
plot() {
	local file=$1 metric=$2 col=$3 ylabel=$4 title=$5 x=${6:-4} xlabel=${7:-range size (bytes)} data=()
	for k in series upstream; do
		for v in none gmem; do
			# A log scale has no 0: 1 stands for it.
			awk -F, -v k=$k -v v=$v -v c="$col" -v m="$metric" -v x="$x" '$1 == k && $2 == m && $3 == v && (x != 4 || $5 == 1) {
				print $x, ($c > 0 ? $c : 1) }' "$out/summary.csv" | sort -n >"$out/plot-$k-$v.dat"
			[ -s "$out/plot-$k-$v.dat" ] && data+=("'$out/plot-$k-$v.dat' using 1:2 with linespoints title '$k, $v'")
		done
	done
	[ ${#data[@]} -gt 0 ] || return 0
	gnuplot <<-GP
	set terminal svg size 800,500 dynamic
	set output '$out/$file'
	set title '$title'
	set logscale x $([ "$x" = 4 ] && echo 2 || echo 10)
	set logscale y 10
	set xlabel '$xlabel'
	set ylabel '$ylabel'
	set key top left
	set grid
	plot $(IFS=,; echo "${data[*]}")
	GP
}
if command -v gnuplot >/dev/null; then
	plot attr-latency.svg attr_private 9 'ns per KVM_SET_MEMORY_ATTRIBUTES (median)' \
		'Converting one range to private: latency against its size'
	plot attr-memory.svg mem_private 12 'slab bytes grown (0 drawn as 1)' \
		'Converting one range to private: kernel memory against its size'
	plot stored-memory.svg mem_stored 12 'slab bytes grown (0 drawn as 1)' \
		'Scattered 4 KiB private ranges: kernel memory against their number' 7 'ranges stored'
	plot stored-latency.svg scaling_stored 9 'ns per 4 KiB conversion (median)' \
		'One 4 KiB conversion against the ranges already stored' 7 'ranges stored'
	rm -f "$out"/plot-*.dat
fi
