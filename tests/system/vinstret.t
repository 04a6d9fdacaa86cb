#!/usr/bin/env bash
# instret under -icount: counters = "virtual" (mkbundle.sh --virtual-instret)
# counts only the guest's own instructions; the default physical counters
# count the hypervisor's work for an exit too (guests/vinstret.c).
. "$(dirname "$0")/lib.sh"

export ICOUNT=1
sys_run virtual "$TSYS_OUT/vinstret.elf" --virtual-instret \
	--args "tg.counters=virtual"
sys_check vinstret 0
sys_end
sys_run physical "$TSYS_OUT/vinstret.elf" --args "tg.counters=physical"
sys_check vinstret 0
sys_end

# a bad value, from a DTS (make run CONFIG=): the hypervisor names it, no
# guest runs, exit status 4
unset ICOUNT
dts=$TSYS_OUT/vinstret-bad.dts
mkdir -p "$TSYS_OUT"
cat >"$dts" <<'DTS'
/dts-v1/;
/ {
	compatible = "rvh,bundle-v1";
	guests {
		bad { memory-size = /bits/ 64 <0x400000>; cpus = <1>;
		      image = [13 00 00 00]; counters = "virtul"; };
	};
};
DTS
sys_run bad "$TSYS_OUT/vinstret.elf" --config "$dts"
if [ -n "$RUN_SETUP" ]; then
	tsys_result 0 "$RUN_NAME: run starts" "$RUN_SETUP"
else
	tsys_ok "$RUN_NAME: finished within ${TSYS_TIMEOUT}s" [ "$RUN_TIMEDOUT" = 0 ]
	tsys_ok "$RUN_NAME: no guest ran" [ -z "$(grep '^tg: ' "$RUN_LOG")" ]
	tsys_ok "$RUN_NAME: the error names guest, property and value" \
		grep -q "guest 'bad': unknown counters mode 'virtul'" "$RUN_LOG"
	tsys_is "$RUN_STATUS" 4 "$RUN_NAME: QEMU exit status 4"
	sys_end
fi
tsys_done
