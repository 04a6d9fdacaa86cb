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
# the default guest (kernel + initrd of guest/build.mk) with a
# non-interactive init: its shell would wait for a person, and under icount
# QEMU does not deliver typed input to an idle machine
scripts/mkbundle.sh -o "$out/default.bundle" --image "${GUEST_IMAGE:-$B/guest/kernel.elf}" \
	--args "init=/bin/hello" --initrd "${GUEST_INITRD:-$B/guest/initrd.cpio}"
ICOUNT=1 timeout 300 scripts/qemu-run.sh "$B/hypervisor.elf" "$out/default.bundle" \
	</dev/null >"$out/default.log" 2>&1 || true
echo "== default guest (init=/bin/hello), boot to power-off: exits by cause"
grep -a "exits:" "$out/default.log" | tr -d '\r'
