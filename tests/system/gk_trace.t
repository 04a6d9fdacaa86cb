#!/usr/bin/env bash
# The guest kernel's trace events under the hypervisor's tracing: the
# tracing workload (trace-work: file and disk I/O by trap and by ring, 8 in
# flight, beside a computing child) on 2 vCPUs with every class on, run by
# scripts/trace.sh. Every guest event kind is there, nothing is lost, at
# least 99% of the block requests have flows linking at least four
# layers (the ring path's five: user, kernel, device, hypervisor, host
# disk), every one completes with its request id, the program's submits
# and reaps match the kernel's pops and pushes, poll slices never overlap.
# Skipped where the hypervisor has no tracing (no scripts/trace.sh).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$top/$BUILD" ;; esac
PLAN=11
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2${3:+ # $3}"; fi; }
echo "1..$PLAN"
for f in "$BUILD/hypervisor.elf" "$BUILD/guest/kernel.elf" "$BUILD/guest/initrd.cpio" \
	"$top/scripts/trace.sh"; do
	if [ ! -f "$f" ]; then
		for i in $(seq $PLAN); do echo "ok $i # SKIP $f missing"; done
		exit 0
	fi
done
out=$BUILD/tests/system/gk_trace
mkdir -p "$out"
size=262144
rm -f "$out/disk.img" "$out/trace.bin"
truncate -s $size "$out/disk.img"
"$top/scripts/mkbundle.sh" -o "$out/trace.bundle" --image "$BUILD/guest/kernel.elf" \
	--initrd "$BUILD/guest/initrd.cpio" --mem 128M --cpus 2 --name gk \
	--args "init=/bin/trace-work -- 4 $size" --disk "$out/disk.img" >/dev/null
HOST_SMP=2 RVH_TRACE=/nonexistent timeout -k 5 180 "$top/scripts/trace.sh" --out "$out" \
	--classes all "$BUILD/hypervisor.elf" "$out/trace.bundle" </dev/null >"$out/run.log" 2>&1
rc=$?
tr -d '\r' <"$out/console.log" >"$out/console.txt" 2>/dev/null
ok "$rc" "QEMU exit status 0 with tracing on" "status $rc"
ok "$(grep -q '^trace-work: 4 rounds, file and disk, 0 bad' "$out/console.txt"; echo $?)" \
	"trace-work passed inside the traced guest"
ok "$(grep -q '^gk: tracing classes 0x1e0 ' "$out/console.txt"; echo $?)" \
	"the kernel registered its buffer and records its four classes"
perl "$top/tests/system/gk_trace_flows.pl" "$out/trace.bin" >"$out/facts.txt" 2>&1
fact() { awk -v k="$1" '$1 == k { print $2 }' "$out/facts.txt"; }
missing=""
for k in 60 61 62 63 64 65 66 67 68 69 6a 6b; do
	[ -n "$(fact kind_$k)" ] || missing+=" 0x$k"
done
ok "$([ -z "$missing" ]; echo $?)" "every guest event kind is in the trace" "missing:$missing"
ok "$([ "$(fact guest_lost)" = 0 ]; echo $?)" "no guest record lost" "$(fact guest_lost)"
blk=$(fact blk) four=$(fact blk_4layers) five=$(fact blk_5layers)
ok "$([ "${blk:-0}" -ge 160 ]; echo $?)" "160 block requests traced" "${blk:-0}"
ok "$([ "${blk:-0}" -gt 0 ] && [ $((four * 100)) -ge $((blk * 99)) ]; echo $?)" \
	"at least 99% of them link at least four layers" "$four of $blk"
ok "$([ "${five:-0}" -ge 128 ]; echo $?)" \
	"the 128 ring-path ones link five (user, kernel, device, hypervisor, host disk)" "$five"
ok "$([ "$(fact blk_done)" = "$blk" ]; echo $?)" \
	"each completes (BLK_DONE) with its request id" "$(fact blk_done) of $blk"
s=$(fact kind_6a) r=$(fact kind_6b) p=$(fact kind_62) u=$(fact kind_65)
ok "$([ -n "$s" ] && [ "$s" = "$r" ] && [ "$s" = "$p" ] && [ "$s" = "$u" ]; echo $?)" \
	"the program's submits and reaps match the kernel's pops and pushes" \
	"submit $s reap $r pop $p push $u"
ok "$([ "$(fact poll_overlap)" = 0 ]; echo $?)" "a vCPU's poll slices never overlap" \
	"$(fact poll_overlap)"
if [ "$rc" != 0 ]; then sed 's/^/# /' "$out/run.log" | tail -15; fi
