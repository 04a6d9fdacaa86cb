#!/usr/bin/env bash
# virtio-blk end to end: a guest writes a pattern through the hypervisor's
# virtio-blk (served by QEMU's own virtio-blk device on an image file) and
# reads it back; the host then checks every byte of the image; one read
# at a time under -icount. A guest that
# breaks its ring gets DEVICE_NEEDS_RESET and recovers after a reset, while
# a second guest keeps doing I/O on its own disk.
. "$(dirname "$0")/lib.sh"

dir=$TSYS_OUT/virtio_blk
rm -rf "$dir"
mkdir -p "$dir"
img=$dir/disk.img
truncate -s 1M "$img"
seed=7
sectors=256
sys_run io "$TSYS_OUT/vblk.elf" --name vb --disk "$img" \
	--args "tg.mode=io tg.seed=$seed tg.sectors=$sectors tg.serial=vb-vda"
sys_check vblk 0
sys_end
# the pattern of vblk.c's pattern(), computed on the host
if python3 - "$img" "$seed" "$sectors" <<'PY'; then
import sys
img, seed, nsec = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
d = open(img, "rb").read()
bad = 0
for s in range(nsec):
    for i in range(512):
        want = (seed * 131 + s * 7 + i * 13 + (i >> 8)) & 0xff
        if d[s * 512 + i] != want:
            bad += 1
rest = d[nsec * 512:]
if any(rest):
    print("# bytes after the written sectors changed")
    bad += 1
print("# %d bad bytes" % bad)
sys.exit(1 if bad else 0)
PY
	tsys_result 1 "the image on the host holds every byte the guest wrote"
else
	tsys_result 0 "the image on the host holds every byte the guest wrote"
fi

# one read at a time under -icount (the harts sleep between completions:
# this hung before an idle hart woke up while host I/O was in flight)
truncate -s 1M "$dir/qd.img"
ICOUNT=1 sys_run icount "$TSYS_OUT/vblk.elf" --name vq --disk "$dir/qd.img" \
	--args "tg.mode=qd tg.depth=1 tg.reqs=64"
sys_check vblk 0
sys_end

# a hostile guest next to a well-behaved one, each on its own disk
truncate -s 1M "$dir/good.img" "$dir/bad.img"
cat >"$dir/two.dts" <<DTS
/dts-v1/;
/ {
	compatible = "rvh,bundle-v1";
	guests {
		bad {
			memory-size = /bits/ 64 <0x4000000>;
			cpus = <1>;
			bootargs = "tg.mode=hostile";
			image = /incbin/("$TSYS_OUT/vblk.elf");
			vda { compatible = "virtio,blk"; serial = "bad"; host-file = "bad.img"; };
		};
		good {
			memory-size = /bits/ 64 <0x4000000>;
			cpus = <1>;
			bootargs = "tg.mode=io tg.seed=3 tg.sectors=512 tg.serial=good";
			image = /incbin/("$TSYS_OUT/vblk.elf");
			vda { compatible = "virtio,blk"; serial = "good"; host-file = "good.img"; };
		};
	};
};
DTS
RUN_MAX_BOOTS=2 HOST_SMP=2 sys_run two "$TSYS_OUT/vblk.elf" --config "$dir/two.dts"
# several guests print at once, so their lines interleave: each guest's
# verdict is its shutdown status (0 only when all its checks passed and it
# ran as many as it planned), which the hypervisor reports in whole lines
for g in bad good; do
	tsys_is "$(grep -c "^rvh: guest '$g' stopped with status 0" "$RUN_LOG")" 1 \
		"two guests: '$g' ran and passed all its checks"
done
tsys_is "$RUN_STATUS" 0 "two guests: QEMU exit status 0"
tsys_is "$(grep -c "rvh: guest 'bad'.*queue 0.*buffer outside guest RAM" "$RUN_LOG")" 1 \
	"the broken rule is reported once, naming the guest"
sys_end
tsys_done
