#!/usr/bin/env bash
# Boot protocol (ELF image): entry state, load address, guest DTB contents
# (memory from --mem, cpus, timebase, bootargs, initrd placement/content).
. "$(dirname "$0")/lib.sh"

initrd=$TSYS_OUT/boot-initrd.bin
mkdir -p "$TSYS_OUT"
head -c 5003 /dev/urandom >"$initrd"
size=$(stat -c %s "$initrd")
# the guest computes the same hash: h = h * 31 + byte (mod 2^32)
hash=$(od -An -v -tu1 "$initrd" |
	awk '{ for (i = 1; i <= NF; i++) h = (h * 31 + $i) % 4294967296 }
	     END { printf "%.0f", h }')
args="tg.mem=0x4000000 tg.initrd=$size:$hash tg.note=two  spaces \"quoted\""

sys_run elf "$TSYS_OUT/boot.elf" --name boot --mem 64M --cpus 1 \
	--args "$args" --initrd "$initrd"
if sys_check boot 0; then
	tsys_is "$(sed -n 's/^tg: bootargs=\[\(.*\)\]$/\1/p' "$RUN_LOG")" \
		"$args" "$RUN_NAME: /chosen/bootargs is exactly --args"
fi
sys_end
tsys_done
