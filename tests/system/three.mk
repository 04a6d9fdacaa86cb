# Three guests from one bundle DTS (docs/examples/three-guests.dts): our
# kernel, Linux, and U-Boot booting Linux from its own disk.
TESTS += tests/system/three.t

THREE_DTS ?= docs/examples/three-guests.dts
# the example's disks (its host-file paths)
THREE_DIR := $(BUILD)/three

# uboot's disk: the distro disk of make run-uboot with the kernel's boot
# messages left out (two Linux consoles at once); made once
THREE_UBOOT_APPEND ?= console=ttyS0 quiet rvh.boot=extlinux
$(THREE_DIR)/uboot.img:
	@mkdir -p $(@D)
	$(Q)scripts/distro-disk.sh --append "$(THREE_UBOOT_APPEND)" $@ $(LINUX_DIR)

# make run-three: console input goes to gk; Ctrl-] 1 linux, Ctrl-] 2 uboot
run-three: all $(THREE_DIR)/uboot.img
	$(Q)scripts/linux-guest.sh $(LINUX_DIR)
	$(Q)scripts/mkbundle.sh -o $(BUILD)/three.bundle --config $(THREE_DTS)
	$(Q)$(QEMU_ENV) HOST_SMP=2 scripts/qemu-run.sh $(BUILD)/hypervisor.elf $(BUILD)/three.bundle
.PHONY: run-three
