# libFuzzer target for the emulated block controller's register model
# (hypervisor/dev/emu_blk.c); rules, wrapper and variables (EMU_BLK_FUZZ_SECS,
# EMU_BLK_FUZZ_LONG_SECS): fuzz_rules.mk.
EMU_BLK_FUZZ_DEPS := tests/fuzz/emu_blk_fuzz.c tests/fuzz/fuzz_input.h hypervisor/dev/emu_blk.c \
	hypervisor/dev/emu_blk.h firmware/include/hw/emu_blk.h
EMU_BLK_FUZZ_CFLAGS := -D_DEFAULT_SOURCE -Ifirmware/include -Ihypervisor/dev
EMU_BLK_FUZZ_WHAT := register model invariants
$(eval $(call fuzz_target,EMU_BLK,emu_blk,tests/fuzz/corpus/emu_blk,10,600))
