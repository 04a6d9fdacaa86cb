#!/usr/bin/env bash
# Debian's riscv64 kernel and a busybox initramfs, as a guest for the hypervisor.
#   scripts/linux-guest.sh OUTDIR   -> OUTDIR/Image, OUTDIR/initramfs.cpio.gz
# Both come from Debian 13's riscv64 packages (DESIGN.md section 3).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build/linux}
mkdir -p "$out"
[ -s "$out/Image" ] && [ -s "$out/initramfs.cpio.gz" ] && [ "$out/initramfs.cpio.gz" -nt "$0" ] && exit 0

kpkg=$("$top/scripts/deps.sh" --riscv64-depends linux-image-riscv64)
kdeb=$("$top/scripts/deps.sh" --riscv64-deb "$kpkg")
bdeb=$("$top/scripts/deps.sh" --riscv64-deb busybox-static)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the kernel package's /boot/vmlinux-* is the flat Image (with an EFI stub header)
dpkg-deb --fsys-tarfile "$kdeb" | tar -x -C "$tmp" --wildcards './boot/vmlinux-*'
cp "$tmp"/boot/vmlinux-* "$out/Image"

root=$tmp/root
mkdir -p "$root"/{bin,dev,proc,sys,tmp,etc}
dpkg-deb --fsys-tarfile "$bdeb" | tar -x -C "$tmp" ./usr/bin/busybox
cp "$tmp/usr/bin/busybox" "$root/bin/busybox"
cat >"$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "rvh-linux: init on $(nproc) cpu(s), kernel $(uname -r)"
# rvh.poweroff: stop where the shell would start (boot measurements)
grep -q rvh.poweroff /proc/cmdline && echo "rvh-linux: shell would start here" && poweroff -f
# a shell on the console; leaving it powers the guest off
setsid cttyhack sh
poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) >"$out/initramfs.cpio.gz"
echo "linux-guest.sh: $out/Image ($(stat -c %s "$out/Image") bytes), initramfs $(stat -c %s "$out/initramfs.cpio.gz") bytes"
