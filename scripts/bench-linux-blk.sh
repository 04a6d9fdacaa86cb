#!/usr/bin/env bash
# Linux's dd on /dev/vda: the same Debian kernel and initramfs (2 vCPUs on
# -smp 2) under the hypervisor (its virtio-blk, backed by QEMU's) and booted
# straight on QEMU's virtio-blk, side by side in one run (ROUNDS rounds of
# one boot each way, so a change in the machine's load hits both):
# - a 32 MiB read (O_DIRECT, or with the page cache dropped first when dd
#   cannot) and a 32 MiB write with conv=fsync, REPS times each per boot
#   (median of all); wall time, so the result is the ratio hypervisor /
#   direct, also per round to show the spread (the MiB/s only say what
#   this machine did in this run);
# - requests per dd from /sys/block/vda/stat, and exits per request under
#   the hypervisor: the exits of a boot that runs the dds minus those of a
#   boot that does not (same commands otherwise), over the dds' requests.
#   Timer and IPI exits during the dds count too (no -icount here).
# Not part of make test.  Environment: BUILD (build), REPS (5), ROUNDS (3).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
B=${BUILD:-build}
out=$B/bench/linux-blk
mkdir -p "$out"
REPS=${REPS:-5}
ROUNDS=${ROUNDS:-3}
FW=${FW_DYNAMIC:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
scripts/linux-guest.sh "$B/linux" >/dev/null
[ -f "$B/hypervisor.elf" ] || { echo "bench-linux-blk.sh: no $B/hypervisor.elf (make build first)" >&2; exit 1; }
trap '' PIPE

# 64 MiB of data (not holes: reading a hole is cheaper for QEMU)
img=$out/disk.img
[ -s "$img" ] || head -c 64M /dev/urandom >"$img"

# The guest's commands, one short line per prompt (typed-ahead input is
# bounded: a long line can lose bytes): block stats around REPS reads and
# REPS writes (WORK=dd) or around nothing (WORK=idle). busybox dd says no
# time and busybox date no nanoseconds: each dd is timed by kernel log
# marks (/dev/kmsg, microsecond timestamps) kept off the console (dmesg -n
# 1) so that printing them is not timed, and listed at the end.
guest_lines() {
	local work=$1 rd wr pre=
	rd="dd if=/dev/vda of=/dev/null bs=1M count=32 iflag=direct"
	if [ "${DIRECT_IO:-1}" != 1 ]; then
		pre="echo 3 >/proc/sys/vm/drop_caches;"
		rd=${rd% iflag=direct}
	fi
	wr="dd if=/dev/zero of=/dev/vda bs=1M count=32 seek=32 conv=fsync"
	echo "dmesg -n 1; st() { echo rvh-\$1=\$(tr -s ' ' _ </sys/block/vda/stat); }"
	echo "m() { echo rvh-mark-\$1 >/dev/kmsg; }; st s0; cd /sys/block/vda/queue"
	echo "echo rvh-limits=\$(cat max_segments)_segs_\$(cat max_segment_size)_B_\$(cat max_hw_sectors_kb)_KiB_\$(cat nr_requests)_reqs; cd /"
	if [ "$work" = dd ]; then
		echo "for i in \$(seq $REPS); do $pre m rd\${i}a; $rd 2>/dev/null || echo rvh-fail=rd\$i; m rd\${i}b; done; st s1"
		echo "for i in \$(seq $REPS); do m wr\${i}a; $wr 2>/dev/null || echo rvh-fail=wr\$i; m wr\${i}b; done; st s2"
	else
		echo "st s1; st s2"
	fi
	echo "dmesg | grep rvh-mark; echo rvh-done=\$((1 - 1))"
	echo "poweroff -f"
}

# type LINE at the next prompt (busybox's line editor asks for the cursor
# position, ESC[6n, at each one: the answer goes first)
prompts=0
sh_line() {
	local i
	prompts=$((prompts + 1))
	for ((i = 0; i < 900 * 4; i++)); do
		[ "$(grep -ao $'\e\\[6n' "$log" | wc -l)" -ge "$prompts" ] && break
		kill -0 "$qpid" 2>/dev/null || return 1
		sleep 0.25
	done
	printf '\033[1;1R' >&3 2>/dev/null || return 1
	sleep 0.3
	printf '%s\n' "$1" >&3 2>/dev/null
}

# run MODE WORK TAG: one boot (MODE hv or direct), log in $out/MODE-WORKTAG.log
run() {
	local mode=$1 work=$2 line
	log=$out/$mode-$work$3.log
	rm -f "$out/in"
	mkfifo "$out/in"
	if [ "$mode" = direct ]; then
		timeout 1800 qemu-system-riscv64 -M virt -cpu rv64 -smp 2 -m 256M -nographic -bios "$FW" \
			-kernel "$B/linux/Image" -initrd "$B/linux/initramfs.cpio.gz" -append "console=ttyS0" \
			-global virtio-mmio.force-legacy=false \
			-drive "file=$img,format=raw,if=none,id=d0" -device "virtio-blk-device,drive=d0,serial=bench" \
			-device virtio-rng-device <"$out/in" >"$log" 2>&1 &
	else
		scripts/mkbundle.sh -o "$out/linux.bundle" --name linux --cpus 2 \
			--image "$B/linux/Image" --initrd "$B/linux/initramfs.cpio.gz" \
			--mem 256M --args "console=ttyS0" --disk "$img"
		HOST_SMP=2 timeout 1800 scripts/qemu-run.sh "$B/hypervisor.elf" "$out/linux.bundle" \
			<"$out/in" >"$log" 2>&1 &
	fi
	qpid=$!
	exec 3>"$out/in"
	prompts=0
	while IFS= read -r line; do
		sh_line "$line" || { echo "bench-linux-blk.sh: $mode $work: QEMU ended early (see $log)" >&2; break; }
	done < <(guest_lines "$work")
	wait "$qpid" || true
	exec 3>&-
	grep -qa "rvh-done=0" "$log" || echo "bench-linux-blk.sh: $mode $work: commands did not finish (see $log)" >&2
}

# seconds of each dd of a kind (rd or wr) in a log, from its two marks
dd_secs() {
	{ grep -aoE "\[ *[0-9]+\.[0-9]+\] rvh-mark-$2[0-9]+[ab]" "$1" || true; } | tr -d '[]' |
		awk '{ k = substr($2, 1, length($2) - 1); if ($2 ~ /a$/) t[k] = $1; else if (k in t) print $1 - t[k] }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'; }
# field F of the block stat tagged T (1-based, as in Documentation/block/stat)
stat_f() {
	local v
	v=$({ grep -aoE "rvh-$2=[0-9_]+" "$1" || true; } | tail -n1 | cut -d= -f2 | sed 's/^_//' | cut -d_ -f"$3")
	echo "${v:-0}"
}
# requests between two stat tags: reads, writes and flushes completed
reqs() {
	local f=$1 a=$2 b=$3 r w fl
	r=$(($(stat_f "$f" "$b" 1) - $(stat_f "$f" "$a" 1)))
	w=$(($(stat_f "$f" "$b" 5) - $(stat_f "$f" "$a" 5)))
	fl=$(($(stat_f "$f" "$b" 16) - $(stat_f "$f" "$a" 16)))
	echo "$r $w $fl"
}
# "cause count" lines from the hypervisor's exit summary
exits() {
	grep -a "guest 'linux' exits:" "$1" | tail -n1 | tr -d '\r' | sed 's/.*exits: //' |
		tr ';' '\n' | sed -E 's/^ *//; s/^([0-9]+) total$/total \1/; s/ ([0-9]+)$/\t\1/'
}

echo "== Linux dd on /dev/vda, 2 vCPUs on -smp 2: $ROUNDS rounds of (a direct boot, a hypervisor boot),"
echo "   each boot $REPS x 32 MiB read then $REPS x 32 MiB write"
rm -f "$out"/*-dd-*.log "$out"/hv-idle.log
for ((r = 1; r <= ROUNDS; r++)); do
	run direct dd "-$r"
	if [ $r = 1 ] && grep -qaE "rvh-fail=rd[0-9]" "$out/direct-dd-1.log"; then
		echo "bench-linux-blk.sh: dd iflag=direct did not work, dropping the page cache instead" >&2
		DIRECT_IO=0
		run direct dd "-$r"
	fi
	run hv dd "-$r"
done
run hv idle ""

printf '%-28s %12s %12s %14s\n' "median of all dds" direct hypervisor "hv/direct time"
for k in rd wr; do
	d=$(for f in "$out"/direct-dd-*.log; do dd_secs "$f" $k; done | median)
	h=$(for f in "$out"/hv-dd-*.log; do dd_secs "$f" $k; done | median)
	per=""
	for ((r = 1; r <= ROUNDS; r++)); do
		per+=" $(awk -v d="$(dd_secs "$out/direct-dd-$r.log" $k | median)" \
			-v h="$(dd_secs "$out/hv-dd-$r.log" $k | median)" \
			'BEGIN { if (d > 0 && h > 0) printf "%.2f", h / d; else printf "n/a" }')"
	done
	name=$([ $k = rd ] && echo "read 32 MiB (O_DIRECT)" || echo "write 32 MiB (conv=fsync)")
	[ "${DIRECT_IO:-1}" = 1 ] || name="read 32 MiB (cache dropped)"
	awk -v n="$name" -v d="$d" -v h="$h" -v per="$per" 'BEGIN {
		ds = d > 0 ? sprintf("%.3f s", d) : "n/a"
		hs = h > 0 ? sprintf("%.3f s", h) : "n/a"
		r = (d > 0 && h > 0) ? sprintf("%.2f", h / d) : "n/a"
		printf "%-28s %10s %12s %14s\n", n, ds, hs, r
		ds = d > 0 ? sprintf("%.1f", 32 / d) : "n/a"
		hs = h > 0 ? sprintf("%.1f", 32 / h) : "n/a"
		printf "%-28s %10s %12s   per round:%s\n", "  MiB/s (this machine, run)", ds, hs, per }'
done
for m in direct hv; do
	f=$out/$m-dd-1.log
	read -r r0 _ _ <<<"$(reqs "$f" s0 s1)"
	read -r _ w1 f1 <<<"$(reqs "$f" s1 s2)"
	if grep -qaE "rvh-s2=[0-9_]+" "$f"; then
		eval "rq_$m='$((r0 / REPS)) reads; $((w1 / REPS)) writes + $((f1 / REPS)) flushes'"
	else
		eval "rq_$m=n/a"
	fi
done
printf '%-28s %s | %s\n' "requests per dd (read; write)" "direct: $rq_direct" "hv: $rq_hv"
lim() { { grep -aoE "rvh-limits=[0-9][^[:space:]]*" "$1" || echo =n/a; } | tail -n1 | cut -d= -f2 | tr _ ' '; }
printf '%-28s %s | %s\n' "vda queue limits" "direct: $(lim "$out/direct-dd-1.log")" "hv: $(lim "$out/hv-dd-1.log")"

# exits per request: the dd boots' exits minus the idle boot's (once per
# dd boot), per cause, over the dd boots' requests
nreq=0 nr=0 nw=0 nf=0 nboots=0
for f in "$out"/hv-dd-*.log; do
	grep -qa "guest 'linux' exits:" "$f" && grep -qaE "rvh-s2=[0-9_]+" "$f" || continue
	read -r r _ _ <<<"$(reqs "$f" s0 s1)"
	read -r _ w fl <<<"$(reqs "$f" s1 s2)"
	nr=$((nr + r)) nw=$((nw + w)) nf=$((nf + fl)) nboots=$((nboots + 1))
	exits "$f"
done >"$out/exits-dd.tsv"
nreq=$((nr + nw + nf))
if [ "$nreq" -gt 0 ] && grep -qa "guest 'linux' exits:" "$out/hv-idle.log"; then
	echo "-- exits per request under the hypervisor ($nboots dd boots, $nreq requests: $nr reads,"
	echo "   $nw writes, $nf flushes; minus an idle boot each; wall-clock runs, so timer and IPI"
	echo "   exits during the dds count too)"
	awk -F'\t' -v n="$nreq" -v b="$nboots" '
		FNR == NR { dd[$1] += $2; next }
		{ idle[$1] = $2 }
		END {
			for (c in dd) printf "   %-24s %8.2f  (%d - %d x %d)\n", c, (dd[c] - b * idle[c]) / n, dd[c], b, idle[c]
		}' "$out/exits-dd.tsv" <(exits "$out/hv-idle.log") | sort
else
	echo "-- no exit counts (the hypervisor printed no \"guest 'linux' exits:\" line, or no requests)"
fi
