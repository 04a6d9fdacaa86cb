// SPDX-License-Identifier: MIT
#include <stdint.h>

#include "console.h"
#include "guest_console.h"
#include "hart.h"
#include "host_fdt.h"
#include "host_irq.h"
#include "riscv_csr.h"

extern struct host_info host;

#define PLIC_PRIORITY(irq) (4 * (irq))
#define PLIC_ENABLE(ctx, irq) (0x2000 + 0x80 * (ctx) + 4 * ((irq) / 32))
#define PLIC_THRESHOLD(ctx) (0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx) (0x200004 + 0x1000 * (ctx))

static volatile uint8_t *plic;
static unsigned long plic_ctx;

static volatile uint32_t *plic_reg(unsigned long off)
{
	return (volatile uint32_t *)(plic + off);
}

/* QEMU virt numbers PLIC contexts 2 * hartid (M) and 2 * hartid + 1 (S). */
void host_irq_init(void)
{
	unsigned int irq = host.uart_irq;

	if (!host.plic_base || !irq)
		return;
	plic = (volatile uint8_t *)(uintptr_t)host.plic_base;
	plic_ctx = 2 * this_hart()->hartid + 1;
	*plic_reg(PLIC_PRIORITY(irq)) = 1;
	*plic_reg(PLIC_ENABLE(plic_ctx, irq)) |= 1u << (irq % 32);
	*plic_reg(PLIC_THRESHOLD(plic_ctx)) = 0;
	console_rx_irq_enable();
	csr_set(CSR_SIE, MIP_SEIP);
}

void host_irq_handle(void)
{
	uint32_t id;

	if (!plic)
		return;
	while ((id = *plic_reg(PLIC_CLAIM(plic_ctx))) != 0) {
		if (id == host.uart_irq)
			guest_console_poll();
		*plic_reg(PLIC_CLAIM(plic_ctx)) = id;
	}
}
