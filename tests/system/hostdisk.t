#!/usr/bin/env bash
# The hypervisor drives QEMU's own virtio devices: at boot it finds each
# virtio-blk device of the bundle's drives (mkbundle.sh --config writes
# BUNDLE.drives, qemu-run.sh turns it into -drive/-device pairs), reads its
# serial with GET_ID, and prints serial, size, read-only and slot; and the
# virtio-rng device qemu-run.sh adds by default. Legacy (version 1) slots
# are refused with a hint. Reading and writing through these disks is
# checked end to end by the guest-facing virtio-blk tests.
. "$(dirname "$0")/lib.sh"

dir=$TSYS_OUT/hostdisk
rm -rf "$dir"
mkdir -p "$dir"
# sizes that tell the disks apart: 8 MiB, and 1 MiB + 512 bytes
truncate -s 8M "$dir/rw.img"
truncate -s $((1024 * 1024 + 512)) "$dir/ro.img"
cat >"$dir/two.dts" <<DTS
/dts-v1/;
/ {
	compatible = "rvh,bundle-v1";
	guests {
		hd {
			memory-size = /bits/ 64 <0x4000000>;
			cpus = <1>;
			bootargs = "";
			image = /incbin/("$TSYS_OUT/srst.elf");
			vda {
				compatible = "virtio,blk";
				serial = "hd-rw-0123456789abcd";
				host-file = "rw.img";
			};
			vdb {
				compatible = "virtio,blk";
				serial = "hd-ro";
				host-file = "ro.img";
				read-only;
			};
		};
	};
};
DTS

# disk_line SERIAL: the hypervisor's line for that disk
disk_line() {
	grep -E "^rvh: host disk '$1': " "$RUN_LOG"
}

# check_disk SERIAL SECTORS MIB MODE
check_disk() {
	local re="^rvh: host disk '$1': $2 sectors \\($3 MiB\\), $4, slot ([0-9]) \\(0x1000([1-8])000 irq ([0-9]+)\\)$"
	local line
	line=$(disk_line "$1")
	if [[ $line =~ $re ]]; then
		tsys_result 1 "$RUN_NAME: disk $1: $2 sectors, $4"
		# slot n is the n-th window (0x10001000 + n * 0x1000), PLIC
		# source n + 1 on QEMU virt
		tsys_ok "$RUN_NAME: disk $1: slot, address and irq agree ($line)" \
			[ "$((BASH_REMATCH[1] + 1))" = "${BASH_REMATCH[2]}" -a \
			"${BASH_REMATCH[2]}" = "${BASH_REMATCH[3]}" ]
	else
		tsys_result 0 "$RUN_NAME: disk $1: $2 sectors, $4" \
			"line: '${line:-none}'"
		tsys_result 0 "$RUN_NAME: disk $1: slot, address and irq agree"
	fi
}

sys_run two "$dir/two.dts" --config "$dir/two.dts"
if sys_check srst 0; then
	check_disk hd-rw-0123456789abcd 16384 8 read-write
	check_disk hd-ro 2049 1 read-only
	tsys_is "$(grep -c "^rvh: host disk " "$RUN_LOG")" 2 \
		"$RUN_NAME: two disk lines, nothing else about disks"
	tsys_ok "$RUN_NAME: host rng found" \
		grep -Eq '^rvh: host rng: slot [0-9] ' "$RUN_LOG"
	tsys_is "$(grep -E '^rvh: host (disk|rng)' "$RUN_LOG" |
		grep -Eo 'slot [0-9]' | sort -u | wc -l)" 3 \
		"$RUN_NAME: disks and rng in three different slots"
fi
sys_end

# no drives, no rng: nothing probed, the guest runs as before
export HOST_RNG=0
sys_run none "$TSYS_OUT/srst.elf"
unset HOST_RNG
if sys_check srst 0; then
	tsys_ok "$RUN_NAME: no disk, no rng line" \
		[ -z "$(grep -E '^rvh: host (disk|rng)' "$RUN_LOG")" ]
fi
sys_end

# HOST_BLKDEBUG: the disks go through QEMU's blkdebug driver (rules that
# fail reads and writes, which the probe does not do): still found. The
# errors themselves reach guests in the guest-facing virtio-blk tests.
printf '[inject-error]\nevent = "read_aio"\nerrno = "5"\n' >"$dir/bd.conf"
export HOST_BLKDEBUG=$dir/bd.conf
sys_run blkdebug "$dir/two.dts" --config "$dir/two.dts"
unset HOST_BLKDEBUG
if sys_check srst 0; then
	check_disk hd-rw-0123456789abcd 16384 8 read-write
	check_disk hd-ro 2049 1 read-only
fi
sys_end

# QEMU's legacy virtio-mmio (a later -global wins): not driven, and the
# hypervisor says how to get modern devices; the guest still runs
RUN_NAME=hostdisk-legacy RUN_LOG=$TSYS_OUT/hostdisk-legacy.log RUN_FAILED=0
if [ ! -f "$TSYS_HV" ]; then
	tsys_result 0 "$RUN_NAME: run starts" "$TSYS_HV missing"
else
	CPU=rv64 timeout -k 5 "$TSYS_TIMEOUT" "$TSYS_ROOT/scripts/qemu-run.sh" \
		"$TSYS_HV" "$TSYS_OUT/hostdisk-two.bundle" \
		-global virtio-mmio.force-legacy=true </dev/null >"$RUN_LOG" 2>&1
	RUN_STATUS=$?
	sed -i -e 's/\r$//' "$RUN_LOG"
	tsys_is "$RUN_STATUS" 0 "$RUN_NAME: QEMU exit status 0"
	tsys_ok "$RUN_NAME: legacy slot refused with the QEMU option to use" \
		grep -q "^rvh: host virtio slot [0-9] is a legacy (version 1) device, not used: run QEMU with -global virtio-mmio.force-legacy=false" "$RUN_LOG"
	tsys_is "$(grep -c 'legacy (version 1)' "$RUN_LOG")" 1 \
		"$RUN_NAME: said once"
	tsys_ok "$RUN_NAME: no disk driven" \
		[ -z "$(grep -E '^rvh: host (disk|rng)' "$RUN_LOG")" ]
fi
sys_end
tsys_done
