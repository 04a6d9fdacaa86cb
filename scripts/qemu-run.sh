#!/usr/bin/env bash
# Boots the hypervisor with a guest bundle in QEMU (DESIGN.md section 4).
#   qemu-run.sh HYPERVISOR_ELF BUNDLE [extra QEMU args...]
# The guests' disks come from BUNDLE.drives when mkbundle.sh wrote one (one
# line per disk: serial, read-only flag 0/1, image path, tab-separated):
# each becomes one of QEMU's virtio-blk devices, which the hypervisor
# drives and matches to a guest's disk node by serial.
# Environment: HOST_SMP (1), HOST_MEM (1G), CPU (rv64, e.g. "rv64,sstc=off"),
#   ICOUNT=1 (-icount shift=0,sleep=off), GDB=1 (wait for gdb on :1234),
#   QEMU, FW_DYNAMIC, QEMU_LOG=file (-d int,guest_errors),
#   HOST_RNG=0 (no virtio-rng-device for the hypervisor's entropy),
#   HOST_BLKDEBUG=FILE (tests: host I/O errors injected into every disk by
#   QEMU's blkdebug driver, rules in FILE, e.g. an [inject-error] section),
#   SEMIHOSTING=0 (no -semihosting-config: the hypervisor cannot trace),
#   EOF_EOT=1 (make run: when standard input is a file or pipe, send the
#   terminal's end-of-file character, Ctrl-D, after it),
#   FEED_PROMPT=TEXT (when standard input is a file or pipe, type it one
#   line per TEXT seen on the console, "\e" for ESC: scripts/console-pace.pl;
#   make run-uboot waits so for Linux's shell, past U-Boot's countdown).
# The exit status is QEMU's (the guests' status, DESIGN.md section 5).
set -euo pipefail
hv=$1 bundle=$2
shift 2
QEMU=${QEMU:-qemu-system-riscv64}
FW_DYNAMIC=${FW_DYNAMIC:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
# modern (version 2) virtio-mmio: the hypervisor drives no legacy device
args=(-M virt -cpu "${CPU:-rv64}" -smp "${HOST_SMP:-1}" -m "${HOST_MEM:-1G}" -nographic
	-bios "$FW_DYNAMIC" -kernel "$hv" -initrd "$bundle"
	-global virtio-mmio.force-legacy=false)
# semihosting: the hypervisor writes its trace file through it (SEMIHOSTING=0:
# off, for the test that tracing then stays off)
[ "${SEMIHOSTING:-1}" = 0 ] || args+=(-semihosting-config enable=on,target=native)
[ "${HOST_RNG:-1}" = 0 ] || args+=(-device virtio-rng-device)
if [ -f "$bundle.drives" ]; then
	n=0
	while IFS=$'\t' read -r serial ro path; do
		[ -n "$serial" ] || continue
		[ -f "$path" ] || { echo "qemu-run.sh: disk image '$path' (serial $serial, from $bundle.drives) not found" >&2; exit 1; }
		# QEMU's option syntax: a comma in a value is written twice.
		# Errors are reported to the hypervisor (as IOERR), never a
		# paused QEMU (werror's default stops it on ENOSPC).
		file=${path//,/,,}
		[ -z "${HOST_BLKDEBUG:-}" ] || file="blkdebug:${HOST_BLKDEBUG//,/,,}:$file"
		opt="file=$file,format=raw,if=none,id=d$n,werror=report,rerror=report"
		[ "$ro" = 1 ] && opt+=",readonly=on"
		args+=(-drive "$opt" -device "virtio-blk-device,drive=d$n,serial=$serial")
		n=$((n + 1))
	done <"$bundle.drives"
	# QEMU virt has 8 virtio-mmio slots; the rng takes one
	slots=8 why=""
	[ "${HOST_RNG:-1}" = 0 ] || slots=7 why=", one of them for the rng unless HOST_RNG=0"
	[ "$n" -le "$slots" ] || { echo "qemu-run.sh: $n disks in $bundle.drives, but QEMU's virt machine has room for $slots (8 virtio-mmio slots$why)" >&2; exit 1; }
fi
[ "${ICOUNT:-0}" = 1 ] && args+=(-icount shift=0,sleep=off)
[ "${GDB:-0}" = 1 ] && args+=(-s -S)
[ -n "${QEMU_LOG:-}" ] && args+=(-d int,guest_errors -D "$QEMU_LOG")
if [ -n "${FEED_PROMPT:-}" ] && [ ! -t 0 ]; then
	# QEMU reads a fifo the pacer writes; the pacer reads QEMU's output
	fifo=$(mktemp -u "${TMPDIR:-/tmp}/qemu-run-in.XXXXXX")
	mkfifo "$fifo"
	exec {in}<&0
	set +e
	"$QEMU" "${args[@]}" "$@" <"$fifo" |
		perl "$(dirname "$0")/console-pace.pl" "$FEED_PROMPT" "${EOF_EOT:-0}" 3<&"$in" 4>"$fifo"
	st=${PIPESTATUS[0]}
	rm -f "$fifo"
	exit "$st"
fi
if [ "${EOF_EOT:-0}" = 1 ] && [ ! -t 0 ]; then
	# A serial line has no end of file; a tty turns Ctrl-D into one, so
	# the guest's shell sees the end of `make run <file` the same way. The
	# pause keeps the first bytes from reaching the UART while the
	# firmware still resets its FIFO (which would drop them). The feeder
	# is not part of a pipeline: when QEMU is gone first it dies of
	# SIGPIPE, and that must not become the script's status.
	exec {feed}< <(
		exec 2>/dev/null
		sleep 1
		cat
		printf '\004'
	)
	feeder=$!
	st=0
	"$QEMU" "${args[@]}" "$@" <&"$feed" || st=$?
	exec {feed}<&-
	kill "$feeder" 2>/dev/null || true
	exit "$st"
fi
exec "$QEMU" "${args[@]}" "$@"
