# Guest kernel system tests: scripts that boot our kernel through the
# hypervisor or directly on OpenSBI (gk_run.sh turns the guest's TAP into
# the host's); make bench runs gk_bench.sh (system calls, executor).
GK_SYS_TESTS := $(sort $(wildcard tests/system/gk_*.t))
TESTS += $(GK_SYS_TESTS)

.PHONY: gk-bench
bench:: gk-bench
gk-bench: $(GK_ELF) $(GK_INITRD)
	$(Q)BUILD=$(BUILD) tests/system/gk_bench.sh
