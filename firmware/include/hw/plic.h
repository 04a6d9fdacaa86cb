/* SPDX-License-Identifier: MIT */
/* SiFive PLIC register layout (PLIC spec 1.0.0) as QEMU virt has it: the
 * hypervisor's virtual PLIC and host interrupt code, the guest's driver. */
#ifndef HW_PLIC_H
#define HW_PLIC_H

#define PLIC_PRIORITY_BASE 0x0 /* + 4 * source */
#define PLIC_PENDING_BASE 0x1000
#define PLIC_ENABLE_BASE 0x2000 /* + 0x80 * context */
#define PLIC_ENABLE_STRIDE 0x80
#define PLIC_CONTEXT_BASE 0x200000 /* + 0x1000 * context */
#define PLIC_CONTEXT_STRIDE 0x1000
#define PLIC_CONTEXT_THRESHOLD 0x0
#define PLIC_CONTEXT_CLAIM 0x4 /* read: claim; write: complete */

#define PLIC_PRIORITY(irq) (PLIC_PRIORITY_BASE + 4 * (irq))
#define PLIC_ENABLE(ctx, irq) \
	(PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * (ctx) + 4 * ((irq) / 32))
#define PLIC_THRESHOLD(ctx)                                \
	(PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * (ctx) + \
	 PLIC_CONTEXT_THRESHOLD)
#define PLIC_CLAIM(ctx) \
	(PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * (ctx) + PLIC_CONTEXT_CLAIM)

/* QEMU virt: context 2h is hart h's M-mode, 2h + 1 its S-mode */
#define PLIC_QEMU_S_CONTEXT(hartid) (2 * (hartid) + 1)

#endif
