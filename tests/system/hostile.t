#!/usr/bin/env bash
# A guest misusing what the hypervisor emulates (guests/hostile.c):
#   walk:     page-table walks that reach a device or nothing -> access
#             faults of the access's own type; device leaf maps still work
#   uwfi:     WFI in U-mode with interrupts off -> illegal instruction
#             (a hypervisor that lets the vCPU wait never finishes: the run
#             is bounded by a short timeout)
#   progress: 2 x 102000 handled faults -> not an exception storm
. "$(dirname "$0")/lib.sh"

for mode in walk uwfi progress; do
	timeout=$TSYS_TIMEOUT
	[ "$mode" != uwfi ] || [ "$timeout" -le 20 ] || timeout=20
	TSYS_TIMEOUT=$timeout sys_run "$mode" "$TSYS_OUT/hostile.elf" \
		--name "tg-$mode" --args "tg.mode=$mode"
	if sys_check hostile 0; then
		tsys_ok "$RUN_NAME: not stopped by the hypervisor" \
			[ -z "$(grep "rvh: guest '[^']*' vCPU [0-9]* stopped: " "$RUN_LOG")" ]
	fi
	sys_end
done
tsys_done
