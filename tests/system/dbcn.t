#!/usr/bin/env bash
# DBCN write/read/write_byte and buffer checks; console input "tg-in" is
# typed once the guest waits for it; the written text must appear intact.
. "$(dirname "$0")/lib.sh"

RUN_INPUT=tg-in RUN_INPUT_AFTER='^tg: dbcn waiting for input'
sys_run "" "$TSYS_OUT/dbcn.elf"
if sys_check dbcn 0; then
	for l in "tg-dbcn: write ok" "tg-dbcn: byte ok" "tg-dbcn: end ok"; do
		tsys_ok "$RUN_NAME: output has the line '$l'" \
			grep -qx -- "$l" "$RUN_LOG"
	done
fi
sys_end
tsys_done
