#!/usr/bin/env bash
# Emulated ns16550a and virtual PLIC (2 vCPUs, HOST_SMP=2): Linux-style
# UART set-up, PLIC priority/threshold/enable/claim/complete per context,
# interrupt-driven TX (the line must appear intact) and RX (typed by this
# script once the guest waits for it). Then two such guests at once: input
# goes to guest 0, and to guest 1 after Ctrl-] 1; neither sees the other's
# bytes or the escape.
. "$(dirname "$0")/smp_lib.sh"
export HOST_SMP=2

INPUT="uart-rx-0123456789abcdefghijklmnop."
RUN_INPUT=$INPUT RUN_INPUT_AFTER='^tg: uart waiting for input'
sys_run "" "$TSYS_OUT/smp_uart.elf" --cpus 2 --name smp-uart \
	--args "tg.input=$INPUT"
if sys_check smp_uart 0; then
	smp_check_once
	tsys_ok "$RUN_NAME: the interrupt-driven TX line appears intact" \
		grep -qx -- "tg-uart: interrupt-driven tx ok, a line longer than the 16-byte FIFO" \
		"$RUN_LOG"
fi
sys_end

IN_A="alpha-rx-0123456789."
IN_B="beta-rx-abcdefghijklmnopqrstuvwxyz."
dts=$(smp_config 2guests \
	"alpha:smp_uart.elf:0x1000000:2:tg.input=$IN_A tg.rx_ms=8000" \
	"beta:smp_uart.elf:0x1000000:2:tg.input=$IN_B tg.rx_ms=8000")
smp_run_typed 2guests "$dts" \
	'^\[alpha\] tg: uart waiting for input' "$IN_A" \
	'^\[beta\] tg: uart waiting for input' $'\x1d'"1$IN_B"
if smp_check_run 0; then
	tsys_is "$RUN_TYPED" 2 "$RUN_NAME: both inputs typed"
	smp_check_guest alpha smp_uart 0
	smp_check_guest beta smp_uart 0
	tsys_ok "$RUN_NAME: Ctrl-] 1 switched the input to beta" \
		grep -q "^rvh: console input now goes to guest 'beta'" "$RUN_LOG"
fi
sys_end
tsys_done
