#!/usr/bin/env bash
# Runs a guest bundle with tracing on and turns the trace into reports
# (docs/tracing.md).
#   trace.sh [--out DIR] [--classes LIST] [--guests LIST] [--kib N]
#            HYPERVISOR_ELF BUNDLE [extra QEMU args...]
# --classes: trace_abi.h's class names, comma-separated, or "all" (default)
# --guests:  guest indexes in bundle order, comma-separated (default all)
# --kib:     each hart's record buffer in KiB (default: the hypervisor's)
# Writes DIR/trace.bin (default build/trace) through QEMU semihosting, the
# console output to DIR/console.log, then, when build/host/rvh-trace exists,
# DIR/trace.json (ui.perfetto.dev), DIR/summary.txt and DIR/plots/.
# Environment as scripts/qemu-run.sh (HOST_SMP, ICOUNT, ...); RVH_TRACE
# names the converter. The exit status is QEMU's, else the converter's.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=build/trace classes=all guests="" kib=""
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$2; shift 2 ;;
	--classes) classes=$2; shift 2 ;;
	--guests) guests=$2; shift 2 ;;
	--kib) kib=$2; shift 2 ;;
	--) shift; break ;;
	-*) echo "trace.sh: unknown option $1 (see the comment at the top)" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -ge 2 ] || { echo "usage: trace.sh [--out DIR] [--classes LIST] [--guests LIST] [--kib N] HYPERVISOR_ELF BUNDLE [QEMU args]" >&2; exit 2; }
hv=$1 bundle=$2
shift 2
case "$classes" in
*[!a-z,]* | "" | ,* | *, | *,,*)
	echo "trace.sh: bad class list '$classes' (names: exits,sbi,mmio,sched,virtio,ring,syscall,task,blk or all)" >&2
	exit 2 ;;
esac
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/trace.bin"
# the host's bootargs: the hypervisor reads them (hypervisor/trace/trace_config.h)
append="rvh.trace=$classes rvh.trace.file=$out/trace.bin"
[ -z "$guests" ] || append+=" rvh.trace.guests=$guests"
[ -z "$kib" ] || append+=" rvh.trace.kib=$kib"
st=0
EOF_EOT=${EOF_EOT:-1} "$top/scripts/qemu-run.sh" "$hv" "$bundle" -append "$append" "$@" \
	| tee "$out/console.log" || st=$?
if [ ! -s "$out/trace.bin" ]; then
	echo "trace.sh: no trace was written to $out/trace.bin (see $out/console.log: the hypervisor says why)" >&2
	exit $((st ? st : 1))
fi
echo "trace.sh: $(($(stat -c %s "$out/trace.bin") / 48)) records in $out/trace.bin"
conv=${RVH_TRACE:-$top/build/host/rvh-trace}
if [ -x "$conv" ]; then
	mkdir -p "$out/plots"
	"$conv" "$out/trace.bin" --json "$out/trace.json" --summary "$out/summary.txt" \
		--plots "$out/plots" || { c=$?; echo "trace.sh: $conv failed ($c)" >&2; exit $((st ? st : c)); }
	echo "trace.sh: $out/trace.json (open in ui.perfetto.dev), $out/summary.txt, $out/plots/"
else
	echo "trace.sh: no converter at $conv (make build): only the binary trace"
fi
exit "$st"
