#!/usr/bin/env bash
# More vCPUs than harts (HOST_SMP=2): 1 guest x 4 vCPUs, then 2 guests x 2
# vCPUs; vCPUs spin with interrupts off, take timer interrupts or loop on
# SBI calls, and every one must reach its target and keep moving.
. "$(dirname "$0")/smp_lib.sh"
export HOST_SMP=2

sys_run 1x4 "$TSYS_OUT/smp_sched.elf" --cpus 4 --name smp-sched \
	--args "tg.cpus=4"
sys_check smp_sched 0 && smp_check_once
sys_end

dts=$(smp_config 2x2 \
	"alpha:smp_sched.elf:0x1000000:2:tg.cpus=2" \
	"beta:smp_sched.elf:0x1000000:2:tg.cpus=2")
smp_run 2x2 "$dts"
if smp_check_run 0; then
	smp_check_guest alpha smp_sched 0
	smp_check_guest beta smp_sched 0
fi
sys_end
tsys_done
