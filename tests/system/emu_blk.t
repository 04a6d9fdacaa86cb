#!/usr/bin/env bash
# rvh,emu-blk end to end, without a guest driver: Linux's busybox devmem
# (tests/system/emu_blk_init.sh as init) reads the controller's registers,
# reads a sector by PIO from a host image, writes one by PIO and one by DMA
# (checked in the image on the host), flushes, and makes hostile accesses that must give
# error codes, not faults. The guest also has a virtio-blk disk on the same
# image (the bundle tool finds images through virtio,blk nodes).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
B=${BUILD:-build}
out=$B/tests/system/emu_blk
rm -rf "$out"
mkdir -p "$out/root"
echo "1..12"
n=0
res() { n=$((n + 1)); if [ "$1" = 1 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
if ! scripts/linux-guest.sh "$B/linux" >"$out/fetch.log" 2>&1; then
	for i in $(seq 1 12); do echo "not ok $i - Linux guest material could not be made"; done
	exit 0
fi
(cd "$out/root" && zcat "$top/$B/linux/initramfs.cpio.gz" | cpio -id 2>/dev/null)
cp tests/system/emu_blk_init.sh "$out/root/init"
chmod +x "$out/root/init"
(cd "$out/root" && find . | cpio -o -H newc 2>/dev/null | gzip >../initramfs.cpio.gz)
# sector s, byte i of the image: (s * 16 + i) & 0xff
python3 -c "
d = bytearray(1 << 20)
for s in range(8):
    for i in range(512): d[s * 512 + i] = (s * 16 + i) & 0xff
open('$out/disk.img', 'wb').write(d)"
cat >"$out/emu.dts" <<DTS
/dts-v1/;
/ {
	compatible = "rvh,bundle-v1";
	guests {
		linux {
			memory-size = /bits/ 64 <0x10000000>;
			cpus = <1>;
			bootargs = "console=ttyS0";
			image = /incbin/("$top/$B/linux/Image");
			initrd = /incbin/("$top/$out/initramfs.cpio.gz");
			devices = "plic", "uart";
			vda { compatible = "virtio,blk"; serial = "emu"; host-file = "disk.img"; };
			emu { compatible = "rvh,emu-blk"; serial = "emu"; };
		};
	};
};
DTS
scripts/mkbundle.sh -o "$out/emu.bundle" --config "$out/emu.dts"
log=$out/log
timeout 240 scripts/qemu-run.sh "$B/hypervisor.elf" "$out/emu.bundle" </dev/null >"$log" 2>&1
st=$?
line() { grep -a "^emu: $1" "$log" | tr -d '\r' | head -1; }
has() { case "$(line "$1")" in *"$2"*) echo 1 ;; *) echo 0 ;; esac; }

res "$(has magic '0x6B6C4265 version 0x00000001 capacity 0x0000000000000800 max 0x00000100 features 0x00000002')" \
	"identity registers: magic, version, capacity of the host image (2048 sectors), max count, FLUSH"
res "$(has dt "block@10010000 rvh,emu-blk")" "the guest's device tree has block@10010000, compatible rvh,emu-blk"
res "$(has 'pio words' '0x3736353433323130 0x3F3E3D3C3B3A3938 0x4746454443424140')" \
	"PIO read of sector 3: DATA gives the image's bytes, 8 at a time"
res "$(has 'after read' 'status 0x00000000 done 0x00000001')" "after the 64th DATA read the command is done (1 sector)"
res "$(has 'pio write' 'status 0x00000000 done 0x00000001')" "PIO write of sector 5 completes"
res "$(has flush 'status 0x00000000')" "FLUSH completes"
res "$(has 'dma write' 'status 0x00000000 done 0x00000001')" "DMA write from guest RAM completes (1 sector)"
res "$(has 'dma read' 'status 0x00000000 done 0x00000001')" "DMA read into guest RAM completes"
res "$(has 'dma outside' 'status 0x00000304')" "DMA to a buffer outside guest RAM: ERR, E_BUFFER"
res "$(has 'past end' 'status 0x00000204')" "a sector past the end: ERR, E_RANGE"
ok=0
if [ "$(has 'byte read' 'status 0x0000020C accerr 0x00000009')" = 1 ] &&
	grep -qa "device rvh,emu-blk at 0x10010000: read of no register" "$log"; then ok=1; fi
res "$ok" "a byte-wide read: 0, STATUS.ACCERR with E_ACCESS, the hypervisor names guest and device"
ok=0
if [ "$st" = 0 ] && grep -qa "guest 'linux' stopped with status 0" "$log" &&
	! grep -qaE "Oops|Kernel panic|rvh: PANIC" "$log" &&
	python3 -c "
import struct, sys
d = open('$out/disk.img', 'rb').read()
w = [struct.unpack_from('<Q', d, 5 * 512 + 8 * k)[0] for k in range(64)]
ok = all(w[k] == 0x1122334455660000 + k for k in range(64))
ok = ok and all(d[s * 512 + i] == (s * 16 + i) & 0xff for s in (0, 1, 2, 3, 4, 7) for i in range(512))
k = open('$top/$B/linux/Image', 'rb').read(512)
ok = ok and d[6 * 512:7 * 512] == k
sys.exit(0 if ok else 1)"; then ok=1; fi
res "$ok" "the image on the host holds the PIO-written sector and the DMA-written kernel sector, nothing else changed; the guest powers off"
[ "$ok" = 1 ] || tail -20 "$log" | tr -d '\r' | sed 's/^/# /'
