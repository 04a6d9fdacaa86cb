# Guest defaults for the top-level `make run` (docs/guest-kernel.md):
# our kernel, the initrd of user programs, and the interactive shell as
# init (poweroff or Ctrl-D at its prompt ends the run with status 0).
# Automated runs pick a non-interactive init instead, e.g.
#   make run GUEST_ARGS="init=/bin/testrun -- t-proc t-ring"
GUEST_DEFAULT_IMAGE := $(BUILD)/guest/kernel.elf
GUEST_DEFAULT_INITRD := $(BUILD)/guest/initrd.cpio
GUEST_DEFAULT_ARGS := init=/bin/sh
