#!/usr/bin/env bash
# `make run GUEST=<raw image>`-style boot: a raw binary (objcopy -O binary
# of the boot test guest) loaded at 0x80200000, bundled with the options
# `make run` uses, no initrd.
. "$(dirname "$0")/lib.sh"

sys_run raw "$TSYS_OUT/boot.bin" --mem 128M --cpus 1 --args "tg.mem=0x8000000"
if sys_check boot 0; then
	tsys_is "$(sed -n 's/^tg: bootargs=\[\(.*\)\]$/\1/p' "$RUN_LOG")" \
		"tg.mem=0x8000000" "$RUN_NAME: /chosen/bootargs is exactly --args"
fi
sys_end
tsys_done
