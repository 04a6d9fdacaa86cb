# pvring libFuzzer target (clang, ASan + UBSan). `make test` replays the
# committed seeds and fuzzes PVRING_FUZZ_TEST_SECS; `make fuzz` fuzzes
# PVRING_FUZZ_SECS into a scratch corpus under $(BUILD).
PVRING_FUZZ_DIR := $(BUILD)/pvring-fuzz
PVRING_FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
PVRING_FUZZ_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror \
	-Ifirmware/include -Ipvring -Itests/fuzz $(PVRING_FUZZ_SAN)
PVRING_FUZZ_LIB_OBJS := $(PVRING_SRCS:%.c=$(PVRING_FUZZ_DIR)/%.o)
PVRING_FUZZ := $(PVRING_FUZZ_DIR)/pvring_fuzz
PVRING_FUZZ_TEST := $(PVRING_FUZZ_DIR)/pvring_fuzz_test
PVRING_FUZZ_CORPUS := tests/fuzz/corpus/pvring
PVRING_FUZZ_TEST_SECS ?= 20
PVRING_FUZZ_SECS ?= 1800

ALL += $(PVRING_FUZZ) $(PVRING_FUZZ_TEST)
TESTS += $(PVRING_FUZZ_TEST)

$(PVRING_FUZZ_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(Q)$(CLANG) $(PVRING_FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP \
		-c $< -o $@

$(PVRING_FUZZ): tests/fuzz/pvring_fuzz.c tests/fuzz/pvring_fuzz.h \
		$(PVRING_FUZZ_LIB_OBJS)
	@mkdir -p $(@D)
	$(Q)$(CLANG) $(PVRING_FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ \
		tests/fuzz/pvring_fuzz.c $(PVRING_FUZZ_LIB_OBJS)

# the TAP entry prove runs: the wrapper with this build's paths
$(PVRING_FUZZ_TEST): tests/fuzz/pvring_fuzz_tap.sh $(PVRING_FUZZ)
	@mkdir -p $(@D)
	$(Q)printf '#!/bin/sh\nexec %s %s %s %s\n' tests/fuzz/pvring_fuzz_tap.sh \
		$(PVRING_FUZZ) $(PVRING_FUZZ_CORPUS) $(PVRING_FUZZ_TEST_SECS) >$@
	$(Q)chmod +x $@

-include $(PVRING_FUZZ_LIB_OBJS:.o=.d)

.PHONY: fuzz-pvring pvring-fuzz-seeds
fuzz-pvring: $(PVRING_FUZZ)
	@mkdir -p $(PVRING_FUZZ_DIR)/corpus $(PVRING_FUZZ_DIR)/artifacts
	$(Q)$(PVRING_FUZZ) -max_total_time=$(PVRING_FUZZ_SECS) -timeout=10 \
		-print_final_stats=1 -artifact_prefix=$(PVRING_FUZZ_DIR)/artifacts/ \
		$(PVRING_FUZZ_DIR)/corpus $(PVRING_FUZZ_CORPUS)
fuzz:: fuzz-pvring

# Regenerate the committed seeds (only when the input format changes).
pvring-fuzz-seeds: tests/fuzz/pvring_fuzz_seeds.c tests/fuzz/pvring_fuzz.h
	@mkdir -p $(PVRING_FUZZ_DIR) $(PVRING_FUZZ_CORPUS)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -Itests/fuzz -o $(PVRING_FUZZ_DIR)/seeds $<
	$(Q)rm -f $(PVRING_FUZZ_CORPUS)/*
	$(Q)$(PVRING_FUZZ_DIR)/seeds $(PVRING_FUZZ_CORPUS)
