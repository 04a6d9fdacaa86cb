#!/usr/bin/env bash
# Lost timer interrupts (guests/smp_timer.c): thousands of short SBI timers
# waited for in WFI loops; none may come more than 50 ms late. burst: one
# vCPU of two running, writing sip right up to each deadline, one hart (the
# QEMU 7.2 interrupt-state race, see hypervisor/vcpu_timer.c); pingpong:
# two vCPUs taking turns on one hart, on two harts, and under -icount.
. "$(dirname "$0")/smp_lib.sh"
SMP_TIMER_MS=${SMP_TIMER_MS:-6000}

# smp_timer_run RUN MODE HOST_SMP [ICOUNT]
smp_timer_run() {
	HOST_SMP=$3 ICOUNT=${4:-0} sys_run "$1" "$TSYS_OUT/smp_timer.elf" \
		--cpus 2 --name smp-timer \
		--args "tg.mode=$2 tg.ms=$SMP_TIMER_MS"
	sys_check smp_timer 0
	sys_end
}

smp_timer_run burst-1 burst 1
smp_timer_run pingpong-1 pingpong 1
smp_timer_run pingpong-2 pingpong 2
smp_timer_run pingpong-icount pingpong 1 1
tsys_done
