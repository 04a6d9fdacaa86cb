# Linux guest system test (the kernel and busybox come from Debian at test time).
TESTS += tests/system/linux.t
