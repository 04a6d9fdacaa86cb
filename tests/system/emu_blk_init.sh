#!/bin/busybox sh
# init of the Linux guest of tests/system/emu_blk.t: pokes the emulated
# block controller with busybox devmem (no driver), prints what it saw.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t devtmpfs dev /dev 2>/dev/null
mount -t sysfs sys /sys
B=0x10010000
r() { devmem $((B + $1)) $2; }
w() { devmem $((B + $1)) $2 $3; }
echo "emu: magic $(r 0x0 32) version $(r 0x4 32) capacity $(r 0x8 64) max $(r 0x10 32) features $(r 0x14 32)"
echo "emu: dt $(ls /sys/firmware/devicetree/base | grep block) $(tr -d "\\0" </sys/firmware/devicetree/base/block@10010000/compatible)"
# PIO read of sector 3
w 0x18 64 3; w 0x28 32 1; w 0x2c 32 0x101
i=0; while [ $(( $(r 0x30 32) & 2 )) = 0 ] && [ $i -lt 1000 ]; do i=$((i+1)); done
echo "emu: pio read status $(r 0x30 32) int $(r 0x34 32) polls $i"
s=""; for k in 0 1 2 3 4 5 6 7; do s="$s $(r 0x40 64)"; done
for k in $(seq 8 63); do r 0x40 64 >/dev/null; done
echo "emu: pio words$s"
echo "emu: after read status $(r 0x30 32) done $(r 0x4c 32)"
w 0x38 32 3
# PIO write of sector 5
w 0x18 64 5; w 0x2c 32 0x102
for k in $(seq 0 63); do w 0x40 64 $((0x1122334455660000 + k)); done
i=0; while [ $(( $(r 0x30 32) & 1 )) = 1 ] && [ $i -lt 1000 ]; do i=$((i+1)); done
echo "emu: pio write status $(r 0x30 32) done $(r 0x4c 32)"
w 0x2c 32 3
i=0; while [ $(( $(r 0x30 32) & 1 )) = 1 ] && [ $i -lt 1000 ]; do i=$((i+1)); done
echo "emu: flush status $(r 0x30 32)"
# DMA write of the kernel image's first sector (loaded at 0x80200000) to
# sector 6, then a DMA read of it back to where it came from (same bytes)
w 0x18 64 6; w 0x28 32 1; w 0x20 64 0x80200000; w 0x2c 32 2
i=0; while [ $(( $(r 0x30 32) & 1 )) = 1 ] && [ $i -lt 1000 ]; do i=$((i+1)); done
echo "emu: dma write status $(r 0x30 32) done $(r 0x4c 32)"
w 0x2c 32 1
i=0; while [ $(( $(r 0x30 32) & 1 )) = 1 ] && [ $i -lt 1000 ]; do i=$((i+1)); done
echo "emu: dma read status $(r 0x30 32) done $(r 0x4c 32)"
w 0x28 32 1
# DMA to a buffer outside guest RAM: refused
w 0x20 64 0x1000; w 0x2c 32 1
echo "emu: dma outside ram status $(r 0x30 32)"
# count past the disk
w 0x18 64 $(r 0x8 64); w 0x2c 32 0x101
echo "emu: past end status $(r 0x30 32)"
# bad width
echo "emu: byte read $(r 0x0 8) status $(r 0x30 32) accerr $(r 0x50 32)"
echo "emu: smoke end"
poweroff -f
