#!/usr/bin/env bash
# Makes the guest bundle (a DTB given to QEMU as -initrd, docs/running-guests.md).
#   mkbundle.sh -o OUT --image PATH [--name N] [--mem 128M] [--cpus 1]
#               [--args "bootargs"] [--initrd PATH] [--devices "plic uart"|none]
#               [--virtual-instret]   (counters = "virtual": instret counts the guest only)
#               [--disk PATH]  (a virtio-blk disk on the image PATH, serial NAME-vda)
#   mkbundle.sh -o OUT --config guests.dts    (several guests, paths relative to it)
# Disks: a guest's child node with compatible "virtio,blk" or "rvh,emu-blk"
# (which may share a virtio,blk node's disk by its serial) and a serial (at
# most 20 bytes of [A-Za-z0-9._-], unique in the bundle); in a --config DTS
# it names its image with host-file (relative to the DTS) and may say
# read-only. An image that does not exist is created at 64 MiB (sparse).
# The disks go to OUT.drives (serial, read-only 0/1, absolute image path,
# tab-separated), which scripts/qemu-run.sh turns into QEMU's drives; no
# disks, no OUT.drives.
set -euo pipefail
out="" image="" name="guest0" mem="128M" cpus=1 args="" initrd="" config="" devices="" counters=""
disk=""
while [ $# -gt 0 ]; do
	case "$1" in
	-o) out=$2; shift 2 ;;
	--image) image=$2; shift 2 ;;
	--name) name=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--cpus) cpus=$2; shift 2 ;;
	--args) args=$2; shift 2 ;;
	--initrd) initrd=$2; shift 2 ;;
	--config) config=$2; shift 2 ;;
	--devices) devices=$2; shift 2 ;;
	--virtual-instret) counters=virtual; shift ;;
	--disk) disk=$2; shift 2 ;;
	*) echo "mkbundle.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ -n "$out" ] || { echo "mkbundle.sh: -o OUT is required" >&2; exit 2; }
mkdir -p "$(dirname "$out")"
drives=$out.drives
rm -f "$drives"
declare -A serials=() images=()

# add_drive WHERE SERIAL READ_ONLY PATH: one line of OUT.drives
add_drive() {
	local where=$1 serial=$2 ro=$3 path=$4
	case "$serial" in
	"" | *[!A-Za-z0-9._-]*) echo "mkbundle.sh: $where: bad serial '$serial' (use 1 to 20 of A-Z a-z 0-9 . _ -)" >&2; exit 2 ;;
	esac
	[ "${#serial}" -le 20 ] || { echo "mkbundle.sh: $where: serial '$serial' is longer than 20 bytes (virtio-blk's GET_ID limit)" >&2; exit 2; }
	[ -z "${serials[$serial]:-}" ] || { echo "mkbundle.sh: $where: serial '$serial' is also used by ${serials[$serial]}; serials must be unique in a bundle" >&2; exit 2; }
	serials[$serial]=$where
	case "$path" in *$'\n'* | *$'\t'* | "") echo "mkbundle.sh: $where: bad image path '$path'" >&2; exit 2 ;; esac
	if [ ! -e "$path" ]; then
		truncate -s 64M "$path" || { echo "mkbundle.sh: $where: cannot create disk image $path" >&2; exit 1; }
		echo "mkbundle.sh: $where: created disk image $path (64 MiB, empty)" >&2
	fi
	[ -f "$path" ] || { echo "mkbundle.sh: $where: disk image $path is not a regular file" >&2; exit 1; }
	path=$(realpath "$path")
	# QEMU locks an image for its one writer
	[ -z "${images[$path]:-}" ] || { echo "mkbundle.sh: $where: image $path is also the image of ${images[$path]}; give each disk its own" >&2; exit 2; }
	images[$path]=$where
	printf '%s\t%s\t%s\n' "$serial" "$ro" "$path" >>"$drives"
}

# config_drives DTB DIR: the disk nodes of every guest of a compiled bundle:
# virtio,blk nodes first, then rvh,emu-blk nodes (the emulated controller,
# on the same host disks): one of those with a host-file brings its own
# image; without one, or with the image of a disk already listed under its
# serial, it shares that disk
declare -A serial_file=()
config_drives() {
	local dtb=$1 dir=$2 g d node serial file ro compat pass
	fdtget -l "$dtb" /guests >/dev/null 2>&1 || return 0
	for pass in virtio,blk rvh,emu-blk; do
	for g in $(fdtget -l "$dtb" /guests); do
		for d in $(fdtget -l "$dtb" "/guests/$g"); do
			node=/guests/$g/$d
			compat=$(fdtget -t s "$dtb" "$node" compatible 2>/dev/null) || continue
			[ "$compat" = "$pass" ] || continue
			serial=$(fdtget -t s "$dtb" "$node" serial 2>/dev/null) ||
				{ echo "mkbundle.sh: $config: disk $node has no serial" >&2; exit 2; }
			file=$(fdtget -t s "$dtb" "$node" host-file 2>/dev/null) || file=""
			if [ "$pass" = rvh,emu-blk ] && [ -n "${serials[$serial]:-}" ]; then
				[ -z "$file" ] && continue
				case "$file" in /*) ;; *) file=$dir/$file ;; esac
				[ "$(realpath -m "$file")" = "${serial_file[$serial]}" ] && continue
				echo "mkbundle.sh: $config: disk $node has serial '$serial' of ${serials[$serial]} but another host-file ($file)" >&2
				exit 2
			fi
			[ -n "$file" ] ||
				{ echo "mkbundle.sh: $config: disk $node has no host-file (its image, relative to the DTS)" >&2; exit 2; }
			case "$file" in /*) ;; *) file=$dir/$file ;; esac
			ro=0
			fdtget "$dtb" "$node" read-only >/dev/null 2>&1 && ro=1
			add_drive "disk $node" "$serial" "$ro" "$file"
			serial_file[$serial]=$(realpath "$file")
		done
	done
	done
}

if [ -n "$config" ]; then
	[ -f "$config" ] || { echo "mkbundle.sh: no such config: $config" >&2; exit 1; }
	dtc -q -I dts -O dtb -i "$(dirname "$config")" -o "$out" "$config"
	config_drives "$out" "$(dirname "$config")"
	exit 0
fi
[ -n "$image" ] || { echo "mkbundle.sh: --image PATH (or GUEST=path) is required" >&2; exit 2; }
[ -f "$image" ] || { echo "mkbundle.sh: guest image not found: $image" >&2; exit 1; }
[ -z "$initrd" ] || [ -f "$initrd" ] || { echo "mkbundle.sh: initrd not found: $initrd" >&2; exit 1; }

to_bytes() {
	local v=$1 n
	case "$v" in
	*[kK]) n=$(( ${v%?} << 10 )) ;;
	*[mM]) n=$(( ${v%?} << 20 )) ;;
	*[gG]) n=$(( ${v%?} << 30 )) ;;
	*[!0-9]*) echo "mkbundle.sh: bad size '$v' (use e.g. 128M or 1G)" >&2; exit 2 ;;
	*) n=$v ;;
	esac
	printf '0x%x' "$n"
}
case "$name" in *[!A-Za-z0-9_-]* | "") echo "mkbundle.sh: bad guest name '$name'" >&2; exit 2 ;; esac
case "$cpus" in *[!0-9]* | "") echo "mkbundle.sh: bad vCPU count '$cpus'" >&2; exit 2 ;; esac
memhex=$(to_bytes "$mem")
disk_serial=$name-vda
disk_serial=${disk_serial:0:20}
[ -z "$disk" ] || add_drive "--disk" "$disk_serial" 0 "$disk"
esc() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'; }
dts=$(mktemp)
trap 'rm -f "$dts"' EXIT
{
	echo '/dts-v1/;'
	echo '/ {'
	echo '	compatible = "rvh,bundle-v1";'
	echo '	guests {'
	echo "		$name {"
	echo "			memory-size = /bits/ 64 <$memhex>;"
	echo "			cpus = <$cpus>;"
	echo "			bootargs = \"$(esc "$args")\";"
	echo "			image = /incbin/(\"$(esc "$(realpath "$image")")\");"
	if [ -n "$devices" ]; then
		list=""
		for d in $devices; do list="$list${list:+, }\"$d\""; done
		echo "			devices = $list;"
	fi
	[ -z "$counters" ] || echo "			counters = \"$counters\";"
	[ -z "$initrd" ] || echo "			initrd = /incbin/(\"$(esc "$(realpath "$initrd")")\");"
	if [ -n "$disk" ]; then
		echo '			vda {'
		echo '				compatible = "virtio,blk";'
		echo "				serial = \"$disk_serial\";"
		echo '			};'
	fi
	echo '		};'
	echo '	};'
	echo '};'
} >"$dts"
dtc -q -I dts -O dtb -o "$out" "$dts"
