/* SPDX-License-Identifier: MIT */
/* Local fences for the two translation stages (encoded with .insn so the
 * assembler needs no H extension). */
#ifndef TLB_H
#define TLB_H

/* VS-stage entries of the current hgatp.VMID */
static inline void hfence_vvma_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, x0" ::: "memory");
}

/* G-stage entries of every VMID */
static inline void hfence_gvma_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" ::: "memory");
}

#endif
