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
	tsys_is "$RUN_STATUS" "$1" "$RUN_NAME: QEMU exit status $1"
	return 0
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
