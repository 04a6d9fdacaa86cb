# Linux guest system tests (the kernel and busybox come from Debian at test time).
TESTS += tests/system/linux.t
TESTS += tests/system/linux_virtio.t

# make bench: Linux's dd on /dev/vda under the hypervisor vs QEMU's virtio-blk
bench-linux-blk: $(HV_ELF)
	$(Q)scripts/bench-linux-blk.sh
bench:: bench-linux-blk
.PHONY: bench-linux-blk
