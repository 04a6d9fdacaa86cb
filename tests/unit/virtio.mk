# Unit tests of the virtio-mmio transport and device models
# (hypervisor/virtio/), over a fake guest RAM, with pvring's host library.
# Also checks that the models build for riscv64.
VIRTIO_SRCS := $(addprefix hypervisor/virtio/,virtio_mmio.c virtio_blk.c \
	virtio_console.c virtio_rng.c)
VIRTIO_HDRS := $(VIRTIO_SRCS:.c=.h) $(PVRING_HDRS) \
	$(wildcard firmware/include/hw/virtio*.h)
VIRTIO_UT_UTIL := tests/unit/virtio_test_util.c tests/unit/virtio_test_util.h
VIRTIO_UNIT_BINS := $(addprefix $(BUILD)/tests/unit/,virtio_mmio_test \
	virtio_blk_test virtio_console_test virtio_rng_test)
VIRTIO_RV_OBJS := $(patsubst %.c,$(BUILD)/rv/%.o,$(VIRTIO_SRCS))

$(VIRTIO_UNIT_BINS): $(BUILD)/tests/unit/%: tests/unit/%.c $(VIRTIO_SRCS) \
		$(VIRTIO_HDRS) $(VIRTIO_UT_UTIL) $(PVRING_HOST_LIB)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -Ihypervisor/virtio -Itests/unit $< \
		$(filter %.c,$(VIRTIO_UT_UTIL)) $(VIRTIO_SRCS) \
		$(PVRING_HOST_LIB) -lcmocka -o $@

ALL += $(VIRTIO_UNIT_BINS) $(VIRTIO_RV_OBJS)
TESTS += $(VIRTIO_UNIT_BINS)
