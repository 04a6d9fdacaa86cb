# SPDX-License-Identifier: MIT
# Shared part of the system-test scripts (tests/system/*.t), sourced by them.
# Each script boots test guests under the hypervisor in QEMU and prints TAP:
# the guest's own "ok"/"not ok" lines renumbered into the script's plan,
# plus checks of its own (finished in time, banners, result count, QEMU
# exit status). The plan is printed at the end (tsys_done).
#
# Paths come from this file's location; BUILD (default "build") may be
# relative to the repository root. Knobs (environment):
#   TSYS_TIMEOUT=60   seconds per QEMU run
#   TSYS_TAIL=20      lines of output shown when a run fails
#   TSYS_DIRECT=1     boot the guest image directly on OpenSBI instead of
#                     under the hypervisor (debugging the test guests; the
#                     hypervisor-specific expectations then fail)

TSYS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in
/*) TSYS_BUILD=$BUILD ;;
*) TSYS_BUILD=$TSYS_ROOT/$BUILD ;;
esac
TSYS_OUT=$TSYS_BUILD/tests/system
TSYS_HV=$TSYS_BUILD/hypervisor.elf
TSYS_TIMEOUT=${TSYS_TIMEOUT:-60}
TSYS_TAIL=${TSYS_TAIL:-20}
TSYS_SCRIPT=$(basename "$0" .t)
QEMU=${QEMU:-qemu-system-riscv64}
FW_DYNAMIC=${FW_DYNAMIC:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
export QEMU FW_DYNAMIC
# a QEMU that died must not kill the script when input is written to it
trap '' PIPE

tsys_n=0

# tsys_result PASSED DESC [DIAG]: one TAP line
tsys_result() {
	tsys_n=$((tsys_n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $tsys_n - $2"
	else
		echo "not ok $tsys_n - $2${3:+ # $3}"
		RUN_FAILED=1
	fi
}

# tsys_ok DESC COMMAND...: ok when COMMAND succeeds
tsys_ok() {
	local desc=$1
	shift
	if "$@"; then tsys_result 1 "$desc"; else tsys_result 0 "$desc"; fi
}

# tsys_is GOT EXPECTED DESC
tsys_is() {
	if [ "$1" = "$2" ]; then
		tsys_result 1 "$3"
	else
		tsys_result 0 "$3" "got '$1' expected '$2'"
	fi
}

tsys_skip() {
	tsys_n=$((tsys_n + 1))
	echo "ok $tsys_n - $1 # SKIP $2"
}

# last lines of the run's output as TAP diagnostics
tsys_tail() {
	echo "# --- last $TSYS_TAIL lines of $RUN_LOG (QEMU status $RUN_STATUS) ---"
	if [ -s "$RUN_LOG" ]; then
		tail -n "$TSYS_TAIL" "$RUN_LOG" | sed -e 's/^/# /'
	else
		echo "# (no output)"
	fi
}

tsys_done() {
	echo "1..$tsys_n"
}

# hex number -> canonical form (lower case, no leading zeros), any width
tsys_hex() {
	local v=${1,,}
	v=${v#0x}
	while [ "${#v}" -gt 1 ] && [ "${v:0:1}" = 0 ]; do v=${v:1}; done
	echo "0x$v"
}

# sys_run RUN IMAGE [mkbundle options...]
# Makes the bundle and boots it under `timeout`. Settings read from
# variables: RUN_CPU (QEMU -cpu, default rv64), RUN_INPUT and
# RUN_INPUT_AFTER (type RUN_INPUT once a line matching RUN_INPUT_AFTER
# appeared; otherwise QEMU gets no input), RUN_MAX_BOOTS (default 1: QEMU
# is stopped as soon as the guest banner appears more often, so a reboot
# loop fails fast). Sets RUN_NAME, RUN_LOG, RUN_STATUS, RUN_TIMEDOUT,
# RUN_BOOTS, RUN_SETUP (empty when the run could start). RUN_QEMU_ARGS: an
# array of extra QEMU arguments (e.g. -append for the host bootargs).
sys_run() {
	local run=$1 image=$2 bundle pid fd="" fifo="" sent=0
	shift 2
	RUN_NAME=$TSYS_SCRIPT${run:+-$run}
	RUN_LOG=$TSYS_OUT/$RUN_NAME.log
	RUN_STATUS=none RUN_TIMEDOUT=0 RUN_SETUP="" RUN_FAILED=0 RUN_BOOTS=0
	RUN_MAX=${RUN_MAX_BOOTS:-1}
	bundle=$TSYS_OUT/$RUN_NAME.bundle
	mkdir -p "$TSYS_OUT"
	: >"$RUN_LOG"
	if [ "${TSYS_DIRECT:-0}" != 1 ] && [ ! -f "$TSYS_HV" ]; then
		RUN_SETUP="$TSYS_HV missing (make build/hypervisor.elf)"
	elif [ ! -f "$image" ]; then
		RUN_SETUP="$image missing (make tsys-guests)"
	elif [ "${TSYS_DIRECT:-0}" = 1 ]; then
		tsys_direct_cmd "$image" "$@"
	elif ! "$TSYS_ROOT/scripts/mkbundle.sh" -o "$bundle" --image "$image" \
		"$@" >"$RUN_LOG" 2>&1; then
		RUN_SETUP="mkbundle.sh failed: $(tail -n 1 "$RUN_LOG")"
	else
		RUN_CMD=("$TSYS_ROOT/scripts/qemu-run.sh" "$TSYS_HV" "$bundle"
			${RUN_QEMU_ARGS[@]+"${RUN_QEMU_ARGS[@]}"})
	fi
	[ -z "$RUN_SETUP" ] || return 0
	export CPU=${RUN_CPU:-rv64}
	if [ -n "${RUN_INPUT:-}" ]; then
		fifo=$TSYS_OUT/$RUN_NAME.in
		rm -f "$fifo"
		mkfifo "$fifo"
		timeout -k 5 "$TSYS_TIMEOUT" "${RUN_CMD[@]}" <"$fifo" \
			>"$RUN_LOG" 2>&1 &
		pid=$!
		exec {fd}>"$fifo"
	else
		timeout -k 5 "$TSYS_TIMEOUT" "${RUN_CMD[@]}" </dev/null \
			>"$RUN_LOG" 2>&1 &
		pid=$!
	fi
	while kill -0 "$pid" 2>/dev/null; do
		if [ -n "$fd" ] && [ "$sent" = 0 ] &&
			grep -q -- "$RUN_INPUT_AFTER" "$RUN_LOG"; then
			printf '%s' "$RUN_INPUT" >&"$fd" 2>/dev/null
			sent=1
		fi
		RUN_BOOTS=$(grep -c '^tg: [A-Za-z0-9_]* start' "$RUN_LOG")
		if [ "$RUN_BOOTS" -gt "$RUN_MAX" ]; then
			kill "$pid" 2>/dev/null
			break
		fi
		sleep 0.1
	done
	wait "$pid"
	RUN_STATUS=$?
	if [ -n "$fd" ]; then
		exec {fd}>&-
		rm -f "$fifo"
	fi
	case $RUN_STATUS in 124 | 137) RUN_TIMEDOUT=1 ;; esac
	# the serial console may add carriage returns
	sed -i -e 's/\r$//' "$RUN_LOG"
	RUN_BOOTS=$(grep -c '^tg: [A-Za-z0-9_]* start' "$RUN_LOG")
}

# TSYS_DIRECT=1: the same guest straight on OpenSBI (no hypervisor)
tsys_direct_cmd() {
	local image=$1 mem=128M args="" initrd=""
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--mem) mem=$2 ;;
		--args) args=$2 ;;
		--initrd) initrd=$2 ;;
		esac
		shift 2
	done
	RUN_CMD=("$QEMU" -M virt -cpu "${RUN_CPU:-rv64}" -m "$mem" -nographic
		-bios "$FW_DYNAMIC" -kernel "$image" -append "$args")
	[ -z "$initrd" ] || RUN_CMD+=(-initrd "$initrd")
}

# sys_check GUEST EXPECTED_STATUS [PLAN]
# The common checks of one run: it could start and finished in time, the
# banners, the guest's results (forwarded), their count against the
# guest's plan(s) (or PLAN if given: the number of results expected), no
# "Bail out!", and the QEMU exit status. On a failure the output's tail
# follows as diagnostics. Returns 1 if the run could not start.
sys_check() {
	local guest=$1 want=$2 plan=${3:-} n=0 sum=0 line rest
	local re='^(not )?ok [0-9]+( - | |$)(.*)$'
	if [ -n "$RUN_SETUP" ]; then
		tsys_result 0 "$RUN_NAME: run starts" "$RUN_SETUP"
		return 1
	fi
	tsys_ok "$RUN_NAME: finished within ${TSYS_TIMEOUT}s" \
		[ "$RUN_TIMEDOUT" = 0 ]
	if [ "${TSYS_DIRECT:-0}" = 1 ]; then
		tsys_skip "$RUN_NAME: hypervisor banner" "TSYS_DIRECT"
	else
		tsys_ok "$RUN_NAME: hypervisor banner" \
			grep -q '^rvh hypervisor' "$RUN_LOG"
	fi
	tsys_ok "$RUN_NAME: guest banner" grep -q "^tg: $guest start" "$RUN_LOG"
	tsys_ok "$RUN_NAME: guest booted at most $RUN_MAX time(s) ($RUN_BOOTS)" \
		[ "$RUN_BOOTS" -le "$RUN_MAX" ]
	while IFS= read -r line; do
		if [[ $line =~ ^1\.\.([0-9]+) ]]; then
			sum=$((sum + BASH_REMATCH[1]))
		elif [[ $line =~ $re ]]; then
			n=$((n + 1))
			rest=${BASH_REMATCH[3]}
			tsys_n=$((tsys_n + 1))
			if [ -z "${BASH_REMATCH[1]}" ]; then
				echo "ok $tsys_n - $RUN_NAME: $rest"
			else
				echo "not ok $tsys_n - $RUN_NAME: $rest"
				RUN_FAILED=1
			fi
		fi
	done <"$RUN_LOG"
	if [ -n "$plan" ]; then
		tsys_is "$n" "$plan" "$RUN_NAME: number of guest results"
	else
		local planned=0
		grep -q '^1\.\.[0-9]' "$RUN_LOG" && planned=1
		tsys_ok "$RUN_NAME: guest printed a plan and all its results ($n of $sum)" \
			[ "$planned" = 1 -a "$n" = "$sum" ]
	fi
	if grep -q '^Bail out!' "$RUN_LOG"; then
		tsys_result 0 "$RUN_NAME: no bail-out" \
			"$(grep -m1 '^Bail out!' "$RUN_LOG")"
	else
		tsys_result 1 "$RUN_NAME: no bail-out"
	fi
	tsys_is "$RUN_STATUS" "$want" "$RUN_NAME: QEMU exit status $want"
	return 0
}

# after the checks of a run: show the output's tail if one of them failed
sys_end() {
	[ "$RUN_FAILED" = 0 ] || tsys_tail
}

# sys_check_report GUEST_NAME: the containment report line, compared with
# the guest's "tg: expect pc=... cause=... tval=..." line
sys_check_report() {
	local name=$1 line exp_pc exp_cause exp_tval
	local want='^tg: expect pc=(0x[0-9a-f]+) cause=([0-9]+) tval=(0x[0-9a-f]+)'
	local re="^rvh: guest '$name' vCPU 0 stopped: .*pc=(0x[0-9a-fA-F]+) cause=([0-9]+) \\(([^)]+)\\) tval=(0x[0-9a-fA-F]+)"
	line=$(grep -E -m1 "$want" "$RUN_LOG")
	if [[ $line =~ $want ]]; then
		exp_pc=${BASH_REMATCH[1]} exp_cause=${BASH_REMATCH[2]}
		exp_tval=${BASH_REMATCH[3]}
	else
		tsys_result 0 "$RUN_NAME: guest printed what it expects" \
			"no 'tg: expect' line"
		return
	fi
	line=$(grep -E -m1 "^rvh: guest '$name' vCPU 0 stopped: " "$RUN_LOG")
	if ! [[ $line =~ $re ]]; then
		tsys_result 0 "$RUN_NAME: report line" \
			"no line matching \"rvh: guest '$name' vCPU 0 stopped: ... pc=0x... cause=N (name) tval=0x...\""
		return
	fi
	tsys_result 1 "$RUN_NAME: report line"
	tsys_is "$(tsys_hex "${BASH_REMATCH[1]}")" "$(tsys_hex "$exp_pc")" \
		"$RUN_NAME: report pc = faulting instruction ($exp_pc)"
	tsys_is "${BASH_REMATCH[2]}" "$exp_cause" \
		"$RUN_NAME: report cause = $exp_cause (${BASH_REMATCH[3]})"
	tsys_is "$(tsys_hex "${BASH_REMATCH[4]}")" "$(tsys_hex "$exp_tval")" \
		"$RUN_NAME: report tval = $exp_tval"
	tsys_is "$(grep -c "^rvh: guest '$name' vCPU 0 stopped: " "$RUN_LOG")" 1 \
		"$RUN_NAME: reported once"
}
