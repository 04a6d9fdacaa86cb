#!/usr/bin/env bash
# Debian's S-mode U-Boot (u-boot-qemu) under the hypervisor: stops its
# autoboot, then runs commands typed on the emulated ns16550a console and
# checks each one's output: version, virtio scan/info (the bundle's
# virtio-blk disk), ls and load from a FAT partition made without root
# (scripts/uboot-disk.sh), reset (SBI SRST: the guest boots again) and
# poweroff (QEMU exits 0).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
B=${BUILD:-build}
out=$B/tests/system/uboot
UBOOT_BIN=${UBOOT_BIN:-/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin}
PLAN=14
# a trap on SIGPIPE: QEMU may die while the script still types
trap '' PIPE
echo "1..$PLAN"
mkdir -p "$out"
log=$out/uboot.log
: >"$log"
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() {
	n=$((n + 1))
	echo "not ok $n - $*"
	tail -20 "$log" | tr -d '\r' | sed 's/^/# /'
}
bail() {
	while [ "$n" -lt "$PLAN" ]; do nok "$1"; done
	exit 0
}
[ -f "$UBOOT_BIN" ] || bail "$UBOOT_BIN missing: run scripts/deps.sh (Debian package u-boot-qemu)"
[ -f "$B/hypervisor.elf" ] || bail "$B/hypervisor.elf missing: make build"

# the disk: a FAT partition with a small text file and a 64 KiB random
# file in a subdirectory, whose CRC32 U-Boot must compute from what it read
printf 'rvh-uboot-fat\n' >"$out/hello.txt"
head -c 65536 /dev/urandom >"$out/rand.bin"
crc=$(gzip -c "$out/rand.bin" | tail -c8 | head -c4 | od -An -tx4 | tr -d ' ')
scripts/uboot-disk.sh "$out/disk.img" "$out/hello.txt=HELLO.TXT" \
	"$out/rand.bin=sub/RAND.BIN" >"$log" 2>&1 || bail "uboot-disk.sh failed"
sectors=$(($(stat -c %s "$out/disk.img") / 512))
# 256 MiB: U-Boot's default load addresses (fdt_addr_r 0x8c000000, ...) lie
# beyond 128 MiB; its distro boot faults on them with less RAM
scripts/mkbundle.sh -o "$out/uboot.bundle" --name uboot --mem 256M \
	--image "$UBOOT_BIN" --disk "$out/disk.img" >>"$log" 2>&1 ||
	bail "mkbundle.sh failed"

rm -f "$out/in"
mkfifo "$out/in"
start=$(date +%s)
timeout -k 5 60 scripts/qemu-run.sh "$B/hypervisor.elf" "$out/uboot.bundle" \
	<"$out/in" >"$log" 2>&1 &
qpid=$!
exec 3>"$out/in"

# the log without carriage returns, from byte offset $1 on
since() { tail -c +$(($1 + 1)) "$log" | tr -d '\r'; }
# wait_for OFFSET SECONDS PATTERN: an extended regex in the log after OFFSET
wait_for() {
	local off=$1 secs=$2 pat=$3 i
	for ((i = 0; i < secs * 10; i++)); do
		since "$off" | grep -qaE -- "$pat" && return 0
		kill -0 "$qpid" 2>/dev/null || { since "$off" | grep -qaE -- "$pat"; return; }
		sleep 0.1
	done
	return 1
}
# stop_autoboot OFFSET: a key during the countdown, then the prompt
stop_autoboot() {
	wait_for "$1" 40 'Hit any key to stop autoboot' || return 1
	printf ' ' >&3
	wait_for "$1" 10 '^=> '
}
# cmd TEXT: type a command, wait for the next prompt; its output is in $res
cmd() {
	local off
	off=$(stat -c %s "$log")
	printf '%s\n' "$1" >&3
	if wait_for "$off" 15 '^=> '; then
		res=$(since "$off")
	else
		res="(no prompt after '$1')"$'\n'$(since "$off")
	fi
}
# check DESC EXTENDED_REGEX...: every pattern is in the last command's
# output ($res), every !PATTERN is not
check() {
	local desc=$1 p what
	shift
	for p in "$@"; do
		if [ "${p:0:1}" = '!' ]; then
			grep -qaE -- "${p:1}" <<<"$res" || continue
			what="unexpected: ${p:1}"
		else
			grep -qaE -- "$p" <<<"$res" && continue
			what="missing: $p"
		fi
		n=$((n + 1))
		echo "not ok $n - $desc"
		echo "# $what"
		tail -20 <<<"$res" | while IFS= read -r l; do echo "# $l"; done
		return
	done
	ok "$desc"
}

if stop_autoboot 0; then
	ok "U-Boot boots to its prompt, autoboot stopped by a key ($(($(date +%s) - start)) s)"
else
	nok "U-Boot boots to its prompt, autoboot stopped by a key"
fi
banner=$(tr -d '\r' <"$log" | grep -am1 '^U-Boot [0-9]')
cmd version
check "version: the banner's version and the toolchain" "^${banner//[()+]/.}\$" \
	'^riscv64-linux-gnu-gcc'
cmd 'virtio scan; echo scan=$?'
check "virtio scan succeeds, the disk's driver is accepted" '^scan=0$' \
	'!broke a rule' '!unknown device'
cmd 'virtio info'
check "virtio info: the bundle's disk, $sectors sectors" \
	'^Device 0: rvh VirtIO Block Device' 'Type: Hard Disk' \
	"Capacity: .* \\($sectors x 512\\)"
cmd 'ls virtio 0:1'
check "ls virtio 0:1: the FAT partition's root" '^ +14 +HELLO\.TXT$' \
	'^ +sub/$' '^1 file\(s\), 1 dir\(s\)$'
cmd 'ls virtio 0:1 /sub'
check "ls virtio 0:1 /sub: a subdirectory" '^ +65536 +RAND\.BIN$'
cmd 'load virtio 0:1 0x84000000 /sub/RAND.BIN; crc32 0x84000000 0x10000'
check "load 64 KiB from the disk: the host file's CRC32 ($crc)" \
	'^65536 bytes read' "==> $crc\$"
cmd 'load virtio 0:1 0x84000000 HELLO.TXT; md.b 0x84000000 0xe'
check "load HELLO.TXT: its bytes in memory" '^14 bytes read' 'rvh-uboot-fat'

# after the reset no key: the distro boot scans the disk's partition,
# finds nothing to boot and ends at the prompt
off=$(stat -c %s "$log")
printf 'reset\n' >&3
if wait_for "$off" 10 "rvh: guest 'uboot' reboots \\(1\\)" &&
	wait_for "$off" 20 'Hit any key to stop autoboot'; then
	ok "reset: SRST reboots the guest, U-Boot boots again"
else
	nok "reset: SRST reboots the guest, U-Boot boots again"
fi
if wait_for "$off" 30 '^=> '; then
	res=$(since "$off")
else
	res="(no prompt after the autoboot)"$'\n'$(since "$off")
fi
check "autoboot: the distro boot scans virtio 0:1 and ends at the prompt" \
	'^Scanning virtio 0:1\.\.\.' '^=> ' '!Unhandled exception'
cmd 'virtio info'
check "after the reset: virtio info finds the disk again" \
	'^Device 0: rvh VirtIO Block Device'

printf 'poweroff\n' >&3
wait "$qpid"
st=$?
exec 3>&-
rm -f "$out/in"
secs=$(($(date +%s) - start))
if [ "$st" = 0 ] && grep -qa "guest 'uboot' stopped with status 0" "$log"; then
	ok "poweroff: SRST shutdown, QEMU exits 0 ($secs s in all)"
else
	nok "poweroff: SRST shutdown, QEMU exits 0 (got $st after $secs s)"
fi
boots=$(grep -ac 'Hit any key to stop autoboot' "$log")
if [ "$boots" = 2 ]; then
	ok "U-Boot booted exactly twice (once more after the reset)"
else
	nok "U-Boot booted exactly twice (got $boots)"
fi
if grep -qaE "broke a rule|Unhandled exception|stopped:|rvh: PANIC" "$log"; then
	nok "no virtio rule broken, no exception in U-Boot, no hypervisor fault"
else
	ok "no virtio rule broken, no exception in U-Boot, no hypervisor fault"
fi
grep -a "exits:" "$log" | tr -d '\r' | sed 's/^/# /'
