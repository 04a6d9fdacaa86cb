#!/usr/bin/env bash
# SBI_EXT_RVH COUNTERS (guests/sbi_rvh.c): counters that move, exact
# lengths, hostile buffers refused.
. "$(dirname "$0")/lib.sh"

sys_run "" "$TSYS_OUT/sbi_rvh.elf"
sys_check sbi_rvh 0
sys_end
tsys_done
