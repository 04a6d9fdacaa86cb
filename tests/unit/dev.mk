# Unit tests of the emulated devices: hypervisor/dev/vuart.c (ns16550a) and
# hypervisor/dev/vplic.c (virtual PLIC). Also checks that both build for riscv64.
DEV_SRCS := hypervisor/dev/vuart.c hypervisor/dev/vplic.c
DEV_HDRS := hypervisor/dev/vuart.h hypervisor/dev/vplic.h
DEV_UNIT_BINS := $(addprefix $(BUILD)/tests/unit/,dev_vuart_test dev_vplic_test dev_irq_test)
DEV_RV_OBJS := $(patsubst %.c,$(BUILD)/rv/%.o,$(DEV_SRCS))

$(DEV_UNIT_BINS): $(BUILD)/tests/unit/%: tests/unit/%.c $(DEV_SRCS) $(DEV_HDRS)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -Ihypervisor/dev $< $(DEV_SRCS) -lcmocka -o $@

ALL += $(DEV_UNIT_BINS) $(DEV_RV_OBJS)
TESTS += $(DEV_UNIT_BINS)
