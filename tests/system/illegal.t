#!/usr/bin/env bash
# H-extension instructions and H/VS CSRs from the guest: illegal
# instruction in the guest with stval = the instruction bits.
. "$(dirname "$0")/lib.sh"

sys_run "" "$TSYS_OUT/illegal.elf"
sys_check illegal 0
sys_end
tsys_done
