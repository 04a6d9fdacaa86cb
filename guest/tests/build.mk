# Guest kernel tests (issue 5): system tests that boot the kernel (through
# the hypervisor and directly on OpenSBI), host unit tests, benchmark.
GK_TEST_SCRIPTS := $(sort $(wildcard guest/tests/gk_*.t))

GK_UNIT := $(BUILD)/host/guest/tests/test_cpio_fmt
GK_UNIT_SRCS := guest/tests/test_cpio_fmt.c guest/kernel/cpio.c guest/lib/fmt.c
$(GK_UNIT): $(GK_UNIT_SRCS) guest/kernel/cpio.h guest/lib/fmt.h guest/include/gk_abi.h
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -iquote guest/kernel -Iguest/lib -Iguest/include \
		-o $@ $(GK_UNIT_SRCS) -lcmocka

GK_UNIT_ELF := $(BUILD)/host/guest/tests/test_elf
GK_UNIT_ELF_SRCS := guest/tests/test_elf.c guest/kernel/elf.c
$(GK_UNIT_ELF): $(GK_UNIT_ELF_SRCS) guest/kernel/elf.h guest/kernel/vm.h guest/include/gk_abi.h
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -iquote guest/kernel -Iguest/lib -Iguest/include \
		-o $@ $(GK_UNIT_ELF_SRCS) -lcmocka

ALL += $(GK_UNIT) $(GK_UNIT_ELF)
TESTS += $(GK_UNIT) $(GK_UNIT_ELF) $(GK_TEST_SCRIPTS)

# make fuzz: the cpio reader and the ELF loader under libFuzzer + ASan/UBSan
GK_FUZZ := $(BUILD)/fuzz/guest/fuzz_gk
GK_FUZZ_SRCS := guest/tests/fuzz_gk.c guest/kernel/cpio.c guest/kernel/elf.c
GK_FUZZ_SECONDS ?= 60
$(GK_FUZZ): $(GK_FUZZ_SRCS)
	@mkdir -p $(@D)
	$(Q)$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined -Ifirmware/include \
		-iquote guest/kernel -Iguest/lib -Iguest/include -o $@ $(GK_FUZZ_SRCS)
.PHONY: gk-fuzz
fuzz:: gk-fuzz
gk-fuzz: $(GK_FUZZ)
	@mkdir -p $(BUILD)/fuzz/guest/corpus
	$(Q)$(GK_FUZZ) -max_total_time=$(GK_FUZZ_SECONDS) -max_len=65536 \
		$(BUILD)/fuzz/guest/corpus

# make bench: bench-syscall under -icount, both serving modes
.PHONY: gk-bench
bench:: gk-bench
gk-bench: $(GK_ELF) $(GK_INITRD)
	$(Q)BUILD=$(BUILD) guest/tests/gk-bench.sh
