#!/usr/bin/env bash
# Installs what the build needs, from Debian packages only (DESIGN.md section 3).
#   scripts/deps.sh            host packages + riscv64 libfdt
#   scripts/deps.sh --check    exit 0 if nothing is missing, 1 otherwise (no changes)
#   scripts/deps.sh --riscv64 PKG...   fetch extra riscv64 packages (guest material)
#   scripts/deps.sh --riscv64-depends PKG   print what a riscv64 metapackage depends on
#   scripts/deps.sh --riscv64-deb PKG       download a riscv64 .deb (once), print its path
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
deps="$top/build/deps"
rv="$deps/riscv64"

HOST_PKGS=(qemu-system-misc opensbi gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf
	device-tree-compiler libfdt-dev libcmocka-dev gdb-multiarch clang
	libclang-rt-14-dev llvm cpio u-boot-qemu fdisk mtools gnuplot-nox python3)
RV_PKGS=(libfdt-dev libfdt1)

missing_host() {
	local p
	for p in "${HOST_PKGS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
	done
}

rv_stamp() { echo "$rv/.stamp-$1"; }

missing_rv() {
	local p
	for p in "$@"; do [ -e "$(rv_stamp "$p")" ] || echo "$p"; done
}

# The archive address comes from this machine's own apt configuration.
archive_uri() {
	local uri=""
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
	fi
	if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
		uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)
	fi
	[ -n "$uri" ] || { echo "deps.sh: no Debian archive found in /etc/apt sources" >&2; exit 1; }
	echo "$uri"
}

st="$deps/apt-riscv64"
apt_opts() {
	local key=/usr/share/keyrings/debian-archive-trixie-stable.gpg
	[ -f "$key" ] || key=/usr/share/keyrings/debian-archive-keyring.gpg
	mkdir -p "$st/lists/partial" "$st/cache/archives/partial" "$st/etc/preferences.d" "$rv"
	echo "deb [arch=riscv64 signed-by=$key] $(archive_uri) trixie main" >"$st/etc/sources.list"
	opts=(-oAPT::Architecture=riscv64 -oAPT::Architectures::=riscv64
		-oDir::State::Lists="$st/lists" -oDir::State::Status=/dev/null
		-oDir::Etc::SourceList="$st/etc/sources.list" -oDir::Etc::SourceParts=/dev/null
		-oDir::Etc::Preferences="$st/etc/preferences" -oDir::Etc::PreferencesParts="$st/etc/preferences.d"
		-oDir::Cache="$st/cache" -oDebug::NoLocking=1 -oAPT::Sandbox::User=root)
	if [ ! -e "$st/.updated" ]; then
		echo "deps.sh: reading the trixie riscv64 package list"
		apt-get "${opts[@]}" -q update >"$st/update.log" 2>&1 || { cat "$st/update.log" >&2; exit 1; }
		touch "$st/.updated"
	fi
}

fetch_riscv64() {
	local want
	want=$(missing_rv "$@")
	[ -n "$want" ] || return 0
	apt_opts
	local p
	for p in $want; do
		echo "deps.sh: fetching riscv64 $p"
		(cd "$st/cache/archives" && apt-get "${opts[@]}" -q download "$p:riscv64" >/dev/null)
		dpkg-deb -x "$(ls -t "$st"/cache/archives/"${p}"_*_riscv64.deb | head -n1)" "$rv"
		touch "$(rv_stamp "$p")"
	done
}

if [ "${1:-}" = "--check" ]; then
	[ -z "$(missing_host)" ] && [ -z "$(missing_rv "${RV_PKGS[@]}")" ]
	exit
fi
if [ "${1:-}" = "--riscv64-deb" ]; then
	deb=$(ls -t "$st"/cache/archives/"$2"_*_riscv64.deb 2>/dev/null | head -n1 || true)
	if [ -z "$deb" ]; then
		apt_opts
		echo "deps.sh: fetching riscv64 $2" >&2
		(cd "$st/cache/archives" && apt-get "${opts[@]}" -q download "$2:riscv64" >/dev/null)
		deb=$(ls -t "$st"/cache/archives/"$2"_*_riscv64.deb | head -n1)
	fi
	echo "$deb"
	exit
fi
if [ "${1:-}" = "--riscv64-depends" ]; then
	apt_opts
	apt-cache "${opts[@]}" depends "$2" | awk '/Depends:/ { print $2; exit }'
	exit
fi
if [ "${1:-}" = "--riscv64" ]; then
	shift
	fetch_riscv64 "$@"
	exit
fi

need=$(missing_host | tr '\n' ' ')
if [ -n "$need" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps.sh: missing Debian packages: $need" >&2
		echo "deps.sh: run as root:  apt-get update && apt-get install -y $need" >&2
		exit 1
	fi
	echo "deps.sh: installing $need"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $need >/dev/null
fi
fetch_riscv64 "${RV_PKGS[@]}"
