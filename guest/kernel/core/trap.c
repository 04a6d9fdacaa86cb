/* SPDX-License-Identifier: MIT */
/* Interrupts, and traps taken while the kernel itself runs (those are
 * bugs, except interrupts). Traps from U-mode return into uthread_poll. */
#include "core/trap.h"

#include "core/cpu.h"
#include "base/printk.h"
#include "riscv_csr.h"
#include "core/timer.h"

static void (*trap_ext_handler)(void);

void trap_set_external(void (*handler)(void))
{
	trap_ext_handler = handler;
}

void trap_init_cpu(void)
{
	csr_write(CSR_SSCRATCH, 0);
	csr_write(CSR_STVEC, (unsigned long)trap_entry);
	/* user programs read cycle/time/instret directly */
	csr_write(CSR_SCOUNTEREN, 7);
}

void trap_irq(unsigned long cause)
{
	struct cpu *c = this_cpu();

	c->in_irq++;
	switch (cause & ~CAUSE_IRQ_FLAG) {
	case IRQ_S_TIMER:
		timer_irq();
		break;
	case IRQ_S_SOFT:
		/* an IPI only wakes the vCPU; its run queue says the rest */
		csr_clear(CSR_SIP, MIP_SSIP);
		break;
	case IRQ_S_EXT:
		if (trap_ext_handler) {
			trap_ext_handler();
			break;
		}
		/* nobody to claim it: treated as spurious */
		__attribute__((fallthrough));
	default:
		kprintf("gk: spurious interrupt %lu on cpu %u\n", cause & 0xff,
			this_cpu()->id);
		csr_clear(CSR_SIE, BIT(cause & 0x3f));
		break;
	}
	c->in_irq--;
}

void trap_kernel(struct trapframe *tf)
{
	if (tf->scause & CAUSE_IRQ_FLAG) {
		trap_irq(tf->scause);
		return;
	}
	panic("kernel trap: cause %lu epc 0x%lx tval 0x%lx ra 0x%lx sp 0x%lx "
	      "cpu %u",
	      (unsigned long)tf->scause, (unsigned long)tf->epc,
	      (unsigned long)tf->stval, (unsigned long)tf->ra,
	      (unsigned long)tf->sp, this_cpu()->id);
}
