#!/usr/bin/env bash
# bench-blk briefly on all three block paths of our kernel under the
# hypervisor: virtio-blk (/dev/vda), the emulated controller by DMA
# (/dev/eda) and by PIO (/dev/eda-pio, same disk, other sectors). Each
# device's span is written with a pattern of its own (sector number and
# tag in every sector), measured reads and writes at depth 1 (trap path)
# and 4 (ring) follow, the guest reads the span back; then the host
# checks every sector of each span in the image files, that nothing
# outside them was written, and that the counters show the path each
# device claims (PIO: at least 512 exits per 4 KiB; DMA: a handful).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
B=${BUILD:-build}
out=$B/tests/system/bench_blk
rm -rf "$out"
mkdir -p "$out"
echo "1..14"
n=0
res() { n=$((n + 1)); if [ "$1" = 1 ]; then echo "ok $n - $2"; else echo "not ok $n - $2${3:+ # $3}"; fi; }
truncate -s 4M "$out/virtio.img" "$out/emu.img"
args="init=/bin/bench-blk -- ops=write,randread,randwrite sizes=512,4096 qds=1,4 n=8 span=65536"
args="$args virtio:/dev/vda:v:16 emu-dma:/dev/eda:d:16 emu-pio:/dev/eda-pio:p:2048"
cat >"$out/t.dts" <<DTS
/dts-v1/;
/ {
	compatible = "rvh,bundle-v1";
	guests {
		gk {
			memory-size = /bits/ 64 <0x4000000>;
			cpus = <1>;
			bootargs = "$args";
			image = /incbin/("$top/$B/guest/kernel.elf");
			initrd = /incbin/("$top/$B/guest/initrd.cpio");
			vda { compatible = "virtio,blk"; serial = "bb-v"; host-file = "virtio.img"; };
			emu { compatible = "rvh,emu-blk"; serial = "bb-e"; host-file = "emu.img"; };
		};
	};
};
DTS
log=$out/log
scripts/mkbundle.sh -o "$out/t.bundle" --config "$out/t.dts" >"$log" 2>&1
timeout "${TSYS_TIMEOUT:-120}" scripts/qemu-run.sh "$B/hypervisor.elf" "$out/t.bundle" </dev/null >>"$log" 2>&1
st=$?
tail_diag() { tail -15 "$log" | tr -d '\r' | sed 's/^/# /'; }

res "$([ $st = 0 ] && grep -qa 'init exited with status 0' "$log" && echo 1)" \
	"bench-blk ran to the end, QEMU exit status 0 (got $st)" || true
[ $st = 0 ] || tail_diag
grep -qa "eda, eda-pio: rvh,emu-blk at 0x10010000" "$log" && r=1 || r=0
res $r "the kernel found the emulated controller and made eda (DMA) and eda-pio (PIO)"
for d in virtio emu-dma emu-pio; do
	c=$(grep -ac "^bench-blk: device=$d .* hv=1 " "$log")
	res "$([ "$c" = 12 ] && echo 1)" "$d: 12 measured phases with the hypervisor's counters (got $c)"
done
for d in virtio emu-dma emu-pio; do
	grep -qa "^bench-blk: verify ok: $d" "$log" && r=1 || r=0
	res $r "$d: the guest read its span back as written"
done
# the spans on the host: sector s holds "rvhbench", s, the tag, a ramp
check() { # IMAGE BASE TAG
	python3 - "$1" "$2" "$3" <<'PY'
import sys
img, base, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
d = open(img, 'rb').read()
span = 65536 // 512
for s in range(base, base + span):
    want = b"rvhbench" + s.to_bytes(8, "little") + tag + bytes((s + i) & 0xff for i in range(17, 512))
    if d[s * 512:(s + 1) * 512] != want:
        print("sector %d differs" % s)
        sys.exit(1)
PY
}
r=0; check "$out/virtio.img" 16 v && r=1
res $r "virtio.img: every sector of the virtio span holds its pattern"
r=0; check "$out/emu.img" 16 d && r=1
res $r "emu.img: every sector of the DMA span holds its pattern"
r=0; check "$out/emu.img" 2048 p && r=1
res $r "emu.img: every sector of the PIO span holds its pattern"
# outside the spans nothing changed (the images started as zeros)
r=$(python3 - "$out/virtio.img" "$out/emu.img" <<'PY'
import sys
v = open(sys.argv[1], 'rb').read()
e = open(sys.argv[2], 'rb').read()
span = 65536
ok = not any(v[:16 * 512]) and not any(v[16 * 512 + span:])
ok = ok and not any(e[:16 * 512]) and not any(e[16 * 512 + span:2048 * 512]) and not any(e[2048 * 512 + span:])
print(1 if ok else 0)
PY
)
res "$r" "nothing outside the three spans was written"
# exits per 4 KiB write at depth 1: PIO moves 8 bytes an exit, DMA does not
ex() { grep -a "^bench-blk: device=$1 op=randwrite size=4096 qd=1 " "$log" | sed -nE 's/.* requests=([0-9]+) .* exits=([0-9]+) .*/\2 \1/p' | awk '{ printf "%d", $2 ? $1 / $2 : 0 }'; }
p=$(ex emu-pio)
d=$(ex emu-dma)
res "$([ "${p:-0}" -ge 512 ] && echo 1)" "emu-pio: at least 512 exits per 4 KiB write (got ${p:-none})"
res "$([ "${d:-0}" -ge 5 ] && [ "${d:-0}" -lt 64 ] && echo 1)" "emu-dma: 5 to 63 exits per 4 KiB write (got ${d:-none})"
