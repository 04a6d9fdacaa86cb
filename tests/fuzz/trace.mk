# libFuzzer target for the trace converter (scripts/trace/: reader, linker,
# JSON and summary writers); rules, wrapper and variables (TRACE_FUZZ_SECS,
# TRACE_FUZZ_LONG_SECS): fuzz_rules.mk.
TRACE_FUZZ_DEPS := tests/fuzz/trace_fuzz.c tests/fuzz/fuzz_input.h \
	$(TRACE_CONV_LIB_SRCS) $(TRACE_CONV_HDRS)
TRACE_FUZZ_CFLAGS := -D_DEFAULT_SOURCE -Ifirmware/include -Iscripts/trace
TRACE_FUZZ_WHAT := reader, linker and writers
$(eval $(call fuzz_target,TRACE,trace,tests/fuzz/corpus/trace,10,600))
