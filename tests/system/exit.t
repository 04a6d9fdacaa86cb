#!/usr/bin/env bash
# QEMU exit status when the last guest stops: 0 SRST shutdown reason NONE
# (srst.t, and here the legacy shutdown), 1 SYSTEM_FAILURE, 2 another
# (vendor) reason, 4 hypervisor error (bad bundle, out of memory). 3 is in
# contain.t and hsm.t.
. "$(dirname "$0")/lib.sh"

for c in sysfail:1 other:2 legacy:0; do
	sys_run "${c%:*}" "$TSYS_OUT/srst.elf" --args "tg.exit=${c%:*}"
	if sys_check srst "${c#*:}" 0; then
		tsys_ok "$RUN_NAME: guest asked for the shutdown" \
			grep -Eq '^tg: srst (shutdown reason|legacy shutdown)' \
			"$RUN_LOG"
	fi
	sys_end
done

# bad bundles: the hypervisor reports an error, no guest runs
tsys_bad_bundle() {
	local what=$1 desc=$2
	RUN_NAME=exit-$what
	if [ -n "$RUN_SETUP" ]; then
		tsys_result 0 "$RUN_NAME: run starts" "$RUN_SETUP"
		return
	fi
	tsys_ok "$RUN_NAME: finished within ${TSYS_TIMEOUT}s" \
		[ "$RUN_TIMEDOUT" = 0 ]
	tsys_ok "$RUN_NAME: hypervisor banner" grep -q '^rvh hypervisor' "$RUN_LOG"
	tsys_ok "$RUN_NAME: no guest ran" [ -z "$(grep '^tg: ' "$RUN_LOG")" ]
	tsys_ok "$RUN_NAME: hypervisor says why (an 'rvh: ' line)" \
		grep -q '^rvh: ' "$RUN_LOG"
	tsys_is "$RUN_STATUS" 4 "$RUN_NAME: QEMU exit status 4 ($desc)"
}

# not a DTB at all: boot QEMU with a text file as the bundle
if [ "${TSYS_DIRECT:-0}" = 1 ]; then
	tsys_skip "exit-garbage: bad bundle" TSYS_DIRECT
	tsys_skip "exit-nomem: out of memory" TSYS_DIRECT
else
	RUN_FAILED=0 RUN_TIMEDOUT=0 RUN_SETUP=""
	RUN_LOG=$TSYS_OUT/exit-garbage.log
	bad=$TSYS_OUT/exit-garbage.bundle
	mkdir -p "$TSYS_OUT"
	printf 'this is not a guest bundle\n%.0s' {1..64} >"$bad"
	if [ ! -f "$TSYS_HV" ]; then
		RUN_SETUP="$TSYS_HV missing"
	else
		CPU=rv64 timeout -k 5 "$TSYS_TIMEOUT" "$TSYS_ROOT/scripts/qemu-run.sh" \
			"$TSYS_HV" "$bad" </dev/null >"$RUN_LOG" 2>&1
		RUN_STATUS=$?
		case $RUN_STATUS in 124 | 137) RUN_TIMEDOUT=1 ;; esac
	fi
	tsys_bad_bundle garbage "bundle is not a DTB"
	sys_end

	# more guest RAM than the host has (HOST_MEM is 1G)
	sys_run nomem "$TSYS_OUT/srst.elf" --mem 4G
	tsys_bad_bundle nomem "guest RAM larger than host RAM"
	sys_end
fi
tsys_done
