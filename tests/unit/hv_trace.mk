# Host unit tests (cmocka) of the hypervisor's pure tracing modules: a
# guest trace buffer's checks and drain, the bootargs that switch tracing on.
HV_TRACE_UNIT_BINS := $(BUILD)/tests/unit/hv_trace_drain $(BUILD)/tests/unit/hv_trace_config

$(BUILD)/tests/unit/hv_trace_drain: tests/unit/hv_trace_drain.c \
		hypervisor/trace/trace_drain.c hypervisor/trace/trace_drain.h \
		hypervisor/guest_mem.h firmware/include/trace_abi.h
$(BUILD)/tests/unit/hv_trace_config: tests/unit/hv_trace_config.c \
		hypervisor/trace/trace_config.c hypervisor/trace/trace_config.h

$(HV_TRACE_UNIT_BINS):
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -Ihypervisor -o $@ $(filter %.c,$^) -lcmocka

ALL += $(HV_TRACE_UNIT_BINS)
TESTS += $(HV_TRACE_UNIT_BINS)
