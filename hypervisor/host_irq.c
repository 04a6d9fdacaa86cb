// SPDX-License-Identifier: MIT
#include <stdint.h>

#include "console.h"
#include "guest_console.h"
#include "hart.h"
#include "host_fdt.h"
#include "host_irq.h"
#include "hw/plic.h"
#include "riscv_csr.h"

struct host_irq_entry {
	host_irq_fn fn;
	void *ctx;
};

static struct host_irq_entry host_irqs[HOST_IRQ_MAX];
static volatile uint8_t *plic;
static unsigned long plic_ctx;
static unsigned long plic_hart = ~0UL; /* hart index that takes them */

static volatile uint32_t *plic_reg(unsigned long off)
{
	return (volatile uint32_t *)(plic + off);
}

static void host_uart_irq(void *ctx)
{
	(void)ctx;
	guest_console_poll();
}

void host_irq_init(void)
{
	if (!host.plic_base)
		return;
	plic = (volatile uint8_t *)(uintptr_t)host.plic_base;
	plic_ctx = PLIC_QEMU_S_CONTEXT(this_hart()->hartid);
	plic_hart = this_hart()->index;
	*plic_reg(PLIC_THRESHOLD(plic_ctx)) = 0;
	if (host.uart_irq &&
	    !host_irq_register(host.uart_irq, host_uart_irq, NULL))
		console_rx_irq_enable();
	csr_set(CSR_SIE, MIP_SEIP);
}

int host_irq_register(unsigned int irq, host_irq_fn fn, void *ctx)
{
	if (!plic || !irq || irq >= HOST_IRQ_MAX || host_irqs[irq].fn)
		return -1;
	host_irqs[irq] = (struct host_irq_entry){fn, ctx};
	*plic_reg(PLIC_PRIORITY(irq)) = 1;
	*plic_reg(PLIC_ENABLE(plic_ctx, irq)) |= 1u << (irq % 32);
	return 0;
}

void host_irq_handle(void)
{
	uint32_t id;

	if (!plic || this_hart()->index != plic_hart)
		return;
	while ((id = *plic_reg(PLIC_CLAIM(plic_ctx))) != 0) {
		if (id < HOST_IRQ_MAX && host_irqs[id].fn)
			host_irqs[id].fn(host_irqs[id].ctx);
		*plic_reg(PLIC_CLAIM(plic_ctx)) = id;
	}
}
