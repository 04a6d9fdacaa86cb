#!/usr/bin/env bash
# Guests that try to hold up the hypervisor or race it (HOST_SMP=2,
# guests/smp_hostile.c):
#   dbcn:   one guest writes 64 KiB through DBCN console_write, asking for
#           all of it in each call: no call may write more than 4 KiB (the
#           console is written under the hypervisor's one lock); another
#           guest times its SBI calls all the while: none may wait 1 s or
#           more (QEMU threads on a busy host: some 100 ms of noise; a
#           hypervisor that writes it all at once, or whose lock lets the
#           writer's hart take it back every time, stalls for seconds)
#   reboot: both vCPUs of a guest ask for a system reset at the same
#           moment: cold+cold (3 runs) -> one reboot, then the clean
#           shutdown of the second boot; off+cold -> stopped once; a
#           stopped guest is never booted again
. "$(dirname "$0")/smp_lib.sh"
export HOST_SMP=2

dts=$(smp_config dbcn \
	"flooder:smp_hostile.elf:0x1000000:1:tg.mode=dbcn tg.kib=64 tg.start_ms=1500" \
	"ticker:smp_hostile.elf:0x1000000:1:tg.mode=ticker tg.end_ms=9000 tg.max_ms=1000")
smp_run dbcn "$dts"
if smp_check_run 0; then
	smp_check_guest flooder smp_hostile 0
	smp_check_guest ticker smp_hostile 0
	f=$(smp_line_of "^\\[flooder\\] tg: smp_hostile dbcn done")
	t=$(smp_line_of "^\\[ticker\\] tg: smp_hostile ticker done")
	tsys_ok "$RUN_NAME: the ticker ran all through the flood (flood done line $f, ticker done line $t)" \
		[ "$f" -gt 0 -a "$t" -gt "$f" ]
	grep -h 'smp_hostile [a-z]* done' "$RUN_LOG" | sed 's/^/# /'
fi
sys_end

# reset_run NAME A0 A1: both vCPUs of 'racer' ask at once, when the first
# boot reaches the switch time; a bystander guest keeps the hypervisor
# running for 3 s more, so that a reboot still pending then shows
reset_run() {
	local name=$1 a0=$2 a1=$3 sw=2000 try first
	for try in 1 2; do
		dts=$(smp_config "$name" \
			"racer:smp_hostile.elf:0x1000000:2:tg.mode=reboot tg.a0=$a0 tg.a1=$a1 tg.switch_ms=$sw" \
			"bystander:smp_hostile.elf:0x1000000:1:tg.mode=wait tg.end_ms=$((sw + 3000))")
		smp_run "$name" "$dts"
		first=$(smp_guest_log racer |
			sed -n 's/^tg: smp_hostile boot at time \([0-9]*\),.*/\1/p' |
			head -n 1)
		if [ "$try" = 1 ] && [ -n "$first" ] &&
			[ "$first" -ge $((sw * 10000)) ]; then
			echo "# $RUN_NAME: the first boot came after the switch" \
				"time ($first ticks): once more with a later one"
			sw=$((first / 10000 * 2 + 1000))
			continue
		fi
		break
	done
}

# after_stop: lines after the racer's "stopped" line that boot or reboot it
after_stop() {
	local s
	s=$(smp_line_of "^rvh: guest 'racer' stopped with status")
	[ "$s" -gt 0 ] || return 0
	tail -n +"$s" "$RUN_LOG" |
		grep -c -E "^rvh: guest 'racer'(: .* RAM at host| reboots)"
}

# the race is won by chance (some 60% of runs on a hypervisor without
# the guard): three runs
for n in 1 2 3; do
	reset_run cold-cold-$n cold cold
	if smp_check_run 0; then
		smp_check_guest bystander smp_hostile 0
		tsys_is "$(grep -c "^rvh: guest 'racer': .* RAM at host" "$RUN_LOG")" 2 \
			"$RUN_NAME: [racer] booted twice"
		tsys_is "$(grep -c "^rvh: guest 'racer' reboots" "$RUN_LOG")" 1 \
			"$RUN_NAME: [racer] rebooted once"
		tsys_is "$(grep -c "^rvh: guest 'racer' stopped with status 0\$" "$RUN_LOG")" 1 \
			"$RUN_NAME: [racer] stopped once, with status 0"
		tsys_is "$(after_stop)" 0 "$RUN_NAME: [racer] not booted again once stopped"
		tsys_ok "$RUN_NAME: [racer] the second boot passed" \
			grep -q '^\[racer\] ok 1 - a boot after the switch time shuts down' "$RUN_LOG"
	fi
	sys_end
done

reset_run off-cold off cold
if smp_check_run 0; then
	smp_check_guest bystander smp_hostile 0
	boots=$(grep -c "^rvh: guest 'racer': .* RAM at host" "$RUN_LOG")
	tsys_ok "$RUN_NAME: [racer] booted once or twice ($boots)" \
		[ "$boots" -ge 1 -a "$boots" -le 2 ]
	tsys_ok "$RUN_NAME: [racer] rebooted at most once" \
		[ "$(grep -c "^rvh: guest 'racer' reboots" "$RUN_LOG")" -le 1 ]
	tsys_is "$(grep -c "^rvh: guest 'racer' stopped with status 0\$" "$RUN_LOG")" 1 \
		"$RUN_NAME: [racer] stopped once, with status 0"
	tsys_is "$(after_stop)" 0 "$RUN_NAME: [racer] not booted again once stopped"
fi
sys_end
tsys_done
