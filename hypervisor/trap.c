// SPDX-License-Identifier: MIT
#include "console.h"
#include "hart.h"
#include "riscv_csr.h"

struct hyp_frame {
	unsigned long x[32];
	unsigned long sepc, sstatus, scause, stval;
};

void hyp_trap_handler(struct hyp_frame *f);

void hyp_trap_handler(struct hyp_frame *f)
{
	struct hart *h = this_hart();

	/* hlv/hlvx on behalf of a guest: report the fault, skip the insn */
	if (!(f->scause & CAUSE_IRQ_FLAG) && h->fault_expected) {
		h->fault_cause = f->scause;
		f->sepc += 4;
		return;
	}
	hyp_panic("hypervisor trap on hart %lu: scause=0x%lx sepc=0x%lx "
		  "stval=0x%lx ra=0x%lx sp=0x%lx",
		  h->hartid, f->scause, f->sepc, f->stval, f->x[1], f->x[2]);
}
