# The guest's rvh,emu-blk driver: its request bookkeeping (emu_blk_cmd.c).
GK_EMU_UT := $(BUILD)/tests/unit/gk_emu_cmd_test
$(GK_EMU_UT): tests/unit/gk_emu_cmd_test.c guest/kernel/drivers/emu_blk_cmd.c \
		guest/kernel/drivers/emu_blk_cmd.h firmware/include/hw/emu_blk.h
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -Iguest/kernel -Iguest/lib -Iguest/include \
		-Ifirmware/include -o $@ $(filter %.c,$^) -lcmocka
ALL += $(GK_EMU_UT)
TESTS += $(GK_EMU_UT)
