/* SPDX-License-Identifier: MIT */
/* Register frame saved on a trap; offsets shared with trap.S. */
#ifndef GK_TRAPFRAME_H
#define GK_TRAPFRAME_H

/* byte offsets (x0's slot holds sepc) */
#define TF_EPC 0
#define TF_REG(n) ((n)*8)
#define TF_SSTATUS (32 * 8)
#define TF_SCAUSE (33 * 8)
#define TF_STVAL (34 * 8)
#define TF_SIZE (36 * 8)

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trapframe {
	uint64_t epc; /* x0 is never saved: its slot carries sepc */
	uint64_t ra, sp, gp, tp;
	uint64_t t0, t1, t2;
	uint64_t s0, s1;
	uint64_t a0, a1, a2, a3, a4, a5, a6, a7;
	uint64_t s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	uint64_t t3, t4, t5, t6;
	uint64_t sstatus;
	uint64_t scause;
	uint64_t stval;
	uint64_t pad;
};

_Static_assert(sizeof(struct trapframe) == TF_SIZE, "trapframe layout");
_Static_assert(__builtin_offsetof(struct trapframe, a0) == TF_REG(10),
	       "trapframe a0");
_Static_assert(__builtin_offsetof(struct trapframe, sstatus) == TF_SSTATUS,
	       "trapframe sstatus");
#endif

#endif
