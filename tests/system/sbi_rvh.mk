# SBI_EXT_RVH (the hypervisor's counters for a guest): one test guest,
# built like build.mk's (same runtime, flags and link script).
SBI_RVH_OBJ := $(BUILD)/rv/$(TSYS_DIR)/guests/sbi_rvh.o
SBI_RVH_ELF := $(TSYS_OUT)/sbi_rvh.elf

$(SBI_RVH_OBJ): RV_EXTRA_CFLAGS := -I$(TSYS_DIR)/guests/rt -I$(LIBFDT_RV_INC)

$(SBI_RVH_ELF): $(SBI_RVH_OBJ) $(TSYS_RT_OBJS) $(TSYS_LDS)
	@mkdir -p $(@D)
	$(Q)$(RV_CC) $(RV_LDFLAGS) -T $(TSYS_LDS) -o $@ $< $(TSYS_RT_OBJS) \
		$(LIBFDT_RV_LIB)

ALL += $(SBI_RVH_ELF)
TESTS += $(TSYS_DIR)/sbi_rvh.t
