# Guest kernel tests (issue 5): system tests that boot the kernel (through
# the hypervisor and directly on OpenSBI), host unit tests, benchmark.
GK_TEST_SCRIPTS := $(sort $(wildcard guest/tests/gk_*.t))

GK_UNIT := $(BUILD)/host/guest/tests/test_cpio_fmt
GK_UNIT_SRCS := guest/tests/test_cpio_fmt.c guest/kernel/cpio.c guest/lib/fmt.c
$(GK_UNIT): $(GK_UNIT_SRCS) guest/kernel/cpio.h guest/lib/fmt.h guest/include/gk_abi.h
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -iquote guest/kernel -Iguest/lib -Iguest/include \
		-o $@ $(GK_UNIT_SRCS) -lcmocka

ALL += $(GK_UNIT)
TESTS += $(GK_UNIT) $(GK_TEST_SCRIPTS)

# make bench: bench-syscall under -icount, both serving modes
.PHONY: gk-bench
bench:: gk-bench
gk-bench: $(GK_ELF) $(GK_INITRD)
	$(Q)BUILD=$(BUILD) guest/tests/gk-bench.sh
