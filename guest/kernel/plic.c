/* SPDX-License-Identifier: MIT */
/* PLIC: the real one on plain QEMU, the hypervisor's virtual one later. */
#include "plic.h"

#include "bootinfo.h"
#include "console.h"
#include "cpu.h"
#include "errno.h"
#include "printk.h"
#include "riscv_csr.h"

#define PLIC_PRIORITY(irq) (4 * (irq))
#define PLIC_ENABLE(ctx, irq) (0x2000 + 0x80 * (ctx) + 4 * ((irq) / 32))
#define PLIC_THRESHOLD(ctx) (0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx) (0x200004 + 0x1000 * (ctx))

static inline volatile uint32_t *plic_reg(uint64_t off)
{
	return (volatile uint32_t *)(uintptr_t)(bootinfo.plic_base + off);
}

int plic_enable(uint32_t irq, unsigned cpu)
{
	if (!bootinfo.plic_base || cpu >= GK_MAX_CPUS ||
	    bootinfo.plic_sctx[cpu] < 0 || irq == 0 || irq >= 1024)
		return -ENODEV;
	uint32_t ctx = (uint32_t)bootinfo.plic_sctx[cpu];
	*plic_reg(PLIC_PRIORITY(irq)) = 1;
	*plic_reg(PLIC_THRESHOLD(ctx)) = 0;
	*plic_reg(PLIC_ENABLE(ctx, irq)) |= 1u << (irq % 32);
	csr_set(CSR_SIE, MIP_SEIP);
	return 0;
}

void plic_irq(void)
{
	int32_t ctx = bootinfo.plic_sctx[this_cpu()->id];

	if (ctx < 0)
		return;
	for (;;) {
		uint32_t irq = *plic_reg(PLIC_CLAIM(ctx));
		if (!irq)
			return;
		if (irq == bootinfo.uart_irq)
			console_uart_irq();
		*plic_reg(PLIC_CLAIM(ctx)) = irq;
	}
}
