/* SPDX-License-Identifier: MIT */
/* C side of the trap vector: interrupts go to a hook, exceptions to a hook
 * or to the one-shot catch used by fault tests. */
#include "tg.h"

volatile tg_irq_fn tg_irq_hook;
volatile tg_exc_fn tg_exc_hook;
volatile unsigned long tg_nr_irqs, tg_nr_excs;

static volatile bool tg_catch_armed;
static volatile struct tg_trap tg_caught;

void tg_trap(struct tg_frame *f);

unsigned int tg_insn_len(unsigned long pc)
{
	/* 16-bit parcels: low bits 11 mark a 32-bit instruction */
	return (*(volatile uint16_t *)pc & 3) == 3 ? 4 : 2;
}

void tg_catch_begin(void)
{
	tg_caught.taken = false;
	tg_caught.cause = tg_caught.tval = tg_caught.epc = 0;
	__asm__ volatile("" ::: "memory");
	tg_catch_armed = true;
	__asm__ volatile("" ::: "memory");
}

struct tg_trap tg_catch_end(void)
{
	struct tg_trap t;

	__asm__ volatile("" ::: "memory");
	tg_catch_armed = false;
	t.taken = tg_caught.taken;
	t.cause = tg_caught.cause;
	t.tval = tg_caught.tval;
	t.epc = tg_caught.epc;
	return t;
}

static bool tg_pc_in_image(unsigned long pc)
{
	return pc >= (unsigned long)tg_image_start &&
	       pc < (unsigned long)tg_image_end;
}

static volatile unsigned long tg_probe_cause;
static volatile bool tg_probing;

bool tg_irq_pending(unsigned int irq)
{
	unsigned long sie = csr_read(CSR_SIE);
	unsigned long sstatus = csr_read(CSR_SSTATUS);

	csr_clear(CSR_SSTATUS, SR_SIE);
	tg_probe_cause = 0;
	tg_probing = true;
	csr_set(CSR_SIE, BIT(irq));
	csr_set(CSR_SSTATUS, SR_SIE);
	__asm__ volatile("nop; nop; nop; nop" ::: "memory");
	csr_clear(CSR_SSTATUS, SR_SIE);
	tg_probing = false;
	csr_write(CSR_SIE, sie);
	csr_set(CSR_SSTATUS, sstatus & SR_SIE);
	return tg_probe_cause == (CAUSE_IRQ_FLAG | irq);
}

void tg_trap(struct tg_frame *f)
{
	if (f->scause & CAUSE_IRQ_FLAG) {
		if (tg_probing) {
			tg_probe_cause = f->scause;
			csr_clear(CSR_SIE, BIT(f->scause & ~CAUSE_IRQ_FLAG));
			return;
		}
		tg_nr_irqs++;
		if (tg_irq_hook) {
			tg_irq_hook(f, f->scause);
			return;
		}
		tg_bail("unexpected interrupt scause=%#lx sepc=%#lx", f->scause,
			f->sepc);
	}
	tg_nr_excs++;
	if (tg_exc_hook && tg_exc_hook(f))
		return;
	if (tg_catch_armed && tg_pc_in_image(f->sepc)) {
		tg_catch_armed = false;
		tg_caught.taken = true;
		tg_caught.cause = f->scause;
		tg_caught.tval = f->stval;
		tg_caught.epc = f->sepc;
		f->sepc += tg_insn_len(f->sepc);
		return;
	}
	tg_bail("unexpected exception scause=%lu sepc=%#lx stval=%#lx",
		f->scause, f->sepc, f->stval);
}
