# SPDX-License-Identifier: MIT
# Shared part of the smp_*.t scripts, on top of lib.sh: bundles of several
# guests (mkbundle.sh --config) and checks of one guest's lines in the
# output of a multi-guest run, where the hypervisor prefixes each line with
# "[name] ". HOST_SMP (QEMU harts) is set by each script.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# smp_config RUN SPEC...: writes the bundle source for run RUN and prints
# its path. SPEC = name:image:memory-size:cpus:bootargs (image under
# $TSYS_OUT; bootargs may contain spaces but no ':' or '"').
smp_config() {
	local run=$1 spec name image mem cpus args
	local dts=$TSYS_OUT/$TSYS_SCRIPT-$run.dts
	shift
	mkdir -p "$TSYS_OUT"
	{
		echo '/dts-v1/;'
		echo '/ {'
		echo '	compatible = "rvh,bundle-v1";'
		echo '	guests {'
		for spec in "$@"; do
			IFS=: read -r name image mem cpus args <<<"$spec"
			echo "		$name {"
			echo "			memory-size = /bits/ 64 <$mem>;"
			echo "			cpus = <$cpus>;"
			echo "			bootargs = \"$args\";"
			echo "			image = /incbin/(\"$TSYS_OUT/$image\");"
			echo '		};'
		done
		echo '	};'
		echo '};'
	} >"$dts"
	echo "$dts"
}

# smp_run RUN DTS: boots the bundle made from DTS (sys_run's settings:
# RUN_INPUT, RUN_CPU...). mkbundle.sh builds from --config and ignores the
# --image option that sys_run always passes.
smp_run() {
	sys_run "$1" "$2" --config "$2"
}

# smp_check_run EXPECTED_STATUS: the run-level checks of a multi-guest run
smp_check_run() {
	if [ -n "$RUN_SETUP" ]; then
		tsys_result 0 "$RUN_NAME: run starts" "$RUN_SETUP"
		return 1
	fi
	tsys_ok "$RUN_NAME: finished within ${TSYS_TIMEOUT}s" \
		[ "$RUN_TIMEDOUT" = 0 ]
	tsys_ok "$RUN_NAME: hypervisor banner" \
		grep -q '^rvh hypervisor' "$RUN_LOG"
	smp_check_once
	# every hart beyond the boot hart entered the scheduler
	tsys_is "$(grep -c '^rvh: hart [0-9]* online' "$RUN_LOG")" \
		"$((${HOST_SMP:-1} - 1))" "$RUN_NAME: all ${HOST_SMP:-1} harts online"
	tsys_is "$RUN_STATUS" "$1" "$RUN_NAME: QEMU exit status $1"
	return 0
}

# smp_check_once: the hypervisor started exactly once. A second banner
# means a hart entered the hypervisor's boot entry again (seen when a
# secondary hart took OpenSBI's default next address instead of the
# hart_start address); it clears the hypervisor's state and can end the
# run with status 0 and no guest output.
smp_check_once() {
	tsys_is "$(grep -c '^rvh hypervisor' "$RUN_LOG")" 1 \
		"$RUN_NAME: hypervisor started once"
}

# smp_guest_log NAME: that guest's lines, prefix removed
smp_guest_log() {
	sed -n -e "s/^\\[$1\\] //p" "$RUN_LOG"
}

# smp_check_guest NAME TG_NAME STATUS [PLAN]: one guest of a multi-guest
# run: its banner, its TAP results (renumbered), their count against its
# plan (or PLAN), no bail-out, and the hypervisor's line
# "rvh: guest 'NAME' stopped with status STATUS".
smp_check_guest() {
	local name=$1 tg=$2 status=$3 plan=${4:-} glog n=0 sum=0 line rest
	local re='^(not )?ok [0-9]+( - | |$)(.*)$'
	glog=$TSYS_OUT/$RUN_NAME.$name.log
	smp_guest_log "$name" >"$glog"
	tsys_ok "$RUN_NAME: [$name] guest banner" \
		grep -q "^tg: $tg start" "$glog"
	while IFS= read -r line; do
		if [[ $line =~ ^1\.\.([0-9]+) ]]; then
			sum=$((sum + BASH_REMATCH[1]))
		elif [[ $line =~ $re ]]; then
			n=$((n + 1))
			rest=${BASH_REMATCH[3]}
			if [ -z "${BASH_REMATCH[1]}" ]; then
				tsys_result 1 "$RUN_NAME: [$name] $rest"
			else
				tsys_result 0 "$RUN_NAME: [$name] $rest"
			fi
		fi
	done <"$glog"
	if [ -n "$plan" ]; then
		tsys_is "$n" "$plan" "$RUN_NAME: [$name] number of guest results"
	else
		tsys_ok "$RUN_NAME: [$name] printed a plan and all its results ($n of $sum)" \
			[ "$sum" -gt 0 -a "$n" = "$sum" ]
	fi
	if grep -q '^Bail out!' "$glog"; then
		tsys_result 0 "$RUN_NAME: [$name] no bail-out" \
			"$(grep -m1 '^Bail out!' "$glog")"
	else
		tsys_result 1 "$RUN_NAME: [$name] no bail-out"
	fi
	tsys_ok "$RUN_NAME: [$name] stopped with status $status" \
		grep -q "^rvh: guest '$name' stopped with status $status\$" \
		"$RUN_LOG"
}

# line number of the first line matching an extended regex (0: none)
smp_line_of() {
	local n
	n=$(grep -n -m1 -E -- "$1" "$RUN_LOG" | cut -d: -f1)
	echo "${n:-0}"
}

# smp_run_typed RUN DTS AFTER1 TEXT1 [AFTER2 TEXT2...]: like smp_run, with
# console input typed in steps: TEXTn once a line matching the extended
# regex AFTERn appeared (and the earlier steps were typed). Sets the same
# RUN_* variables as sys_run, and RUN_TYPED (steps typed).
smp_run_typed() {
	local run=$1 dts=$2 bundle fifo fd pid
	shift 2
	local -a after=() text=()
	while [ $# -ge 2 ]; do
		after+=("$1")
		text+=("$2")
		shift 2
	done
	RUN_NAME=$TSYS_SCRIPT${run:+-$run}
	RUN_LOG=$TSYS_OUT/$RUN_NAME.log
	RUN_STATUS=none RUN_TIMEDOUT=0 RUN_SETUP="" RUN_FAILED=0 RUN_BOOTS=0
	RUN_MAX=1 RUN_TYPED=0
	bundle=$TSYS_OUT/$RUN_NAME.bundle
	mkdir -p "$TSYS_OUT"
	: >"$RUN_LOG"
	if [ ! -f "$TSYS_HV" ]; then
		RUN_SETUP="$TSYS_HV missing (make build/hypervisor.elf)"
		return 0
	fi
	if ! "$TSYS_ROOT/scripts/mkbundle.sh" -o "$bundle" --config "$dts" \
		>"$RUN_LOG" 2>&1; then
		RUN_SETUP="mkbundle.sh failed: $(tail -n 1 "$RUN_LOG")"
		return 0
	fi
	export CPU=${RUN_CPU:-rv64}
	fifo=$TSYS_OUT/$RUN_NAME.in
	rm -f "$fifo"
	mkfifo "$fifo"
	timeout -k 5 "$TSYS_TIMEOUT" "$TSYS_ROOT/scripts/qemu-run.sh" \
		"$TSYS_HV" "$bundle" <"$fifo" >"$RUN_LOG" 2>&1 &
	pid=$!
	exec {fd}>"$fifo"
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$RUN_TYPED" -lt "${#after[@]}" ] &&
			grep -q -E -- "${after[$RUN_TYPED]}" "$RUN_LOG"; then
			printf '%s' "${text[$RUN_TYPED]}" >&"$fd" 2>/dev/null
			RUN_TYPED=$((RUN_TYPED + 1))
			continue
		fi
		sleep 0.1
	done
	wait "$pid"
	RUN_STATUS=$?
	exec {fd}>&-
	rm -f "$fifo"
	case $RUN_STATUS in 124 | 137) RUN_TIMEDOUT=1 ;; esac
	sed -i -e 's/\r$//' "$RUN_LOG"
}
