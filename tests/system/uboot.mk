# U-Boot as a guest: Debian's S-mode U-Boot (u-boot-qemu, installed by
# scripts/deps.sh): its prompt on a FAT disk (uboot.t) and its distro boot
# of Linux from an ext4 disk (uboot_distro.t, make run-uboot).
TESTS += tests/system/uboot.t tests/system/uboot_distro.t tests/system/uboot_pace.t

UBOOT_BIN ?= /usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin
# its default load addresses (fdt_addr_r 0x8c000000 ...) need 256 MiB
UBOOT_MEM ?= 256M
# the disk of make run-uboot: an MBR, an ext4 boot partition with Debian's
# kernel, the busybox initramfs and extlinux/extlinux.conf
# (scripts/distro-disk.sh); made once, delete it for a fresh one (what the
# guest wrote stays in it)
DISTRO_DISK ?= $(BUILD)/distro-disk.img
# piped input is typed one line per prompt of Linux's shell (busybox asks
# the terminal for the cursor position, ESC [ 6 n, at each prompt), never
# into U-Boot's autoboot countdown
UBOOT_PROMPT ?= $(LINUX_PROMPT)

$(DISTRO_DISK):
	$(Q)scripts/distro-disk.sh $@ $(BUILD)/linux

# make run-uboot: U-Boot, whose distro boot finds extlinux.conf on the
# disk and boots Linux; on a terminal a key stops the autoboot (U-Boot's
# prompt: virtio info, ls virtio 0:1, reset, poweroff); input from a file
# or pipe goes to Linux's shell, which powers the guest off at its end
run-uboot: all $(DISTRO_DISK)
	$(Q)test -f $(UBOOT_BIN) || { echo "$(UBOOT_BIN) missing: run scripts/deps.sh (Debian package u-boot-qemu)" >&2; exit 1; }
	$(Q)scripts/mkbundle.sh -o $(BUILD)/uboot.bundle --name uboot --image $(UBOOT_BIN) \
		--mem $(UBOOT_MEM) --cpus $(GUEST_CPUS) --disk $(DISTRO_DISK)
	$(Q)$(QEMU_ENV) EOF_EOT=1 FEED_PROMPT='$(UBOOT_PROMPT)' \
		scripts/qemu-run.sh $(BUILD)/hypervisor.elf $(BUILD)/uboot.bundle
.PHONY: run-uboot

# make bench: U-Boot to Linux's shell under the hypervisor vs on QEMU
# directly (scripts/bench-uboot.sh; wall time, so the ratio)
bench-uboot: $(HV_ELF)
	$(Q)scripts/linux-guest.sh $(BUILD)/linux
	$(Q)BUILD=$(BUILD) scripts/bench-uboot.sh
bench:: bench-uboot
.PHONY: bench-uboot
