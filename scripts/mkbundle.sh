#!/usr/bin/env bash
# Makes the guest bundle (a DTB given to QEMU as -initrd, docs/running-guests.md).
#   mkbundle.sh -o OUT --image PATH [--name N] [--mem 128M] [--cpus 1]
#               [--args "bootargs"] [--initrd PATH] [--devices "plic uart"|none]
#               [--virtual-instret]   (counters = "virtual": instret counts the guest only)
#   mkbundle.sh -o OUT --config guests.dts    (several guests, paths relative to it)
set -euo pipefail
out="" image="" name="guest0" mem="128M" cpus=1 args="" initrd="" config="" devices="" counters=""
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
	*) echo "mkbundle.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ -n "$out" ] || { echo "mkbundle.sh: -o OUT is required" >&2; exit 2; }
mkdir -p "$(dirname "$out")"
if [ -n "$config" ]; then
	[ -f "$config" ] || { echo "mkbundle.sh: no such config: $config" >&2; exit 1; }
	exec dtc -q -I dts -O dtb -i "$(dirname "$config")" -o "$out" "$config"
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
	echo '		};'
	echo '	};'
	echo '};'
} >"$dts"
dtc -q -I dts -O dtb -o "$out" "$dts"
