/* SPDX-License-Identifier: MIT */
/* ns16550a UART as a character device ("ttyS0"): output polled, input by
 * PLIC interrupt when there is a context for vCPU 0, else polled. */
#ifndef GK_NS16550_H
#define GK_NS16550_H

#include <stdint.h>

struct chardev;

/* Registers the UART at base (irq 0: none); NULL if there is none. */
struct chardev *ns16550_probe(uint64_t base, uint64_t size, uint32_t irq);
/* "ns16550a (irq)" or "ns16550a (polled)" */
const char *ns16550_mode(void);

#endif
