# libFuzzer target over the guest kernel's parsers of untrusted input:
# the initrd's cpio reader, the ELF loader, a spawn argument block and a
# path over ring segments, a process's trace area as the kernel drains it.
# No committed seeds. Rules, wrapper and variables (GK_FUZZ_SECS,
# GK_FUZZ_LONG_SECS): fuzz_rules.mk.
GK_FUZZ_DEPS := tests/fuzz/gk_fuzz.c guest/kernel/fs/cpio.c guest/kernel/proc/elf.c \
	guest/kernel/mm/uio.c guest/kernel/syscall/op_args.c guest/lib/tbuf.c \
	guest/lib/tbuf.h guest/kernel/fs/cpio.h guest/kernel/proc/elf.h guest/kernel/mm/uio.h \
	guest/kernel/syscall/op_args.h
GK_FUZZ_CFLAGS := -Ifirmware/include -Ipvring -Iguest/kernel -Iguest/lib -Iguest/include
GK_FUZZ_WHAT := cpio reader, ELF loader, spawn arguments, ring paths
GK_FUZZ_XOPTS := -max_len=65536
$(eval $(call fuzz_target,GK,gk,,5,60))
