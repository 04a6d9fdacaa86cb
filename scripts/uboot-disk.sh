#!/usr/bin/env bash
# Writes a disk image with an MBR partition table and one FAT partition,
# without root or loop mounts (sfdisk + mtools, Debian's fdisk and mtools).
#   uboot-disk.sh [--size 16M] OUT [SRC[=DEST]...]
# Each SRC file is copied into the FAT file system as DEST (default: its
# base name in the root directory); directories in DEST are made as needed.
# The partition starts at 1 MiB and fills the image; it is FAT16 for small
# images (mformat picks the FAT size from the partition's size).
set -euo pipefail
size=16M
if [ "${1:-}" = --size ]; then
	size=$2
	shift 2
fi
[ $# -ge 1 ] || { echo "usage: uboot-disk.sh [--size 16M] OUT [SRC[=DEST]...]" >&2; exit 2; }
out=$1
shift
for t in sfdisk mformat mcopy mmd; do
	command -v "$t" >/dev/null || { echo "uboot-disk.sh: $t missing: run scripts/deps.sh (Debian packages fdisk, mtools)" >&2; exit 1; }
done
tmp=$out.tmp
rm -f "$tmp"
truncate -s "$size" "$tmp"
# one bootable partition of type 0x0e (FAT16 LBA) from sector 2048 to the end
printf 'label: dos\nstart=2048, type=e, bootable\n' | sfdisk -q "$tmp"
sectors=$(($(stat -c %s "$tmp") / 512 - 2048))
# mtools addresses the partition by byte offset (@@1M); -H: sectors before it
fs="$tmp@@1M"
mformat -i "$fs" -T "$sectors" -h 16 -s 32 -H 2048 -v RVH ::
for a in "$@"; do
	src=${a%%=*}
	dest=${a#*=}
	[ "$dest" != "$a" ] || dest=$(basename "$src")
	[ -f "$src" ] || { echo "uboot-disk.sh: $src: no such file" >&2; rm -f "$tmp"; exit 1; }
	dir=$(dirname "$dest")
	if [ "$dir" != . ]; then
		d=""
		IFS=/ read -ra parts <<<"$dir"
		for p in "${parts[@]}"; do
			d=$d/$p
			mmd -i "$fs" -D s "::$d" 2>/dev/null || true
		done
	fi
	mcopy -i "$fs" -o "$src" "::/$dest"
done
mv "$tmp" "$out"
