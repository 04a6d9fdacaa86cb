# Guest kernel (issue 5): build/guest/kernel.elf, linked at 0x80200000.
GK_SRCS := $(wildcard guest/kernel/*.c guest/kernel/*.S) guest/lib/fmt.c \
	guest/lib/mem.c
GK_OBJS := $(patsubst %,$(BUILD)/rv/%.o,$(basename $(GK_SRCS)))
GK_ELF := $(BUILD)/guest/kernel.elf

GK_CFLAGS := -Iguest/kernel -Iguest/lib -Iguest/include -I$(LIBFDT_RV_INC)
$(filter-out %/mem.o,$(GK_OBJS)): RV_EXTRA_CFLAGS = $(GK_CFLAGS)
# the executor's hot path: no frame pointer bookkeeping per call
$(BUILD)/rv/guest/kernel/executor.o $(BUILD)/rv/guest/kernel/ktest.o: \
	RV_EXTRA_CFLAGS = $(GK_CFLAGS) -fomit-frame-pointer
# shared with the user library (same flags there)
$(BUILD)/rv/guest/lib/mem.o: RV_EXTRA_CFLAGS = -fno-tree-loop-distribute-patterns

$(GK_ELF): $(GK_OBJS) guest/kernel/kernel.ld $(LIBFDT_RV_LIB) $(PVRING_RV_LIB)
	@mkdir -p $(@D)
	$(Q)$(RV_CC) $(RV_LDFLAGS) -T guest/kernel/kernel.ld -o $@ $(GK_OBJS) $(PVRING_RV_LIB) $(LIBFDT_RV_LIB)

ALL += $(GK_ELF)
