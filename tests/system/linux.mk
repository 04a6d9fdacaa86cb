# Linux guest system tests (the kernel and busybox come from Debian at test time).
TESTS += tests/system/linux.t
TESTS += tests/system/linux_virtio.t
