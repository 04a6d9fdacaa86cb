#!/bin/sh
# TAP wrapper for the pvring fuzz target (make test):
#   1. replay every committed seed (regressions),
#   2. fuzz for a bounded time starting from the seeds.
# Any crash, sanitizer report, timeout or leak fails the point.
# usage: pvring_fuzz_tap.sh FUZZER CORPUS_DIR SECONDS
set -u
bin=$1 corpus=$2 secs=${3:-20}
work=$(mktemp -d "${TMPDIR:-/tmp}/pvring-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0

report() { # n name rc log
	if [ "$3" -eq 0 ] && ! grep -q -E '^(==[0-9]+==ERROR|SUMMARY: |.*runtime error:)' "$4"; then
		echo "ok $1 - $2"
	else
		echo "not ok $1 - $2 (exit $3)"
		sed -e 's/^/# /' "$4" | grep -v -E '^# (#[0-9]+|INFO:)' | tail -n 40
		keep="$(dirname "$bin")/artifacts"
		mkdir -p "$keep"
		cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* \
			"$keep"/ 2>/dev/null &&
			echo "# crash inputs kept in $keep/"
		status=1
	fi
}

echo "1..2"
nseeds=$(ls "$corpus" | wc -l)
"$bin" -runs=0 -artifact_prefix="$work/" "$corpus" >"$work/replay.log" 2>&1
report 1 "pvring fuzz: replay $nseeds committed seeds" $? "$work/replay.log"

mkdir "$work/corpus"
"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$work/" \
	"$work/corpus" "$corpus" >"$work/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log")
report 2 "pvring fuzz: ${secs}s, ${runs:-?} inputs" $rc "$work/fuzz.log"
exit $status
