#!/usr/bin/env bash
# RFENCE with 3 vCPUs on 2 harts: remote fence.i, remote sfence.vma and
# sfence.vma_asid seen by the target vCPUs (Sv39 in the guest), errors.
. "$(dirname "$0")/smp_lib.sh"
export HOST_SMP=2

sys_run "" "$TSYS_OUT/smp_rfence.elf" --cpus 3 --name smp-rfence
sys_check smp_rfence 0 && smp_check_once
sys_end
tsys_done
