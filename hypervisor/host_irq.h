/* SPDX-License-Identifier: MIT */
/* The host PLIC, used for the host UART's receive interrupt only. */
#ifndef HOST_IRQ_H
#define HOST_IRQ_H

void host_irq_init(void);
void host_irq_handle(void);

#endif
