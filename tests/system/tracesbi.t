#!/usr/bin/env bash
# The trace-buffer SBI extension and the trace file (guests/trace_sbi.c):
#   off: tracing not switched on: bad buffers get their SBI errors, a good
#        one is accepted with no classes, the guest records nothing
#   nosemi: switched on, but QEMU without semihosting: as off, and said
#   on:  QEMU's -append switches tracing on (host bootargs): the same
#        errors; then the file written through semihosting is read back:
#        header first, the guest's name, exits as slices, SBI calls with
#        their errors, the guest's good records with guest/vCPU/hart
#        overwritten, its bad kinds rejected and its runaway head counted
#        as lost (TRACE_META_LOST)
. "$(dirname "$0")/lib.sh"

DUMP=$TSYS_ROOT/tests/system/trace_dump.pl
EXT=9525654 # SBI_EXT_RVH_TRACE, hex

sys_run off "$TSYS_OUT/trace_sbi.elf" --name tg-off
if sys_check trace_sbi 0; then
	tsys_ok "$RUN_NAME: SET_BUFFER returned no classes" \
		grep -qx "tg-trace: classes 0x0" "$RUN_LOG"
fi
sys_end

# asked for, but QEMU has no semihosting: the hypervisor's probe traps,
# tracing stays off, the guest runs as if it had not been asked
SEMIHOSTING=0 RUN_QEMU_ARGS=(-append "rvh.trace=all rvh.trace.file=$TSYS_OUT/nosemi.bin")
export SEMIHOSTING
sys_run nosemi "$TSYS_OUT/trace_sbi.elf" --name tg-nosemi
unset RUN_QEMU_ARGS SEMIHOSTING
if sys_check trace_sbi 0; then
	tsys_ok "$RUN_NAME: SET_BUFFER returned no classes" \
		grep -qx "tg-trace: classes 0x0" "$RUN_LOG"
	tsys_ok "$RUN_NAME: the hypervisor said why tracing is off" \
		grep -q "rvh: tracing: QEMU has no semihosting .*: tracing off" "$RUN_LOG"
fi
sys_end

file=$TSYS_OUT/tracesbi-on.bin
rm -f "$file"
RUN_QEMU_ARGS=(-append "rvh.trace=all rvh.trace.file=$file")
sys_run on "$TSYS_OUT/trace_sbi.elf" --name tg-on
unset RUN_QEMU_ARGS
if sys_check trace_sbi 0; then
	tsys_ok "$RUN_NAME: SET_BUFFER returned every class" \
		grep -qx "tg-trace: classes 0x1ff" "$RUN_LOG"
	dump=$TSYS_OUT/tracesbi-on.txt
	tsys_ok "$RUN_NAME: the trace file is whole 48-byte records" \
		sh -c '"$0" "$1" >"$2"' "$DUMP" "$file" "$dump"
	# first record: HEADER, version 1, 48-byte records, magic, 10 MHz
	tsys_is "$(head -n 1 "$dump" | awk '{print $2, $8, $9, $11, $12}')" \
		"1 1 48 4543415254485652 989680" "$RUN_NAME: header record first"
	tsys_ok "$RUN_NAME: the guest is named (NAME, guest 0, ring 0)" \
		grep -q "^[0-9]* 2 0 255 [0-9]* 0 0 .* tg-on$" "$dump"
	tsys_ok "$RUN_NAME: exits are slices of guest 0 with a duration" \
		awk '$2 == "10" && $3 == 0 && $6 == "10" && $9 > 0 { n++ } END { exit !(n > 3) }' "$dump"
	for e in 0 -5 -3 -2 -9; do
		tsys_ok "$RUN_NAME: an SBI record of the trace extension with error $e" \
			awk -v ext=$EXT -v e=$e '$2 == "11" && $11 == ext && ($9 == e || $9 == e + 4294967296) { f = 1 } END { exit !f }' "$dump"
	done
	good=$(awk '($2 == "62" || $2 == "64") && $8 ~ /^abc[0-4]$/' "$dump")
	tsys_is "$(echo "$good" | grep -c .)" 5 "$RUN_NAME: the guest's 5 good records are in the file"
	tsys_is "$(echo "$good" | awk '{print $3, $4, $5}' | sort -u)" "0 0 0" \
		"$RUN_NAME: their guest, vCPU and hart are the truth, not the guest's"
	tsys_ok "$RUN_NAME: the kinds a guest may not write are not in the file" \
		awk '$8 == "abc8" || $8 == "abc9" { f = 1 } END { exit f }' "$dump"
	tsys_ok "$RUN_NAME: a LOST record counts the 2 rejected records" \
		awk '$2 == "3" && $3 == 0 && $4 == 0 && $12 == "2" { f = 1 } END { exit !f }' "$dump"
	tsys_ok "$RUN_NAME: a LOST record counts the 2^40 records the runaway head skipped" \
		awk '$2 == "3" && $3 == 0 && $11 == "10000000000" { f = 1 } END { exit !f }' "$dump"
	tsys_ok "$RUN_NAME: the hypervisor said what it wrote" \
		grep -q "rvh: tracing: [0-9]* records written to '$file', 0 lost" "$RUN_LOG"
fi
sys_end
tsys_done
