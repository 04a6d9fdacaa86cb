/* SPDX-License-Identifier: MIT */
/* Offsets into struct cpu used by trap.S (checked in cpu.h). */
#ifndef GK_CPU_OFFSETS_H
#define GK_CPU_OFFSETS_H

#define CPU_SCRATCH 0
#define CPU_UFRAME 8
#define CPU_KCTX 16 /* ra sp s0..s11 gp: 15 words */
#define CPU_STACK_TOP 136

#endif
