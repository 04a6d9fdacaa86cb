# libFuzzer target for the drain of a guest's trace buffer
# (hypervisor/trace/trace_drain.c); rules, wrapper and variables
# (HV_TRACE_FUZZ_SECS, HV_TRACE_FUZZ_LONG_SECS): fuzz_rules.mk.
HV_TRACE_FUZZ_SRCS := hypervisor/trace/trace_drain.c
HV_TRACE_FUZZ_DEPS := tests/fuzz/trace_drain_fuzz.c tests/fuzz/fuzz_input.h $(HV_TRACE_FUZZ_SRCS) \
	$(HV_TRACE_FUZZ_SRCS:.c=.h) hypervisor/guest_mem.h firmware/include/trace_abi.h
HV_TRACE_FUZZ_CFLAGS := -D_DEFAULT_SOURCE -Ifirmware/include -Ihypervisor
HV_TRACE_FUZZ_WHAT := trace buffer check and drain invariants
$(eval $(call fuzz_target,HV_TRACE,trace_drain,tests/fuzz/corpus/trace_drain,5,600))
