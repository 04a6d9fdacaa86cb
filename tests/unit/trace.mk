# Tests of the trace converter (scripts/trace/): cmocka unit tests on
# hand-made traces, the command line on sample traces (trace_mksample
# writes them; trace_json_check.py checks the JSON against the
# trace-event rules).
TRACE_UT_DIR := $(BUILD)/tests/unit
TRACE_UT := $(TRACE_UT_DIR)/trace_conv_test
TRACE_MKSAMPLE := $(TRACE_UT_DIR)/trace_mksample

$(TRACE_UT): tests/unit/trace_conv_test.c tests/unit/trace_build.h \
		$(TRACE_CONV_LIB_SRCS) $(TRACE_CONV_HDRS)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -Iscripts/trace -Itests/unit -o $@ \
		$(filter %.c,$^) -lcmocka

$(TRACE_MKSAMPLE): tests/unit/trace_mksample.c tests/unit/trace_build.h \
		firmware/include/trace_abi.h
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $<

ALL += $(TRACE_UT) $(TRACE_MKSAMPLE)
TESTS += $(TRACE_UT) tests/unit/trace_cli.sh
