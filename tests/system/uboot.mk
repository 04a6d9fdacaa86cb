# U-Boot as a guest: Debian's S-mode U-Boot (u-boot-qemu, installed by
# scripts/deps.sh) with a virtio-blk disk holding a FAT partition.
TESTS += tests/system/uboot.t

UBOOT_BIN ?= /usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin
# its default load addresses (fdt_addr_r 0x8c000000 ...) need 256 MiB
UBOOT_MEM ?= 256M
UBOOT_DISK ?= $(BUILD)/uboot-disk.img

# made once; delete it for a fresh one (what the guest wrote stays in it)
$(UBOOT_DISK):
	$(Q)printf 'Hello from the FAT partition of %s\n' "$@" >$(BUILD)/uboot-hello.txt
	$(Q)scripts/uboot-disk.sh $@ $(BUILD)/uboot-hello.txt=HELLO.TXT

# make run-uboot: U-Boot's prompt on the console (try: virtio info,
# ls virtio 0:1, load virtio 0:1 $${kernel_addr_r} HELLO.TXT, reset, poweroff)
run-uboot: all $(UBOOT_DISK)
	$(Q)test -f $(UBOOT_BIN) || { echo "$(UBOOT_BIN) missing: run scripts/deps.sh (Debian package u-boot-qemu)" >&2; exit 1; }
	$(Q)scripts/mkbundle.sh -o $(BUILD)/uboot.bundle --name uboot --image $(UBOOT_BIN) \
		--mem $(UBOOT_MEM) --cpus $(GUEST_CPUS) --disk $(UBOOT_DISK)
	$(Q)$(QEMU_ENV) scripts/qemu-run.sh $(BUILD)/hypervisor.elf $(BUILD)/uboot.bundle
.PHONY: run-uboot
