#!/usr/bin/env bash
# Loads/stores outside guest RAM get access faults injected into the guest
# (scause 5/7, stval = address, sepc = instruction).
. "$(dirname "$0")/lib.sh"

sys_run "" "$TSYS_OUT/fault.elf"
sys_check fault 0
sys_end
tsys_done
