# The soak (scripts/soak/soak.sh, tests/system/README.md "Soak"): not part
# of make test. make soak SOAK_MIN=10 runs two guest kernels doing disk
# I/O beside a hostile guest for SOAK_MIN minutes and checks both images.
SOAK_MIN ?= 10
SOAK_HOSTILE := $(TSYS_OUT)/soak_hostile.elf
SOAK_CHECK := $(BUILD)/host/scripts/soak/soak-check
SOAK_VBLK_OBJ := $(BUILD)/rv/$(TSYS_DIR)/guests/soak_vblk.o

$(BUILD)/rv/$(TSYS_DIR)/guests/soak_hostile.o: RV_EXTRA_CFLAGS := \
	-I$(TSYS_DIR)/guests/rt -I$(LIBFDT_RV_INC)
# vblk.c's hostile mode, its entry points renamed so that the hostile
# guest calls it and reboots where it would have shut down
$(SOAK_VBLK_OBJ): $(TSYS_DIR)/guests/vblk.c
	@mkdir -p $(@D)
	$(Q)$(RV_CC) $(RV_CFLAGS) -I$(TSYS_DIR)/guests/rt -I$(LIBFDT_RV_INC) \
		-Dtg_main=vblk_tg_main -Dtg_name=vblk_tg_name \
		-Dtg_done=vblk_tg_done -MMD -MP -c $< -o $@
$(SOAK_HOSTILE): $(BUILD)/rv/$(TSYS_DIR)/guests/soak_hostile.o \
		$(SOAK_VBLK_OBJ) $(TSYS_RT_OBJS) $(TSYS_LDS) $(PVRING_RV_LIB)
	@mkdir -p $(@D)
	$(Q)$(RV_CC) $(RV_LDFLAGS) -T $(TSYS_LDS) -o $@ $< $(SOAK_VBLK_OBJ) \
		$(TSYS_RT_OBJS) $(PVRING_RV_LIB) $(LIBFDT_RV_LIB)

$(SOAK_CHECK): scripts/soak/soak-check.c guest/user/soak_block.h
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -Iguest/user -o $@ $<

ALL += $(SOAK_HOSTILE) $(SOAK_CHECK)

.PHONY: soak
soak: all
	$(Q)$(QEMU_ENV) BUILD=$(BUILD) SOAK_MIN=$(SOAK_MIN) scripts/soak/soak.sh
