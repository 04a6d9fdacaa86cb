# Host unit tests of the virtual SBI's argument checks.
SBI_ARGS_TEST := $(BUILD)/tests/unit/sbi_args_test

$(SBI_ARGS_TEST): tests/unit/sbi_args_test.c hypervisor/vcpu_sbi_args.h hypervisor/guest_mem.h
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -Ihypervisor -o $@ $< -lcmocka

ALL += $(SBI_ARGS_TEST)
TESTS += $(SBI_ARGS_TEST)
