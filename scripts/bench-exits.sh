#!/usr/bin/env bash
# Exit costs measured with -icount shift=0,sleep=off (instructions, not time).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
B=${BUILD:-build}
out=$B/bench
mkdir -p "$out"
scripts/mkbundle.sh -o "$out/exits.bundle" --name bench --mem 16M --image "$B/tests/system/bench_exits.elf"
ICOUNT=1 timeout 120 scripts/qemu-run.sh "$B/hypervisor.elf" "$out/exits.bundle" </dev/null >"$out/exits.log" 2>&1 || true
echo "== exit round trips (instructions as the guest's rdinstret counts them, -icount shift=0)"
grep -a "bench:" "$out/exits.log" | tr -d '\r'
scripts/mkbundle.sh -o "$out/default.bundle" --image "${GUEST_IMAGE:-$B/guest/kernel.elf}" \
	--args "${GUEST_ARGS:-}" ${GUEST_INITRD:+--initrd "$GUEST_INITRD"}
# the default guest boots into its shell: type poweroff once the prompt is up
(sleep 20; printf 'poweroff\n') | ICOUNT=1 timeout 300 scripts/qemu-run.sh "$B/hypervisor.elf" \
	"$out/default.bundle" >"$out/default.log" 2>&1 || true
echo "== default guest, boot to its shell, then poweroff typed: exits by cause"
grep -a "exits:" "$out/default.log" | tr -d '\r'
