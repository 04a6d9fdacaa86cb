# libFuzzer target for the emulated devices (hypervisor/dev/vuart.c, vplic.c);
# rules, wrapper and variables (DEV_FUZZ_SECS, DEV_FUZZ_LONG_SECS): fuzz_rules.mk.
DEV_FUZZ_DEPS := tests/fuzz/dev_fuzz.c tests/fuzz/fuzz_input.h hypervisor/dev/vuart.c \
	hypervisor/dev/vplic.c hypervisor/dev/vuart.h hypervisor/dev/vplic.h
DEV_FUZZ_CFLAGS := -Ihypervisor/dev -Ifirmware/include
DEV_FUZZ_WHAT := vuart+vplic invariants
$(eval $(call fuzz_target,DEV,dev,tests/fuzz/corpus/dev_mmio,10,600))
