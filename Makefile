# One entry point: make, make run, make test, make debug, make clean.
# Sub-makefiles (*/build.mk) add to ALL (build outputs) and TESTS (TAP programs for prove).
.DEFAULT_GOAL := all
BUILD ?= build
Q ?= @

# riscv64 freestanding code (hypervisor, guest kernel, test guests, user programs)
CROSS ?= riscv64-unknown-elf-
RV_CC := $(CROSS)gcc
RV_OBJCOPY := $(CROSS)objcopy
RV_ARCH := -march=rv64gc -mabi=lp64d -mcmodel=medany
RV_CFLAGS := $(RV_ARCH) -std=c11 -O2 -g -ffreestanding -fno-common -fno-omit-frame-pointer \
	-fno-stack-protector -fno-pic -Wall -Wextra -Werror --specs=picolibc.specs \
	-Ifirmware/include -Ipvring
RV_LDFLAGS := $(RV_ARCH) --specs=picolibc.specs -nostartfiles -static -Wl,--gc-sections \
	-Wl,--no-warn-rwx-segments
RV_DEPS := $(BUILD)/deps/riscv64
LIBFDT_RV_INC := $(RV_DEPS)/usr/include
LIBFDT_RV_LIB := $(RV_DEPS)/usr/lib/riscv64-linux-gnu/libfdt.a

# host code (unit tests, tools)
HOST_CC ?= cc
HOST_CFLAGS := -std=c11 -O1 -g -Wall -Wextra -Werror -D_DEFAULT_SOURCE -Ifirmware/include -Ipvring
CLANG ?= clang

QEMU ?= qemu-system-riscv64
FW_DYNAMIC ?= /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin

# make run variables (docs/running-guests.md)
GUEST ?=
GUEST_MEM ?= 128M
GUEST_CPUS ?= 1
GUEST_ARGS ?=
GUEST_INITRD ?=
GUEST_NAME ?=
# a virtio-blk disk on this image file (created at 64 MiB when missing);
# our kernel gets build/disk.img when none is named
GUEST_DISK ?=
HOST_SMP ?= 1
HOST_MEM ?= 1G
CPU ?= rv64

ALL :=
TESTS :=
export CMOCKA_MESSAGE_OUTPUT := TAP

# Each part owns its fragment; fragments may add double-colon targets
# fuzz:: (long fuzzing), stress:: (long concurrency runs), bench:: (benchmarks).
# pvring first: the others link its libraries and name them in prerequisites;
# the fuzz template before the fuzz fragments that call it.
include pvring/build.mk tests/fuzz/fuzz_rules.mk
include $(filter-out pvring/build.mk tests/fuzz/fuzz_rules.mk,$(sort $(wildcard */build.mk guest/*/build.mk scripts/*/build.mk tests/*/*.mk)))
.PHONY: fuzz stress bench

.PHONY: all deps build run run-linux trace debug test clean
deps:
	$(Q)scripts/deps.sh --check || scripts/deps.sh

all: deps
	$(Q)$(MAKE) --no-print-directory build

build: $(ALL)

# The guest booted by `make run`: our kernel unless GUEST= names an image.
RUN_IMAGE = $(if $(GUEST),$(GUEST),$(GUEST_DEFAULT_IMAGE))
RUN_INITRD = $(if $(GUEST),$(GUEST_INITRD),$(if $(GUEST_INITRD),$(GUEST_INITRD),$(GUEST_DEFAULT_INITRD)))
RUN_ARGS = $(if $(GUEST),$(GUEST_ARGS),$(if $(GUEST_ARGS),$(GUEST_ARGS),$(GUEST_DEFAULT_ARGS)))
RUN_DISK = $(if $(GUEST_DISK),$(GUEST_DISK),$(if $(GUEST),,$(BUILD)/disk.img))
BUNDLE_OPTS = $(if $(CONFIG),--config "$(CONFIG)",$(BUNDLE_GUEST_OPTS))
BUNDLE_GUEST_OPTS = --image "$(RUN_IMAGE)" --mem $(GUEST_MEM) --cpus $(GUEST_CPUS) \
	--args "$(RUN_ARGS)" $(if $(RUN_INITRD),--initrd "$(RUN_INITRD)") \
	$(if $(GUEST_NAME),--name $(GUEST_NAME)) $(if $(RUN_DISK),--disk "$(RUN_DISK)")
QEMU_ENV = HOST_SMP=$(HOST_SMP) HOST_MEM=$(HOST_MEM) CPU=$(CPU) QEMU=$(QEMU) FW_DYNAMIC=$(FW_DYNAMIC)

run: all
	$(Q)scripts/mkbundle.sh -o $(BUILD)/run.bundle $(BUNDLE_OPTS)
	$(Q)$(QEMU_ENV) EOF_EOT=1 scripts/qemu-run.sh $(BUILD)/hypervisor.elf $(BUILD)/run.bundle

# Debian's riscv64 kernel with a busybox initramfs (scripts/linux-guest.sh)
LINUX_DIR := $(BUILD)/linux
LINUX_MEM ?= 256M
# busybox's shell asks for the cursor position at each prompt: piped input is
# typed one line per prompt (scripts/console-pace.pl), none lost during boot
LINUX_PROMPT ?= \e[6n
run-linux: all
	$(Q)scripts/linux-guest.sh $(LINUX_DIR)
	$(Q)scripts/mkbundle.sh -o $(BUILD)/linux.bundle --name linux --image $(LINUX_DIR)/Image \
		--initrd $(LINUX_DIR)/initramfs.cpio.gz --mem $(LINUX_MEM) --cpus $(GUEST_CPUS) \
		--args "console=ttyS0 $(GUEST_ARGS)"
	$(Q)$(QEMU_ENV) EOF_EOT=1 FEED_PROMPT='$(LINUX_PROMPT)' \
		scripts/qemu-run.sh $(BUILD)/hypervisor.elf $(BUILD)/linux.bundle

# make trace: a guest with tracing on (scripts/trace.sh, docs/tracing.md).
# TRACE: classes (trace_abi.h names, or all); TRACE_GUESTS: guest indexes.
# Default workload: our kernel on 2 vCPUs doing block and file I/O;
# GUEST=/CONFIG= trace anything make run boots, GUEST=linux make run-linux's.
TRACE ?= all
TRACE_GUESTS ?=
TRACE_DIR ?= $(BUILD)/trace
TRACE_CPUS ?= 2
TRACE_DISK_BYTES := 1048576
TRACE_WORKLOAD_ARGS ?= init=/bin/trace-work -- 4 $(TRACE_DISK_BYTES)
TRACE_DISK := $(TRACE_DIR)/disk.img
TRACE_BUNDLE_OPTS = $(if $(CONFIG),--config "$(CONFIG)",$(if $(GUEST),$(BUNDLE_GUEST_OPTS),\
	--image $(GUEST_DEFAULT_IMAGE) --initrd $(GUEST_DEFAULT_INITRD) --mem $(GUEST_MEM) \
	--cpus $(TRACE_CPUS) --args "$(TRACE_WORKLOAD_ARGS)" --disk $(TRACE_DISK) --name gk))
trace: all
	$(Q)mkdir -p $(TRACE_DIR)
ifeq ($(GUEST),linux)
	$(Q)scripts/linux-guest.sh $(LINUX_DIR)
	$(Q)scripts/mkbundle.sh -o $(TRACE_DIR)/trace.bundle --name linux --image $(LINUX_DIR)/Image \
		--initrd $(LINUX_DIR)/initramfs.cpio.gz --mem $(LINUX_MEM) --cpus $(GUEST_CPUS) \
		--args "console=ttyS0 $(GUEST_ARGS)"
else
	$(Q)$(if $(CONFIG)$(GUEST),,rm -f $(TRACE_DISK) && truncate -s $(TRACE_DISK_BYTES) $(TRACE_DISK))
	$(Q)scripts/mkbundle.sh -o $(TRACE_DIR)/trace.bundle $(TRACE_BUNDLE_OPTS)
endif
	$(Q)$(QEMU_ENV) HOST_SMP=$(if $(CONFIG)$(GUEST),$(HOST_SMP),$(TRACE_CPUS)) \
		$(if $(filter linux,$(GUEST)),FEED_PROMPT='$(LINUX_PROMPT)') scripts/trace.sh \
		--out $(TRACE_DIR) --classes $(TRACE) $(if $(TRACE_GUESTS),--guests $(TRACE_GUESTS)) \
		$(BUILD)/hypervisor.elf $(TRACE_DIR)/trace.bundle

debug: all
	$(Q)scripts/mkbundle.sh -o $(BUILD)/run.bundle $(BUNDLE_OPTS)
	$(Q)echo "QEMU waits for gdb: in another shell run  gdb-multiarch -x $(BUILD)/debug.gdb"
	$(Q)sed -e "s|@HV@|$(abspath $(BUILD)/hypervisor.elf)|" scripts/debug.gdb.in >$(BUILD)/debug.gdb
	$(Q)$(QEMU_ENV) GDB=1 scripts/qemu-run.sh $(BUILD)/hypervisor.elf $(BUILD)/run.bundle

test: all
	$(Q)prove $(PROVE_FLAGS) $(TESTS)

clean:
	rm -rf $(filter-out $(BUILD)/deps,$(wildcard $(BUILD)/*))

# generic rules: riscv64 objects under build/rv/, host objects under build/host/
$(BUILD)/rv/%.o: %.c
	@mkdir -p $(@D)
	$(Q)$(RV_CC) $(RV_CFLAGS) $(RV_EXTRA_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/rv/%.o: %.S
	@mkdir -p $(@D)
	$(Q)$(RV_CC) $(RV_CFLAGS) $(RV_EXTRA_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/host/%.o: %.c
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

-include $(shell find $(BUILD)/rv $(BUILD)/host -name '*.d' 2>/dev/null)
