#!/usr/bin/env bash
# make soak: SOAK_MIN minutes of load on the hypervisor, HOST_SMP=2.
#   gka, gkb  our guest kernel, 2 vCPUs each, ring=poll, running
#             guest/user/soak.c on their own virtio-blk disks (both system
#             call paths, timers, IPIs, tasks moving between vCPUs)
#   hostile   tests/system/guests/soak_hostile.c: bad SBI calls, fault
#             storms, a broken virtio ring, a reboot per round
# Each second the guests' progress is read from the log (gk: "soak: hb"
# lines, hostile: its rounds); a guest with none for SOAK_STALL seconds
# fails the soak after the hypervisor's state dump (Ctrl-] d typed into
# its console). After QEMU exits, soak-check reads every block of both
# images. Prints operations, errors, blocks written and verified, lost
# writes (must be 0) and the hypervisor's exit counts; exit status 0 when
# all of it holds.
# Environment: BUILD (build), SOAK_MIN (10), SOAK_STALL (10 s),
# SOAK_DISK_MIB (8, a power of two), SOAK_HOST_SMP (2), QEMU, FW_DYNAMIC.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD=$top/$BUILD ;; esac
SOAK_MIN=${SOAK_MIN:-10}
SOAK_STALL=${SOAK_STALL:-10}
SOAK_DISK_MIB=${SOAK_DISK_MIB:-8}
secs=$((SOAK_MIN * 60))
bytes=$((SOAK_DISK_MIB * 1024 * 1024))
out=$BUILD/soak
log=$out/soak.log
check=$BUILD/host/scripts/soak/soak-check
for f in "$BUILD/hypervisor.elf" "$BUILD/guest/kernel.elf" \
	"$BUILD/guest/initrd.cpio" "$BUILD/tests/system/soak_hostile.elf" "$check"; do
	[ -f "$f" ] || { echo "soak: $f missing (make build)" >&2; exit 2; }
done
# stream NAME: the guest's output with line prefixes and line ends taken
# out. Two guests writing at once split each other's lines (the
# hypervisor starts a new prefixed line at each switch), so a line of
# interest is looked for in the joined text.
stream() { sed -n "s/^\\[$1\\] //p" "$log" | tr -d '\n'; }

if [ "${SOAK_REPORT_ONLY:-0}" != 1 ]; then
rm -rf "$out"
mkdir -p "$out"
for d in a b h; do truncate -s "$bytes" "$out/$d.img"; done

gk_node() { # name tag image
	cat <<EOF
		$1 {
			memory-size = /bits/ 64 <0x8000000>;
			cpus = <2>;
			bootargs = "init=/bin/testrun ring=poll -- soak,$2,$secs,$bytes";
			image = /incbin/("$BUILD/guest/kernel.elf");
			initrd = /incbin/("$BUILD/guest/initrd.cpio");
			vda { compatible = "virtio,blk"; serial = "soak-$1"; host-file = "$3"; };
		};
EOF
}
{
	echo '/dts-v1/;'
	echo '/ {'
	echo '	compatible = "rvh,bundle-v1";'
	echo '	guests {'
	gk_node gka A a.img
	gk_node gkb B b.img
	cat <<EOF
		hostile {
			memory-size = /bits/ 64 <0x2000000>;
			cpus = <1>;
			bootargs = "tg.mode=hostile tg.end_s=$((secs + 10))";
			image = /incbin/("$BUILD/tests/system/soak_hostile.elf");
			vda { compatible = "virtio,blk"; serial = "soak-hostile"; host-file = "h.img"; };
		};
EOF
	echo '	};'
	echo '};'
} >"$out/soak.dts"
"$top/scripts/mkbundle.sh" -o "$out/soak.bundle" --config "$out/soak.dts" ||
	{ echo "soak: mkbundle.sh failed" >&2; exit 2; }

# the console input stays open so that the watchdog can type Ctrl-] d
mkfifo "$out/in"
exec 3<>"$out/in"
HOST_SMP=${SOAK_HOST_SMP:-2} "$top/scripts/qemu-run.sh" "$BUILD/hypervisor.elf" \
	"$out/soak.bundle" <&3 >"$log" 2>&1 &
qpid=$!
echo "soak: $SOAK_MIN min, log $log (QEMU pid $qpid)"

# progress of one guest: gk = heartbeats, hostile = finished rounds
progress() {
	case $1 in
	hostile) grep -c '^\[hostile\] ' "$log" ;; # any line: it prints as it goes
	*) grep -c "^\\[$1\\] soak: hb " "$log" ;;
	esac
}
last_field() { # guest key: the key's value on the guest's last heartbeat
	grep "^\\[$1\\] soak: hb .* errors=[0-9]" "$log" | tail -n 1 |
		sed -n "s/.* $2=\\([0-9]*\\).*/\\1/p"
}
stopped() { grep -q "^rvh: guest '$1' stopped with status" "$log"; }

declare -A seen=() since=()
start=$(date +%s)
next_beat=$((start + 10))
stall=""
limit=$((secs + 300)) # boot, the end and a slow host
for g in gka gkb hostile; do seen[$g]=0 since[$g]=$start; done
while kill -0 "$qpid" 2>/dev/null; do
	sleep 1
	now=$(date +%s)
	for g in gka gkb hostile; do
		stopped "$g" && { since[$g]=$now; continue; }
		p=$(progress "$g")
		if [ "$p" != "${seen[$g]}" ]; then
			seen[$g]=$p since[$g]=$now
		elif [ "$p" != 0 ] && [ $((now - since[$g])) -ge "$SOAK_STALL" ]; then
			stall=$g
		elif [ "$p" = 0 ] && [ $((now - since[$g])) -ge 120 ]; then
			stall=$g # never started
		fi
	done
	if [ -n "$stall" ]; then
		echo "soak: FAIL: guest '$stall' made no progress for ${SOAK_STALL} s; hypervisor state:"
		printf '\035d' >&3
		sleep 3
		kill "$qpid" 2>/dev/null
		break
	fi
	if [ $((now - start)) -ge "$limit" ]; then
		stall=timeout
		echo "soak: FAIL: still running after $limit s; hypervisor state:"
		printf '\035d' >&3
		sleep 3
		kill "$qpid" 2>/dev/null
		break
	fi
	if [ "$now" -ge "$next_beat" ]; then
		next_beat=$((next_beat + 10))
		echo "soak: $((now - start)) s: gka writes=$(last_field gka writes) errors=$(last_field gka errors)," \
			"gkb writes=$(last_field gkb writes) errors=$(last_field gkb errors)," \
			"hostile rounds=$(grep -c '^\[hostile\] soak_hostile: ' "$log")"
	fi
done
wait "$qpid"
qst=$?
exec 3>&-
tr -d '\r' <"$log" >"$log.txt"
log=$log.txt
if [ -n "$stall" ]; then
	sed -n '/^rvh: state at time/,$p' "$log" | grep '^rvh: ' | head -n 60
	tail -n 30 "$log" | sed 's/^/  | /'
	exit 1
fi

else
	# the report of the last run again (build/soak as it left it)
	log=$log.txt qst=0
fi

fail=0
bad() { echo "soak: FAIL: $*"; fail=1; }
[ "$qst" = 0 ] || bad "QEMU exit status $qst (expected 0)"
tw=0 tr=0 tc=0 te=0 tb=0 tv=0 tl=0 tx=0
for g in gka gkb; do
	line=$(stream "$g" | grep -o 'soak: end tag=[^ ]* blocks=[0-9]* stride=[0-9]* writes=[0-9]* flushes=[0-9]* reads=[0-9]* bad_reads=[0-9]* calls=[0-9]* rounds=[0-9]* errors=[0-9]*' | tail -n 1)
	if [ -z "$line" ]; then
		bad "$g: no 'soak: end' line"
		continue
	fi
	f() { sed -n "s/.* $1=\\([^ ]*\\).*/\\1/p" <<<"$line "; }
	tag=$(f tag) blocks=$(f blocks) stride=$(f stride) w=$(f writes)
	wc=$(stream "$g" | grep -o 'soak-worker: [0-9]*' | awk '{print $2}')
	echo "soak: $g: $w writes in $(f flushes) flushed rounds, $(f reads) reads ($(f bad_reads) wrong), $(f calls) other calls, ${wc:-?} worker calls, $(f errors) errors"
	res=$("$check" "$out/${tag,,}.img" "$tag" "$blocks" "$stride" "$w" 2>"$out/$g.check")
	cst=$?
	echo "  $res"
	[ "$cst" = 0 ] || { bad "$g: image check failed"; sed 's/^/  /' "$out/$g.check" | head; }
	n() { sed -n "s/.*[ ,]\\([0-9][0-9]*\\) $1,.*/\\1/p" <<<"$res"; }
	tw=$((tw + w)) tr=$((tr + $(f reads))) tc=$((tc + $(f calls) + ${wc:-0}))
	te=$((te + $(f errors))) tb=$((tb + $(n written))) tv=$((tv + $(n verified)))
	tl=$((tl + $(n "lost writes"))) tx=$((tx + $(n corrupt)))
	[ "$(f errors)" = 0 ] || bad "$g: $(f errors) errors in the guest"
	stream "$g" | grep -o 'soak: ERROR [^:]*: -*[0-9]*' | head -n 5 | sed 's/^/  /'
done
hs=$(stream hostile | grep -o 'soak_hostile: [0-9]* bad calls, [0-9]* faults, [0-9]* odd answers; vblk [A-Za-z]*')
rounds=$(grep -c . <<<"$hs")
hfail=$(grep -c 'vblk FAILED' <<<"$hs")
hcalls=$(awk '{c += $2; f += $5} END {print c + 0, f + 0}' <<<"$hs")
reboots=$(grep -c "^rvh: guest 'hostile' reboots" "$log")
echo "soak: hostile: $rounds rounds, $reboots reboots, ${hcalls% *} bad SBI calls, ${hcalls#* } handled faults, $hfail rounds with a failed ring check"
[ "$hfail" = 0 ] || bad "hostile: the hypervisor answered its broken ring wrongly"
[ "$rounds" -gt 0 ] || bad "hostile: no round finished"
echo "soak: hypervisor:"
grep -E "^rvh: guest '[^']*' (exits|stopped|instret)" "$log" | sed 's/^/  /'
grep -E "^rvh: .*(panic|PANIC)" "$log" | sed 's/^/  /' && bad "hypervisor panic"
echo "soak: total: $((tw + tr + tc)) operations ($tw writes, $tr reads, $tc calls), $te errors," \
	"$tb blocks written, $tv verified, $tl lost writes, $tx corrupt"
[ "$tl" = 0 ] || bad "$tl lost writes"
[ "$tx" = 0 ] || bad "$tx corrupt blocks"
[ "$tb" -gt 0 ] && [ "$tb" = "$tv" ] || bad "blocks written $tb, verified $tv"
if [ "$fail" = 0 ]; then
	echo "soak: PASS ($SOAK_MIN min)"
else
	echo "soak: FAILED (log $log)"
fi
exit "$fail"
