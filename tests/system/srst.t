#!/usr/bin/env bash
# SRST reserved types and reasons -> INVALID_PARAM (the guest then shuts
# down with reason NONE: QEMU exit status 0).
. "$(dirname "$0")/lib.sh"

sys_run "" "$TSYS_OUT/srst.elf" --args "tg.exit=none"
sys_check srst 0
sys_end
tsys_done
