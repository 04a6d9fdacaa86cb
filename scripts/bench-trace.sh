#!/usr/bin/env bash
# Tracing overhead, counted under -icount shift=0,sleep=off on one hart:
# the same workloads with the trace points compiled out (TRACE_COMPILED=0,
# built into $BUILD/notrace), compiled in but off, and on for one class at
# a time and for all. Workloads: the virtio-blk test guest reading 4 KiB at
# depth 1 and 32 (tests/system/guests/vblk.c, tg.mode=qd), and our kernel's
# system-call benchmark (bench-syscall, on demand, 1 vCPU). Measures: the
# machine's instructions (the hypervisor's "hart 0: N instructions
# retired" lines: guest, hypervisor and firmware), exits, and
# for bench-syscall its per-call instruction counts. Instructions are
# counted from guest start (after tracing's set-up) to power-off (before
# the last export), less those of idle harts (whose wake-ups while QEMU
# does host I/O follow real time). Writes
# $BUILD/bench/trace-overhead.md and prints it. Not part of make test.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
B=${BUILD:-build}
NT=$B/notrace
out=$B/bench/trace
mkdir -p "$out" "$NT"
[ -e "$NT/deps" ] || ln -sfn "$(cd "$B" && pwd)/deps" "$NT/deps"
make -s BUILD="$NT" TRACE_COMPILED=0 "$NT/hypervisor.elf"
for f in "$B/hypervisor.elf" "$B/tests/system/vblk.elf" "$B/guest/kernel.elf"; do
	[ -f "$f" ] || { echo "bench-trace.sh: $f missing (make build)" >&2; exit 1; }
done
# the guest's disk has no QEMU drive behind it: the device model answers
# every read at once (IOERR: past the end of an empty disk) inside the
# notify's exit, so the run does not wait for host I/O in real time and
# repeats exactly; the virtio path (notify, pop, push, interrupt) is whole
truncate -s 8M "$out/disk.img"
scripts/mkbundle.sh -o "$out/qd1.bundle" --name vq --image "$B/tests/system/vblk.elf" \
	--mem 64M --disk "$out/disk.img" --args "tg.mode=qd tg.depth=1 tg.reqs=256"
scripts/mkbundle.sh -o "$out/qd32.bundle" --name vq --image "$B/tests/system/vblk.elf" \
	--mem 64M --disk "$out/disk.img" --args "tg.mode=qd tg.depth=32 tg.reqs=1024"
rm -f "$out/qd1.bundle.drives" "$out/qd32.bundle.drives"
scripts/mkbundle.sh -o "$out/sys.bundle" --name gk --image "$B/guest/kernel.elf" \
	--mem 128M --cpus 1 --initrd "$B/guest/initrd.cpio" --args "init=/bin/bench-syscall"

variants="out off exits sbi mmio sched virtio all"
REPS=${REPS:-1}
run() { # variant workload rep -> log
	local hv=$B/hypervisor.elf app=() log=$out/$1-$2-$3.log
	case $1 in
	out) hv=$NT/hypervisor.elf ;;
	off) ;;
	*) app=(-append "rvh.trace=$1 rvh.trace.file=$(pwd)/$out/$1-$2.bin") ;;
	esac
	ICOUNT=1 HOST_SMP=1 timeout -k 5 600 scripts/qemu-run.sh "$hv" "$out/$2.bundle" \
		${app[@]+"${app[@]}"} </dev/null 2>&1 | tr -d '\r' >"$log" || true
	grep -q "instructions retired .* at power-off" "$log" ||
		{ echo "bench-trace.sh: run $1 $2 failed, see $log" >&2; exit 1; }
}
# one run's numbers: machine instructions from guest start to power-off
# less the idle loop's, the guest's own, exits
nums() {
	awk '/^rvh: hart 0: [0-9]* instructions retired .* at guest start/ { s = $4 }
		/^rvh: hart 0: [0-9]* instructions retired .* at power-off/ { e = $4; i = $(NF - 3) }
		/^rvh: guest .* instret: / { g = $(NF - 5) }
		/^rvh: guest .* exits: / { x = $5 }
		END { print e - s - i, g, x }' "$1"
}
med() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# median over the runs of column c (1 all, 2 guest, 3 exits, 4 hypervisor
# instructions, 5 hypervisor instructions per exit)
med_of() { # variant workload column
	for r in $(seq "$REPS"); do
		nums "$out/$1-$2-$r.log" | awk '{ printf "%s %s %s %s %.1f\n", $1, $2, $3, $1 - $2, ($1 - $2) / $3 }'
	done | awk -v c="$3" '{ print $c }' | med
}
recs() { [ -f "$out/$1-$2.bin" ] && echo $(($(stat -c %s "$out/$1-$2.bin") / 48)) || echo -; }
call() { # variant path op batch -> instructions per call
	sed -n "s/^bench: mode=ondemand path=$2 op=$3 batch=$4 .* instr=\([0-9.]*\).*/\1/p" "$out/$1-sys-1.log"
}
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.2f%%", (a - b) * 100 / b }'; }
# REPORT_ONLY=1: the tables again from the last runs' logs
[ "${REPORT_ONLY:-0}" = 1 ] || for v in $variants; do
	for w in qd1 qd32 sys; do
		for r in $(seq "$REPS"); do run $v $w $r; done
	done
done
{
	echo "# Tracing overhead ($(date -u +%Y-%m-%d), QEMU -icount shift=0,sleep=off, 1 hart, median of $REPS runs)"
	echo
	echo "all instr: the whole machine's instructions (hart 0's instret: guest,"
	echo "hypervisor, firmware) from guest start to power-off, less the idle"
	echo "loop's. hyp instr: all less the guest's own (the hypervisor's count of"
	echo "instructions retired in the guest). vs out: against the build with the"
	echo "trace points compiled out (TRACE_COMPILED=0). records: trace file"
	echo "size / 48. qd1, qd32: the virtio-blk test guest reading 4 KiB at depth"
	echo "1 (256 reads) and 32 (1024 reads) from a disk with no QEMU drive behind"
	echo "it (answered at once, so runs repeat exactly); sys: bench-syscall."
	echo
	echo "| tracing | workload | all instr | vs out | exits | hyp instr/exit | vs out | records |"
	echo "|---|---|---|---|---|---|---|---|"
	for w in qd1 qd32 sys; do
		base=$(med_of out $w 1) bpe=$(med_of out $w 5)
		for v in $variants; do
			a=$(med_of $v $w 1) pe=$(med_of $v $w 5)
			echo "| $v | $w | $a | $(pct "$a" "$base") | $(med_of $v $w 3) | $pe | $(pct "$pe" "$bpe") | $(recs $v $w) |"
		done
	done
	echo
	echo "bench-syscall, instructions per call (calling vCPU, all modes; first run):"
	echo
	echo "| tracing | trap nop | ring nop batch 1 | trap write64 | ring write64 batch 8 |"
	echo "|---|---|---|---|---|"
	for v in $variants; do
		echo "| $v | $(call $v trap nop 1) | $(call $v ring nop 1) | $(call $v trap write64 1) | $(call $v ring write64 8) |"
	done
} >"$out/../trace-overhead.md"
cat "$out/../trace-overhead.md"
