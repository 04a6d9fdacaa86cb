# Host unit tests (cmocka) for the hypervisor's pure modules:
# mmio_decode, bundle, guest_fdt, guest_image.
HV_UNIT_DIR := $(BUILD)/tests/unit
HV_UNIT_NAMES := hv_mmio_decode hv_bundle hv_guest_fdt hv_guest_image
HV_UNIT_BINS := $(addprefix $(HV_UNIT_DIR)/,$(HV_UNIT_NAMES))
HV_UNIT_SAMPLE := $(HV_UNIT_DIR)/hv_bundle_sample.dtb

ALL += $(HV_UNIT_BINS)
TESTS += $(HV_UNIT_BINS)

# The tests include the modules' headers by plain name.
$(BUILD)/host/tests/unit/hv_%.o: HOST_CFLAGS += -Ihypervisor
$(BUILD)/host/tests/unit/hv_bundle.o: HOST_CFLAGS += \
	-DHV_BUNDLE_SAMPLE='"$(abspath $(HV_UNIT_SAMPLE))"'

$(HV_UNIT_DIR)/hv_mmio_decode: $(BUILD)/host/tests/unit/hv_mmio_decode.o \
		$(BUILD)/host/hypervisor/mmio_decode.o
$(HV_UNIT_DIR)/hv_bundle: $(BUILD)/host/tests/unit/hv_bundle.o \
		$(BUILD)/host/hypervisor/bundle.o | $(HV_UNIT_SAMPLE)
$(HV_UNIT_DIR)/hv_guest_fdt: $(BUILD)/host/tests/unit/hv_guest_fdt.o \
		$(BUILD)/host/hypervisor/guest_fdt.o
$(HV_UNIT_DIR)/hv_guest_image: $(BUILD)/host/tests/unit/hv_guest_image.o \
		$(BUILD)/host/hypervisor/guest_image.o

$(HV_UNIT_BINS):
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) -o $@ $(filter %.o,$^) -lcmocka -lfdt

# A one-guest bundle written by the real script, read back by hv_bundle.
$(HV_UNIT_SAMPLE): scripts/mkbundle.sh tests/unit/hv.mk
	@mkdir -p $(@D)
	$(Q)printf 'IMAGE' >$(HV_UNIT_DIR)/hv_sample.img
	$(Q)printf 'INITRD' >$(HV_UNIT_DIR)/hv_sample.initrd
	$(Q)scripts/mkbundle.sh -o $@ --image $(HV_UNIT_DIR)/hv_sample.img \
		--initrd $(HV_UNIT_DIR)/hv_sample.initrd --name sample-1 \
		--mem 64M --cpus 3 --args 'console=hvc0 "quoted" x'
