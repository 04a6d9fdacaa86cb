# Guest kernel host unit tests (cmocka): the cpio reader and formatter, the
# ELF loader, a system call's buffer (uio) and the spawn argument block, the
# trace buffer writer. Built from the kernel's own sources into build/tests/unit/.
GK_UT_DIR := $(BUILD)/tests/unit
GK_UT_CFLAGS := $(HOST_CFLAGS) -Iguest/kernel -Iguest/lib -Iguest/include
GK_UT_BINS := $(GK_UT_DIR)/gk_cpio_fmt_test $(GK_UT_DIR)/gk_elf_test \
	$(GK_UT_DIR)/gk_uio_test $(GK_UT_DIR)/gk_tbuf_test

$(GK_UT_DIR)/gk_cpio_fmt_test: tests/unit/gk_cpio_fmt_test.c \
		guest/kernel/fs/cpio.c guest/lib/fmt.c guest/kernel/fs/cpio.h \
		guest/lib/fmt.h guest/include/gk_abi.h
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(GK_UT_CFLAGS) -o $@ $(filter %.c,$^) -lcmocka

$(GK_UT_DIR)/gk_elf_test: tests/unit/gk_elf_test.c guest/kernel/proc/elf.c \
		guest/kernel/proc/elf.h guest/kernel/mm/vm.h guest/include/gk_abi.h
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(GK_UT_CFLAGS) -o $@ $(filter %.c,$^) -lcmocka

$(GK_UT_DIR)/gk_uio_test: tests/unit/gk_uio_test.c guest/kernel/mm/uio.c \
		guest/kernel/syscall/op_args.c guest/kernel/mm/uio.h \
		guest/kernel/syscall/op_args.h guest/include/gk_abi.h
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(GK_UT_CFLAGS) -o $@ $(filter %.c,$^) -lcmocka

$(GK_UT_DIR)/gk_tbuf_test: tests/unit/gk_tbuf_test.c guest/lib/tbuf.c \
		guest/lib/tbuf.h firmware/include/trace_abi.h
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(GK_UT_CFLAGS) -o $@ $(filter %.c,$^) -lcmocka

ALL += $(GK_UT_BINS)
TESTS += $(GK_UT_BINS) tests/unit/gk_layers.sh
