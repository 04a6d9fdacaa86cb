#!/usr/bin/env bash
# The run scripts: mkbundle.sh's disks (--disk, disk nodes of a --config
# DTS) and the BUNDLE.drives sidecar it writes for qemu-run.sh; and
# qemu-run.sh's exit status being QEMU's when, as under `make run <file`
# (EOF_EOT=1), its input is a file or pipe and the guest finishes first.
. "$(dirname "$0")/lib.sh"

mk=$TSYS_ROOT/scripts/mkbundle.sh
dir=$TSYS_OUT/run_scripts
rm -rf "$dir"
mkdir -p "$dir/sub"
img=$TSYS_OUT/srst.elf
tab=$'\t'

# --- mkbundle.sh --disk ----------------------------------------------------
"$mk" -o "$dir/one.bundle" --image "$img" --disk "$dir/new.img" 2>"$dir/one.err"
tsys_is "$?" 0 "--disk: mkbundle.sh succeeds"
tsys_is "$(stat -c %s "$dir/new.img" 2>/dev/null)" 67108864 \
	"--disk: a missing image is created at 64 MiB"
tsys_ok "--disk: and mkbundle.sh says so on stderr" \
	grep -q "created disk image $dir/new.img (64 MiB" "$dir/one.err"
tsys_is "$(cat "$dir/one.bundle.drives" 2>/dev/null)" \
	"guest0-vda${tab}0${tab}$dir/new.img" \
	"--disk: sidecar line: serial, read-write, absolute path"
tsys_is "$(fdtget -t s "$dir/one.bundle" /guests/guest0/vda compatible 2>&1)" \
	virtio,blk "--disk: guest node vda is a virtio,blk"
tsys_is "$(fdtget -t s "$dir/one.bundle" /guests/guest0/vda serial 2>&1)" \
	guest0-vda "--disk: vda's serial matches the sidecar's"

truncate -s 1M "$dir/old.img"
(cd "$dir" && "$mk" -o "$dir/two.bundle" --image "$img" --name a-rather-long-guest-name \
	--disk old.img 2>"$dir/two.err")
tsys_is "$(stat -c %s "$dir/old.img")" 1048576 "--disk: an existing image is kept as it is"
tsys_ok "--disk: nothing said about an existing image" [ ! -s "$dir/two.err" ]
tsys_is "$(cut -f1,3 "$dir/two.bundle.drives" 2>/dev/null)" \
	"a-rather-long-guest-${tab}$dir/old.img" \
	"--disk: serial cut to 20 bytes, relative path made absolute"

"$mk" -o "$dir/one.bundle" --image "$img"
tsys_ok "no disk: a stale sidecar of the same bundle is removed" \
	[ ! -e "$dir/one.bundle.drives" ]

# --- mkbundle.sh --config: disk nodes --------------------------------------
# config_dts FILE DISK_NODES...: a two-guest bundle source, a disk node or
# "" per guest
config_dts() {
	local f=$1 g=0
	shift
	{
		echo '/dts-v1/;'
		echo '/ { compatible = "rvh,bundle-v1"; guests {'
		for d in "$@"; do
			echo "g$g { memory-size = /bits/ 64 <0x4000000>; cpus = <1>;"
			echo "image = /incbin/(\"$img\"); $d };"
			g=$((g + 1))
		done
		echo '}; };'
	} >"$f"
}
touch "$dir/sub/b.img"
config_dts "$dir/sub/c.dts" \
	'vda { compatible = "virtio,blk"; serial = "disk-a"; host-file = "a.img"; };' \
	'disk@1 { compatible = "virtio,blk"; serial = "disk-b"; host-file = "b.img"; read-only; };
	 other { compatible = "something,else"; serial = "x"; };'
"$mk" -o "$dir/c.bundle" --config "$dir/sub/c.dts" 2>"$dir/c.err"
tsys_is "$?" 0 "--config: mkbundle.sh succeeds"
tsys_is "$(cat "$dir/c.bundle.drives" 2>/dev/null)" \
	"disk-a${tab}0${tab}$dir/sub/a.img
disk-b${tab}1${tab}$dir/sub/b.img" \
	"--config: one sidecar line per disk node, in order, paths relative to the DTS, read-only flag"
tsys_is "$(stat -c %s "$dir/sub/a.img" 2>/dev/null):$(stat -c %s "$dir/sub/b.img")" \
	"67108864:0" "--config: missing image created at 64 MiB, existing one kept"

# bad_config DESC PATTERN DISK_NODES...: mkbundle.sh fails with status 2
# and a message matching PATTERN
bad_config() {
	local desc=$1 pat=$2 st
	shift 2
	config_dts "$dir/bad.dts" "$@"
	"$mk" -o "$dir/bad.bundle" --config "$dir/bad.dts" 2>"$dir/bad.err"
	st=$?
	if [ "$st" = 2 ] && grep -q -- "$pat" "$dir/bad.err"; then
		tsys_result 1 "--config: $desc"
	else
		tsys_result 0 "--config: $desc" "status $st: $(cat "$dir/bad.err")"
	fi
}
bad_config "duplicate serial refused, both disks named" \
	"serial 'same' is also used by disk /guests/g0/vda" \
	'vda { compatible = "virtio,blk"; serial = "same"; host-file = "sub/a.img"; };' \
	'vda { compatible = "virtio,blk"; serial = "same"; host-file = "sub/b.img"; };'
bad_config "serial of 21 bytes refused" "longer than 20 bytes" \
	'vda { compatible = "virtio,blk"; serial = "123456789012345678901"; host-file = "sub/a.img"; };'
bad_config "serial with a comma refused" "bad serial" \
	'vda { compatible = "virtio,blk"; serial = "a,b"; host-file = "sub/a.img"; };'
bad_config "one image for two disks refused" \
	"image $dir/sub/a.img is also the image of disk /guests/g0/vda" \
	'vda { compatible = "virtio,blk"; serial = "a"; host-file = "sub/a.img"; };' \
	'vda { compatible = "virtio,blk"; serial = "b"; host-file = "sub/../sub/a.img"; };'
bad_config "disk without host-file refused" "has no host-file" \
	'vda { compatible = "virtio,blk"; serial = "a"; };'
bad_config "disk without serial refused" "has no serial" \
	'vda { compatible = "virtio,blk"; host-file = "sub/a.img"; };'

# --- qemu-run.sh: the exit status under `make run <file` -------------------
# run_status DESC WANT TG_EXIT INPUT_CMD: boots srst.elf (tg.exit=TG_EXIT:
# shuts down at once with that reason) with EOF_EOT=1, input from INPUT_CMD
run_status() {
	local desc=$1 want=$2 how=$3 input=$4 st
	"$mk" -o "$dir/st.bundle" --image "$img" --args "tg.exit=$how" --mem 64M
	# shellcheck disable=SC2086 # INPUT_CMD is a command line
	eval "$input" 2>/dev/null | EOF_EOT=1 CPU=rv64 timeout -k 5 "$TSYS_TIMEOUT" \
		"$TSYS_ROOT/scripts/qemu-run.sh" "$TSYS_HV" "$dir/st.bundle" \
		>"$dir/st-$how.log" 2>&1
	st=${PIPESTATUS[1]}
	tsys_is "$st" "$want" "qemu-run.sh EOF_EOT=1: $desc"
}
if [ ! -f "$TSYS_HV" ]; then
	tsys_result 0 "qemu-run.sh: run starts" "$TSYS_HV missing"
else
	run_status "input </dev/null, guest powers off at once: status 0" \
		0 legacy "cat </dev/null"
	# the feeder is still reading when QEMU has gone: its SIGPIPE (141)
	# must not be the status
	run_status "input a pipe that outlives QEMU: status 0" \
		0 legacy "{ sleep 4; echo x; }"
	run_status "input a pipe that outlives QEMU: the guest's status 2" \
		2 other "{ sleep 4; echo x; }"
fi
tsys_done
