# libFuzzer target for the virtio devices (hypervisor/virtio/: transport,
# blk, console, rng); rules, wrapper and variables (VIRTIO_FUZZ_SECS,
# VIRTIO_FUZZ_LONG_SECS): fuzz_rules.mk.
# (spelled out: tests/unit/virtio.mk, which names them too, comes later)
VIRTIO_FUZZ_SRCS := $(addprefix hypervisor/virtio/,virtio_mmio.c virtio_blk.c \
	virtio_console.c virtio_rng.c)
VIRTIO_FUZZ_DEPS := tests/fuzz/virtio_fuzz.c tests/fuzz/fuzz_input.h $(VIRTIO_FUZZ_SRCS) \
	$(PVRING_SRCS) $(VIRTIO_FUZZ_SRCS:.c=.h) $(PVRING_HDRS)
VIRTIO_FUZZ_CFLAGS := -D_DEFAULT_SOURCE -Ifirmware/include -Ipvring -Ihypervisor/virtio
VIRTIO_FUZZ_WHAT := transport+blk+console+rng invariants
$(eval $(call fuzz_target,VIRTIO,virtio,tests/fuzz/corpus/virtio,10,600))
