#!/usr/bin/env bash
# make run-uboot end to end with its input from a file: the make rule makes
# the distro disk (scripts/distro-disk.sh: MBR, ext4 boot partition with
# Debian's kernel, the busybox initramfs and extlinux/extlinux.conf),
# U-Boot's autoboot runs out untouched (the input waits for Linux's shell:
# FEED_PROMPT, scripts/console-pace.pl), its distro boot finds
# extlinux.conf on virtio 0:1 and boots Linux, whose shell runs the file's
# commands (its disk, /dev/hvc0, /dev/hwrng) and powers the guest off at
# the file's end; make exits 0.
set -u
trap '' PIPE
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
B=${BUILD:-build}
out=$B/tests/system/uboot_distro
PLAN=10
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
	tr -d '\r' <"$log" | grep -av '^\[ *[0-9]' | tail -15 | sed 's/^/# /'
}
# check DESC COMMAND...: ok when COMMAND succeeds
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else nok "$desc" "${why:-}"; fi
	why=
}
why=
clean() { tr -d '\r' <"$log"; }
# the last value the guest printed for a tag (TAG=value, value from CLASS):
# computed in the guest, so the echo of the typed line never matches
value() { clean | grep -aoE -- "$1=[$2]+" | tail -n1 | cut -d= -f2-; }

img=$out/disk.img
rm -f "$img"
cat >"$out/cmds" <<'EOF'
echo rvh-cmdline=$(cat /proc/cmdline | tr ' ' +)
echo rvh-size=$(cat /sys/block/vda/size) rvh-serial=$(cat /sys/block/vda/serial) rvh-part=$(cat /sys/block/vda/vda1/start)
echo rvh-magic=$(dd if=/dev/vda1 bs=2 skip=540 count=1 2>/dev/null | od -An -tx2 | tr -d ' ')
echo rvh-hvc-$((6 * 7)) >/dev/hvc0
echo rvh-rng=$(dd if=/dev/hwrng bs=16 count=1 2>/dev/null | od -An -tx1 | tr -d ' \n')
EOF
start=$(date +%s)
timeout -k 5 180 env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -s run-uboot BUILD="$B" DISTRO_DISK="$img" \
	<"$out/cmds" >"$log" 2>&1
st=$?
secs=$(($(date +%s) - start))

why="$(sfdisk -d "$img" 2>&1 | grep -a "$img"1 | head -n1)"
check "the make rule made the disk: an MBR with a bootable Linux partition at 1 MiB" \
	eval 'sfdisk -d "$img" 2>/dev/null | grep -qE "${img}1 : start= *2048, .*type=83, bootable"'
check "U-Boot's autoboot ran out untouched: no key reached its countdown" \
	eval 'clean | grep -qa "Hit any key to stop autoboot:  2 .* 0 \$" && ! clean | grep -qa "^=> "'
check "its distro boot found extlinux.conf on virtio 0:1 and loaded the kernel and initrd" \
	eval 'clean | grep -qa "^Scanning virtio 0:1\.\.\.$" &&
		clean | grep -qa "^Found /extlinux/extlinux.conf$" &&
		clean | grep -qa "^Retrieving file: /Image$" &&
		clean | grep -qa "^Retrieving file: /initramfs.cpio.gz$" &&
		clean | grep -qa "^Starting kernel \.\.\.$"'
why="got '$(value rvh-cmdline '^ ')'"
check "Linux runs with extlinux.conf's command line" \
	[ "$(value rvh-cmdline '^ ')" = "console=ttyS0+rvh.boot=extlinux" ]
why="got size '$(value rvh-size 0-9)' serial '$(value rvh-serial a-z0-9-)' partition at '$(value rvh-part 0-9)'"
check "Linux sees its disk: 131072 sectors, serial uboot-vda, vda1 at sector 2048" \
	[ "$(value rvh-size 0-9)/$(value rvh-serial a-z0-9-)/$(value rvh-part 0-9)" = 131072/uboot-vda/2048 ]
why="got '$(value rvh-magic 0-9a-f)'"
check "Linux reads the ext4 superblock's magic (ef53) from /dev/vda1" \
	[ "$(value rvh-magic 0-9a-f)" = ef53 ]
check "a line written to /dev/hvc0 reaches the console" eval 'clean | grep -qa "^rvh-hvc-42"'
rng=$(value rvh-rng 0-9a-f)
why="got '$rng'"
check "/dev/hwrng gives 16 bytes, not all zero" \
	[ "${#rng}" = 32 -a "$rng" != 00000000000000000000000000000000 ]
why="make's status $st after $secs s"
check "the end of the input powers the guest off: make run-uboot exits 0 ($secs s)" \
	eval '[ "$st" = 0 ] && clean | grep -qa "guest '\''uboot'\'' stopped with status 0"'
bad="Unhandled exception|Oops|Kernel panic|BUG:|rvh: PANIC|broke a rule|I/O error|rvh:.*stopped:"
why="$(clean | grep -aE "$bad" | head -n1)"
check "no exception in U-Boot, no kernel oops, no hypervisor fault" eval '! clean | grep -qaE "$bad"'
clean | grep -a "exits:" | sed 's/^/# /'
