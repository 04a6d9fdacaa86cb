# pvring host tests: cmocka unit tests, the two-thread TSAN interop test,
# and the benchmark (make bench-pvring; not a test).
PVRING_UT_DIR := $(BUILD)/host/tests/unit
PVRING_UT_UTIL := $(PVRING_UT_DIR)/pvring_test_util.o
PVRING_UT_NAMES := pvring_layout_test pvring_dev_test pvring_drv_test \
	pvring_popmany_test \
	pvring_notify_test
PVRING_UT_BINS := $(addprefix $(PVRING_UT_DIR)/,$(PVRING_UT_NAMES))

ALL += $(PVRING_UT_BINS)
TESTS += $(PVRING_UT_BINS)

$(PVRING_UT_DIR)/pvring_%_test: $(PVRING_UT_DIR)/pvring_%_test.o \
		$(PVRING_UT_UTIL) $(PVRING_HOST_LIB)
	$(Q)$(HOST_CC) -o $@ $^ -lcmocka

.PHONY: pvring-test
pvring-test: $(PVRING_UT_BINS)
	$(Q)prove $(PVRING_UT_BINS)

PVRING_UT_OBJS := $(PVRING_UT_UTIL) $(PVRING_UT_BINS:%=%.o)
.SECONDARY: $(PVRING_UT_OBJS)

# Two-thread interop test under ThreadSanitizer: the library, the helpers
# and the test all instrumented. `make test` runs ~3 s per case (5 cases);
# `make stress` runs PVRING_STRESS_SECS per case.
PVRING_TSAN_DIR := $(BUILD)/pvring-tsan
# -Wno-tsan: TSAN does not model fences. The library's only fence is the
# full barrier between "store my index" and "load the peer's event index"
# (both atomics, so never reported); it is still emitted (mfence) and every
# data hand-over goes through release/acquire atomics that TSAN does check.
PVRING_TSAN_CFLAGS := $(HOST_CFLAGS) -O1 -fsanitize=thread -pthread -Wno-tsan
PVRING_TSAN_SRCS := $(PVRING_SRCS) tests/unit/pvring_test_util.c \
	tests/unit/pvring_interop.c
PVRING_TSAN_OBJS := $(PVRING_TSAN_SRCS:%.c=$(PVRING_TSAN_DIR)/%.o)
PVRING_INTEROP := $(PVRING_TSAN_DIR)/pvring_interop
PVRING_STRESS_SECS ?= 60

ALL += $(PVRING_INTEROP)
TESTS += $(PVRING_INTEROP)

$(PVRING_TSAN_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(PVRING_TSAN_CFLAGS) -MMD -MP -c $< -o $@

$(PVRING_INTEROP): $(PVRING_TSAN_OBJS)
	$(Q)$(HOST_CC) -fsanitize=thread -pthread -o $@ $^

-include $(PVRING_TSAN_OBJS:.o=.d)

.PHONY: stress-pvring
stress-pvring: $(PVRING_INTEROP)
	$(Q)$(PVRING_INTEROP) $(PVRING_STRESS_SECS)
stress:: stress-pvring

# Benchmark (not a test): library and bench at -O2, as the riscv64 build.
PVRING_BENCH_DIR := $(BUILD)/pvring-bench
PVRING_BENCH_SRCS := $(PVRING_SRCS) tests/unit/pvring_test_util.c \
	tests/unit/pvring_bench.c
PVRING_BENCH_OBJS := $(PVRING_BENCH_SRCS:%.c=$(PVRING_BENCH_DIR)/%.o)
PVRING_BENCH := $(PVRING_BENCH_DIR)/pvring_bench
PVRING_BENCH_SECS ?= 2

$(PVRING_BENCH_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -O2 -pthread -MMD -MP -c $< -o $@

$(PVRING_BENCH): $(PVRING_BENCH_OBJS)
	$(Q)$(HOST_CC) -pthread -o $@ $^

-include $(PVRING_BENCH_OBJS:.o=.d)

.PHONY: bench-pvring
bench-pvring: $(PVRING_BENCH)
	$(Q)$(PVRING_BENCH) $(PVRING_BENCH_SECS)
bench:: bench-pvring
