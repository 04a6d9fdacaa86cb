#!/usr/bin/env bash
# Boots the hypervisor with a guest bundle in QEMU (DESIGN.md section 4).
#   qemu-run.sh HYPERVISOR_ELF BUNDLE [extra QEMU args...]
# Environment: HOST_SMP (1), HOST_MEM (1G), CPU (rv64, e.g. "rv64,sstc=off"),
#   ICOUNT=1 (-icount shift=0,sleep=off), GDB=1 (wait for gdb on :1234),
#   QEMU, FW_DYNAMIC, QEMU_LOG=file (-d int,guest_errors),
#   EOF_EOT=1 (make run: when standard input is a file or pipe, send the
#   terminal's end-of-file character, Ctrl-D, after it).
set -euo pipefail
hv=$1 bundle=$2
shift 2
QEMU=${QEMU:-qemu-system-riscv64}
FW_DYNAMIC=${FW_DYNAMIC:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
args=(-M virt -cpu "${CPU:-rv64}" -smp "${HOST_SMP:-1}" -m "${HOST_MEM:-1G}" -nographic
	-bios "$FW_DYNAMIC" -kernel "$hv" -initrd "$bundle"
	-semihosting-config enable=on,target=native)
[ "${ICOUNT:-0}" = 1 ] && args+=(-icount shift=0,sleep=off)
[ "${GDB:-0}" = 1 ] && args+=(-s -S)
[ -n "${QEMU_LOG:-}" ] && args+=(-d int,guest_errors -D "$QEMU_LOG")
if [ "${EOF_EOT:-0}" = 1 ] && [ ! -t 0 ]; then
	# A serial line has no end of file; a tty turns Ctrl-D into one, so
	# the guest's shell sees the end of `make run <file` the same way. The
	# pause keeps the first bytes from reaching the UART while the
	# firmware still resets its FIFO (which would drop them).
	{
		sleep 1
		cat
		printf '\004'
	} | "$QEMU" "${args[@]}" "$@"
	exit "${PIPESTATUS[1]}"
fi
exec "$QEMU" "${args[@]}" "$@"
