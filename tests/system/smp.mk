# SMP and multi-guest system tests (tests/system/README.md, "SMP and
# several guests"): test guests with several vCPUs, bundles of several
# guests, the emulated UART and PLIC. Same compiler flags and link script
# as build.mk; the runtime is rt/ with smp_console.c in place of
# tg_console.c (whole-line console writes) plus the secondary-hart entry.
SMP_DIR := tests/system
SMP_GDIR := $(SMP_DIR)/guests
SMP_OUT := $(BUILD)/tests/system
SMP_LDS := $(SMP_GDIR)/rt/link.ld
SMP_GUESTS := smp_hsm smp_ipi smp_rfence smp_sched smp_isol smp_crash \
	smp_uart smp_hostile smp_timer
SMP_OWN_OBJS := $(addprefix $(BUILD)/rv/$(SMP_GDIR)/, \
	smp_rt.o smp_rt_entry.o smp_console.o)
SMP_RT_OBJS := $(addprefix $(BUILD)/rv/$(SMP_GDIR)/rt/, \
	crt0.o tg_tap.o tg_trap.o tg_fdt.o tg_start.o tg_suspend.o) \
	$(SMP_OWN_OBJS)
SMP_GUEST_OBJS := $(SMP_GUESTS:%=$(BUILD)/rv/$(SMP_GDIR)/%.o)
SMP_ELFS := $(SMP_GUESTS:%=$(SMP_OUT)/%.elf)

# (the rt/ objects get their flags from build.mk)
$(SMP_OWN_OBJS) $(SMP_GUEST_OBJS): RV_EXTRA_CFLAGS := \
	-I$(SMP_GDIR) -I$(SMP_GDIR)/rt -I$(LIBFDT_RV_INC)

$(SMP_ELFS): $(SMP_OUT)/%.elf: $(BUILD)/rv/$(SMP_GDIR)/%.o $(SMP_RT_OBJS) \
		$(SMP_LDS)
	@mkdir -p $(@D)
	$(Q)$(RV_CC) $(RV_LDFLAGS) -T $(SMP_LDS) -o $@ $< $(SMP_RT_OBJS) \
		$(LIBFDT_RV_LIB)

.PHONY: smp-guests
smp-guests: $(SMP_ELFS)

ALL += $(SMP_ELFS)
SMP_TESTS := smp_hsm smp_ipi smp_rfence smp_sched smp_isol smp_crash smp_uart \
	smp_hostile smp_timer
TESTS += $(SMP_TESTS:%=$(SMP_DIR)/%.t)
