# The hypervisor's host virtio drivers (QEMU's virtio-blk and virtio-rng)
# and the run scripts' disk handling and exit status.
TESTS += tests/system/hostdisk.t tests/system/run_scripts.t
