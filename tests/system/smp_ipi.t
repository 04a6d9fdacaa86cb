#!/usr/bin/env bash
# IPI with 3 vCPUs on 2 harts: to each vCPU, mask bases, base -1, from
# every vCPU, invalid masks, ping-pong; counted per vCPU as VS software
# interrupts.
. "$(dirname "$0")/smp_lib.sh"
export HOST_SMP=2

sys_run "" "$TSYS_OUT/smp_ipi.elf" --cpus 3 --name smp-ipi
sys_check smp_ipi 0 && smp_check_once
sys_end
tsys_done
