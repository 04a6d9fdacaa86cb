# System test of tracing on our kernel's block and file workload (the
# SBI extension's own test, tracesbi.t, is in build.mk's list).
TESTS += tests/system/trace_gk.t

# tracing's overhead under -icount (docs/tracing.md); not part of make bench
bench-trace: $(HV_ELF) $(TSYS_VBLK) $(GUEST_DEFAULT_IMAGE)
	$(Q)scripts/bench-trace.sh
.PHONY: bench-trace
