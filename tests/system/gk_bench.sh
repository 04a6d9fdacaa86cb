#!/usr/bin/env bash
# make bench (guest part): bench-syscall through the hypervisor (directly
# on OpenSBI when it is not built).
#   on demand, 1 vCPU, -icount: instructions and traps
#   polling, 2 vCPUs on 2 harts, -icount, caller blocks at once:
#     instructions; the guest has virtual counters (counters = "virtual"),
#     so its instret follows each vCPU across harts and leaves out the
#     hypervisor
#   polling, 2 vCPUs, no -icount (vCPUs really in parallel): traps
# Writes $BUILD/guest/bench.md and prints it.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$top/$BUILD" ;; esac
FW=${FW_DYNAMIC:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
kernel=$BUILD/guest/kernel.elf initrd=$BUILD/guest/initrd.cpio
out=$BUILD/guest/bench.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
platform="QEMU + OpenSBI, guest kernel in S-mode"
[ -f "$BUILD/hypervisor.elf" ] && platform="hypervisor, guest kernel in VS-mode"

run() { # name cpus icount(0/1) bootargs [mkbundle options]
	local log=$tmp/$1.log
	if [ -f "$BUILD/hypervisor.elf" ]; then
		"$top/scripts/mkbundle.sh" -o "$tmp/$1.bundle" --image "$kernel" \
			--mem 128M --cpus "$2" --args "$4" --initrd "$initrd" --name gk ${5:-}
		ICOUNT=$3 HOST_SMP=$2 timeout -k 5 900 "$top/scripts/qemu-run.sh" \
			"$BUILD/hypervisor.elf" "$tmp/$1.bundle" </dev/null >"$log" 2>&1 || true
	else
		local ic=()
		[ "$3" = 1 ] && ic=(-icount shift=0,sleep=off)
		timeout -k 5 900 qemu-system-riscv64 -M virt -cpu rv64 -smp "$2" -m 256M \
			-nographic "${ic[@]}" -bios "$FW" -kernel "$kernel" \
			-initrd "$initrd" -append "$4" </dev/null >"$log" 2>&1 || true
	fi
	# a hart coming online late may announce itself in the middle of a
	# guest line: take its line out and join the two halves
	tr -d '\r' <"$log" | perl -0pe 's/\nrvh: hart \d+ online \(slot \d+\)\n//g' >"$log.t"
	if ! grep -q '^bench: mode=.*path=' "$log.t"; then
		echo "gk-bench: run '$1' failed; last lines:" >&2
		tail -20 "$log.t" >&2
		exit 1
	fi
}

run ondemand 1 1 "init=/bin/bench-syscall"
run poll_i 2 1 "ring=poll init=/bin/bench-syscall -- spin_us=0" --virtual-instret
run poll_t 2 0 "ring=poll init=/bin/bench-syscall -- spin_us=20000"

# join: instructions from the -icount runs, traps from poll_t for polling
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
row() { # log mode path op batch -> line
	grep "^bench: mode=$2 path=$3 op=$4 batch=$5 " "$tmp/$1.log.t"
}
{
	echo "# bench-syscall: $platform, $(date -u +%Y-%m-%d)"
	echo
	echo "Per call. caller instr: instructions retired on the calling vCPU"
	echo "under -icount shift=0,sleep=off (all privilege levels; on demand this"
	echo "includes the kernel serving the ring; polling: the wait for the IO"
	echo "vCPU is left out). server instr: instructions of the kernel's ring"
	echo "server, on whichever vCPU it ran. ecalls, irqs: traps from U-mode; for"
	echo "polling mode from a run without -icount, where the two vCPUs run in"
	echo "parallel (under -icount they take turns, which no polling survives)."
	echo "The polling-mode instruction counts come from a guest with virtual"
	echo "counters (counters = \"virtual\"): its instret follows each vCPU"
	echo "across harts and leaves out the hypervisor's instructions."
	echo
	echo "| mode | path | op | batch | caller instr | server instr | ecalls | irqs |"
	echo "|---|---|---|---|---|---|---|---|"
	for m in ondemand poll; do
		for op in nop write64; do
			for pb in "trap 1" "ring 1" "ring 8" "ring 64"; do
				set -- $pb
				# the trap path does not depend on the serving mode
				[ $m = poll ] && [ "$1" = trap ] && continue
				if [ $m = ondemand ]; then
					li=$(row ondemand ondemand "$1" $op "$2")
					lt=$li
				else
					li=$(row poll_i poll "$1" $op "$2")
					lt=$(row poll_t poll "$1" $op "$2")
				fi
				sv=$(echo "$li" | field server)
				[ "$1" = trap ] && sv=-
				echo "| $m | $1 | $op | $2 | $(echo "$li" | field instr) | $sv |" \
					"$(echo "$lt" | field ecalls) | $(echo "$lt" | field irqs) |"
			done
		done
	done
	echo
	echo "Executor (kernel, SYS_KTEST, -icount, 1 vCPU):"
	echo
	grep -h '^bench: mode=ondemand switch' "$tmp/ondemand.log.t" | sed 's/^bench: mode=ondemand /- /'
	grep -h '^bench: mode=ondemand tasks' "$tmp/ondemand.log.t" | sed 's/^bench: mode=ondemand /- /'
} >"$out"
cat "$out"
