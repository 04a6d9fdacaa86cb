/* SPDX-License-Identifier: MIT */
/* A virtual hart: its saved registers, VS-level CSRs, FP state and timer. */
#ifndef VCPU_H
#define VCPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "riscv_csr.h"
#include "trace/trace_drain.h"
#include "vcpu_regs.h"

struct guest;
struct hart;

struct vcpu_regs { /* layout fixed by vcpu_regs.h */
	unsigned long x[32];
	unsigned long sepc;
	unsigned long sstatus;
	unsigned long hstatus;
};

struct vcpu_host_regs {
	unsigned long ra, sp, gp, tp;
	unsigned long s[12];
	unsigned long sstatus, hstatus, stvec, sscratch;
};

/* VS-level CSRs while the vCPU is not loaded on a hart */
struct vcpu_csrs {
	unsigned long vsstatus, vsie, vstvec, vsscratch, vsepc, vscause;
	unsigned long vstval, vsatp, hvip, henvcfg;
	unsigned long
		scounteren; /* the guest's: the hypervisor has no U-mode */
	uint64_t vstimecmp;
};

struct vcpu_fp {
	uint64_t f[32];
	uint64_t fcsr;
};

/* tracing: the exit being handled (a slice, written at the next entry)
 * and the guest's own buffer */
struct vcpu_trace {
	uint64_t exit_time; /* 0: no exit open */
	unsigned long cause, pc, tval;
	struct trace_gbuf gbuf;
};

/* the trap that caused the current exit */
struct vcpu_trap {
	unsigned long scause, stval, htval, htinst;
};

struct vcpu {
	struct vcpu_regs regs; /* offset 0: used by vcpu_switch.S */
	struct vcpu_host_regs host; /* VCPU_HOST_* offsets */
	struct guest *vm;
	unsigned int id;
	int hsm_state; /* SBI_HSM_STATE_* */
	bool wfi; /* idle until an enabled interrupt is pending */
	bool loaded;
	int hart; /* index of the hart it is loaded on, or -1 */
	int last_hart; /* where it last ran (TLB and icache state) */
	volatile bool in_guest; /* executing guest code right now */
	/* set from any hart, applied to hvip by the vCPU's own hart */
	unsigned long irq_pending, irq_mask;
	unsigned long requests; /* VCPU_REQ_* */
	uint64_t
		timer_deadline; /* guest's stimecmp when the host has no Sstc */
	struct vcpu_csrs csr;
	struct vcpu_fp fp;
	struct vcpu_trap trap;
	unsigned long storm; /* exceptions injected in a row */
	/* instructions retired in the guest (the world switch left out);
	 * what it reads as instret with counters = "virtual" */
	uint64_t guest_instret;
	struct { /* vcpu_stats.h */
		uint64_t hyp_instret; /* exit to next entry, idle left out */
		unsigned long exit_at; /* instret at the last exit */
		uint64_t idle_at; /* the hart's idle instret then */
		struct hart *hart; /* where it last exited, NULL before */
	} stats;
	uint64_t exits[CAUSE_NR_EXCEPTIONS + 16]; /* [cause] or [24 + irq] */
	struct vcpu_trace tr;
};

_Static_assert(offsetof(struct vcpu, regs.sepc) == VCPU_GUEST_SEPC, "sepc");
_Static_assert(offsetof(struct vcpu, regs.sstatus) == VCPU_GUEST_SSTATUS, "ss");
_Static_assert(offsetof(struct vcpu, regs.hstatus) == VCPU_GUEST_HSTATUS, "hs");
_Static_assert(offsetof(struct vcpu, host.ra) == VCPU_HOST_RA, "host ra");
_Static_assert(offsetof(struct vcpu, host.s) == VCPU_HOST_S(0), "host s");
_Static_assert(offsetof(struct vcpu, host.sstatus) == VCPU_HOST_SSTATUS, "hss");
_Static_assert(offsetof(struct vcpu, host.sscratch) == VCPU_HOST_SSCRATCH,
	       "hsscratch");

#define VCPU_EXIT_IRQ_BASE CAUSE_NR_EXCEPTIONS

/* GPR access by number (x0 reads 0, writes are dropped) */
static inline unsigned long vcpu_get_reg(const struct vcpu *v, unsigned int n)
{
	return n ? v->regs.x[n & 31] : 0;
}

static inline void vcpu_set_reg(struct vcpu *v, unsigned int n,
				unsigned long val)
{
	if (n)
		v->regs.x[n & 31] = val;
}

#define REG_A0 10

/* work a vCPU's hart does before it next enters the guest */
#define VCPU_REQ_FENCE_I BIT(0)
#define VCPU_REQ_HFENCE_VVMA BIT(1) /* flush VS-stage TLB for the VMID */
#define VCPU_REQ_HFENCE_GVMA BIT(2)

/* vcpu.c */
void vcpu_init(struct vcpu *v, struct guest *vm, unsigned int id);
void vcpu_reset(struct vcpu *v, unsigned long pc, unsigned long a0,
		unsigned long a1);
void vcpu_load(struct vcpu *v);
void vcpu_put(struct vcpu *v);
bool vcpu_irq_pending(struct vcpu *v);
void vcpu_irq_raise(struct vcpu *v, unsigned long bits);
void vcpu_irq_lower(struct vcpu *v, unsigned long bits);
void vcpu_kick(struct vcpu *v);
void vcpu_request(struct vcpu *v, unsigned long req);
void vcpu_enter(struct vcpu *v);
bool vcpu_runnable(struct vcpu *v);
void vcpu_stop(struct vcpu *v, int status, const char *why);
void vcpu_report(struct vcpu *v, const char *what);
const char *vcpu_cause_name(unsigned long cause);

/* vcpu_exit.c */
void vcpu_handle_exit(struct vcpu *v);
void vcpu_inject_exception(struct vcpu *v, unsigned long cause,
			   unsigned long tval);

/* vcpu_insn.c */
void vcpu_virtual_insn(struct vcpu *v);
unsigned long vcpu_counter_hcounteren(const struct vcpu *v);
int vcpu_read_insn(struct vcpu *v, unsigned long pc, uint32_t *insn);

/* vcpu_mmio.c */
void vcpu_guest_page_fault(struct vcpu *v);

/* vcpu_timer.c */
void vcpu_timer_set(struct vcpu *v, uint64_t when);
/* Sstc: writes vstimecmp so that a future deadline leaves no VSTIP behind
 * (works around QEMU 7.2, see vcpu_timer.c). */
void vcpu_timer_write_vstimecmp(uint64_t when);
void vcpu_timer_host_irq(void);
/* before a guest entry: works around a QEMU 7.2 race (vcpu_timer.c) */
void vcpu_timer_resync(void);
void vcpu_timer_host_irq_rearm(void); /* arm the host timer for all vCPUs */
void vcpu_timer_changed(void);
uint64_t vcpu_timer_next(const struct vcpu *v);

/* vcpu_sbi.c */
void vcpu_sbi_ecall(struct vcpu *v);

#endif
