#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# rvh-trace from the command line, on hand-made traces (trace_mksample):
# outputs made, the JSON checked against the trace-event rules
# (trace_json_check.py), the summary's numbers, the plots, and bad input
# rejected with the record and what is wrong. BUILD (default build) may be
# relative to the repository root.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
conv=$BUILD/host/rvh-trace
mk=$BUILD/tests/unit/trace_mksample
check="python3 $top/tests/unit/trace_json_check.py"
work=$(mktemp -d "${TMPDIR:-/tmp}/trace-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() {
	n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"
	[ -f "$work/out" ] && sed 's/^/# /' "$work/out" | head -n 20
}
t() { # description command... : ok when the command succeeds
	local d=$1; shift
	if "$@" >"$work/out" 2>&1; then ok "$d"; else notok "$d"; fi
}
# description expected-exit pattern command... : exit status and message
expect() {
	local d=$1 want=$2 pat=$3 rc; shift 3
	"$@" >"$work/out" 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ] && grep -q -- "$pat" "$work/out"; then
		ok "$d"
	else
		echo "# exit $rc (want $want), looking for: $pat" >>"$work/out"
		notok "$d"
	fi
}
png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }

echo "1..27"
for v in workload overlap unknown cut badmagic; do
	"$mk" "$work/$v.bin" "$v" || echo "# trace_mksample $v failed"
done
w=$work/workload

# a good trace: every output
t "workload: JSON, summary and plots written" \
	"$conv" "$w.bin" --json "$w.json" --summary "$w.txt" --plots "$w.plots"
t "workload JSON follows the trace-event rules: 50 flows, 2 loss markers" \
	$check "$w.json" --flows 50 --lost 2 --clipped 0
t "summary: all 50 block requests link >=4 layers" \
	grep -qx "flows: 50 block requests, 50 linked >=4 layers (100.0%)" "$w.txt"
t "summary: lost records per buffer" \
	grep -q "lost records: 10 in 2 buffers" "$w.txt"
t "summary: exits by cause with names" \
	grep -Eq "exc store guest-page fault \(23\) +40 " "$w.txt"
t "summary: host disk latency percentiles (p50 6.7 us, max 11.9 us)" \
	grep -Eq "^  host disk +50 +6\.700 +[0-9.]+ +[0-9.]+ +11\.900$" "$w.txt"
t "summary: 10 slowest requests, each with its path" \
	sh -c "[ \$(grep -Ec '^  [0-9]+\. req ' '$w.txt') -eq 10 ] && grep -q 'HDISK_DONE' '$w.txt'"
t "summary: events and bytes per ring" \
	grep -Eq "^  0 +virtio-blk +420 +168960 +169010$" "$w.txt"
t "plots: latency.png and timeline.png are PNG files" \
	sh -c "$(declare -f png); png '$w.plots/latency.png' && png '$w.plots/timeline.png'"
t "plots: the gnuplot script and its data stay next to them" \
	test -s "$w.plots/plots.gp" -a -s "$w.plots/latency_3.dat" -a -s "$w.plots/timeline_exits.dat"
expect "--check on a good trace says ok" 0 "ok: 1096 records" "$conv" "$w.bin" --check
expect "no output named: the summary goes to stdout" 0 "^flows: 50 block" "$conv" "$w.bin"

# slices that overlap on one track are clipped to nest
expect "overlap: the clipped slice is reported" 0 "1 slices overlapped" \
	"$conv" "$work/overlap.bin" --json "$work/overlap.json"
t "overlap: the JSON nests again and names the clip" \
	$check "$work/overlap.json" --clipped 1 --flows 0

# damaged input
expect "unknown kind: skipped with a warning naming the record" 0 \
	"warning: record 1096: unknown kind 0x7f" "$conv" "$work/unknown.bin" --json "$work/u.json"
expect "unknown kind under --check: an error" 1 \
	"error: record 1096: unknown kind 0x7f" "$conv" "$work/unknown.bin" --check
expect "cut trace: a warning naming the partial record" 0 \
	"warning: record 1096: truncated, 20 of 48 bytes" "$conv" "$work/cut.bin" --summary "$work/c.txt"
expect "cut trace under --check: an error" 1 "error: record 1096: truncated" \
	"$conv" "$work/cut.bin" --check
expect "wrong magic: rejected at record 0" 1 \
	"badmagic.bin: record 0: header has a wrong magic" "$conv" "$work/badmagic.bin"
: >"$work/empty.bin"
expect "empty file: rejected, no header" 1 "record 0: file is 0 bytes" "$conv" "$work/empty.bin"
expect "missing file: cannot open" 1 "nothere.bin: cannot open" "$conv" "$work/nothere.bin"
expect "unknown option: usage, exit 2" 2 "usage: rvh-trace" "$conv" "$w.bin" --jsn x
expect "no gnuplot on PATH: a clear failure" 1 "gnuplot not found" \
	env PATH=/nonexistent "$conv" "$w.bin" --plots "$work/noplot"

# the checker itself must catch what it checks
bad() { # description json-text
	printf '%s' "$2" >"$work/bad.json"
	if $check "$work/bad.json" >"$work/out" 2>&1; then notok "checker rejects $1"; else ok "checker rejects $1"; fi
}
M='{"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"a"}},{"name":"process_name","ph":"M","pid":1,"tid":0,"args":{"name":"p"}}'
bad "partly overlapping slices" "[$M,"'{"name":"a","ph":"X","ts":1,"dur":5,"pid":1,"tid":1},{"name":"b","ph":"X","ts":2,"dur":5,"pid":1,"tid":1}]'
bad "time going back on a track and a string ts" "[$M,"'{"name":"a","ph":"X","ts":5,"dur":0,"pid":1,"tid":1},{"name":"b","ph":"X","ts":4,"dur":0,"pid":1,"tid":1},{"name":"c","ph":"i","ts":"6","pid":1,"tid":1}]'
bad "a flow without an end" "[$M,"'{"name":"a","ph":"X","ts":1,"dur":0,"pid":1,"tid":1,"bind_id":3,"flow_out":true}]'
printf '{"traceEvents":[' >"$work/bad.json"
if $check "$work/bad.json" >/dev/null 2>&1; then notok "checker rejects truncated JSON"; else ok "checker rejects truncated JSON"; fi
[ "$n" -eq 27 ] || echo "# plan said 27, ran $n"
exit $((fails > 0))
