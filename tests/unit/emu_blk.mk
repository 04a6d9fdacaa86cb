# Unit tests of the emulated block controller's register model
# (hypervisor/dev/emu_blk.c) over a fake guest RAM and a fake host disk.
EMU_BLK_SRCS := hypervisor/dev/emu_blk.c
EMU_BLK_HDRS := hypervisor/dev/emu_blk.h firmware/include/hw/emu_blk.h
EMU_BLK_UNIT_BINS := $(BUILD)/tests/unit/dev_emu_blk_test

$(EMU_BLK_UNIT_BINS): $(BUILD)/tests/unit/%: tests/unit/%.c $(EMU_BLK_SRCS) $(EMU_BLK_HDRS)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -Ihypervisor/dev $< $(EMU_BLK_SRCS) -lcmocka -o $@

ALL += $(EMU_BLK_UNIT_BINS)
TESTS += $(EMU_BLK_UNIT_BINS)
