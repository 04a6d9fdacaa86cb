# The hypervisor: build/hypervisor.elf, loaded by QEMU at 0x80200000.
HV_SRCS := boot.S trap_entry.S vcpu_switch.S vcpu_fp.S \
	main.c console.c power.c host_fdt.c page_alloc.c trap.c stack_chk.c \
	gstage.c guest.c guest_console.c hyp_dump.c sched.c mmio.c \
	vcpu.c vcpu_exit.c vcpu_insn.c vcpu_mmio.c vcpu_timer.c \
	vcpu_sbi.c vcpu_sbi_base.c vcpu_sbi_legacy.c vcpu_sbi_time.c \
	vcpu_sbi_srst.c vcpu_sbi_hsm.c vcpu_sbi_dbcn.c vcpu_sbi_ipi.c vcpu_sbi_rfence.c \
	vcpu_sbi_trace.c vcpu_sbi_rvh.c hart.c \
	host_irq.c dev/vdev.c dev/dev_uart.c dev/dev_plic.c dev/vuart.c dev/vplic.c \
	dev/emu_blk.c dev/dev_emu_blk.c \
	bundle.c guest_fdt.c guest_image.c mmio_decode.c \
	host/host_virtio.c host/host_blk.c host/host_rng.c \
	$(addprefix trace/,trace_buf.c trace_config.c trace_drain.c trace_export.c \
		trace_vcpu.c semihost.S) \
	$(addprefix virtio/,virtio_mmio.c virtio_blk.c virtio_console.c virtio_rng.c dev_virtio.c dev_virtio_blk.c dev_virtio_console.c dev_virtio_rng.c)
HV_OBJS := $(addprefix $(BUILD)/rv/hypervisor/,$(addsuffix .o,$(basename $(HV_SRCS))))
HV_ELF := $(BUILD)/hypervisor.elf

# TRACE_COMPILED=0: every trace point compiled out (docs/tracing.md, the
# overhead measurement); 1: compiled in, off until the host bootargs say
TRACE_COMPILED ?= 1
$(HV_OBJS): RV_EXTRA_CFLAGS := -Ihypervisor -I$(LIBFDT_RV_INC) \
	-DRVH_TRACE_COMPILED=$(TRACE_COMPILED)

$(HV_ELF): $(HV_OBJS) hypervisor/hyp.lds $(PVRING_RV_LIB)
	$(Q)$(RV_CC) $(RV_LDFLAGS) -T hypervisor/hyp.lds -o $@ $(HV_OBJS) $(PVRING_RV_LIB) $(LIBFDT_RV_LIB)

ALL += $(HV_ELF)
