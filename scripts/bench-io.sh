#!/usr/bin/env bash
# Paravirtual against emulated I/O, one command (make bench-io; docs/benchmarks.md):
#  1. bench-blk in our kernel under -icount shift=0,sleep=off, one boot per
#     device (virtio-blk "vda", rvh,emu-blk by DMA "eda" and by PIO
#     "eda-pio"): exits, guest and hypervisor instructions and interrupts
#     per request -> io.csv, io.md, PNG plots (gnuplot);
#  2. console output, our kernel (bench-con: hvc0 and ttyS0) under -icount,
#     and Linux (scripts/bench-io-linux-con.sh): exits per KiB,
#     instructions per byte;
#  3. wall time of 4 KiB reads at depth 1 and 16, the three devices side by
#     side without -icount (WALL_ROUNDS boots, 4): paravirtual / emulated;
#  4. Linux dd of 32 MiB on our virtio-blk against QEMU's directly
#     (scripts/bench-linux-blk.sh): the ratio.
# Environment: BUILD (build); QUICK=1 for a short run of part 1 only (a
# smoke check); NO_LINUX=1 leaves out the Linux parts; BENCH_IO_LINUX_ROUNDS
# (1) rounds of the Linux dd comparison.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
B=${BUILD:-build}
out=$B/bench
w=$out/io
mkdir -p "$w"
for f in "$B/hypervisor.elf" "$B/guest/kernel.elf" "$B/guest/initrd.cpio"; do
	[ -f "$f" ] || { echo "bench-io.sh: $f is missing (make build first)" >&2; exit 1; }
done
t0=$(date +%s)

# gk_bundle NAME BOOTARGS: our kernel with a virtio-blk disk (virtio.img)
# and an emulated controller (emu.img); the default devices besides
gk_bundle() {
	cat >"$w/$1.dts" <<DTS
/dts-v1/;
/ {
	compatible = "rvh,bundle-v1";
	guests {
		gk {
			memory-size = /bits/ 64 <0x8000000>;
			cpus = <1>;
			bootargs = "$2";
			image = /incbin/("$top/$B/guest/kernel.elf");
			initrd = /incbin/("$top/$B/guest/initrd.cpio");
			vda { compatible = "virtio,blk"; serial = "bio-v"; host-file = "virtio.img"; };
			emu { compatible = "rvh,emu-blk"; serial = "bio-e"; host-file = "emu.img"; };
		};
	};
};
DTS
	scripts/mkbundle.sh -o "$w/$1.bundle" --config "$w/$1.dts"
}

# gk_run NAME BOOTARGS [ICOUNT]: one boot, log in $w/NAME.log
gk_run() {
	gk_bundle "$1" "$2"
	ICOUNT=${3:-1} timeout 1200 scripts/qemu-run.sh "$B/hypervisor.elf" "$w/$1.bundle" \
		</dev/null >"$w/$1.log" 2>&1 || true
	grep -qa "init exited with status 0" "$w/$1.log" ||
		echo "bench-io.sh: $1: the guest program failed (see $w/$1.log)" >&2
}

rm -f "$w"/*.img
truncate -s 16M "$w/virtio.img" "$w/emu.img"

# ---- 1. block requests under -icount -----------------------------------
# per device: n (requests per phase), maxbytes (per phase), span; the PIO
# path costs some 600 exits per 4 KiB, so it gets fewer requests
if [ "${QUICK:-0}" = 1 ]; then
	common="sizes=512,4096,65536"
	specs=("virtio qds=1,16,64 n=32 maxbytes=524288 span=262144 virtio:/dev/vda:v:0"
		"emu-dma qds=1,16 n=16 maxbytes=262144 span=262144 emu-dma:/dev/eda:d:0"
		"emu-pio qds=1,4 sizes=512,4096 n=4 maxbytes=16384 span=131072 emu-pio:/dev/eda-pio:p:8192")
else
	common="sizes=512,4096,65536 qds=1,16,64"
	specs=("virtio n=512 maxbytes=16777216 span=1048576 virtio:/dev/vda:v:0"
		"emu-dma n=128 maxbytes=4194304 span=1048576 emu-dma:/dev/eda:d:0"
		"emu-pio n=32 maxbytes=262144 span=262144 emu-pio:/dev/eda-pio:p:8192")
fi
: >"$w/blk.lines"
for s in "${specs[@]}"; do
	name=${s%% *}
	gk_run "blk-$name" "init=/bin/bench-blk -- $common ${s#* }"
	grep -a "^bench-blk: device=" "$w/blk-$name.log" | tr -d '\r' >>"$w/blk.lines" || true
	grep -qa "bench-blk: verify ok" "$w/blk-$name.log" ||
		echo "bench-io.sh: $name: the data read back differ from what was written (see $w/blk-$name.log)" >&2
done
grep -q " hv=1 " "$w/blk.lines" ||
	{ echo "bench-io.sh: no hypervisor counters in the guest (SBI_EXT_RVH missing?)" >&2; exit 1; }

# key=value field of a line
kv() { sed -nE "s/.* $1=([^ ]+).*/\\1/p"; }
csv=$out/io.csv
echo "device,op,size,qd,requests,exits_per_req,guest_instr_per_req,hyp_instr_per_req,irqs_per_req" >"$csv"
awk '{
	for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
	n = f["requests"]
	printf "%s,%s,%s,%s,%d,%.3f,%.1f,%.1f,%.3f\n", f["device"], f["op"], f["size"], f["qd"], n,
		f["exits"] / n, f["guest_instr"] / n, f["hyp_instr"] / n, f["irqs"] / n
}' "$w/blk.lines" >>"$csv"

# ---- 2. console output ---------------------------------------------------
con_bytes=32768
[ "${QUICK:-0}" = 1 ] && con_bytes=4096
gk_run con "init=/bin/bench-con -- bytes=$con_bytes virtio:/dev/hvc0 uart:/dev/ttyS0"
grep -a "^bench-con: device=" "$w/con.log" | tr -d '\r' | sed 's/^bench-con:/gk/' >"$w/con.lines" || true
if [ "${QUICK:-0}" != 1 ] && [ "${NO_LINUX:-0}" != 1 ]; then
	scripts/bench-io-linux-con.sh "$w/linux-con" 65536 | sed 's/^linux-con:/linux/' >>"$w/con.lines" ||
		echo "bench-io.sh: the Linux console boots failed (see $w/linux-con)" >&2
fi

# ---- 3. wall time, no -icount -------------------------------------------
# WALL_ROUNDS boots, each measuring the three devices in turn (the order
# rotates from round to round), so that a change in the machine's load
# hits all of them
rm -f "$w"/wall-*.lines
if [ "${QUICK:-0}" != 1 ]; then
	v="v:/dev/vda:v:0" d="d:/dev/eda:d:0" p="p:/dev/eda-pio:p:8192"
	orders=("$v $d $p" "$d $p $v" "$p $v $d")
	for ((r = 1; r <= ${WALL_ROUNDS:-4}; r++)); do
		gk_run "wall-$r" "init=/bin/bench-blk -- ops=read sizes=4096 qds=1,16 n=256 span=131072 ${orders[$(((r - 1) % 3))]}" 0
		grep -a "^bench-blk: device=" "$w/wall-$r.log" | tr -d '\r' >"$w/wall-$r.lines" || true
	done
fi

# ---- 4. Linux dd: our virtio-blk against QEMU's -------------------------
if [ "${QUICK:-0}" != 1 ] && [ "${NO_LINUX:-0}" != 1 ]; then
	ROUNDS=${BENCH_IO_LINUX_ROUNDS:-1} REPS=3 scripts/bench-linux-blk.sh >"$w/linux-blk.txt" 2>&1 ||
		echo "bench-io.sh: bench-linux-blk.sh failed (see $w/linux-blk.txt)" >&2
fi

# ---- tables, goals, plots ------------------------------------------------
scripts/bench-io-report.sh "$out"
echo "bench-io.sh: $(($(date +%s) - t0)) s; $csv, $out/io.md, $out/io-*.png"
