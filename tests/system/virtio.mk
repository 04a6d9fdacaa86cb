# The hypervisor's guest-facing virtio devices, driven by a test guest that
# uses pvring's driver role (tests/system/guests/vblk.c).
TSYS_VBLK := $(TSYS_OUT)/vblk.elf
$(BUILD)/rv/$(TSYS_DIR)/guests/vblk.o: RV_EXTRA_CFLAGS := \
	-I$(TSYS_DIR)/guests/rt -I$(LIBFDT_RV_INC)
$(TSYS_VBLK): $(BUILD)/rv/$(TSYS_DIR)/guests/vblk.o $(TSYS_RT_OBJS) \
		$(TSYS_LDS) $(PVRING_RV_LIB)
	@mkdir -p $(@D)
	$(Q)$(RV_CC) $(RV_LDFLAGS) -T $(TSYS_LDS) -o $@ $< $(TSYS_RT_OBJS) \
		$(PVRING_RV_LIB) $(LIBFDT_RV_LIB)
ALL += $(TSYS_VBLK)
TESTS += $(TSYS_DIR)/virtio_blk.t
