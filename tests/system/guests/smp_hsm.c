/* SPDX-License-Identifier: MIT */
/* HSM with several vCPUs (3, bootargs tg.cpus=3): the state machine and
 * every error, the registers a started hart gets, stop and restart,
 * retentive and non-retentive suspend of a secondary woken by an IPI,
 * reserved suspend types, and hart 0 suspended and woken by a secondary.
 * tg.mode=stopall: hart 0 stops itself, hart 1 restarts it at a new
 * address, stops it again and stops itself: the guest ends with status 3. */
#include <string.h>
#include "smp_rt.h"

const char tg_name[] = "smp_hsm";

#define SSI BIT(IRQ_S_SOFT)
#define MAGIC1 0x1111cafe0000babeUL
#define MAGIC2 0x2222cafe0000babeUL
#define MAGIC3 0x3333cafe0000babeUL
#define MAGIC4 0x4444cafe0000babeUL
#define MAGIC0 0x0000cafe0000babeUL
#define WAIT_MS 3000

enum {
	OP_STOP = 1, /* make state dirty (satp, SIE), then hart_stop */
	OP_SUSP_RET, /* retentive suspend, SIE = 0; result = error */
	OP_SUSP_NONRET, /* non-retentive suspend; result = 1 if resumed */
	OP_BAD_TYPES, /* reserved suspend types; result = bitmap of ok */
	OP_BAD_RESUME, /* non-retentive to 0x1000; result = error */
	OP_START, /* hart_start(arg); result = error */
	OP_STATUS, /* hart_get_status(arg) */
	OP_WAKE, /* wait until arg is SUSPENDED, IPI it; result =
			 * status seen */
};

static struct smp_mbox mbox[SMP_MAX_CPUS];
static volatile unsigned long alive[SMP_MAX_CPUS];
static volatile unsigned long irqs[SMP_MAX_CPUS];
static volatile unsigned long stop_returned[SMP_MAX_CPUS];
static struct tg_resume_info resumed_with;

static void count_irq(struct tg_frame *f, unsigned long cause)
{
	unsigned long id = smp_self();

	(void)f;
	if (id < SMP_MAX_CPUS)
		smp_inc(&irqs[id]);
	csr_clear(CSR_SIE, BIT(cause & ~CAUSE_IRQ_FLAG));
}

static const unsigned long bad_types[] = {
	SBI_HSM_SUSPEND_RET_DEFAULT + 1,
	SBI_HSM_SUSPEND_RET_PLATFORM, /* platform type, not implemented */
	0x7fffffff,
	SBI_HSM_SUSPEND_NON_RET_DEFAULT + 1,
	SBI_HSM_SUSPEND_NON_RET_PLATFORM, /* not implemented */
	SBI_HSM_SUSPEND_NON_RET_LAST,
};
#define NR_BAD (sizeof(bad_types) / sizeof(bad_types[0]))

/* a wrongly accepted suspend must not hang: keep an interrupt pending */
static long bad_types_run(void)
{
	long ok = 0;

	csr_clear(CSR_SSTATUS, SR_SIE);
	csr_write(CSR_SIE, SSI);
	csr_set(CSR_SIP, SSI);
	for (unsigned int i = 0; i < NR_BAD; i++)
		if (tg_hsm_suspend_nonret(bad_types[i], 0) ==
		    SBI_ERR_INVALID_PARAM)
			ok |= 1L << i;
	csr_set(CSR_SSTATUS, SR_FS_INITIAL);
	csr_clear(CSR_SIP, SSI);
	csr_write(CSR_SIE, 0);
	return ok;
}

static long bad_resume_run(void)
{
	struct sbiret r;

	csr_write(CSR_SIE, SSI);
	csr_set(CSR_SIP, SSI);
	r = smp_suspend(SBI_HSM_SUSPEND_NON_RET_DEFAULT, 0x1000, 0);
	csr_clear(CSR_SIP, SSI);
	csr_write(CSR_SIE, 0);
	return r.error;
}

static long nonret_run(void)
{
	long e;

	csr_write(CSR_SATP, smp_identity_satp());
	__asm__ volatile("sfence.vma" ::: "memory");
	csr_write(CSR_SIE, SSI);
	csr_set(CSR_SSTATUS, SR_SIE);
	e = tg_hsm_suspend_nonret(SBI_HSM_SUSPEND_NON_RET_DEFAULT, MAGIC3);
	csr_clear(CSR_SSTATUS, SR_SIE);
	csr_set(CSR_SSTATUS, SR_FS_INITIAL);
	memcpy(&resumed_with, (const void *)&tg_resume_info,
	       sizeof(resumed_with));
	csr_write(CSR_SATP, 0);
	__asm__ volatile("sfence.vma" ::: "memory");
	csr_clear(CSR_SIP, SSI);
	csr_write(CSR_SIE, 0);
	return e;
}

static void worker(unsigned long id, unsigned long opaque)
{
	struct smp_mbox *m = &mbox[id];
	unsigned long last = smp_load(&m->seq), op;
	struct sbiret r;
	long res;

	(void)opaque;
	for (;;) {
		smp_inc(&alive[id]);
		op = smp_poll(m, &last);
		if (!op)
			continue;
		res = 0;
		switch (op) {
		case OP_STOP:
			/* leave state a restart must not keep */
			csr_write(CSR_SATP, smp_identity_satp());
			__asm__ volatile("sfence.vma" ::: "memory");
			csr_write(CSR_SIE, SSI);
			csr_set(CSR_SSTATUS, SR_SIE);
			r = smp_hart_stop();
			csr_clear(CSR_SSTATUS, SR_SIE);
			smp_store(&stop_returned[id], 1);
			res = r.error;
			break;
		case OP_SUSP_RET:
			csr_clear(CSR_SSTATUS, SR_SIE);
			csr_write(CSR_SIE, SSI);
			r = smp_suspend(SBI_HSM_SUSPEND_RET_DEFAULT, 0, 0);
			csr_clear(CSR_SIP, SSI);
			csr_write(CSR_SIE, 0);
			res = r.error;
			break;
		case OP_SUSP_NONRET:
			res = nonret_run();
			break;
		case OP_BAD_TYPES:
			res = bad_types_run();
			break;
		case OP_BAD_RESUME:
			res = bad_resume_run();
			break;
		case OP_START:
			res = smp_start(m->arg, worker, MAGIC4).error;
			break;
		case OP_STATUS:
			res = smp_status(m->arg);
			break;
		case OP_WAKE:
			SMP_WAIT(smp_status(m->arg) == SBI_HSM_STATE_SUSPENDED,
				 WAIT_MS);
			res = smp_status(m->arg);
			smp_send_ipi(1UL << m->arg, 0);
			break;
		}
		smp_ack(m, last, res);
	}
}

static bool frozen(unsigned long id)
{
	unsigned long a = smp_load(&alive[id]);

	smp_delay_ms(50);
	return smp_load(&alive[id]) == a;
}

static bool moving(unsigned long id)
{
	unsigned long a = smp_load(&alive[id]);

	return SMP_WAIT(smp_load(&alive[id]) != a, WAIT_MS);
}

/* the registers hart id saw at its n-th entry */
static void check_entry(unsigned long id, unsigned long n, unsigned long ep,
			unsigned long opaque, const char *what)
{
	volatile struct smp_entry_rec *e = &smp_entry_rec[id];

	if (!tg_ok(SMP_WAIT(smp_load(&e->count) >= n, WAIT_MS),
		   "%s: vCPU %lu entered (entry count %lu)", what, id,
		   smp_load(&e->count))) {
		tg_bail("vCPU %lu did not start", id);
	}
	tg_eqx(e->entry, ep, "%s: entered at start address %lu", what, ep);
	tg_eqx(e->a0, id, "%s: a0 = hart id", what);
	tg_eqx(e->a1, opaque, "%s: a1 = opaque", what);
	tg_eqx(e->satp, 0, "%s: satp = 0", what);
	tg_eqx(e->sstatus & SR_SIE, 0, "%s: sstatus.SIE = 0", what);
}

#define CALL(id, op, arg)                                            \
	do {                                                         \
		if (!smp_call(&mbox[id], op, arg, WAIT_MS))          \
			tg_diag("vCPU %d did not answer command %d", \
				(int)(id), (int)(op));               \
	} while (0)

static void test_errors(unsigned int n)
{
	uint64_t ram_end = tg_ram_base + tg_ram_size;
	static const char *const st_name[] = {"STARTED", "STOPPED", "STOPPED",
					      "STOPPED"};

	for (unsigned int i = 0; i < 3; i++)
		tg_eqi(smp_status(i),
		       i ? SBI_HSM_STATE_STOPPED : SBI_HSM_STATE_STARTED,
		       "hart_get_status(%u) -> %s at boot", i, st_name[i]);
	tg_eqi(smp_status(n), SBI_ERR_INVALID_PARAM,
	       "hart_get_status(%u) (no such vCPU) -> INVALID_PARAM", n);
	tg_eqi(smp_status(~0UL), SBI_ERR_INVALID_PARAM,
	       "hart_get_status(-1) -> INVALID_PARAM");
	tg_eqi(sbi_hart_start(0, (uintptr_t)smp_start1, 0).error,
	       SBI_ERR_ALREADY_AVAILABLE,
	       "hart_start(0 = self) -> "
	       "ALREADY_AVAILABLE");
	tg_eqi(sbi_hart_start(n, (uintptr_t)smp_start1, 0).error,
	       SBI_ERR_INVALID_PARAM, "hart_start(%u) -> INVALID_PARAM", n);
	tg_eqi(sbi_hart_start(~0UL, (uintptr_t)smp_start1, 0).error,
	       SBI_ERR_INVALID_PARAM, "hart_start(-1) -> INVALID_PARAM");
	tg_eqi(sbi_hart_start(1UL << 32 | 1, (uintptr_t)smp_start1, 0).error,
	       SBI_ERR_INVALID_PARAM,
	       "hart_start(1 << 32 | 1) -> INVALID_PARAM");
	tg_eqi(sbi_hart_start(1, 0x1000, 0).error, SBI_ERR_INVALID_ADDRESS,
	       "hart_start(1, 0x1000) -> INVALID_ADDRESS");
	tg_eqi(sbi_hart_start(1, 0x10000000, 0).error, SBI_ERR_INVALID_ADDRESS,
	       "hart_start(1, UART 0x10000000) -> INVALID_ADDRESS");
	tg_eqi(sbi_hart_start(1, tg_ram_base - 4, 0).error,
	       SBI_ERR_INVALID_ADDRESS,
	       "hart_start(1, RAM base - 4) -> INVALID_ADDRESS");
	tg_eqi(sbi_hart_start(1, ram_end, 0).error, SBI_ERR_INVALID_ADDRESS,
	       "hart_start(1, RAM end %#lx) -> INVALID_ADDRESS",
	       (unsigned long)ram_end);
	tg_eqi(sbi_hart_start(1, ~0UL - 3, 0).error, SBI_ERR_INVALID_ADDRESS,
	       "hart_start(1, -4) -> INVALID_ADDRESS");
	smp_delay_ms(20);
	tg_ok(smp_status(1) == SBI_HSM_STATE_STOPPED &&
		      smp_entry_rec[1].count == 0,
	      "vCPU 1 still STOPPED and never entered after the failed starts");
}

static void test_start_stop(void)
{
	struct sbiret r;

	r = smp_start(1, worker, MAGIC1);
	tg_eqi(r.error, SBI_SUCCESS, "hart_start(1, smp_start1, opaque) -> 0");
	check_entry(1, 1, 1, MAGIC1, "first start");
	tg_ok(moving(1), "vCPU 1 runs");
	tg_eqi(smp_status(1), SBI_HSM_STATE_STARTED,
	       "hart_get_status(1) -> STARTED");
	tg_eqi(smp_status(2), SBI_HSM_STATE_STOPPED,
	       "hart_get_status(2) -> STOPPED while 1 runs");
	tg_eqi(sbi_hart_start(1, (uintptr_t)smp_start2, 0).error,
	       SBI_ERR_ALREADY_AVAILABLE,
	       "hart_start(1) while started -> ALREADY_AVAILABLE");

	/* vCPU 1 sets satp and SIE, then stops */
	mbox[1].op = OP_STOP;
	smp_store(&mbox[1].seq, mbox[1].seq + 1);
	tg_ok(SMP_WAIT(smp_status(1) == SBI_HSM_STATE_STOPPED, WAIT_MS),
	      "vCPU 1 after hart_stop -> STOPPED (status %ld)", smp_status(1));
	tg_ok(frozen(1), "vCPU 1 no longer runs after hart_stop");
	tg_eqx(stop_returned[1], 0, "hart_stop did not return");
	tg_eqi(smp_send_ipi(1UL << 1, 0).error, SBI_SUCCESS,
	       "send_ipi to the stopped vCPU 1 -> 0");
	smp_delay_ms(30);
	tg_ok(smp_status(1) == SBI_HSM_STATE_STOPPED &&
		      smp_entry_rec[1].count == 1 && frozen(1),
	      "an IPI does not start a stopped vCPU");

	/* restart at the other entry point: fresh state */
	r = sbi_hart_start(1, (uintptr_t)smp_start2, MAGIC2);
	tg_eqi(r.error, SBI_SUCCESS, "hart_start(1, smp_start2) again -> 0");
	check_entry(1, 2, 2, MAGIC2, "restart after hart_stop");
	tg_ok(moving(1), "vCPU 1 runs again");
	tg_eqi(smp_status(1), SBI_HSM_STATE_STARTED,
	       "hart_get_status(1) -> STARTED after the restart");

	/* a secondary starts another one */
	CALL(1, OP_START, 2);
	tg_eqi(mbox[1].result, SBI_SUCCESS, "vCPU 1: hart_start(2) -> 0");
	check_entry(2, 1, 1, MAGIC4, "started by vCPU 1");
	tg_ok(moving(2), "vCPU 2 runs");
	CALL(1, OP_STATUS, 2);
	tg_eqi(mbox[1].result, SBI_HSM_STATE_STARTED,
	       "vCPU 1: hart_get_status(2) -> STARTED");
	CALL(2, OP_STATUS, 0);
	tg_eqi(mbox[2].result, SBI_HSM_STATE_STARTED,
	       "vCPU 2: hart_get_status(0) -> STARTED");
	CALL(2, OP_START, 1);
	tg_eqi(mbox[2].result, SBI_ERR_ALREADY_AVAILABLE,
	       "vCPU 2: hart_start(1) -> ALREADY_AVAILABLE");
}

static void test_suspend(void)
{
	unsigned long seq, irqs_before;
	struct sbiret r;

	/* retentive: SUSPENDED until an IPI, then hart_suspend returns 0 */
	seq = mbox[1].seq + 1;
	mbox[1].op = OP_SUSP_RET;
	smp_store(&mbox[1].seq, seq);
	tg_ok(SMP_WAIT(smp_status(1) == SBI_HSM_STATE_SUSPENDED, WAIT_MS),
	      "retentive suspend: hart_get_status(1) -> SUSPENDED (%ld)",
	      smp_status(1));
	tg_ok(frozen(1), "a suspended vCPU does not run");
	tg_eqi(sbi_hart_start(1, (uintptr_t)smp_start1, 0).error,
	       SBI_ERR_ALREADY_AVAILABLE,
	       "hart_start(1) while suspended -> ALREADY_AVAILABLE");
	tg_eqi(smp_status(1), SBI_HSM_STATE_SUSPENDED,
	       "still SUSPENDED after that hart_start");
	tg_eqi(smp_send_ipi(1UL << 1, 0).error, 0, "IPI to vCPU 1 -> 0");
	tg_ok(SMP_WAIT(smp_load(&mbox[1].ack) == seq, WAIT_MS),
	      "the IPI resumes vCPU 1");
	tg_eqi(mbox[1].result, SBI_SUCCESS,
	       "retentive hart_suspend returned 0");
	tg_eqi(smp_status(1), SBI_HSM_STATE_STARTED,
	       "hart_get_status(1) -> STARTED after the resume");

	/* non-retentive, with satp set and SIE = 1 before the call */
	seq = mbox[1].seq + 1;
	irqs_before = smp_load(&irqs[1]);
	mbox[1].op = OP_SUSP_NONRET;
	smp_store(&mbox[1].seq, seq);
	tg_ok(SMP_WAIT(smp_status(1) == SBI_HSM_STATE_SUSPENDED, WAIT_MS),
	      "non-retentive suspend: hart_get_status(1) -> SUSPENDED (%ld)",
	      smp_status(1));
	tg_ok(frozen(1), "vCPU 1 does not run while suspended");
	smp_send_ipi(1UL << 1, 0);
	tg_ok(SMP_WAIT(smp_load(&mbox[1].ack) == seq, WAIT_MS),
	      "the IPI resumes vCPU 1 (non-retentive)");
	tg_eqi(mbox[1].result, 1, "vCPU 1 resumed at resume_addr");
	tg_eqx(resumed_with.a0, 1, "resume: a0 = hart id");
	tg_eqx(resumed_with.a1, MAGIC3, "resume: a1 = opaque");
	tg_eqx(resumed_with.satp, 0, "resume: satp = 0 (was Sv39)");
	tg_eqx(resumed_with.sstatus & SR_SIE, 0,
	       "resume: sstatus.SIE = 0 (was 1)");
	tg_eqx(irqs[1] - irqs_before, 0,
	       "no interrupt taken before the resume code ran");
	tg_eqi(smp_status(1), SBI_HSM_STATE_STARTED,
	       "hart_get_status(1) -> STARTED after the non-retentive resume");

	/* reserved types and a bad resume address, from a secondary */
	CALL(2, OP_BAD_TYPES, 0);
	for (unsigned int i = 0; i < NR_BAD; i++)
		tg_ok(mbox[2].result & (1L << i),
		      "vCPU 2: suspend type %#lx -> INVALID_PARAM",
		      bad_types[i]);
	CALL(2, OP_BAD_RESUME, 0);
	tg_eqi(mbox[2].result, SBI_ERR_INVALID_ADDRESS,
	       "vCPU 2: non-retentive suspend to 0x1000 -> INVALID_ADDRESS");
	tg_eqi(smp_status(2), SBI_HSM_STATE_STARTED,
	       "vCPU 2 still STARTED after the rejected suspends");

	/* hart 0 suspends; vCPU 2 sees it SUSPENDED and wakes it */
	seq = mbox[2].seq + 1;
	mbox[2].op = OP_WAKE;
	mbox[2].arg = 0;
	smp_store(&mbox[2].seq, seq);
	csr_clear(CSR_SSTATUS, SR_SIE);
	csr_write(CSR_SIE, SSI);
	r = smp_suspend(SBI_HSM_SUSPEND_RET_DEFAULT, 0, 0);
	csr_clear(CSR_SIP, SSI);
	csr_write(CSR_SIE, 0);
	tg_eqi(r.error, SBI_SUCCESS, "vCPU 0: retentive suspend returned 0");
	tg_ok(SMP_WAIT(smp_load(&mbox[2].ack) == seq, WAIT_MS),
	      "vCPU 2 finished waking vCPU 0");
	tg_eqi(mbox[2].result, SBI_HSM_STATE_SUSPENDED,
	       "vCPU 2 saw vCPU 0 SUSPENDED");
}

static void main_mode(unsigned int n)
{
	tg_plan(83);
	/* counts interrupts a test did not want taken */
	tg_irq_hook = count_irq;
	tg_eqi(n, 3, "the DTB lists 3 cpus");
	test_errors(n);
	test_start_stop();
	test_suspend();

	/* stop vCPU 1; leave vCPU 2 running: the shutdown must end it */
	mbox[1].op = OP_STOP;
	smp_store(&mbox[1].seq, mbox[1].seq + 1);
	tg_ok(SMP_WAIT(smp_status(1) == SBI_HSM_STATE_STOPPED, WAIT_MS),
	      "vCPU 1 STOPPED at the end");
	tg_ok(moving(2), "vCPU 2 still runs at shutdown");
}

/* stopall: hart 1 restarts and stops hart 0, then stops itself */
static volatile unsigned long hart0_stop;

static void hart0_again(unsigned long id, unsigned long opaque)
{
	(void)id;
	(void)opaque;
	while (!smp_load(&hart0_stop))
		smp_inc(&alive[0]);
	/* returning to smp_secondary_main: hart_stop */
}

static void stopall_worker(unsigned long id, unsigned long opaque)
{
	(void)id;
	(void)opaque;
	tg_ok(SMP_WAIT(smp_status(0) == SBI_HSM_STATE_STOPPED, WAIT_MS),
	      "vCPU 1: vCPU 0 STOPPED after its hart_stop (%ld)",
	      smp_status(0));
	tg_eqi(smp_start(0, hart0_again, MAGIC0).error, SBI_SUCCESS,
	       "vCPU 1: hart_start(0, smp_start1) -> 0");
	check_entry(0, 1, 1, MAGIC0, "vCPU 0 restarted");
	tg_ok(moving(0), "vCPU 0 runs again");
	tg_eqi(smp_status(0), SBI_HSM_STATE_STARTED,
	       "vCPU 1: hart_get_status(0) -> STARTED");
	tg_eqi(smp_status(2), SBI_HSM_STATE_STOPPED,
	       "vCPU 1: hart_get_status(2) -> STOPPED (never started)");
	smp_store(&hart0_stop, 1);
	tg_ok(SMP_WAIT(smp_status(0) == SBI_HSM_STATE_STOPPED, WAIT_MS),
	      "vCPU 1: vCPU 0 STOPPED again after its second hart_stop");
	tg_printf("tg: smp_hsm vCPU 1 calling hart_stop\n");
	smp_hart_stop();
	tg_bail("hart_stop returned on vCPU 1");
}

static void stopall_mode(void)
{
	struct sbiret r;

	tg_plan(13);
	r = smp_start(1, stopall_worker, 0);
	tg_eqi(r.error, SBI_SUCCESS, "hart_start(1) -> 0");
	tg_printf("tg: smp_hsm vCPU 0 calling hart_stop\n");
	r = smp_hart_stop();
	tg_bail("hart_stop returned on vCPU 0 (error %ld)", r.error);
}

void tg_main(void)
{
	char mode[16] = "main";

	tg_arg("tg.mode", mode, sizeof(mode));
	if (!strcmp(mode, "stopall"))
		stopall_mode();
	else
		main_mode(smp_nr_cpus());
}
