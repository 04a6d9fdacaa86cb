#!/usr/bin/env bash
# Containment: a guest that cannot continue is stopped with a report line
# naming guest, vCPU, pc, cause and tval; QEMU exits with status 3.
. "$(dirname "$0")/lib.sh"

for mode in stvec0 entry storm storm-illegal; do
	sys_run "$mode" "$TSYS_OUT/contain.elf" --name "tg-$mode" \
		--args "tg.mode=$mode"
	if sys_check contain 3 0; then
		sys_check_report "tg-$mode"
	fi
	sys_end
done
tsys_done
