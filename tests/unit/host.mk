# The hypervisor's drivers of QEMU's virtio devices (hypervisor/host/),
# on the build host against fake devices (host_virtio_fake.c stands in for
# host_virtio.c; host_stub/ for the riscv-only headers).
HOST_DRV_TEST := $(BUILD)/tests/unit/host_blk_test
HOST_DRV_SRCS := tests/unit/host_blk_test.c tests/unit/host_virtio_fake.c \
	hypervisor/host/host_blk.c hypervisor/host/host_rng.c

$(HOST_DRV_TEST): $(HOST_DRV_SRCS) $(wildcard hypervisor/host/*.h tests/unit/host_stub/*.h) \
		tests/unit/host_virtio_fake.h $(PVRING_HOST_LIB)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -iquote tests/unit/host_stub -Ihypervisor \
		-Ihypervisor/host -Itests/unit -o $@ $(HOST_DRV_SRCS) $(PVRING_HOST_LIB) -lcmocka

ALL += $(HOST_DRV_TEST)
TESTS += $(HOST_DRV_TEST)
