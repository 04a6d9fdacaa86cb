#!/usr/bin/env bash
# U-Boot to Linux's shell: the distro boot of make run-uboot under the
# hypervisor against the same boot chain on QEMU directly (U-Boot as QEMU's
# -kernel, the same disk on QEMU's own virtio-blk), side by side in one run,
# alternating, RUNS times each (default 3). Wall time, so only the ratio
# means something; the hypervisor's exit counts of the last run are shown.
#   scripts/bench-uboot.sh [OUTDIR]     (make bench-uboot; part of make bench)
# Each run is timed from QEMU's start by the console output: U-Boot's
# banner, the end of its autoboot countdown (bootdelay 2 s, a fixed wait in
# both), "Starting kernel", /init and the shell's first prompt; then the
# shell is told to power off. The two machines are not the same: QEMU's
# own device tree also has a PCIe host, flash, RTC and fw_cfg, which U-Boot
# (pci enum before the disk scan) and Linux probe; the hypervisor's guest
# tree has the UART, PLIC and virtio slots only.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
B=${BUILD:-build}
out=${1:-$B/bench/uboot}
RUNS=${RUNS:-3}
UBOOT_BIN=${UBOOT_BIN:-/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin}
FW=${FW_DYNAMIC:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
mkdir -p "$out"
[ -f "$B/hypervisor.elf" ] || { echo "bench-uboot.sh: $B/hypervisor.elf missing: make build" >&2; exit 1; }
[ -f "$UBOOT_BIN" ] || { echo "bench-uboot.sh: $UBOOT_BIN missing: run scripts/deps.sh" >&2; exit 1; }
scripts/distro-disk.sh "$out/disk.img" "$B/linux" 2>"$out/disk.log" ||
	{ cat "$out/disk.log" >&2; exit 1; }
scripts/mkbundle.sh -o "$out/uboot.bundle" --name uboot --mem 256M \
	--image "$UBOOT_BIN" --disk "$out/disk.img"

# the timer: QEMU's output on stdin (copied to the log on stdout), QEMU's
# input on fd 4; prints "mark seconds" for each mark's first appearance
timer='
use strict; use warnings; use Time::HiRes qw(time);
my $t0 = $ARGV[0];
my @marks = (["uboot", "U-Boot 20"], ["countdown_end", "Device 0:"],
	["kernel", "Starting kernel"], ["init", "rvh-linux: init on"], ["prompt", "\e[6n"]);
my (%at, $all);
open(my $to, ">&=", 4) or die;
$SIG{PIPE} = "IGNORE";
$all = "";
while (sysread(STDIN, my $b, 65536)) {
	print STDOUT $b;
	$all .= $b;
	my $now = time;
	for my $m (@marks) {
		next if exists $at{$m->[0]} || index($all, $m->[1]) < 0;
		$at{$m->[0]} = $now - $t0;
		syswrite($to, "poweroff -f\n") if $m->[0] eq "prompt";
	}
}
open(my $r, ">", $ARGV[1]) or die;
printf $r "%s %.3f\n", $_->[0], $at{$_->[0]} // -1 for @marks;
'

# run MODE N: one boot, marks in $out/MODE-N.marks
run() {
	local mode=$1 i=$2 fifo=$out/in t0
	rm -f "$fifo"
	mkfifo "$fifo"
	t0=$(date +%s.%N)
	if [ "$mode" = hv ]; then
		timeout -k 5 300 scripts/qemu-run.sh "$B/hypervisor.elf" "$out/uboot.bundle" <"$fifo" |
			perl -e "$timer" "$t0" "$out/$mode-$i.marks" 4>"$fifo" >"$out/$mode-$i.log" || true
	else
		timeout -k 5 300 qemu-system-riscv64 -M virt -cpu rv64 -smp 1 -m 256M -nographic \
			-bios "$FW" -kernel "$UBOOT_BIN" -global virtio-mmio.force-legacy=false \
			-device virtio-rng-device \
			-drive "file=$out/disk.img,format=raw,if=none,id=d0" \
			-device virtio-blk-device,drive=d0,serial=uboot-vda <"$fifo" |
			perl -e "$timer" "$t0" "$out/$mode-$i.marks" 4>"$fifo" >"$out/$mode-$i.log" || true
	fi
	rm -f "$fifo"
}
for ((i = 1; i <= RUNS; i++)); do
	run direct "$i"
	run hv "$i"
done

# median of a mark over the runs of a mode
median() {
	local mode=$1 mark=$2
	for ((i = 1; i <= RUNS; i++)); do awk -v m="$mark" '$1 == m { print $2 }' "$out/$mode-$i.marks"; done |
		sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
{
	echo "U-Boot to Linux's shell, median of $RUNS runs each (wall seconds from QEMU's start; $(nproc) host cores, load $(cut -d' ' -f1 /proc/loadavg))"
	printf '%-44s %9s %9s %7s\n' "phase" direct hyp ratio
	row() {
		local d h
		d=$(awk -v a="$(median direct "$2")" -v b="$(median direct "$3")" 'BEGIN { printf "%.2f", b - a }')
		h=$(awk -v a="$(median hv "$2")" -v b="$(median hv "$3")" 'BEGIN { printf "%.2f", b - a }')
		printf '%-44s %9s %9s %7s\n' "$1" "$d" "$h" "$(awk -v d="$d" -v h="$h" 'BEGIN { printf "%.2f", (d > 0) ? h / d : 0 }')"
	}
	for m in direct hv; do for ((i = 1; i <= RUNS; i++)); do echo "start 0" >>"$out/$m-$i.marks"; done; done
	row "U-Boot banner to the shell's prompt" uboot prompt
	row "  of which autoboot countdown (bootdelay 2)" uboot countdown_end
	row "  of which disk scan, load of Image+initrd" countdown_end kernel
	row "  of which Linux: kernel start to the prompt" kernel prompt
	row "U-Boot banner to the prompt, countdown left out" countdown_end prompt
	row "QEMU start to the shell's prompt" start prompt
	echo "exits of the last run under the hypervisor:"
	tr -d '\r' <"$out/hv-$RUNS.log" | grep -a "exits:" | sed 's/^/  /'
} | tee "$out/result.txt"
