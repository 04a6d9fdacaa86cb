#!/usr/bin/env bash
# HSM with 3 vCPUs on 2 harts: state machine and errors, entry registers of
# started harts, stop/restart, suspend of secondaries and of hart 0; then
# every vCPU stopping through hart_stop (QEMU exit status 3).
. "$(dirname "$0")/smp_lib.sh"
export HOST_SMP=2

sys_run "" "$TSYS_OUT/smp_hsm.elf" --cpus 3 --name smp-hsm
sys_check smp_hsm 0 && smp_check_once
sys_end

sys_run stopall "$TSYS_OUT/smp_hsm.elf" --cpus 3 --name smp-hsm \
	--args "tg.mode=stopall"
if sys_check smp_hsm 3; then
	smp_check_once
	tsys_ok "$RUN_NAME: report names the last vCPU to stop" \
		grep -q "^rvh: guest 'smp-hsm' vCPU 1 stopped: " "$RUN_LOG"
	tsys_ok "$RUN_NAME: guest stopped with status 3" \
		grep -q "^rvh: guest 'smp-hsm' stopped with status 3\$" "$RUN_LOG"
	tsys_ok "$RUN_NAME: no guest output after vCPU 1's hart_stop" \
		[ -z "$(sed -n '/^tg: smp_hsm vCPU 1 calling hart_stop/,$p' "$RUN_LOG" |
			sed 1d | grep -v '^rvh')" ]
fi
sys_end
tsys_done
