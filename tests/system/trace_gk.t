#!/usr/bin/env bash
# make trace's default workload, shortened: our kernel on 2 vCPUs writing
# and reading its virtio-blk disk (t-disk) and files (t-file) with every
# class on, run by scripts/trace.sh. The hypervisor's events must be
# consistent with each other: every block request the hypervisor popped
# from the guest's queue went to the host disk, came back and was pushed
# as a used entry, in that order, carrying the guest's head; the queue's
# notifies are MMIO writes to QueueNotify; both vCPUs were put on a hart;
# interrupts were injected; each vCPU's exit slices never overlap; the
# converter (rvh-trace --check, when built) reads the file without a fault.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$top/$BUILD" ;; esac
out=$BUILD/tests/system/trace_gk
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2${3:+ # $3}"; fi; }
echo "1..12"
for f in "$BUILD/hypervisor.elf" "$BUILD/guest/kernel.elf" "$BUILD/guest/initrd.cpio"; do
	if [ ! -f "$f" ]; then
		for i in $(seq 12); do echo "ok $i # SKIP $f missing (make build)"; done
		exit 0
	fi
done
mkdir -p "$out"
size=262144
rm -f "$out/disk.img"
truncate -s $size "$out/disk.img"
"$top/scripts/mkbundle.sh" -o "$out/trace.bundle" --image "$BUILD/guest/kernel.elf" \
	--initrd "$BUILD/guest/initrd.cpio" --mem 128M --cpus 2 --name gk \
	--args "init=/bin/testrun -- t-disk,$size t-file" --disk "$out/disk.img"
HOST_SMP=2 RVH_TRACE=/nonexistent timeout -k 5 120 "$top/scripts/trace.sh" --out "$out" \
	"$BUILD/hypervisor.elf" "$out/trace.bundle" </dev/null >"$out/run.log" 2>&1
rc=$?
tr -d '\r' <"$out/console.log" >"$out/console.txt"
ok "$rc" "QEMU exit status 0 (the workload passed) with tracing on" "status $rc"
ok "$(grep -q '^# testrun: end t-disk,[0-9]* status 0' "$out/console.txt"; echo $?)" \
	"t-disk passed inside the traced guest"
"$top/tests/system/trace_dump.pl" "$out/trace.bin" | sort -n -s -k1,1 >"$out/trace.txt"
ring=$(awk '$2 == "2" && $13 == "g0:vda" && $14 == "q0" { print $7 }' "$out/trace.txt")
ok "$([ -n "$ring" ]; echo $?)" "the guest's block queue is named (ring ${ring:-none})"
# per head: pop -> submit -> done -> push, each in order, counted
res=$(awk -v r="$ring" '
	$7 != r { next }
	$2 == "17" { st[$8] = "pop"; pops++ }
	$2 == "1a" { if (st[$8] == "pop") st[$8] = "sub"; else bad++; subs++ }
	$2 == "1b" { if (st[$8] == "sub") st[$8] = "done"; else bad++; dones++ }
	$2 == "18" { if (st[$8] == "done") st[$8] = ""; else if (st[$8] == "pop") st[$8] = ""; else bad++; pushes++ }
	END { printf "%d %d %d %d %d", pops, subs, dones, pushes, bad }' "$out/trace.txt")
read -r pops subs dones pushes bad <<<"$res"
ok "$([ "${pops:-0}" -gt 50 ]; echo $?)" "the hypervisor popped block requests ($pops)"
ok "$([ "$pops" = "$pushes" ] && [ "$subs" = "$dones" ] && [ "$subs" -gt 0 ]; echo $?)" \
	"as many pushes as pops ($pushes/$pops), host disk completions as submits ($dones/$subs)"
ok "$([ "$bad" = 0 ]; echo $?)" "each request: pop, host disk submit and completion, push, in order, by the guest's head ($bad out of order)"
base=$(printf '%x' $((0x10000000 + (0x${ring:-1000} >> 4 & 0xff) * 4096 + 0x50)))
notes=$(awk -v r="$ring" '$2 == "16" && $7 == r' "$out/trace.txt" | grep -c .)
mmio=$(awk -v g="$base" '$2 == "12" && $11 == g && $6 == "1"' "$out/trace.txt" | grep -c .)
ok "$([ "$notes" -gt 0 ] && [ "$notes" = "$mmio" ]; echo $?)" \
	"each notify is an MMIO write to QueueNotify at 0x$base ($notes notifies, $mmio writes)"
ok "$(awk '$2 == "13" && $3 == 0 { v[$4] = 1 } END { exit !(v[0] && v[1]) }' "$out/trace.txt"; echo $?)" \
	"both vCPUs were put on a hart (VCPU_LOAD)"
ok "$(awk '$2 == "15" && $3 == 0 && $8 == "9" { f = 1 } END { exit !f }' "$out/trace.txt"; echo $?)" \
	"external interrupts were injected (IRQ_INJECT cause 9)"
ov=$(awk '$2 == "10" { k = $3 "." $4; if (k in end && $1 < end[k]) o++; end[k] = $1 + $9; n++ } END { printf "%d %d", o, n }' "$out/trace.txt")
read -r overlaps exits <<<"$ov"
ok "$([ "$overlaps" = 0 ] && [ "$exits" -gt 100 ]; echo $?)" \
	"each vCPU's exit slices follow each other without overlap ($exits exits, $overlaps overlaps)"
ok "$(grep -q "rvh: tracing: [0-9]* records written to .*, 0 lost" "$out/console.txt"; echo $?)" \
	"no record lost in the hypervisor's buffers"
conv=$BUILD/host/rvh-trace
if [ -x "$conv" ]; then
	res=$("$conv" "$out/trace.bin" --check 2>&1)
	ok $? "the converter's strict reader accepts the file ($res)"
else
	n=$((n + 1))
	echo "ok $n # SKIP $conv not built"
fi
