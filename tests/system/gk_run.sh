#!/usr/bin/env bash
# Boots the guest kernel with a non-interactive init that runs test
# programs, and turns what it prints into one TAP stream for prove.
#   gk-run.sh [--hv|--direct] [--cpus N] [--args "bootargs"] [--timeout S]
#             [--name NAME] -- PROGRAM[,ARG...]...
# --hv (default): through build/hypervisor.elf (guest bundle, HOST_SMP=N).
# --direct: QEMU + OpenSBI with the kernel as the S-mode payload.
# Every guest TAP line becomes a host test named "PROGRAM: ..."; each
# program must print its whole plan and exit 0; init must report exit 0,
# and with --hv QEMU must exit 0 (the guest's SRST verdict).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$top/$BUILD" ;; esac
QEMU=${QEMU:-qemu-system-riscv64}
FW_DYNAMIC=${FW_DYNAMIC:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
mode=hv cpus=1 args="" tmo=120 name=""
while [ $# -gt 0 ]; do
	case "$1" in
	--hv) mode=hv; shift ;;
	--direct) mode=direct; shift ;;
	--cpus) cpus=$2; shift 2 ;;
	--args) args=$2; shift 2 ;;
	--timeout) tmo=$2; shift 2 ;;
	--name) name=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "gk-run.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
progs=("$@")
kernel=$BUILD/guest/kernel.elf initrd=$BUILD/guest/initrd.cpio
for f in "$kernel" "$initrd"; do
	[ -f "$f" ] || { echo "1..1"; echo "not ok 1 - $f missing (make build)"; exit 0; }
done
bootargs="init=/bin/testrun $args -- ${progs[*]}"
log=$(mktemp)
bundle=""
trap 'rm -f "$log" $bundle' EXIT
if [ "$mode" = hv ]; then
	if [ ! -f "$BUILD/hypervisor.elf" ]; then
		echo "1..0 # SKIP $BUILD/hypervisor.elf not built"
		exit 0
	fi
	bundle=$(mktemp)
	"$top/scripts/mkbundle.sh" -o "$bundle" --image "$kernel" --mem 128M \
		--cpus "$cpus" --args "$bootargs" --initrd "$initrd" --name gk
	HOST_SMP=$cpus QEMU=$QEMU FW_DYNAMIC=$FW_DYNAMIC timeout -k 5 "$tmo" \
		"$top/scripts/qemu-run.sh" "$BUILD/hypervisor.elf" "$bundle" \
		</dev/null >"$log" 2>&1
	rc=$?
else
	timeout -k 5 "$tmo" "$QEMU" -M virt -cpu rv64 -smp "$cpus" -m 256M \
		-nographic -bios "$FW_DYNAMIC" -kernel "$kernel" -initrd "$initrd" \
		-append "$bootargs" </dev/null >"$log" 2>&1
	rc=$?
fi
tr -d '\r' <"$log" | awk -v rc="$rc" -v mode="$mode" -v name="$name" \
	-v nprogs="${#progs[@]}" '
function emit(ok, msg) { n++; out[n] = (ok ? "ok " : "not ok ") n " - " msg }
{ last[NR % 15] = $0; nr = NR }
function endprog(   ) {
	if (prog == "") return
	emit(plan > 0 && seen == plan, prog ": ran its whole plan (" seen "/" plan ")")
	prog = ""
}
/^# testrun: start / { endprog(); prog = $4; plan = -1; seen = 0; next }
/^# testrun: end / {
	st = $NF; endprog(); emit(st == "0", $4 ": exit status " st); ended++; next
}
prog != "" && /^1\.\.[0-9]+/ { plan = substr($1, 4) + 0; next }
prog != "" && /^(not )?ok [0-9]+/ {
	seen++
	ok = ($1 == "ok")
	sub(/^(not )?ok [0-9]+/, ""); sub(/^ *- */, "")
	emit(ok, prog ": " $0); next
}
/PANIC|kernel trap:/ { panic = $0 }
/gk: init exited with status/ {
	match($0, /status -?[0-9]+/); initst = substr($0, RSTART + 7, RLENGTH - 7)
}
END {
	endprog()
	emit(ended == nprogs, "all " nprogs " programs ran (" ended ")")
	emit(panic == "", "no kernel panic" (panic != "" ? ": " panic : ""))
	emit(initst == "0", "init exited with status 0 (" initst ")")
	if (mode == "hv")
		emit(rc == 0, "QEMU exit status 0 through the hypervisor (" rc ")")
	else
		emit(rc == 0, "QEMU exited by itself (" rc ")")
	print "1.." n
	for (i = 1; i <= n; i++) print out[i]
	if (rc != 0 || initst != "0" || panic != "") {
		print "# last lines of the guest output:"
		for (i = nr - 14; i <= nr; i++) if (i > 0) print "#   " last[i % 15]
	}
}'
