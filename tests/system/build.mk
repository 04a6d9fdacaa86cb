# System tests (tests/system/README.md): bare-metal test guests booted under
# the hypervisor in QEMU by the *.t scripts.
TSYS_DIR := tests/system
TSYS_OUT := $(BUILD)/tests/system
TSYS_LDS := $(TSYS_DIR)/guests/rt/link.ld
TSYS_GUESTS := boot sbi_base dbcn timer hsm hsm_stop srst reboot fault \
	illegal wfi contain hostile bench_exits trace_sbi
TSYS_RT_OBJS := $(addprefix $(BUILD)/rv/$(TSYS_DIR)/guests/rt/, \
	crt0.o tg_console.o tg_tap.o tg_trap.o tg_fdt.o tg_start.o tg_suspend.o)
TSYS_GUEST_OBJS := $(TSYS_GUESTS:%=$(BUILD)/rv/$(TSYS_DIR)/guests/%.o)
TSYS_ELFS := $(TSYS_GUESTS:%=$(TSYS_OUT)/%.elf)
# raw binary for the make-run-style boot (raw image at 0x80200000)
TSYS_BINS := $(TSYS_OUT)/boot.bin

$(TSYS_RT_OBJS) $(TSYS_GUEST_OBJS): RV_EXTRA_CFLAGS := \
	-I$(TSYS_DIR)/guests/rt -I$(LIBFDT_RV_INC)

$(TSYS_ELFS): $(TSYS_OUT)/%.elf: $(BUILD)/rv/$(TSYS_DIR)/guests/%.o \
		$(TSYS_RT_OBJS) $(TSYS_LDS)
	@mkdir -p $(@D)
	$(Q)$(RV_CC) $(RV_LDFLAGS) -T $(TSYS_LDS) -o $@ $< $(TSYS_RT_OBJS) \
		$(LIBFDT_RV_LIB)

$(TSYS_BINS): $(TSYS_OUT)/%.bin: $(TSYS_OUT)/%.elf
	$(Q)$(RV_OBJCOPY) -O binary $< $@

.PHONY: tsys-guests
tsys-guests: $(TSYS_ELFS) $(TSYS_BINS)

ALL += $(TSYS_ELFS) $(TSYS_BINS)
# (listed: other fragments add their own scripts in this folder)
TSYS_TESTS := boot raw sbi_base dbcn timer wfi hsm srst exit reboot fault \
	illegal contain hostile tracesbi
TESTS += $(TSYS_TESTS:%=$(TSYS_DIR)/%.t)
