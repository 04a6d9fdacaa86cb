#!/usr/bin/env bash
# BASE functions, extension probing, legacy console, unknown extensions and
# functions, registers preserved across SBI calls.
. "$(dirname "$0")/lib.sh"

sys_run "" "$TSYS_OUT/sbi_base.elf"
sys_check sbi_base 0
sys_end
tsys_done
