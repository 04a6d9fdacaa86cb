# Guest defaults for the top-level `make run` (docs/guest-kernel.md).
GUEST_DEFAULT_IMAGE := $(BUILD)/guest/kernel.elf
GUEST_DEFAULT_INITRD :=
GUEST_DEFAULT_ARGS := console=sbi
