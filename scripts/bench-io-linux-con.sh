#!/usr/bin/env bash
# Linux console output cost under the hypervisor (-icount shift=0,sleep=off,
# one vCPU): Debian's kernel and busybox initramfs (scripts/linux-guest.sh)
# with an init that writes BYTES of text to /dev/hvc0 (virtio-console) or
# /dev/ttyS0 (the emulated ns16550a) and powers off. Linux offers no way to
# read the hypervisor's counters from inside, so each device is one boot,
# and a third boot writes the same text to /dev/null: its exits and
# instructions (from the hypervisor's summary at power-off) are subtracted.
#   scripts/bench-io-linux-con.sh OUTDIR [BYTES]
# Prints one line per device:
#   linux-con: device=virtio bytes=B exits=E guest_instr=G hyp_instr=H
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
B=${BUILD:-build}
out=${1:?usage: bench-io-linux-con.sh OUTDIR [BYTES]}
bytes=${2:-65536}
mkdir -p "$out"
scripts/linux-guest.sh "$B/linux" >"$out/fetch.log" 2>&1 ||
	{ echo "bench-io-linux-con.sh: no Linux guest material (see $out/fetch.log)" >&2; exit 1; }
rm -rf "$out/root"
mkdir -p "$out/root"
(cd "$out/root" && zcat "$top/$B/linux/initramfs.cpio.gz" | cpio -id 2>/dev/null)
cat >"$out/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
for m in $(cat /lib/modules/order); do insmod /lib/modules/$m.ko; done
arg() { sed -n "s/.*rvh\.$1=\([a-zA-Z0-9]*\).*/\1/p" /proc/cmdline; }
dev=$(arg con)
n=$(arg bytes)
echo "rvh-con: start $dev $n"
yes 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY | head -c "$n" >"/dev/$dev"
echo "rvh-con: done $dev"
poweroff -f
INIT
chmod +x "$out/root/init"
(cd "$out/root" && find . | cpio -o -H newc 2>/dev/null | gzip >../initramfs.cpio.gz)

# boot DEV BYTES: the hypervisor's summary of one boot into $out/DEV.log
boot() {
	local dev=$1 n=$2
	scripts/mkbundle.sh -o "$out/$dev.bundle" --name linux --cpus 1 --mem 256M \
		--image "$B/linux/Image" --initrd "$out/initramfs.cpio.gz" \
		--args "console=ttyS0 quiet rvh.con=$dev rvh.bytes=$n"
	ICOUNT=1 HOST_SMP=1 timeout 900 scripts/qemu-run.sh "$B/hypervisor.elf" "$out/$dev.bundle" \
		</dev/null >"$out/$dev.log" 2>&1 || true
	grep -qa "rvh-con: done $dev" "$out/$dev.log" ||
		echo "bench-io-linux-con.sh: the $dev boot did not finish its writes (see $out/$dev.log)" >&2
}
# field of the summary: exits total, guest and hypervisor instructions
summary() {
	local f=$1 e g h
	e=$(grep -a "guest 'linux' exits:" "$f" | tail -n1 | sed -E 's/.*exits: ([0-9]+) total.*/\1/')
	g=$(grep -a "guest 'linux' instret:" "$f" | tail -n1 | sed -E 's/.*instret: ([0-9]+) in the guest.*/\1/')
	h=$(grep -a "guest 'linux' instret:" "$f" | tail -n1 | sed -nE 's/.* ([0-9]+) in the hypervisor.*/\1/p')
	echo "${e:-0} ${g:-0} ${h:-0}"
}
boot null "$bytes"
boot hvc0 "$bytes"
boot ttyS0 "$bytes"
read -r ne ng nh <<<"$(summary "$out/null.log")"
for d in hvc0 ttyS0; do
	read -r e g h <<<"$(summary "$out/$d.log")"
	label=$([ $d = hvc0 ] && echo virtio || echo uart)
	echo "linux-con: device=$label bytes=$bytes exits=$((e - ne)) guest_instr=$((g - ng)) hyp_instr=$((h - nh)) null_boot_exits=$ne"
done
