# rvh-trace: the trace converter (host tool). Built from its own sources
# into build/host/rvh-trace; tests/unit/trace.mk and tests/fuzz/trace.mk
# link the same sources (TRACE_CONV_LIB_SRCS) without trc_main.c.
TRACE_CONV := $(BUILD)/host/rvh-trace
TRACE_CONV_LIB_SRCS := $(addprefix scripts/trace/,trc_read.c trc_kinds.c \
	trc_map.c trc_link.c trc_latency.c trc_tracks.c trc_json.c \
	trc_summary.c trc_plot.c)
TRACE_CONV_HDRS := scripts/trace/trc.h firmware/include/trace_abi.h \
	firmware/include/sbi_abi.h

$(TRACE_CONV): scripts/trace/trc_main.c $(TRACE_CONV_LIB_SRCS) $(TRACE_CONV_HDRS)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -Iscripts/trace -o $@ $(filter %.c,$^)

ALL += $(TRACE_CONV)
