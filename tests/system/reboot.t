#!/usr/bin/env bash
# SRST cold and warm reboot: the guest boots exactly twice (the second boot
# sees its image reloaded), then shuts down cleanly. The guest tells the
# boots apart by platform time (guests/reboot.c): a boot before the switch
# time is the first. If the first boot itself came after the switch time
# (a slow machine), the run is repeated once with a later switch.
. "$(dirname "$0")/lib.sh"

RUN_MAX_BOOTS=2
for type in cold warm; do
	sw=1500
	for try in 1 2; do
		sys_run "$type" "$TSYS_OUT/reboot.elf" --mem 16M \
			--args "tg.type=$type tg.switch_ms=$sw"
		first=$(sed -n 's/^tg: reboot boot at time \([0-9]*\),.*/\1/p' \
			"$RUN_LOG" | head -n 1)
		if [ "$try" = 1 ] && [ "$RUN_BOOTS" = 1 ] && [ -n "$first" ] &&
			[ "$first" -ge $((sw * 10000)) ]; then
			echo "# $RUN_NAME: the first boot came after the switch" \
				"time ($first ticks): once more with a later one"
			sw=$((first / 10000 * 2 + 1000))
			continue
		fi
		break
	done
	if sys_check reboot 0; then
		tsys_is "$RUN_BOOTS" 2 "$RUN_NAME: guest booted twice"
		tsys_ok "$RUN_NAME: first boot asked for the $type reboot" \
			grep -q "^tg: reboot $type reboot now" "$RUN_LOG"
	fi
	sys_end
done
tsys_done
