/* SPDX-License-Identifier: MIT */
/* PLIC: the real one on plain QEMU, the hypervisor's virtual one under it. */
#include "drivers/plic.h"

#include "base/bootinfo.h"
#include "base/errno.h"
#include "base/printk.h"
#include "core/cpu.h"
#include "core/trap.h"
#include "hw/plic.h"
#include "mm/vm.h"
#include "riscv_csr.h"

static struct {
	plic_handler_fn fn;
	void *arg;
} plic_handlers[PLIC_MAX_IRQ];

static inline volatile uint32_t *plic_reg(uint64_t off)
{
	return (volatile uint32_t *)(uintptr_t)(bootinfo.plic_base + off);
}

static void plic_irq(void)
{
	int32_t ctx = bootinfo.plic_sctx[this_cpu()->id];

	if (ctx < 0)
		return;
	/* One source per trap: another one pending keeps SEIP up and traps
	 * again, so no claim that finds nothing (each access is an exit
	 * under a hypervisor). */
	uint32_t irq = *plic_reg(PLIC_CLAIM(ctx));
	if (!irq)
		return;
	this_cpu()->st.irqs_dev++;
	if (irq < PLIC_MAX_IRQ && plic_handlers[irq].fn)
		plic_handlers[irq].fn(plic_handlers[irq].arg);
	*plic_reg(PLIC_CLAIM(ctx)) = irq;
}

int plic_init(void)
{
	if (!bootinfo.plic_base)
		return -ENODEV;
	vm_map_device(bootinfo.plic_base, bootinfo.plic_size);
	trap_set_external(plic_irq);
	return 0;
}

int plic_enable(uint32_t irq, unsigned cpu, plic_handler_fn fn, void *arg)
{
	if (!bootinfo.plic_base || cpu >= GK_MAX_CPUS ||
	    bootinfo.plic_sctx[cpu] < 0 || irq == 0 || irq >= PLIC_MAX_IRQ)
		return -ENODEV;
	uint32_t ctx = (uint32_t)bootinfo.plic_sctx[cpu];
	plic_handlers[irq].arg = arg;
	__atomic_store_n(&plic_handlers[irq].fn, fn, __ATOMIC_RELEASE);
	*plic_reg(PLIC_PRIORITY(irq)) = 1;
	*plic_reg(PLIC_THRESHOLD(ctx)) = 0;
	*plic_reg(PLIC_ENABLE(ctx, irq)) |= 1u << (irq % 32);
	csr_set(CSR_SIE, MIP_SEIP);
	return 0;
}
