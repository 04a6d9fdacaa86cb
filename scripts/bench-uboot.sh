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
use strict; use warnings;
my ($t0, $res, $tpid, $hz) = @ARGV;
# seconds since boot to 10 ms (perl-base has no Time::HiRes)
sub now { open(my $f, "<", "/proc/uptime") or die; return (split " ", <$f>)[0]; }
my @marks = (["uboot", "U-Boot 20"], ["countdown_end", "Device 0:"],
	["kernel", "Starting kernel"], ["init", "rvh-linux: init on"], ["prompt", "\e[6n"]);
my (%at, %cpu, $all, $qpid);
open(my $to, ">&=", 4) or die;
$SIG{PIPE} = "IGNORE";
# QEMU is the child of timeout; its CPU time (all threads) from /proc
sub qemu_pid {
	open(my $c, "<", "/proc/$tpid/task/$tpid/children") or return;
	($qpid) = split " ", (<$c> // "");
}
sub cpu_secs {
	qemu_pid() if !$qpid;
	return -1 unless $qpid && open(my $f, "<", "/proc/$qpid/stat");
	my $l = <$f>;
	my @v = split " ", substr($l, rindex($l, ")") + 2);
	return ($v[11] + $v[12]) / $hz;
}
$all = "";
while (sysread(STDIN, my $b, 65536)) {
	print STDOUT $b;
	$all .= $b;
	my $now = now();
	for my $m (@marks) {
		next if exists $at{$m->[0]} || index($all, $m->[1]) < 0;
		$at{$m->[0]} = $now - $t0;
		$cpu{$m->[0]} = cpu_secs();
		syswrite($to, "poweroff -f\n") if $m->[0] eq "prompt";
	}
}
open(my $r, ">", $res) or die;
printf $r "%s %.3f %.2f\n", $_->[0], $at{$_->[0]} // -1, $cpu{$_->[0]} // -1 for @marks;
'

# run MODE N: one boot, marks in $out/MODE-N.marks
run() {
	local mode=$1 i=$2 in=$out/in outp=$out/out t0 tpid
	rm -f "$in" "$outp"
	mkfifo "$in" "$outp"
	t0=$(cut -d" " -f1 /proc/uptime)
	if [ "$mode" = hv ]; then
		timeout -k 5 300 scripts/qemu-run.sh "$B/hypervisor.elf" "$out/uboot.bundle" \
			<"$in" >"$outp" 2>&1 &
	else
		timeout -k 5 300 qemu-system-riscv64 -M virt -cpu rv64 -smp 1 -m 256M -nographic \
			-bios "$FW" -kernel "$UBOOT_BIN" -global virtio-mmio.force-legacy=false \
			-device virtio-rng-device \
			-drive "file=$out/disk.img,format=raw,if=none,id=d0" \
			-device virtio-blk-device,drive=d0,serial=uboot-vda <"$in" >"$outp" 2>&1 &
	fi
	tpid=$!
	# fd 4 first: QEMU opens its input before its output
	perl -e "$timer" "$t0" "$out/$mode-$i.marks" "$tpid" "$(getconf CLK_TCK)" \
		4>"$in" <"$outp" >"$out/$mode-$i.log" || true
	wait "$tpid" || true
	rm -f "$in" "$outp"
}
for ((i = 1; i <= RUNS; i++)); do
	run direct "$i"
	run hv "$i"
done

# median of a mark over the runs of a mode
# (COL 2: wall seconds, 3: QEMU's CPU seconds)
median() {
	local mode=$1 mark=$2
	for ((i = 1; i <= RUNS; i++)); do awk -v m="$mark" -v c="$COL" '$1 == m { print $c }' "$out/$mode-$i.marks"; done |
		sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
for m in direct hv; do for ((i = 1; i <= RUNS; i++)); do echo "start 0 0" >>"$out/$m-$i.marks"; done; done
row() {
	local d h
	d=$(awk -v a="$(median direct "$2")" -v b="$(median direct "$3")" 'BEGIN { printf "%.2f", b - a }')
	h=$(awk -v a="$(median hv "$2")" -v b="$(median hv "$3")" 'BEGIN { printf "%.2f", b - a }')
	printf '%-48s %8s %8s %6s\n' "$1" "$d" "$h" "$(awk -v d="$d" -v h="$h" 'BEGIN { printf "%.2f", (d > 0) ? h / d : 0 }')"
}
table() {
	printf '%-48s %8s %8s %6s\n' "$1" direct hyp ratio
	row "U-Boot banner to the shell's prompt" uboot prompt
	row "  autoboot countdown (bootdelay 2, pci enum)" uboot countdown_end
	row "  disk scan, load of Image and initrd" countdown_end kernel
	row "  Linux: kernel start to the prompt" kernel prompt
	row "U-Boot banner to the prompt, countdown left out" countdown_end prompt
	row "QEMU start to the shell's prompt" start prompt
}
{
	echo "U-Boot to Linux's shell, median of $RUNS runs each; $(nproc) host cores, load $(cut -d' ' -f1 /proc/loadavg)"
	COL=2 table "wall seconds"
	COL=3 table "QEMU's CPU seconds (user+system)"
	echo "exits of the last run under the hypervisor:"
	tr -d '\r' <"$out/hv-$RUNS.log" | grep -a "exits:" | sed 's/^/  /'
} | tee "$out/result.txt"
