#!/usr/bin/env bash
# Two guests at once (1 vCPU each, HOST_SMP=2), each probing guest-physical
# addresses past its RAM, host device addresses and high addresses: only
# access faults, never data; stores land nowhere; both finish. The probed
# range must have covered the other guest's RAM in host memory (the
# hypervisor's "RAM at host" lines tell where it was).
. "$(dirname "$0")/smp_lib.sh"
export HOST_SMP=2

MARK_A=0xa1fa00c0ffee0a1f
MARK_B=0xbe7a00c0ffee0be7
dts=$(smp_config "" \
	"alpha:smp_isol.elf:0x2000000:1:tg.mark=$MARK_A tg.other=$MARK_B" \
	"beta:smp_isol.elf:0x1000000:1:tg.mark=$MARK_B tg.other=$MARK_A")
smp_run "" "$dts"

# host_range NAME: "start end" of the guest's RAM in host memory
host_range() {
	local re="^rvh: guest '$1': ([0-9]+) MiB RAM at host (0x[0-9a-f]+)"
	local line
	line=$(grep -E -m1 "$re" "$RUN_LOG")
	[[ $line =~ $re ]] || return 1
	echo "$((BASH_REMATCH[2])) $((BASH_REMATCH[2] + (BASH_REMATCH[1] << 20)))"
}

# covered PROBER OTHER: the other's host RAM, minus what is the prober's
# own RAM as guest-physical addresses, lies in the prober's probed range
covered() {
	local prober=$1 other=$2 re lo hi step ostart oend own_end
	re='^tg: probed (0x[0-9a-f]+)\.\.(0x[0-9a-f]+) step (0x[0-9a-f]+)'
	line=$(smp_guest_log "$prober" | grep -E -m1 "$re")
	[[ $line =~ $re ]] || { echo "no 'tg: probed' line"; return 1; }
	lo=$((BASH_REMATCH[1])) hi=$((BASH_REMATCH[2])) step=$((BASH_REMATCH[3]))
	read -r ostart oend <<<"$(host_range "$other")" ||
		{ echo "no host RAM line for $other"; return 1; }
	own_end=$lo # the probes start at the prober's RAM end
	[ "$ostart" -ge "$own_end" ] || ostart=$own_end
	if [ "$ostart" -ge "$oend" ]; then
		echo "$other's host RAM lies inside $prober's own RAM range"
		return 0
	fi
	if [ "$ostart" -lt "$lo" ] || [ "$oend" -gt "$hi" ] ||
		[ "$((oend - ostart))" -lt "$step" ]; then
		printf 'probed 0x%x..0x%x, %s at host 0x%x..0x%x\n' \
			"$lo" "$hi" "$other" "$ostart" "$oend"
		return 1
	fi
}

if smp_check_run 0; then
	smp_check_guest alpha smp_isol 0
	smp_check_guest beta smp_isol 0
	for pair in "alpha beta" "beta alpha"; do
		read -r prober other <<<"$pair"
		why=$(covered "$prober" "$other")
		rc=$?
		tsys_ok "$RUN_NAME: $prober's probes covered $other's host RAM${why:+ ($why)}" \
			[ "$rc" = 0 ]
	done
fi
sys_end
tsys_done
