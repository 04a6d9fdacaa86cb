#!/usr/bin/env bash
# Debian's riscv64 kernel and a busybox initramfs, as a guest for the hypervisor.
#   scripts/linux-guest.sh OUTDIR   -> OUTDIR/Image, OUTDIR/initramfs.cpio.gz
# Both come from Debian 13's riscv64 packages (DESIGN.md section 3).
# Debian builds virtio-mmio, virtio-blk and virtio-rng as modules: the
# initramfs carries them (and what they depend on), decompressed here, and
# /init loads them before the shell, so /dev/vda and /dev/hwrng appear
# (virtio-console, hence /dev/hvc0, is built in).
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

# members of the kernel package, extracted into $tmp (missing ones are
# checked by the caller)
kextract() {
	dpkg-deb --fsys-tarfile "$kdeb" | tar -x -C "$tmp" --wildcards "$@" 2>/dev/null || true
}
modpat() { echo "./usr/lib/modules/*/$1.ko*" "./usr/lib/modules/*/${1//_/-}.ko*"; }

# Modules Debian builds as =m that the virtio devices need.
MODULES=(virtio_mmio virtio_blk virtio_rng)
# the kernel package's /boot/vmlinux-* is the flat Image (with an EFI stub
# header); one pass also takes the modules and a modules.dep if shipped
# shellcheck disable=SC2046
kextract './boot/vmlinux-*' './usr/lib/modules/*/modules.dep' $(for m in "${MODULES[@]}"; do modpat "$m"; done)
cp "$tmp"/boot/vmlinux-* "$out/Image"

root=$tmp/root
mkdir -p "$root"/{bin,dev,proc,sys,tmp,etc} "$root/lib/modules"

# Modules: the package has no modules.dep (depmod runs at install time), so
# dependencies come from each module's own "depends=" .modinfo entry (the
# list depmod would write); a modules.dep, if a package ships one, wins.
mdir=$(echo "$tmp"/usr/lib/modules/*)
[ -d "$mdir" ] || { echo "linux-guest.sh: no /usr/lib/modules/<version> in $kdeb" >&2; exit 1; }
# module name (dashes as underscores) -> path below $mdir, for those
# extracted so far
declare -A mpath
mod_scan() {
	local f b
	while IFS= read -r f; do
		b=$(basename "$f")
		b=${b%%.ko*}
		mpath[${b//-/_}]=$f
	done < <(cd "$mdir" && find . -name '*.ko' -o -name '*.ko.xz')
}
mod_scan
mod_deps() {
	local f=${mpath[$1]} line
	if [ -f "$mdir/modules.dep" ]; then
		line=$(grep -m1 "^${f#./}:" "$mdir/modules.dep" || true)
		for d in ${line#*:}; do
			d=$(basename "$d")
			d=${d%%.ko*}
			echo "${d//-/_}"
		done
		return
	fi
	line=$(tr '\0' '\n' <"$root/lib/modules/$1.ko" | grep -m1 '^depends=' || true)
	line=${line#depends=}
	echo "${line//,/ }" | tr ' ' '\n' | grep . | tr '-' '_' || true
}
declare -A mstate # 1: being visited, 2: placed in the order
order=()
mod_add() {
	local m=$1 d
	[ "${mstate[$m]:-0}" = 2 ] && return
	[ "${mstate[$m]:-0}" = 1 ] && { echo "linux-guest.sh: module dependency cycle at $m" >&2; exit 1; }
	if [ -z "${mpath[$m]:-}" ]; then
		# a dependency: another pass over the package
		# shellcheck disable=SC2046
		kextract $(modpat "$m")
		mod_scan
	fi
	[ -n "${mpath[$m]:-}" ] || { echo "linux-guest.sh: module $m not in $kdeb" >&2; exit 1; }
	mstate[$m]=1
	case ${mpath[$m]} in
	*.xz) xz -dc "$mdir/${mpath[$m]}" >"$root/lib/modules/$m.ko" ;;
	*) cp "$mdir/${mpath[$m]}" "$root/lib/modules/$m.ko" ;;
	esac
	for d in $(mod_deps "$m"); do mod_add "$d"; done
	mstate[$m]=2
	order+=("$m")
}
for m in "${MODULES[@]}"; do mod_add "$m"; done
printf '%s\n' "${order[@]}" >"$root/lib/modules/order"
dpkg-deb --fsys-tarfile "$bdeb" | tar -x -C "$tmp" ./usr/bin/busybox
cp "$tmp/usr/bin/busybox" "$root/bin/busybox"
cat >"$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
# modules in dependency order (lib/modules/order, written by linux-guest.sh)
loaded=
for m in $(cat /lib/modules/order); do
	if insmod /lib/modules/$m.ko; then loaded="$loaded $m"; else echo "rvh-linux: insmod $m failed"; fi
done
echo "rvh-linux: modules loaded:$loaded"
echo "rvh-linux: init on $(nproc) cpu(s), kernel $(uname -r)"
# rvh.poweroff: stop where the shell would start (boot measurements)
grep -q rvh.poweroff /proc/cmdline && echo "rvh-linux: shell would start here" && poweroff -f
# a shell on the console; leaving it powers the guest off
setsid cttyhack sh
poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) >"$out/initramfs.cpio.gz"
echo "linux-guest.sh: $out/Image ($(stat -c %s "$out/Image") bytes), initramfs $(stat -c %s "$out/initramfs.cpio.gz") bytes, modules: ${order[*]}"
