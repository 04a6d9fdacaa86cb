// SPDX-License-Identifier: MIT
/* Guest exits, dispatched by scause through two tables. */
#include "console.h"
#include "guest.h"
#include "hart.h"
#include "power.h"
#include "vcpu.h"

/* faults in a row with no progress before a guest counts as storming */
#define VCPU_STORM_LIMIT 100000

typedef void (*vcpu_exit_fn)(struct vcpu *v);

static void exit_forward(struct vcpu *v)
{
	vcpu_inject_exception(v, v->trap.scause, v->trap.stval);
}

static void exit_ecall(struct vcpu *v)
{
	v->storm = 0;
	vcpu_sbi_ecall(v);
}

static void exit_unexpected(struct vcpu *v)
{
	vcpu_stop(v, POWER_GUEST_STOPPED, "unexpected trap to the hypervisor");
}

static const vcpu_exit_fn exception_table[CAUSE_NR_EXCEPTIONS] = {
	[CAUSE_FETCH_ACCESS] = exit_forward,
	[CAUSE_LOAD_ACCESS] = exit_forward,
	[CAUSE_STORE_ACCESS] = exit_forward,
	[CAUSE_VS_ECALL] = exit_ecall,
	[CAUSE_FETCH_GUEST_PAGE_FAULT] = vcpu_guest_page_fault,
	[CAUSE_LOAD_GUEST_PAGE_FAULT] = vcpu_guest_page_fault,
	[CAUSE_VIRTUAL_INSN] = vcpu_virtual_insn,
	[CAUSE_STORE_GUEST_PAGE_FAULT] = vcpu_guest_page_fault,
};

static void irq_timer(struct vcpu *v)
{
	(void)v;
	vcpu_timer_host_irq();
}

/* another hart kicked us: the work is in the vCPU's mailboxes */
static void irq_ipi(struct vcpu *v)
{
	(void)v;
	hart_ipi_clear();
}

/* handled by sched_loop before it took the scheduler lock */
static void irq_external(struct vcpu *v)
{
	(void)v;
}

static const vcpu_exit_fn irq_table[16] = {
	[IRQ_S_SOFT] = irq_ipi,
	[IRQ_S_TIMER] = irq_timer,
	[IRQ_S_EXT] = irq_external,
};

void vcpu_handle_exit(struct vcpu *v)
{
	unsigned long cause = v->trap.scause;
	unsigned long code = cause & ~CAUSE_IRQ_FLAG;
	vcpu_exit_fn fn = NULL;

	if (cause & CAUSE_IRQ_FLAG) {
		if (code < 16) {
			v->exits[VCPU_EXIT_IRQ_BASE + code]++;
			fn = irq_table[code];
		}
		if (!fn)
			hyp_panic("unexpected host interrupt %lu", code);
	} else {
		if (code < CAUSE_NR_EXCEPTIONS) {
			v->exits[code]++;
			fn = exception_table[code];
		}
		/* Trapped before its guest began to stop or reboot (another
		 * hart did that while this vCPU was leaving the guest): the
		 * vCPU is about to be stopped or reset, what it asked for is
		 * void. */
		if (v->vm->state != GUEST_RUNNING)
			return;
		if (!fn)
			fn = exit_unexpected;
	}
	fn(v);
}

/* Deliver an exception to the guest's own trap handler, as if the hardware
 * had taken it in VS-mode. */
void vcpu_inject_exception(struct vcpu *v, unsigned long cause,
			   unsigned long tval)
{
	unsigned long vsstatus = csr_read(CSR_VSSTATUS);
	unsigned long vstvec = csr_read(CSR_VSTVEC);
	unsigned long handler = vstvec & ~3UL;

	v->trap.scause = cause;
	v->trap.stval = tval;
	if (!handler) {
		vcpu_stop(v, POWER_GUEST_STOPPED,
			  "exception with no trap handler (stvec = 0)");
		return;
	}
	if (v->regs.sepc == handler) {
		vcpu_stop(v, POWER_GUEST_STOPPED,
			  "exception at its own trap handler's entry");
		return;
	}
	/* A storm is faults the guest makes no progress after: its handler
	 * faults again before it moved sepc on from the last fault (or it
	 * retries the same instruction for ever). A guest that handled the
	 * last fault has sepc elsewhere by now. */
	if (csr_read(CSR_VSEPC) != v->regs.sepc)
		v->storm = 0;
	if (++v->storm > VCPU_STORM_LIMIT) {
		vcpu_stop(v, POWER_GUEST_STOPPED, "exception storm");
		return;
	}
	/* vsstatus.SPP = the guest mode that trapped; SPIE = SIE; SIE = 0 */
	vsstatus &= ~(SR_SPP | SR_SPIE | SR_SIE);
	if (v->regs.sstatus & SR_SPP)
		vsstatus |= SR_SPP;
	if (csr_read(CSR_VSSTATUS) & SR_SIE)
		vsstatus |= SR_SPIE;
	csr_write(CSR_VSSTATUS, vsstatus);
	csr_write(CSR_VSCAUSE, cause);
	csr_write(CSR_VSTVAL, tval);
	csr_write(CSR_VSEPC, v->regs.sepc);
	v->regs.sepc = handler;
	v->regs.sstatus |= SR_SPP;
	v->regs.hstatus |= HSTATUS_SPVP;
}
