# Guest kernel: build/guest/kernel.elf, linked at 0x80200000. Sources are
# in one folder per layer (docs/guest-kernel.md); includes name the folder
# ("mm/page.h") and only point down (tests/system/gk_layers.t checks it).
GK_LAYERS := arch base mm core drivers fs proc syscall
GK_SRCS := $(foreach l,$(GK_LAYERS),$(wildcard guest/kernel/$(l)/*.c guest/kernel/$(l)/*.S)) \
	guest/kernel/main.c guest/lib/fmt.c guest/lib/mem.c guest/lib/tbuf.c
GK_OBJS := $(patsubst %,$(BUILD)/rv/%.o,$(basename $(GK_SRCS)))
GK_ELF := $(BUILD)/guest/kernel.elf

GK_CFLAGS := -Iguest/kernel -Iguest/lib -Iguest/include -I$(LIBFDT_RV_INC)
$(filter-out %/mem.o,$(GK_OBJS)): RV_EXTRA_CFLAGS = $(GK_CFLAGS)
# hot paths (the executor, the operations both system-call paths call, the
# file and buffer code under them): no frame pointer bookkeeping per call
GK_HOT_OBJS := core/executor syscall/ktest $(basename $(notdir \
	$(wildcard guest/kernel/syscall/op_*.c))) fs/file mm/uio
$(patsubst %,$(BUILD)/rv/guest/kernel/%.o,$(filter-out op_%,$(GK_HOT_OBJS))) \
$(patsubst %,$(BUILD)/rv/guest/kernel/syscall/%.o,$(filter op_%,$(GK_HOT_OBJS))): \
	RV_EXTRA_CFLAGS = $(GK_CFLAGS) -fomit-frame-pointer
# shared with the user library (same flags there)
$(BUILD)/rv/guest/lib/mem.o: RV_EXTRA_CFLAGS = -fno-tree-loop-distribute-patterns

$(GK_ELF): $(GK_OBJS) guest/kernel/kernel.ld $(LIBFDT_RV_LIB) $(PVRING_RV_LIB)
	@mkdir -p $(@D)
	$(Q)$(RV_CC) $(RV_LDFLAGS) -T guest/kernel/kernel.ld -o $@ $(GK_OBJS) $(PVRING_RV_LIB) $(LIBFDT_RV_LIB)

ALL += $(GK_ELF)
