# Guest user library and programs, and the initrd cpio archive.
GU_LIB_SRCS := guest/user/lib/crt0.S guest/user/lib/ulib.c \
	guest/user/lib/uring.c guest/user/lib/coro.c guest/lib/fmt.c \
	guest/lib/mem.c guest/lib/tbuf.c
GU_LIB_OBJS := $(patsubst %,$(BUILD)/rv/%.o,$(basename $(GU_LIB_SRCS)))
GU_PROGS := sh hello child testrun t-proc t-file t-badptr t-ring t-badring t-ops t-disk \
	t-exec t-many bench-syscall soak trace-work bench-blk bench-con
GU_PROG_OBJS := $(GU_PROGS:%=$(BUILD)/rv/guest/user/%.o)
GU_ELFS := $(GU_PROGS:%=$(BUILD)/guest/user/%.elf)
GU_FILES := $(wildcard guest/user/files/*)

$(filter-out %/mem.o,$(GU_LIB_OBJS)) $(GU_PROG_OBJS): RV_EXTRA_CFLAGS = -Iguest/user/lib -Iguest/lib -Iguest/include

$(BUILD)/guest/user/%.elf: $(BUILD)/rv/guest/user/%.o $(GU_LIB_OBJS) \
		guest/user/lib/user.ld $(PVRING_RV_LIB)
	@mkdir -p $(@D)
	$(Q)$(RV_CC) $(RV_LDFLAGS) -T guest/user/lib/user.ld -o $@ $< \
		$(GU_LIB_OBJS) $(PVRING_RV_LIB)

GK_MKCPIO := $(BUILD)/host/guest/tools/mkcpio
$(GK_MKCPIO): guest/tools/mkcpio.c
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $<

GK_INITRD := $(BUILD)/guest/initrd.cpio
$(GK_INITRD): $(GK_MKCPIO) $(GU_ELFS) $(GU_FILES)
	$(Q)$(GK_MKCPIO) $@ $(foreach p,$(GU_PROGS),bin/$(p)=$(BUILD)/guest/user/$(p).elf) \
		$(foreach f,$(GU_FILES),etc/$(notdir $(f))=$(f))

ALL += $(GU_ELFS) $(GK_INITRD)
