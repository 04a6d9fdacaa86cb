#!/usr/bin/env bash
# WFI idles until an interrupt is pending and enabled (also with SIE = 0);
# run with and without Sstc since the timer path differs.
. "$(dirname "$0")/lib.sh"

for cpu in rv64 rv64,sstc=off; do
	RUN_CPU=$cpu
	sys_run "${cpu//[,=]/-}" "$TSYS_OUT/wfi.elf"
	sys_check wfi 0
	sys_end
done
tsys_done
