#!/usr/bin/env bash
# TIME set_timer and legacy set_timer on both hypervisor paths: Sstc
# (vstimecmp) with the default CPU, hvip.VSTIP with Sstc off.
. "$(dirname "$0")/lib.sh"

for cpu in rv64 rv64,sstc=off; do
	RUN_CPU=$cpu
	sys_run "${cpu//[,=]/-}" "$TSYS_OUT/timer.elf"
	sys_check timer 0
	sys_end
done
tsys_done
