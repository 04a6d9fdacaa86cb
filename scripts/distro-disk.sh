#!/usr/bin/env bash
# A disk a distribution's boot loader boots from, made without root or loop
# mounts: an MBR (sfdisk) with one bootable Linux partition from 1 MiB to
# the end, an ext4 file system written by mke2fs -d through an offset,
# holding Debian's riscv64 kernel, the busybox initramfs (both from
# scripts/linux-guest.sh: the same kernel and initramfs the Linux guest
# tests boot, virtio modules included) and extlinux/extlinux.conf, which
# U-Boot's distro boot finds in its default boot order (virtio 0:1).
#   distro-disk.sh [--size 64M] [--append "bootargs"] OUT [LINUX_DIR]
# (default bootargs: console=ttyS0 rvh.boot=extlinux, the latter only to
# show where Linux got them)
# LINUX_DIR (default build/linux) is made by linux-guest.sh when missing.
# OUT is only replaced once the new image is complete.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
size=64M
append="console=ttyS0 rvh.boot=extlinux"
while [ $# -gt 0 ]; do
	case "$1" in
	--size) size=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	-*) echo "distro-disk.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || { echo "usage: distro-disk.sh [--size 64M] [--append ARGS] OUT [LINUX_DIR]" >&2; exit 2; }
out=$1
linux=${2:-$top/build/linux}
for t in sfdisk mke2fs; do
	command -v "$t" >/dev/null || [ -x "/usr/sbin/$t" ] || [ -x "/sbin/$t" ] ||
		{ echo "distro-disk.sh: $t missing: run scripts/deps.sh (Debian packages fdisk, e2fsprogs)" >&2; exit 1; }
done
export PATH=$PATH:/usr/sbin:/sbin
"$top/scripts/linux-guest.sh" "$linux" >&2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$out.tmp"' EXIT
# the partition's contents: what Debian's /boot would hold for U-Boot
mkdir -p "$tmp/boot/extlinux"
cp "$linux/Image" "$tmp/boot/Image"
cp "$linux/initramfs.cpio.gz" "$tmp/boot/initramfs.cpio.gz"
# paths are absolute in the partition (sysboot allows that); no menu and
# no timeout: the default label boots at once (U-Boot's own autoboot
# countdown is where a key stops the boot)
cat >"$tmp/boot/extlinux/extlinux.conf" <<EOF
# written by scripts/distro-disk.sh
default linux
label linux
	menu label Debian riscv64 Linux (busybox initramfs)
	linux /Image
	initrd /initramfs.cpio.gz
	append $append
EOF

truncate -s "$size" "$out.tmp"
bytes=$(stat -c %s "$out.tmp")
[ "$bytes" -ge $((8 << 20)) ] || { echo "distro-disk.sh: size $size is too small (at least 8M)" >&2; exit 2; }
# type 83 (Linux), bootable: U-Boot's scan_dev_for_boot_part lists the
# bootable partitions first
printf 'label: dos\nstart=2048, type=83, bootable\n' | sfdisk -q "$out.tmp"
# the file system in 4 KiB blocks from 1 MiB to the end of the image
blocks=$(((bytes - (1 << 20)) / 4096))
mke2fs -q -F -t ext4 -L rvh-boot -b 4096 -d "$tmp/boot" -E offset=$((1 << 20)) \
	"$out.tmp" "$blocks" ||
	{ echo "distro-disk.sh: mke2fs failed (is $size big enough for the kernel and initramfs?)" >&2; exit 1; }
mv "$out.tmp" "$out"
echo "distro-disk.sh: $out ($size): MBR, ext4 partition 1 from 1 MiB with Image, initramfs.cpio.gz, extlinux/extlinux.conf" >&2
