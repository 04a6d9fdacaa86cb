#!/usr/bin/env bash
# Unmodified Debian Linux (2 vCPUs on -smp 2) with the hypervisor's virtio
# devices: a virtio-blk disk on an image file this script makes, the
# virtio-console and the virtio-rng. Through the busybox shell on the
# emulated UART, Linux reports /dev/vda's size and serial, reads back two
# patterns written into the image beforehand (one in the middle, the last
# 4 KiB), writes a pattern with dd conv=fsync, writes a line to /dev/hvc0
# and reads /dev/hwrng. After QEMU exits, the image must hold the written
# pattern and nothing else changed.
# LINUX_VIRTIO_DIRECT=1 boots the same kernel and initramfs straight on
# QEMU with QEMU's own virtio devices (no hypervisor): a check of the test
# and the initramfs themselves; /dev/hvc0 then goes to a file.
# earlycon=sbi: a boot that stops early still shows how far it got.
set -u
trap '' PIPE # QEMU gone: writes to its input fail instead of ending the script
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
B=${BUILD:-build}
out=$B/tests/system/linux_virtio
mkdir -p "$out"
DIRECT=${LINUX_VIRTIO_DIRECT:-0}
FW=${FW_DYNAMIC:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
PLAN=13
echo "1..$PLAN"
if ! scripts/linux-guest.sh "$B/linux" >"$out/fetch.log" 2>&1; then
	for ((i = 1; i <= PLAN; i++)); do echo "not ok $i - Linux guest material could not be made"; done
	sed 's/^/# /' "$out/fetch.log" | tail -20
	exit 0
fi
n=0
log=$out/qemu.log
ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() {
	n=$((n + 1))
	echo "not ok $n - $1"
	[ -n "${2:-}" ] && echo "# $2"
	tail -20 "$log" | tr -d '\r' | sed 's/^/# /'
}
# check DESC COMMAND...: ok when COMMAND succeeds
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else nok "$desc" "${why:-}"; fi
	why=
}
why=

# wait until the log matches an extended regex (or QEMU ended / time ran out)
wait_for() {
	local pat=$1 secs=$2 i
	for ((i = 0; i < secs * 4; i++)); do
		grep -qaE -- "$pat" "$log" && return 0
		kill -0 "$qpid" 2>/dev/null || { grep -qaE -- "$pat" "$log"; return; }
		sleep 0.25
	done
	return 1
}
# last value the guest printed for a tag (TAG=value, value from CLASS)
value() { grep -aoE -- "$1=[$2]+" "$log" | tail -n1 | cut -d= -f2; }

# The disk: an odd size (6 MiB + 12 KiB, 1539 blocks of 4 KiB), random
# data at block 256 (64 KiB) and in the last block for Linux to read, and
# what the image must look like after Linux's write at block 512.
img=$out/disk.img
SIZE=$((6 * 1024 * 1024 + 12 * 1024))
LAST=$((SIZE / 4096 - 1))
rm -f "$img" "$out/hvc0.out"
truncate -s "$SIZE" "$img"
head -c 65536 /dev/urandom >"$out/read.pat"
head -c 4096 /dev/urandom >"$out/last.pat"
dd if="$out/read.pat" of="$img" bs=4096 seek=256 conv=notrunc status=none
dd if="$out/last.pat" of="$img" bs=4096 seek="$LAST" conv=notrunc status=none
yes rvh-linux-wrote-this 2>/dev/null | head -c 65536 >"$out/write.pat"
cp "$img" "$out/expect.img"
dd if="$out/write.pat" of="$out/expect.img" bs=4096 seek=512 conv=notrunc status=none
md5() { md5sum | cut -c1-32; }
read_md5=$(md5 <"$out/read.pat")
last_md5=$(md5 <"$out/last.pat")

SERIAL=linux-vda
rm -f "$out/in"
mkfifo "$out/in"
if [ "$DIRECT" = 1 ]; then
	mode="QEMU's own devices, no hypervisor"
	timeout 300 qemu-system-riscv64 -M virt -cpu rv64 -smp 2 -m 256M -nographic -bios "$FW" \
		-kernel "$B/linux/Image" -initrd "$B/linux/initramfs.cpio.gz" -append "console=ttyS0 earlycon=sbi" \
		-global virtio-mmio.force-legacy=false \
		-drive "file=$img,format=raw,if=none,id=d0" -device "virtio-blk-device,drive=d0,serial=$SERIAL" \
		-device virtio-rng-device \
		-device virtio-serial-device -chardev "file,id=hvc,path=$out/hvc0.out" \
		-device virtconsole,chardev=hvc \
		<"$out/in" >"$log" 2>&1 &
else
	mode="under the hypervisor"
	scripts/mkbundle.sh -o "$out/linux.bundle" --name linux --cpus 2 \
		--image "$B/linux/Image" --initrd "$B/linux/initramfs.cpio.gz" \
		--mem 256M --args "console=ttyS0 earlycon=sbi" --disk "$img"
	HOST_SMP=2 timeout 300 scripts/qemu-run.sh "$B/hypervisor.elf" "$out/linux.bundle" \
		<"$out/in" >"$log" 2>&1 &
fi
qpid=$!
exec 3>"$out/in"
echo "# $mode; log in $log"

if wait_for "rvh-linux: init on 2 cpu" 240 &&
	grep -qa "rvh-linux: modules loaded: virtio_mmio virtio_blk virtio_rng" "$log" &&
	! grep -qa "rvh-linux: insmod .* failed" "$log"; then
	ok "Linux reaches init on 2 CPUs with virtio_mmio, virtio_blk and virtio_rng loaded"
else
	nok "Linux reaches init on 2 CPUs with virtio_mmio, virtio_blk and virtio_rng loaded"
fi

# Commands one short line at a time, each typed at a fresh prompt: input
# typed ahead of the guest's reading is held in a bounded buffer (256
# bytes in the hypervisor's console line), so a long line can lose bytes.
# busybox's line editor asks for the cursor position (ESC[6n) at each
# prompt; the answer goes first. The tags' values are computed in the
# guest, so the echo of a typed line never matches them.
prompts=0
sh_line() {
	local i
	prompts=$((prompts + 1))
	for ((i = 0; i < 120 * 4; i++)); do
		[ "$(grep -ao $'\e\\[6n' "$log" | wc -l)" -ge "$prompts" ] && break
		kill -0 "$qpid" 2>/dev/null || return 0
		sleep 0.25
	done
	printf '\033[1;1R' >&3 2>/dev/null
	sleep 0.3
	printf '%s\n' "$1" >&3 2>/dev/null
}
sh_line "echo rvh-size=\$(blockdev --getsize64 /dev/vda) rvh-sectors=\$(cat /sys/block/vda/size) rvh-serial=\$(cat /sys/block/vda/serial)"
sh_line "echo rvh-read=\$(dd if=/dev/vda bs=4096 skip=256 count=16 2>/dev/null | md5sum)"
sh_line "echo rvh-last=\$(dd if=/dev/vda bs=4096 skip=$LAST count=1 2>/dev/null | md5sum)"
sh_line "yes rvh-linux-wrote-this | head -c 65536 >/tmp/w; dd if=/tmp/w of=/dev/vda bs=4096 seek=512 conv=fsync 2>/dev/null; echo rvh-write=\$?"
sh_line "echo rvh-hvc-\$((6 * 7)) >/dev/hvc0"
sh_line "echo rvh-rng=\$(dd if=/dev/hwrng bs=16 count=1 2>/dev/null | od -An -tx1 | tr -d ' \\n') rvh-rngdev=\$(cat /sys/class/misc/hw_random/rng_current)"
wait_for "rvh-rngdev=[a-z]" 120

why="got size '$(value rvh-size 0-9)' sectors '$(value rvh-sectors 0-9)', expected $SIZE and $((SIZE / 512))"
check "/dev/vda has the image's size ($SIZE bytes)" \
	[ "$(value rvh-size 0-9)" = "$SIZE" -a "$(value rvh-sectors 0-9)" = $((SIZE / 512)) ]
why="got '$(value rvh-serial A-Za-z0-9._-)'"
check "/dev/vda's serial is the bundle's ($SERIAL)" [ "$(value rvh-serial A-Za-z0-9._-)" = $SERIAL ]
why="guest read md5 '$(value rvh-read 0-9a-f)', written $read_md5"
check "Linux reads back the 64 KiB the test wrote at 1 MiB" [ "$(value rvh-read 0-9a-f)" = "$read_md5" ]
why="guest read md5 '$(value rvh-last 0-9a-f)', written $last_md5"
check "Linux reads back the image's last 4 KiB" [ "$(value rvh-last 0-9a-f)" = "$last_md5" ]
why="dd status '$(value rvh-write 0-9)'"
check "dd conv=fsync of 64 KiB to /dev/vda succeeds in the guest" [ "$(value rvh-write 0-9)" = 0 ]
if [ "$DIRECT" = 1 ]; then
	check "a line written to /dev/hvc0 reaches the host (chardev file)" grep -qa "rvh-hvc-42" "$out/hvc0.out"
else
	check "a line written to /dev/hvc0 reaches the host console" grep -qa "rvh-hvc-42" "$log"
fi
rng=$(value rvh-rng 0-9a-f)
why="got '$rng'"
check "/dev/hwrng gives 16 bytes, not all zero" \
	[ "${#rng}" = 32 -a "$rng" != 00000000000000000000000000000000 ]
why="rng_current '$(value rvh-rngdev a-z_.0-9)'"
check "/dev/hwrng is the virtio-rng device" [ "$(value rvh-rngdev a-z_.0-9)" = virtio_rng.0 ]

sh_line "poweroff -f"
wait "$qpid"
st=$?
exec 3>&-
if [ "$DIRECT" = 1 ]; then
	check "poweroff ends QEMU with status 0" [ "$st" = 0 ]
else
	why="QEMU status $st"
	check "poweroff stops the guest and QEMU exits 0" \
		eval '[ "$st" = 0 ] && grep -qa "guest '\''linux'\'' stopped with status 0" "$log"'
fi

got=$(dd if="$img" bs=4096 skip=512 count=16 status=none | md5)
why="image md5 at block 512: $got, pattern $(md5 <"$out/write.pat")"
check "the image file holds Linux's write after QEMU exits" [ "$got" = "$(md5 <"$out/write.pat")" ]
why="$(cmp "$img" "$out/expect.img" 2>&1 | head -n1)"
check "nothing else in the image changed (whole file compared)" cmp -s "$img" "$out/expect.img"
# Linux's drivers follow the rules: a rule report from a device model,
# or an I/O error on vda, is a fault of the hypervisor
bad="Oops|Kernel panic|BUG:|rvh: PANIC|the driver broke a rule|I/O error, dev vda"
if grep -qaE "$bad" "$log"; then
	nok "no kernel oops, I/O error, device rule report or hypervisor panic" \
		"$(grep -aE "$bad" "$log" | head -n1 | tr -d '\r')"
else
	ok "no kernel oops, I/O error, device rule report or hypervisor panic"
fi
grep -a "exits:" "$log" | tr -d '\r' | sed 's/^/# /'
