#!/usr/bin/env bash
# Boot of the guest kernel as `make run` does it (through the hypervisor)
# and directly on OpenSBI with 2 harts: banner, DTB facts, initrd, first
# process with arguments, clean SRST power-off.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$top/$BUILD" ;; esac
FW=${FW_DYNAMIC:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
has() { grep -q -- "$2" "$1"; echo $?; }
echo "1..14"
log=$(mktemp) bundle=$(mktemp)
trap 'rm -f "$log" "$bundle"' EXIT

if [ -f "$BUILD/hypervisor.elf" ]; then
	"$top/scripts/mkbundle.sh" -o "$bundle" --image "$BUILD/guest/kernel.elf" \
		--mem 128M --cpus 1 --initrd "$BUILD/guest/initrd.cpio" \
		--args "init=/bin/hello -- boot-ok"
	timeout -k 5 60 "$top/scripts/qemu-run.sh" "$BUILD/hypervisor.elf" "$bundle" \
		</dev/null >"$log" 2>&1
	rc=$?
	tr -d '\r' <"$log" >"$log.t" && mv "$log.t" "$log"
	ok "$(has "$log" 'gk: async guest kernel')" "hv: banner"
	ok "$(has "$log" 'gk: memory 0x80000000..0x88000000 (128 MiB')" "hv: guest RAM from the DTB"
	ok "$(has "$log" 'gk: bootargs "init=/bin/hello -- boot-ok"')" "hv: bootargs from /chosen"
	ok "$(grep -Eq 'gk: initrd: ([1-9][0-9]) files' "$log"; echo $?)" "hv: initrd archive loaded"
	ok "$(has "$log" 'hello from pid 1 on vCPU 0 boot-ok')" "hv: init ran with its argument"
	ok "$(has "$log" 'gk: init exited with status 0')" "hv: init exit reported"
	ok "$rc" "hv: QEMU exit status 0 after SRST shutdown ($rc)"
else
	for i in 1 2 3 4 5 6 7; do echo "ok $((n + i)) # SKIP no hypervisor.elf"; done
	n=$((n + 7))
fi

timeout -k 5 60 qemu-system-riscv64 -M virt -cpu rv64 -smp 2 -m 256M -nographic \
	-bios "$FW" -kernel "$BUILD/guest/kernel.elf" -initrd "$BUILD/guest/initrd.cpio" \
	-append "init=/bin/hello -- direct" </dev/null >"$log" 2>&1
rc=$?
tr -d '\r' <"$log" >"$log.t" && mv "$log.t" "$log"
ok "$(has "$log" 'gk: memory 0x80000000..0x90000000 (256 MiB')" "direct: RAM from the DTB"
ok "$(has "$log" '2 vCPUs, timebase 10000000 Hz')" "direct: both harts and the timebase found"
ok "$(has "$log" 'console ns16550a (irq)')" "direct: UART console with PLIC input"
ok "$(has "$log" 'gk: 2 vCPUs online')" "direct: secondary hart started through HSM"
ok "$(has "$log" 'direct$')" "direct: init ran with its argument"
ok "$(has "$log" 'gk: init exited with status 0')" "direct: init exit reported"
ok "$rc" "direct: QEMU exits by itself ($rc)"
if [ "$n" != 14 ] || grep -q "PANIC" "$log"; then
	sed 's/^/# /' "$log" | tail -20
fi
