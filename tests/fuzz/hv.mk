# libFuzzer targets for the hypervisor's parsers of untrusted input:
# the guest bundle, guest images and trapped-instruction decode.
# `make test` runs each ~10 s over its committed seed corpus
# (tests/fuzz/corpus/hv_*/); `make fuzz HV_FUZZ_TIME=600` runs longer.
# New inputs found go to $(BUILD)/tests/fuzz/<target>/corpus, crashes to
# $(BUILD)/tests/fuzz/<target>/crash-*; reproduce with `<fuzzer> <file>`.
HV_FUZZ_DIR := $(BUILD)/tests/fuzz
HV_FUZZ_NAMES := hv_fuzz_mmio_decode hv_fuzz_bundle hv_fuzz_guest_image
HV_FUZZ_BINS := $(addprefix $(HV_FUZZ_DIR)/,$(HV_FUZZ_NAMES))
HV_FUZZ_RUNNERS := $(addsuffix _run,$(HV_FUZZ_BINS))
HV_FUZZ_TIME ?= 300
HV_FUZZ_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror -D_DEFAULT_SOURCE \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Ifirmware/include -Ihypervisor

ALL += $(HV_FUZZ_BINS) $(HV_FUZZ_RUNNERS)
TESTS += $(HV_FUZZ_RUNNERS)

$(HV_FUZZ_DIR)/hv_fuzz_mmio_decode: hypervisor/mmio_decode.c
$(HV_FUZZ_DIR)/hv_fuzz_bundle: hypervisor/bundle.c
$(HV_FUZZ_DIR)/hv_fuzz_guest_image: hypervisor/guest_image.c

$(HV_FUZZ_BINS): $(HV_FUZZ_DIR)/%: tests/fuzz/%.c hypervisor/mmio_decode.h \
		hypervisor/bundle.h hypervisor/guest_image.h
	@mkdir -p $(@D)
	$(Q)$(CLANG) $(HV_FUZZ_CFLAGS) -o $@ $(filter %.c,$^) -lfdt

$(HV_FUZZ_RUNNERS): $(HV_FUZZ_DIR)/%_run: tests/fuzz/hv_fuzz_run.c \
		| $(HV_FUZZ_DIR)/%
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -DFUZZ_NAME='"$*"' \
		-DFUZZ_BIN='"$(abspath $(HV_FUZZ_DIR)/$*)"' \
		-DFUZZ_SEEDS='"$(abspath tests/fuzz/corpus/$(patsubst hv_fuzz_%,hv_%,$*))"' \
		-DFUZZ_WORK='"$(abspath $(HV_FUZZ_DIR)/$*.work)"' \
		-o $@ $<

fuzz:: $(HV_FUZZ_BINS) $(HV_FUZZ_RUNNERS)
	$(Q)for r in $(HV_FUZZ_RUNNERS); do \
		HV_FUZZ_SECONDS=$(HV_FUZZ_TIME) $$r || exit 1; done
