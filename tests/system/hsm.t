#!/usr/bin/env bash
# HSM: status/start errors, retentive and non-retentive suspend, reserved
# suspend types; then hart_stop of the only vCPU (QEMU exit status 3).
. "$(dirname "$0")/lib.sh"

sys_run "" "$TSYS_OUT/hsm.elf"
sys_check hsm 0
sys_end

sys_run stop "$TSYS_OUT/hsm_stop.elf"
if sys_check hsm_stop 3; then
	tsys_ok "$RUN_NAME: guest reached hart_stop" \
		grep -q '^tg: hsm_stop calling hart_stop' "$RUN_LOG"
	tsys_ok "$RUN_NAME: no guest output after hart_stop" \
		[ -z "$(sed -n '/^tg: hsm_stop calling hart_stop/,$p' "$RUN_LOG" |
			sed 1d | grep -v '^rvh')" ]
fi
sys_end
tsys_done
