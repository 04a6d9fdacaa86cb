#!/usr/bin/env bash
# Linux boot to where the shell starts, under the hypervisor:
# - with -icount shift=0,sleep=off: guest instructions and exits by cause,
#   for 1 and 2 vCPUs on one hart (-smp 1). QEMU 7.2's icount runs harts
#   round-robin in one thread and makes no progress booting this kernel with
#   -smp 2 even without the hypervisor, so counts use one hart;
# - wall time against the same kernel and initramfs booted directly by QEMU,
#   side by side in this run (quoted only as a ratio).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
B=${BUILD:-build}
out=$B/bench/linux
mkdir -p "$out"
scripts/linux-guest.sh "$B/linux" >/dev/null
FW=${FW_DYNAMIC:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
args="console=ttyS0 rvh.poweroff"

bundle() {
	scripts/mkbundle.sh -o "$out/linux-$1.bundle" --name linux --cpus "$1" \
		--image "$B/linux/Image" --initrd "$B/linux/initramfs.cpio.gz" --mem 256M --args "$args"
}

now() { date +%s.%N; }

echo "== Linux boot to the shell, -icount shift=0,sleep=off (counts, not time)"
for n in 1 2; do
	bundle $n
	ICOUNT=1 HOST_SMP=1 timeout 900 scripts/qemu-run.sh "$B/hypervisor.elf" "$out/linux-$n.bundle" \
		</dev/null >"$out/icount-$n.log" 2>&1 || true
	echo "-- $n vCPU(s) on -smp 1"
	grep -a "rvh: guest 'linux' \(exits\|instret\)" "$out/icount-$n.log" | tr -d '\r' | sed 's/^rvh: //'
done

echo "== wall time, hypervisor vs QEMU direct, same kernel/initramfs, run side by side"
for n in 1 2; do
	t0=$(now)
	HOST_SMP=$n timeout 900 scripts/qemu-run.sh "$B/hypervisor.elf" "$out/linux-$n.bundle" </dev/null >"$out/wall-hv-$n.log" 2>&1 || true
	t1=$(now)
	timeout 900 qemu-system-riscv64 -M virt -cpu rv64 -smp $n -m 256M -nographic -bios "$FW" \
		-kernel "$B/linux/Image" -initrd "$B/linux/initramfs.cpio.gz" -append "$args" \
		</dev/null >"$out/wall-direct-$n.log" 2>&1 || true
	t2=$(now)
	ok_hv=$(grep -ac "shell would start" "$out/wall-hv-$n.log" || true)
	ok_d=$(grep -ac "shell would start" "$out/wall-direct-$n.log" || true)
	awk -v a="$t0" -v b="$t1" -v c="$t2" -v n=$n -v h="$ok_hv" -v d="$ok_d" 'BEGIN {
		printf "-- %d vCPU(s): under the hypervisor / direct = %.2f (reached the shell: %s / %s)\n",
			n, (b - a) / (c - b), h ? "yes" : "no", d ? "yes" : "no" }'
done
