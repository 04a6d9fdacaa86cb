#!/usr/bin/env bash
# A misbehaving guest beside a healthy one (2 vCPUs each, HOST_SMP=2):
#   fault: stopped by the hypervisor mid-line (report line, status 3)
#   spin:  all its vCPUs spin with interrupts off for 4 s
#   flood: floods the console through the UART and SBI putchar for 4 s
#   reboot: reboots itself once through SRST (then shuts down); the healthy
#          guest is not restarted and is not disturbed
# The healthy guest must finish with all its results, and (spin, flood)
# before the other guest's time is up; QEMU's status is the worst one.
. "$(dirname "$0")/smp_lib.sh"
export HOST_SMP=2

# report_check NAME: the containment report of guest NAME against its
# "tg: expect pc=... cause=... tval=..." line; the guest crashed in the
# middle of a line, and the report must still start a line of its own
report_check() {
	local name=$1 line want re
	want='^tg: expect pc=(0x[0-9a-f]+) cause=([0-9]+) tval=(0x[0-9a-f]+)'
	re="rvh: guest '$name' vCPU 0 stopped: .*pc=(0x[0-9a-fA-F]+) cause=([0-9]+) \\(([^)]+)\\) tval=(0x[0-9a-fA-F]+)"
	line=$(smp_guest_log "$name" | grep -E -m1 "$want")
	if ! [[ $line =~ $want ]]; then
		tsys_result 0 "$RUN_NAME: [$name] printed what it expects"
		return
	fi
	local pc=${BASH_REMATCH[1]} cause=${BASH_REMATCH[2]} tval=${BASH_REMATCH[3]}
	line=$(grep -E -m1 "$re" "$RUN_LOG")
	if ! [[ $line =~ $re ]]; then
		tsys_result 0 "$RUN_NAME: [$name] report line" \
			"no line \"rvh: guest '$name' vCPU 0 stopped: ... pc=0x... cause=N (name) tval=0x...\""
		return
	fi
	tsys_result 1 "$RUN_NAME: [$name] report line"
	tsys_is "$(tsys_hex "${BASH_REMATCH[1]}")" "$(tsys_hex "$pc")" \
		"$RUN_NAME: [$name] report pc = faulting instruction"
	tsys_is "${BASH_REMATCH[2]}" "$cause" "$RUN_NAME: [$name] report cause = $cause"
	tsys_is "$(tsys_hex "${BASH_REMATCH[4]}")" "$(tsys_hex "$tval")" \
		"$RUN_NAME: [$name] report tval"
	tsys_ok "$RUN_NAME: [$name] report starts a line of its own (after a cut-short guest line)" \
		grep -q "^rvh: guest '$name' vCPU 0 stopped: " "$RUN_LOG"
	tsys_is "$(grep -c "rvh: guest '$name' vCPU [0-9]* stopped: " "$RUN_LOG")" 1 \
		"$RUN_NAME: [$name] reported once"
}

# healthy_first NAME EVENT_REGEX: healthy stopped before NAME's event line
# (not anchored: the order is checked here, the line format elsewhere)
healthy_first() {
	local h o
	h=$(smp_line_of "rvh: guest 'healthy' stopped with status 0\$")
	o=$(smp_line_of "$2")
	tsys_ok "$RUN_NAME: healthy finished (line $h) before $1's time was up (line $o)" \
		[ "$h" -gt 0 -a "$o" -gt 0 -a "$h" -lt "$o" ]
}

healthy="healthy:smp_crash.elf:0x1000000:2:tg.mode=healthy"

dts=$(smp_config fault "crash:smp_crash.elf:0x1000000:2:tg.mode=fault tg.ms=100" \
	"$healthy")
smp_run fault "$dts"
if smp_check_run 3; then
	smp_check_guest healthy smp_crash 0
	smp_check_guest crash smp_crash 3 0
	report_check crash
fi
sys_end

for pair in "spin spinner" "flood flooder"; do
	read -r mode name <<<"$pair"
	dts=$(smp_config "$mode" "$healthy" \
		"$name:smp_crash.elf:0x1000000:2:tg.mode=$mode tg.ms=4000")
	smp_run "$mode" "$dts"
	if smp_check_run 0; then
		smp_check_guest healthy smp_crash 0
		smp_check_guest "$name" smp_crash 0 0
		tsys_ok "$RUN_NAME: [$name] its time was up" \
			grep -q "tg: smp_crash $mode done" "$RUN_LOG"
		healthy_first "$name" "tg: smp_crash $mode done"
		tsys_ok "$RUN_NAME: no report line (nobody was stopped)" \
			[ -z "$(grep "rvh: guest '[^']*' vCPU [0-9]* stopped: " "$RUN_LOG")" ]
	fi
	sys_end
done
dts=$(smp_config reboot "$healthy" \
	"rebooter:reboot.elf:0x1000000:1:tg.switch_ms=2500")
smp_run reboot "$dts"
if smp_check_run 0; then
	smp_check_guest healthy smp_crash 0
	# the hypervisor's boot line per guest (the rebooter's own output is
	# byte by byte and may be cut by the other guest's lines)
	tsys_is "$(grep -c "^rvh: guest 'rebooter': .* RAM at host" "$RUN_LOG")" 2 \
		"$RUN_NAME: [rebooter] booted twice"
	tsys_is "$(grep -c "^rvh: guest 'healthy': .* RAM at host" "$RUN_LOG")" 1 \
		"$RUN_NAME: [healthy] booted once"
	tsys_is "$(grep -c "^rvh: guest '[^']*' reboots" "$RUN_LOG")" 1 \
		"$RUN_NAME: one reboot in all"
	tsys_ok "$RUN_NAME: the rebooter is the one that rebooted" \
		grep -q "^rvh: guest 'rebooter' reboots (1)" "$RUN_LOG"
	tsys_ok "$RUN_NAME: [rebooter] stopped with status 0 after its reboot" \
		grep -q "^rvh: guest 'rebooter' stopped with status 0\$" "$RUN_LOG"
fi
sys_end
tsys_done
