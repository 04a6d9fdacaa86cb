# make bench: exit costs in instructions (-icount), and exits by cause for
# booting the default guest to power-off.
bench:: $(BUILD)/tests/system/bench_exits.elf $(HV_ELF) $(GUEST_DEFAULT_IMAGE)
	$(Q)GUEST_IMAGE="$(GUEST_DEFAULT_IMAGE)" GUEST_INITRD="$(GUEST_DEFAULT_INITRD)" \
		GUEST_ARGS="$(GUEST_DEFAULT_ARGS)" scripts/bench-exits.sh

bench-linux: $(HV_ELF)
	$(Q)scripts/bench-linux.sh
bench:: bench-linux
.PHONY: bench-linux
