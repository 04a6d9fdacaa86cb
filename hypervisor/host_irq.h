/* SPDX-License-Identifier: MIT */
/* Host interrupts from QEMU's PLIC, dispatched through a registration table:
 * the host UART's receive interrupt, the host virtio devices' completions.
 * All sources are routed to the boot hart's S-mode context. */
#ifndef HOST_IRQ_H
#define HOST_IRQ_H

#define HOST_IRQ_MAX 128 /* QEMU virt has 95 PLIC sources */

/* Called with the source claimed; it is completed after the handler
 * returns. Handlers take their own device lock, never the scheduler's. */
typedef void (*host_irq_fn)(void *ctx);

void host_irq_init(void);
/* Route source irq to fn; 0 or -1 (irq out of range, or taken). */
int host_irq_register(unsigned int irq, host_irq_fn fn, void *ctx);
/* Claim, dispatch and complete every pending source (boot hart only). */
void host_irq_handle(void);

#endif
