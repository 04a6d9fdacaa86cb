#!/usr/bin/env bash
# docs/examples/three-guests.dts on HOST_SMP=2 (its disks replaced by this
# test's images): our kernel (2 vCPUs), Linux (2 vCPUs) and U-Boot booting
# Linux from its distro disk (1 vCPU). The script types into each guest's
# console in turn (Ctrl-] N) and each guest writes a marker into its own
# disk; then the U-Boot guest's Linux reboots (SBI SRST: U-Boot, autoboot
# and Linux again) and, while it does, the other two write a second marker;
# after the reboot it writes its second one. All three power off, QEMU
# exits 0 and the three images on the host hold exactly their own guest's
# markers, with the distro disk's boot partition untouched.
set -u
trap '' PIPE
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
B=${BUILD:-build}
out=$B/tests/system/three
UBOOT_BIN=${UBOOT_BIN:-/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin}
THREE_APPEND=$(sed -n 's/^THREE_UBOOT_APPEND ?= //p' tests/system/three.mk)
PLAN=12
echo "1..$PLAN"
mkdir -p "$out"
log=$out/run.log
: >"$log"
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() {
	n=$((n + 1))
	echo "not ok $n - $1"
	[ -z "${2:-}" ] || echo "# $2"
	tr -d '\r' <"$log" | grep -av '^\[[a-z]*\] \[ *[0-9]' | tail -20 | sed 's/^/# /'
}
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else nok "$desc" "${why:-}"; fi
	why=
}
why=
bail() {
	while [ "$n" -lt "$PLAN" ]; do nok "$1"; done
	exit 0
}
[ -f "$UBOOT_BIN" ] || bail "$UBOOT_BIN missing: run scripts/deps.sh (Debian package u-boot-qemu)"
for f in hypervisor.elf guest/kernel.elf guest/initrd.cpio; do
	[ -f "$B/$f" ] || bail "$B/$f missing: make build"
done
# as make run-three makes it: the kernel's messages left out (quiet), two
# Linux consoles at once are hard to read and slow to print
scripts/distro-disk.sh --append "$THREE_APPEND" "$out/uboot.img" "$B/linux" >"$out/make.log" 2>&1 ||
	bail "distro-disk.sh failed: $(tail -n1 "$out/make.log")"
cp "$out/uboot.img" "$out/uboot.orig"
rm -f "$out/gk.img" "$out/linux.img"
truncate -s 1M "$out/gk.img"
truncate -s 8M "$out/linux.img"
# the example with this test's disks and absolute paths to the build
absb=$(cd "$B" && pwd)
absout=$(cd "$out" && pwd)
sed -e "s|\"\\.\\./\\.\\./build/three/|\"$absout/|" -e "s|\"\\.\\./\\.\\./build/|\"$absb/|" \
	docs/examples/three-guests.dts >"$out/three.dts"
scripts/mkbundle.sh -o "$out/three.bundle" --config "$out/three.dts" >>"$out/make.log" 2>&1 ||
	bail "mkbundle.sh failed: $(tail -n1 "$out/make.log")"

rm -f "$out/in"
mkfifo "$out/in"
start=$(date +%s)
HOST_SMP=2 timeout -k 5 300 scripts/qemu-run.sh "$B/hypervisor.elf" "$out/three.bundle" \
	<"$out/in" >"$log" 2>&1 &
qpid=$!
exec 3>"$out/in"

clean() { tr -d '\r' <"$log"; }
# count PATTERN: lines of the log matching the extended regex
count() { clean | grep -acE -- "$1"; }
# stream GUEST: that guest's output alone. The console ends a guest's
# line early when another guest writes (each piece gets its prefix), so
# the pieces are joined without line breaks.
stream() { clean | sed -n "s/^\[$1\] //p" | tr -d '\n'; }
# seen GUEST TEXT: how often TEXT is in the guest's output
seen() { stream "$1" | grep -aoF -- "$2" | wc -l; }
# wait_n N SECONDS GUEST TEXT: until TEXT was seen N times (or QEMU ended)
wait_n() {
	local want=$1 secs=$2 i
	# twice a second: the log is read whole each time, on a host busy
	# with the guests
	for ((i = 0; i < secs * 2; i++)); do
		[ "$(seen "$3" "$4")" -ge "$want" ] && return 0
		kill -0 "$qpid" 2>/dev/null || break
		sleep 0.5
	done
	[ "$(seen "$3" "$4")" -ge "$want" ]
}
# wait_hv SECONDS PATTERN: a hypervisor line (written whole)
wait_hv() {
	local i
	for ((i = 0; i < $1 * 4; i++)); do
		[ "$(count "$2")" -ge 1 ] && return 0
		kill -0 "$qpid" 2>/dev/null || break
		sleep 0.25
	done
	return 1
}
focus=0
# to GUEST_INDEX: console input to that guest (Ctrl-] N)
to() {
	[ "$focus" = "$1" ] && return
	printf '\035%s' "$1" >&3
	focus=$1
	sleep 0.2
}
# type GUEST_INDEX LINE
type_in() {
	to "$1"
	printf '%s\n' "$2" >&3
}
# mark GUEST_INDEX TAG SECTOR: a Linux guest writes "rvh-three-TAG" into
# one sector of /dev/vda and prints the status as TAG=N (computed in the
# guest, so the echo of the typed line never matches "TAG=[0-9]")
mark_linux() {
	type_in "$1" "echo rvh-three-$2 | dd of=/dev/vda bs=512 seek=$3 conv=sync,fsync 2>/dev/null; echo $2=\$?"
}

booted=0
if wait_n 1 200 gk 'gk$ ' && wait_n 1 200 linux 'rvh-linux: init on 2 cpu' &&
	wait_n 1 200 uboot 'rvh-linux: init on 1 cpu'; then
	booted=1
	ok "all three boot: gk's shell, Linux on 2 vCPUs, Linux from U-Boot on 1 ($(($(date +%s) - start)) s)"
else
	nok "all three boot: gk's shell, Linux on 2 vCPUs, Linux from U-Boot on 1"
fi
sleep 1 # the shells' prompts
type_in 0 "dwrite 3 rvh-three-gk-1"
type_in 0 "dread 3"
GKREAD="0000  72 76 68 2d 74 68 72 65 65 2d 67 6b 2d 31 00 00  rvh-three-gk-1"
wait_n 1 30 gk "$GKREAD"
mark_linux 1 linux-1 3
wait_n 1 30 linux linux-1=
mark_linux 2 uboot-1 3
wait_n 1 30 uboot uboot-1=
type_in 2 "reboot -f"
wait_hv 30 "rvh: guest 'uboot' reboots \\(1\\)"
# while uboot reboots
type_in 0 "dwrite 4 rvh-three-gk-2"
mark_linux 1 linux-2 4
wait_n 1 30 linux linux-2=
# how far the rebooting guest had come when Linux had answered
uboot_at_lin2=$(seen uboot 'rvh-linux: init on 1 cpu')
wait_n 2 200 uboot 'rvh-linux: init on 1 cpu'
sleep 1
mark_linux 2 uboot-2 4
wait_n 1 30 uboot uboot-2=
type_in 0 poweroff
type_in 1 "poweroff -f"
type_in 2 "poweroff -f"
wait "$qpid"
st=$?
exec 3>&-
rm -f "$out/in"
secs=$(($(date +%s) - start))

# the status a guest printed as TAG=N (followed by its prompt, ~ #)
val() { stream "$1" | grep -aoE -- "$2=[0-9]+~" | tail -n1 | sed -E 's/.*=([0-9]+)~/\1/'; }
why="linux-1 '$(val linux linux-1)', uboot-1 '$(val uboot uboot-1)', gk's dread seen $(seen gk "$GKREAD") time(s)"
check "each guest wrote its first marker: gk by dwrite (read back), both Linux by dd (status 0)" \
	eval '[ "$(val linux linux-1)/$(val uboot uboot-1)" = 0/0 ] && [ "$(seen gk "$GKREAD")" -ge 1 ]'
why="$(clean | grep -aE "uboot' reboots|stopped" | head -n3 | tr '\n' ' ')"
check "the U-Boot guest's Linux rebooted it through SRST: U-Boot ran twice, Linux from the disk twice" \
	eval '[ "$(seen uboot "Hit any key to stop autoboot")" = 2 ] &&
		[ "$(seen uboot "Found /extlinux/extlinux.conf")" = 2 ] &&
		[ "$(seen uboot "rvh-linux: init on 1 cpu")" = 2 ] &&
		[ "$(count "rvh: guest .(gk|linux). reboots")" = 0 ]'
why="linux-2 '$(val linux linux-2)'; the rebooting guest's Linux had reached init $uboot_at_lin2 time(s) by then"
check "during that reboot the other two keep running: Linux wrote its second marker before the rebooted Linux was up" \
	eval '[ "$(val linux linux-2)" = 0 ] && [ "$uboot_at_lin2" = 1 ]'
why="uboot-2 '$(val uboot uboot-2)'"
check "after its reboot the U-Boot guest's Linux wrote its second marker" [ "$(val uboot uboot-2)" = 0 ]
why="QEMU status $st after $secs s"
check "all three power off; QEMU exits 0 ($secs s)" \
	eval '[ "$st" = 0 ] && [ "$(count "rvh: guest .(gk|linux|uboot). stopped with status 0")" = 3 ]'

# the images on the host
sector() { dd if="$1" bs=512 skip="$2" count=1 status=none | tr -d '\0'; }
for g in gk linux uboot; do
	img=$out/$g.img
	got="$(sector "$img" 3)/$(sector "$img" 4)"
	why="sectors 3/4: '$got'"
	check "$g.img holds $g's two markers in sectors 3 and 4" \
		[ "$got" = "rvh-three-$g-1/rvh-three-$g-2" ]
done
others=$(for g in gk linux uboot; do grep -aoE 'rvh-three-[a-z]+-[12]' "$out/$g.img" | grep -v "rvh-three-$g-" | sed "s/^/$g.img: /"; done)
why="$(echo "$others" | head -n3 | tr '\n' ' ')"
check "no image holds another guest's marker" [ -z "$others" ]
why="$(cmp "$out/uboot.img" "$out/uboot.orig" 2>&1 | head -n1)"
check "uboot.img changed only in sectors 3 and 4: its boot partition and MBR are intact" \
	eval 'cmp -s <(dd if="$out/uboot.img" bs=512 skip=5 status=none) <(dd if="$out/uboot.orig" bs=512 skip=5 status=none) &&
		cmp -s <(head -c 1536 "$out/uboot.img") <(head -c 1536 "$out/uboot.orig")'
bad="Unhandled exception|Oops|Kernel panic|BUG:|rvh: PANIC|broke a rule|I/O error|rvh:.*stopped:"
why="$(clean | grep -aE "$bad" | head -n1)"
check "console lines prefixed per guest; no exception, oops or hypervisor fault" \
	eval '[ "$(seen uboot "U-Boot 2023")" -ge 1 ] && [ "$(count "^\[gk\] ")" -ge 1 ] &&
		! clean | grep -qaE "$bad"'
clean | grep -a "exits:" | sed 's/^/# /'
[ "$booted" = 1 ] || true
