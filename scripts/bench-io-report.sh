#!/usr/bin/env bash
# Tables, goal checks and plots of scripts/bench-io.sh, from OUT/io.csv and
# the raw lines in OUT/io/: writes OUT/io.md and OUT/io-*.png.
#   scripts/bench-io-report.sh OUT
set -euo pipefail
out=${1:?usage: bench-io-report.sh OUT}
w=$out/io
csv=$out/io.csv
md=$out/io.md
[ -s "$csv" ] || { echo "bench-io-report.sh: no $csv" >&2; exit 1; }

{
	echo "# Paravirtual vs emulated I/O ($(date -u +%Y-%m-%d))"
	echo
	echo "Block requests from our kernel's \`bench-blk\` under \`-icount shift=0,sleep=off\`,"
	echo "one vCPU; per request: exits, guest instructions, hypervisor instructions"
	echo "(exit to next entry, world switch included), device interrupts taken by the guest."
	echo "Depth 1 is the trap path (pread/pwrite), deeper ones the system-call ring."
	echo
	echo "| device | op | size | qd | requests | exits/req | guest instr/req | hyp instr/req | irqs/req |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
	tail -n +2 "$csv" | awk -F, '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }'
	echo
} >"$md"

# ---- goals -----------------------------------------------------------------
goals() {
	awk -F, 'NR > 1 {
		key = $1 "," $2 "," $3 "," $4
		ex[key] = $6; ins[key] = $7 + $8
		if ($1 == "virtio" && $3 == 4096 && $4 >= 16 && $6 > vmax) { vmax = $6; vrow = $2 " qd " $4 }
		if ($1 == "emu-dma" && (dmin == "" || $6 < dmin)) { dmin = $6; drow = $2 " " $3 " qd " $4 }
		if ($1 == "emu-pio" && $3 == 4096 && (pmin == "" || $6 < pmin)) { pmin = $6; prow = $2 " qd " $4 }
	}
	END {
		printf "| goal | result | |\n|---|---|---|\n"
		printf "| virtio-blk <= 0.1 exits per 4 KiB request at depth >= 16 | worst %.3f (%s) | %s |\n", vmax, vrow, (vmax <= 0.1 ? "met" : "**not met**")
		printf "| emulated DMA >= 5 exits per request | least %.2f (%s) | %s |\n", dmin, drow, (dmin >= 5 ? "met" : "**not met**")
		printf "| emulated PIO >= 512 exits per 4 KiB | least %.1f (%s) | %s |\n", pmin, prow, (pmin >= 512 ? "met" : "**not met**")
		rmin = ""
		split("read write randread randwrite", ops, " ")
		for (o = 1; o <= 4; o++) for (q = 1; q <= 64; q *= 4) {
			if (q == 4) continue
			kp = "emu-pio," ops[o] ",4096," q; kv = "virtio," ops[o] ",4096," q
			if (!(kp in ins) || !(kv in ins) || ins[kv] == 0) continue
			r = ins[kp] / ins[kv]
			if (rmin == "" || r < rmin) { rmin = r; rrow = ops[o] " qd " q " (" ins[kp] " / " ins[kv] ")" }
		}
		printf "| instructions per 4 KiB request, PIO / virtio >= 20 (guest + hypervisor) | least %.1f (%s) | %s |\n", rmin, rrow, (rmin >= 20 ? "met" : "**not met**")
	}' "$csv"
}
{
	echo "## Goals"
	echo
	goals
	echo
} >>"$md"

# ---- console ---------------------------------------------------------------
if [ -s "$w/con.lines" ]; then
	{
		echo "## Console output"
		echo
		echo "Bytes written by a program to the virtio console (hvc0) and to the emulated"
		echo "ns16550a (ttyS0), under -icount. Our kernel: \`bench-con\` (1 KiB writes),"
		echo "counters read around the writes. Linux: \`scripts/bench-io-linux-con.sh\`"
		echo "(busybox \`yes | head -c\` into the device), a boot that writes minus a boot"
		echo "that writes the same to /dev/null."
		echo
		echo "| kernel | device | bytes | exits/KiB | guest instr/byte | hyp instr/byte | instr/byte |"
		echo "|---|---|---:|---:|---:|---:|---:|"
		awk '{
			for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
			b = f["bytes"]; if (!b) next
			k = $1 == "gk" ? "ours" : "Linux"
			d = f["device"] == "virtio" ? "virtio-console (hvc0)" : "ns16550a (ttyS0)"
			printf "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f |\n", k, d, b, f["exits"] * 1024 / b,
				f["guest_instr"] / b, f["hyp_instr"] / b, (f["guest_instr"] + f["hyp_instr"]) / b
		}' "$w/con.lines"
		echo
	} >>"$md"
fi

# ---- wall time -------------------------------------------------------------
walls=$(ls "$w"/wall-*.lines 2>/dev/null || true)
if [ -n "$walls" ]; then
	{
		echo "## Wall time, 4 KiB reads (no -icount)"
		echo
		echo "The three devices in turn in each of $(echo "$walls" | wc -l) boots (the order rotating);"
		echo "time per request from the guest's \`rdtime\` (10 MHz), median over the rounds, and"
		echo "the ratio per round (median, lowest-highest). Below 1: the paravirtual path took less time."
		echo
		echo "| qd | virtio us/req | emu-dma us/req | emu-pio us/req | virtio / emu-dma | virtio / emu-pio |"
		echo "|---:|---:|---:|---:|---:|---:|"
		for f in $walls; do awk -v r="$f" '{
			for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
			print r, f["device"], f["qd"], f["ticks"] / f["requests"] / 10 }' "$f"; done |
		awk '{ t[$2 "," $3 "," $1] = $4; us[$2 "," $3] = us[$2 "," $3] " " $4; rounds[$1] = 1; qds[$3] = 1 }
		function med(s,   a, n, i, j, x) {
			n = split(s, a, " ")
			for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
			return n ? (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2) : 0
		}
		function lo(s,   a, n, i, m) { n = split(s, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] < m) m = a[i]; return m }
		function hi(s,   a, n, i, m) { n = split(s, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] > m) m = a[i]; return m }
		END {
			for (q = 1; q <= 64; q++) {
				if (!(q in qds)) continue
				rd = ""; rp = ""
				for (r in rounds) {
					v = t["v," q "," r]; d = t["d," q "," r]; p = t["p," q "," r]
					if (v && d) rd = rd " " v / d
					if (v && p) rp = rp " " v / p
				}
				printf "| %d | %.1f | %.1f | %.1f | %.2f (%.2f-%.2f) | %.3f (%.3f-%.3f) |\n", q,
					med(us["v," q]), med(us["d," q]), med(us["p," q]),
					med(rd), lo(rd), hi(rd), med(rp), lo(rp), hi(rp)
			}
		}'
		echo
	} >>"$md"
fi

# ---- Linux dd --------------------------------------------------------------
if [ -s "$w/linux-blk.txt" ]; then
	{
		echo "## Linux dd on /dev/vda: our virtio-blk against QEMU's"
		echo
		echo "\`scripts/bench-linux-blk.sh\` (BENCH_IO_LINUX_ROUNDS rounds, default 1; REPS=3), 2 vCPUs, wall time, both boots"
		echo "in one run. Throughput ratio = hypervisor MiB/s / direct MiB/s."
		echo
		echo "| dd | direct MiB/s | hypervisor MiB/s | hypervisor / direct |"
		echo "|---|---:|---:|---:|"
		awk '/^(read|write) 32 MiB/ { name = $1 " 32 MiB" }
			/MiB\/s \(this machine/ && name != "" {
				d = $(NF - 3); h = $(NF - 2)
				for (i = 1; i <= NF; i++) if ($i == "round:") { d = $(i - 3); h = $(i - 2) }
				printf "| %s | %s | %s | %s |\n", name, d, h, (d + 0 > 0 && h + 0 > 0) ? sprintf("%.2f", h / d) : "n/a"
				name = ""
			}' "$w/linux-blk.txt"
		echo
	} >>"$md"
fi

# ---- plots -----------------------------------------------------------------
if command -v gnuplot >/dev/null; then
	for d in virtio emu-dma emu-pio; do
		awk -F, -v d="$d" '$1 == d && $2 == "read" && $4 == 1 { print $3, $6, $7 + $8 }' "$csv" >"$w/plot-size-$d.dat"
		awk -F, -v d="$d" '$1 == d && $2 == "read" && $3 == 4096 { print $4, $6, $7 + $8 }' "$csv" >"$w/plot-qd-$d.dat"
	done
	plot() { # FILE XLABEL YLABEL COLUMN KIND TITLE
		gnuplot <<GP
set terminal png size 800,560
set output "$out/$1"
set logscale xy
set grid
set key below
set title "$6"
set xlabel "$2"
set ylabel "$3"
plot "$w/plot-$5-virtio.dat" using 1:$4 with linespoints title "virtio-blk (paravirtual)", \
     "$w/plot-$5-emu-dma.dat" using 1:$4 with linespoints title "emulated, DMA", \
     "$w/plot-$5-emu-pio.dat" using 1:$4 with linespoints title "emulated, PIO"
GP
	}
	plot io-exits-size.png "request size (bytes)" "exits per request" 2 size "sequential reads, depth 1"
	plot io-instr-size.png "request size (bytes)" "instructions per request (guest + hypervisor)" 3 size "sequential reads, depth 1"
	plot io-exits-qd.png "queue depth" "exits per request" 2 qd "4 KiB sequential reads"
	plot io-instr-qd.png "queue depth" "instructions per request (guest + hypervisor)" 3 qd "4 KiB sequential reads"
	{
		echo "## Plots"
		echo
		for p in exits-size instr-size exits-qd instr-qd; do echo "![$p](io-$p.png)"; done
		echo
	} >>"$md"
else
	echo "bench-io-report.sh: no gnuplot, no plots" >&2
fi
cat "$md"
