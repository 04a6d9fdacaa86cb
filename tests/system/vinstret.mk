# Virtual instret (bundle property counters = "virtual"): one test guest,
# built like build.mk's (same runtime, flags and link script).
VINSTRET_OBJ := $(BUILD)/rv/$(TSYS_DIR)/guests/vinstret.o
VINSTRET_ELF := $(TSYS_OUT)/vinstret.elf

$(VINSTRET_OBJ): RV_EXTRA_CFLAGS := -I$(TSYS_DIR)/guests/rt -I$(LIBFDT_RV_INC)

$(VINSTRET_ELF): $(VINSTRET_OBJ) $(TSYS_RT_OBJS) $(TSYS_LDS)
	@mkdir -p $(@D)
	$(Q)$(RV_CC) $(RV_LDFLAGS) -T $(TSYS_LDS) -o $@ $< $(TSYS_RT_OBJS) \
		$(LIBFDT_RV_LIB)

ALL += $(VINSTRET_ELF)
TESTS += $(TSYS_DIR)/vinstret.t
