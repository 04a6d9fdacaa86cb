/* SPDX-License-Identifier: MIT */
/* HSM for a one-vCPU guest: status, start errors, retentive and
 * non-retentive suspend and reserved suspend types. hart_stop has its own
 * guest (hsm_stop), since it ends the run. */
#include "tg.h"

const char tg_name[] = "hsm";

#define STI BIT(IRQ_S_TIMER)
#define SSI BIT(IRQ_S_SOFT)
#define NR_TESTS 26

static uint64_t pt_root[512] __attribute__((aligned(4096)));

static void test_status_start(void)
{
	struct sbiret r;

	r = sbi_hart_get_status(tg_hartid);
	tg_ok(r.error == 0 && r.value == SBI_HSM_STATE_STARTED,
	      "hart_get_status(self) -> STARTED # error %ld value %ld", r.error,
	      r.value);
	r = sbi_hart_get_status(tg_hartid + 1);
	tg_eqi(r.error, SBI_ERR_INVALID_PARAM,
	       "hart_get_status(1) -> INVALID_PARAM");
	r = sbi_hart_get_status(~0UL);
	tg_eqi(r.error, SBI_ERR_INVALID_PARAM,
	       "hart_get_status(-1) -> INVALID_PARAM");
	r = sbi_hart_get_status(tg_hartid | (1UL << 32));
	tg_eqi(r.error, SBI_ERR_INVALID_PARAM,
	       "hart_get_status(1 << 32) -> INVALID_PARAM");
	r = sbi_hart_start(tg_hartid, (uintptr_t)tg_resume_entry, 0);
	tg_eqi(r.error, SBI_ERR_ALREADY_AVAILABLE,
	       "hart_start(self) -> ALREADY_AVAILABLE");
	r = sbi_hart_start(tg_hartid + 1, (uintptr_t)tg_resume_entry, 0);
	tg_eqi(r.error, SBI_ERR_INVALID_PARAM,
	       "hart_start(1) -> INVALID_PARAM");
	r = sbi_hart_start(~0UL, (uintptr_t)tg_resume_entry, 0);
	tg_eqi(r.error, SBI_ERR_INVALID_PARAM,
	       "hart_start(-1) -> INVALID_PARAM");
}

static void test_retentive(void)
{
	uint64_t deadline, t;
	unsigned long excs = tg_nr_excs, irqs = tg_nr_irqs;
	struct sbiret r;

	/* woken by the timer with sstatus.SIE = 0 (no trap taken) */
	csr_clear(CSR_SSTATUS, SR_SIE);
	csr_write(CSR_SIE, STI);
	deadline = tg_time() + tg_ms(20);
	sbi_set_timer(deadline);
	r = SBI_CALL3(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND,
		      SBI_HSM_SUSPEND_RET_DEFAULT, 0, 0);
	t = tg_time();
	tg_eqi(r.error, SBI_SUCCESS, "retentive suspend returns 0");
	tg_ok(t >= deadline,
	      "retentive suspend waits for the timer # %ld ticks after the "
	      "deadline",
	      (long)(t - deadline));
	tg_ok(tg_nr_excs == excs && tg_nr_irqs == irqs,
	      "no trap taken during retentive suspend");
	tg_ok(tg_irq_pending(IRQ_S_TIMER), "the timer is pending on return");
	sbi_set_timer(UINT64_MAX);

	/* an interrupt already pending and enabled: returns at once */
	csr_write(CSR_SIE, SSI);
	csr_set(CSR_SIP, SSI);
	t = tg_time();
	r = SBI_CALL3(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND,
		      SBI_HSM_SUSPEND_RET_DEFAULT, 0, 0);
	t = tg_time() - t;
	tg_ok(r.error == 0 && t < tg_ms(500),
	      "retentive suspend with a pending interrupt returns at once "
	      "# error %ld after %lu us",
	      r.error, (unsigned long)(t * 1000000 / tg_timebase));
	csr_clear(CSR_SIP, SSI);
	csr_write(CSR_SIE, 0);
}

/* Reserved and unimplemented platform types (suspend_type is 32 bits wide,
 * the SBI spec has callers leave the upper bits alone, so none are set
 * here). A software interrupt is kept pending so that a wrongly accepted
 * suspend returns at once. */
static void test_types(void)
{
	static const unsigned long bad[] = {
		SBI_HSM_SUSPEND_RET_DEFAULT + 1,
		SBI_HSM_SUSPEND_RET_PLATFORM - 1, /* last reserved type */
		SBI_HSM_SUSPEND_RET_PLATFORM, /* not implemented */
		SBI_HSM_SUSPEND_NON_RET_DEFAULT + 1,
		SBI_HSM_SUSPEND_NON_RET_PLATFORM - 1,
		SBI_HSM_SUSPEND_NON_RET_PLATFORM, /* not implemented */
	};
	unsigned int i;

	csr_write(CSR_SIE, SSI);
	csr_set(CSR_SIP, SSI);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long e = tg_hsm_suspend_nonret(bad[i], 0);

		tg_eqi(e, SBI_ERR_INVALID_PARAM,
		       "suspend type %#lx -> INVALID_PARAM (1 = resumed)",
		       bad[i]);
	}
	csr_clear(CSR_SIP, SSI);
	csr_write(CSR_SIE, 0);
}

static volatile unsigned long early_irqs;

/* a timer that fires before the suspend call: leave interrupts off
 * after the sret and re-arm, so the suspend still has its wake-up */
static void early_timer(struct tg_frame *f, unsigned long cause)
{
	(void)cause;
	early_irqs++;
	f->sstatus &= ~SR_SPIE;
	sbi_set_timer(tg_time() + tg_ms(5));
}

static void test_nonretentive(void)
{
	const unsigned long opaque = 0x0badc0ffee15600dUL;
	uint64_t deadline;
	long e;
	struct sbiret r;

	/* resume address outside RAM; the pending software interrupt makes
	 * a wrongly accepted suspend resume at once (and fault at 0x1000) */
	csr_write(CSR_SIE, SSI);
	csr_set(CSR_SIP, SSI);
	r = SBI_CALL3(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND,
		      SBI_HSM_SUSPEND_NON_RET_DEFAULT, 0x1000, 0);
	csr_clear(CSR_SIP, SSI);
	csr_write(CSR_SIE, 0);
	tg_eqi(r.error, SBI_ERR_INVALID_ADDRESS,
	       "non-retentive suspend to 0x1000 -> INVALID_ADDRESS");

	/* Sv39 identity map of the 1 GiB at 0x80000000: satp must read 0
	 * after the resume */
	pt_root[2] = ((0x80000000UL >> PAGE_SHIFT) << PTE_PPN_SHIFT) | PTE_V |
		     PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | PTE_G;
	csr_write(CSR_SATP,
		  SATP_MODE_SV39 | ((uintptr_t)pt_root >> PAGE_SHIFT));
	__asm__ volatile("sfence.vma" ::: "memory");

	tg_irq_hook = early_timer;
	tg_resume_info.resumed = 0;
	csr_write(CSR_SIE, STI);
	deadline = tg_time() + tg_ms(20);
	sbi_set_timer(deadline);
	csr_set(CSR_SSTATUS, SR_SIE);
	e = tg_hsm_suspend_nonret(SBI_HSM_SUSPEND_NON_RET_DEFAULT, opaque);
	csr_clear(CSR_SSTATUS, SR_SIE);
	/* the resumed hart may have lost sstatus.FS */
	csr_set(CSR_SSTATUS, SR_FS_INITIAL);
	csr_write(CSR_SATP, 0);
	__asm__ volatile("sfence.vma" ::: "memory");
	tg_irq_hook = NULL;
	sbi_set_timer(UINT64_MAX);
	csr_write(CSR_SIE, 0);
	if (early_irqs)
		tg_diag("timer fired before the suspend call: the SIE check "
			"below is weaker");

	tg_eqi(e, 1, "non-retentive suspend resumes at resume_addr");
	tg_eqx(tg_resume_info.a0, tg_hartid, "a0 = hart id on resume");
	tg_eqx(tg_resume_info.a1, opaque, "a1 = opaque on resume");
	tg_eqx(tg_resume_info.satp, 0, "satp = 0 on resume");
	tg_eqx(tg_resume_info.sstatus & SR_SIE, 0, "sstatus.SIE = 0 on resume");
	tg_ok(tg_time() >= deadline, "resumed after the timer deadline");
	tg_ok(sbi_hart_get_status(tg_hartid).value == SBI_HSM_STATE_STARTED,
	      "hart_get_status(self) -> STARTED after the resume");
}

void tg_main(void)
{
	tg_plan(NR_TESTS);
	test_status_start();
	test_retentive();
	test_types();
	test_nonretentive();
}
