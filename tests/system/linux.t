#!/usr/bin/env bash
# Unmodified Debian Linux under the hypervisor: boots to a busybox shell over
# the emulated UART with 1 vCPU (-smp 1) and 2 vCPUs (-smp 2), runs a command
# typed on the console (interrupt-driven RX and TX), and powers off cleanly.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
B=${BUILD:-build}
out=$B/tests/system/linux
mkdir -p "$out"
echo "1..8"
if ! scripts/linux-guest.sh "$B/linux" >"$out/fetch.log" 2>&1; then
	for i in 1 2 3 4 5 6 7 8; do echo "not ok $i - Linux guest material could not be made"; done
	sed 's/^/# /' "$out/fetch.log" | tail -20
	exit 0
fi
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); echo "not ok $n - $*"; tail -20 "$log" | tr -d '\r' | sed 's/^/# /'; }

# wait until the log matches a pattern (or QEMU ended / time ran out)
wait_for() {
	local pat=$1 secs=$2 i
	for ((i = 0; i < secs * 4; i++)); do
		grep -qa -- "$pat" "$log" && return 0
		kill -0 "$qpid" 2>/dev/null || { grep -qa -- "$pat" "$log"; return; }
		sleep 0.25
	done
	return 1
}

boot() {
	local cpus=$1 smp=$2
	log=$out/linux-$cpus.log
	scripts/mkbundle.sh -o "$out/linux-$cpus.bundle" --name linux --cpus "$cpus" \
		--image "$B/linux/Image" --initrd "$B/linux/initramfs.cpio.gz" \
		--mem 256M --args "console=ttyS0"
	rm -f "$out/in"
	mkfifo "$out/in"
	HOST_SMP=$smp timeout 300 scripts/qemu-run.sh "$B/hypervisor.elf" \
		"$out/linux-$cpus.bundle" <"$out/in" >"$log" 2>&1 &
	qpid=$!
	exec 3>"$out/in"
	if wait_for "rvh-linux: init on $cpus cpu(s)" 240 && sleep 1; then
		ok "$cpus vCPU(s) on -smp $smp: Linux reaches init and sees $cpus CPU(s)"
	else
		nok "$cpus vCPU(s) on -smp $smp: Linux reaches init and sees $cpus CPU(s)"
	fi
	# act as the terminal: busybox's line editor asks for the cursor
	# position (ESC[6n) at each prompt and waits for the answer
	wait_for $'\e\[6n' 60
	printf '\033[1;1R' >&3
	sleep 0.5
	printf 'echo rvh-$((6 * 7))-$(nproc)\n' >&3
	if wait_for "rvh-42-$cpus" 60; then
		ok "$cpus vCPU(s): a command typed on the emulated UART runs in the shell"
	else
		nok "$cpus vCPU(s): a command typed on the emulated UART runs in the shell"
	fi
	printf '\033[1;1R' >&3
	sleep 0.5
	printf 'poweroff -f\n' >&3
	wait "$qpid"
	st=$?
	exec 3>&-
	if [ "$st" = 0 ] && grep -qa "guest 'linux' stopped with status 0" "$log"; then
		ok "$cpus vCPU(s): poweroff stops the guest and QEMU exits 0"
	else
		nok "$cpus vCPU(s): poweroff stops the guest and QEMU exits 0 (got $st)"
	fi
	if grep -qaE "Oops|Kernel panic|BUG:|rvh: PANIC" "$log"; then
		nok "$cpus vCPU(s): no kernel oops or hypervisor panic"
	else
		ok "$cpus vCPU(s): no kernel oops or hypervisor panic"
	fi
	grep -a "exits:" "$log" | tr -d '\r' | sed 's/^/# /'
}

[ -z "${ONLY2:-}" ] && boot 1 1
boot 2 2
