/* SPDX-License-Identifier: MIT */
/* IPI with 3 vCPUs: send_ipi to each vCPU alone, with a mask base, with
 * base -1, from every vCPU; each received IPI is a VS software interrupt
 * (scause 0x8000000000000001) counted per vCPU, and every step checks the
 * exact count of each vCPU. vCPU 1 busy-loops, vCPU 2 sleeps in WFI.
 * Invalid masks -> INVALID_PARAM with nothing sent. Ends with a ping-pong
 * between vCPUs 0 and 1. */
#include "smp_rt.h"

const char tg_name[] = "smp_ipi";

#define SSI BIT(IRQ_S_SOFT)
#define NCPU 3
#define WAIT_MS 2000
#define PINGS 200

enum { OP_SEND = 1 };

static struct smp_mbox mbox[NCPU];
static volatile unsigned long send_mask[NCPU], send_base[NCPU];
static volatile unsigned long count[SMP_MAX_CPUS], bad[SMP_MAX_CPUS];
static volatile unsigned long bad_cause;
static volatile unsigned long pong; /* vCPU 1 answers each IPI */
static unsigned long expect[NCPU];

static void on_irq(struct tg_frame *f, unsigned long cause)
{
	unsigned long id = smp_self();

	(void)f;
	if (id >= SMP_MAX_CPUS)
		id = 0;
	if (cause != (CAUSE_IRQ_FLAG | IRQ_S_SOFT)) {
		bad_cause = cause;
		smp_inc(&bad[id]);
		csr_clear(CSR_SIE, BIT(cause & ~CAUSE_IRQ_FLAG));
		return;
	}
	csr_clear(CSR_SIP, SSI);
	smp_inc(&count[id]);
	if (id == 1 && smp_load(&pong))
		smp_send_ipi(1, 0);
}

static void do_command(unsigned long id, unsigned long *last)
{
	struct smp_mbox *m = &mbox[id];

	if (smp_poll(m, last) == OP_SEND)
		smp_ack(m, *last,
			smp_send_ipi(send_mask[id], send_base[id]).error);
}

static void worker(unsigned long id, unsigned long opaque)
{
	unsigned long last = 0;

	(void)opaque;
	csr_write(CSR_SIE, SSI);
	csr_set(CSR_SSTATUS, SR_SIE);
	smp_ack(&mbox[id], 0, 0); /* ready */
	for (;;) {
		if (id == 2) {
			/* SIE = 0 between the check and WFI: a command posted
			 * just before its IPI is not slept through */
			csr_clear(CSR_SSTATUS, SR_SIE);
			if (smp_load(&mbox[id].seq) == last)
				__asm__ volatile("wfi");
			csr_set(CSR_SSTATUS, SR_SIE);
		}
		do_command(id, &last);
	}
}

/* wait for every vCPU to reach expect[] + d[], then for stray extras */
static void check(const char *what, long d0, long d1, long d2)
{
	const long d[NCPU] = {d0, d1, d2};
	unsigned long got[NCPU];
	bool same = true;

	for (unsigned int i = 0; i < NCPU; i++)
		expect[i] += d[i];
	SMP_WAIT(smp_load(&count[0]) >= expect[0] &&
			 smp_load(&count[1]) >= expect[1] &&
			 smp_load(&count[2]) >= expect[2],
		 WAIT_MS);
	smp_delay_ms(30);
	for (unsigned int i = 0; i < NCPU; i++) {
		got[i] = smp_load(&count[i]);
		same = same && got[i] == expect[i];
	}
	tg_ok(same,
	      "%s: IPIs taken by vCPU 0/1/2 = %lu/%lu/%lu # expected "
	      "%lu/%lu/%lu",
	      what, got[0], got[1], got[2], expect[0], expect[1], expect[2]);
	/* continue from what happened */
	for (unsigned int i = 0; i < NCPU; i++)
		expect[i] = got[i];
}

static void send_check(unsigned long mask, unsigned long base, const char *what,
		       long d0, long d1, long d2)
{
	long e = smp_send_ipi(mask, base).error;

	if (!tg_eqi(e, SBI_SUCCESS, "send_ipi(%#lx, %ld) -> 0", mask,
		    (long)base))
		d0 = d1 = d2 = 0;
	check(what, d0, d1, d2);
}

static void remote_send(unsigned long id, unsigned long mask,
			unsigned long base)
{
	send_mask[id] = mask;
	send_base[id] = base;
	if (id == 2) {
		/* vCPU 2 sleeps in WFI: post the command, then wake it */
		unsigned long seq = mbox[id].seq + 1;

		mbox[id].op = OP_SEND;
		smp_store(&mbox[id].seq, seq);
		smp_send_ipi(1UL << 2, 0);
		SMP_WAIT(smp_load(&mbox[id].ack) == seq, WAIT_MS);
		tg_eqi(smp_load(&mbox[id].ack) == seq ? mbox[id].result : -99,
		       SBI_SUCCESS, "vCPU 2: send_ipi(%#lx, %ld) -> 0", mask,
		       (long)base);
		return;
	}
	tg_eqi(smp_call(&mbox[id], OP_SEND, 0, WAIT_MS) ? mbox[id].result : -99,
	       SBI_SUCCESS, "vCPU %lu: send_ipi(%#lx, %ld) -> 0", id, mask,
	       (long)base);
}

static void test_invalid(void)
{
	static const unsigned long bad_args[][2] = {
		{1UL << 3, 0}, /* vCPU 3 does not exist */
		{0x9, 0}, /* vCPUs 0 and 3: nothing may be sent */
		{0x1, 3}, /* base past the last vCPU */
		{0x2, 2}, /* vCPU 3 again, through the base */
		{1UL << 63, 0}, /* vCPU 63 */
		{0x1, ~0UL - 1}, {0x7, 1}, /* 1, 2 and 3 */
	};
	unsigned int i;

	for (i = 0; i < sizeof(bad_args) / sizeof(bad_args[0]); i++)
		tg_eqi(smp_send_ipi(bad_args[i][0], bad_args[i][1]).error,
		       SBI_ERR_INVALID_PARAM,
		       "send_ipi(%#lx, %ld) -> INVALID_PARAM", bad_args[i][0],
		       (long)bad_args[i][1]);
	check("after the invalid masks: nothing sent", 0, 0, 0);
	tg_eqi(smp_send_ipi(0, 0).error, SBI_SUCCESS,
	       "send_ipi(0, 0) (empty mask) -> 0");
	check("empty mask: nothing sent", 0, 0, 0);
}

static void test_pingpong(void)
{
	uint64_t t0, t;
	unsigned int n;

	smp_store(&pong, 1);
	t0 = tg_time();
	for (n = 0; n < PINGS; n++) {
		unsigned long c = smp_load(&count[0]);

		smp_send_ipi(1UL << 1, 0);
		if (!SMP_WAIT(smp_load(&count[0]) != c, WAIT_MS))
			break;
	}
	t = tg_time() - t0;
	smp_store(&pong, 0);
	tg_ok(n == PINGS, "ping-pong vCPU 0 <-> 1: %u of %u round trips", n,
	      PINGS);
	tg_diag("%u round trips in %lu us", n,
		(unsigned long)(t * 1000000 / tg_timebase));
	/* each round trip is one IPI taken by each of them */
	check("after the ping-pong", n, n, 0);
}

void tg_main(void)
{
	unsigned long sip;

	tg_plan(42);
	tg_eqi(smp_nr_cpus(), NCPU, "the DTB lists %d cpus", NCPU);
	tg_eqi(sbi_probe_extension(SBI_EXT_IPI).value, 1, "probe IPI -> 1");
	tg_irq_hook = on_irq;

	/* an IPI to self with SIE = 0 stays pending in sip.SSIP */
	csr_write(CSR_SIE, SSI);
	tg_eqi(smp_send_ipi(1, 0).error, SBI_SUCCESS, "send_ipi(1, 0) -> 0");
	sip = csr_read(CSR_SIP);
	tg_ok(sip & SSI, "with SIE = 0 the IPI shows as sip.SSIP # sip %#lx",
	      sip);
	csr_set(CSR_SSTATUS, SR_SIE);
	check("taken once SIE = 1", 1, 0, 0);

	for (unsigned long i = 1; i < NCPU; i++) {
		if (!tg_eqi(smp_start(i, worker, 0).error, SBI_SUCCESS,
			    "hart_start(%lu) -> 0", i) ||
		    !SMP_WAIT(smp_load(&mbox[i].ack) == 0 &&
				      smp_entry_rec[i].count == 1,
			      WAIT_MS))
			tg_bail("vCPU %lu did not start", i);
	}
	/* let vCPU 2 reach its WFI */
	smp_delay_ms(20);

	send_check(1UL << 0, 0, "to vCPU 0 (self)", 1, 0, 0);
	send_check(1UL << 1, 0, "to vCPU 1 (busy)", 0, 1, 0);
	send_check(1UL << 2, 0, "to vCPU 2 (in WFI)", 0, 0, 1);
	send_check(1UL << 0, 2, "mask 1 base 2 -> vCPU 2", 0, 0, 1);
	send_check(0x3, 1, "mask 3 base 1 -> vCPUs 1, 2", 0, 1, 1);
	send_check(0x5, 0, "mask 5 base 0 -> vCPUs 0, 2", 1, 0, 1);
	send_check(0, ~0UL, "base -1 -> all", 1, 1, 1);
	send_check(0xdead, ~0UL, "base -1, mask ignored -> all", 1, 1, 1);

	remote_send(1, 0x5, 0);
	check("vCPU 1 sends to 0 and 2", 1, 0, 1);
	remote_send(1, 0x1, 1);
	check("vCPU 1 sends to itself", 0, 1, 0);
	remote_send(2, 0, ~0UL);
	/* one to wake vCPU 2, then one each from its broadcast */
	check("vCPU 2 sends to all (base -1)", 1, 1, 2);

	test_invalid();
	test_pingpong();

	tg_eqx(bad[0] + bad[1] + bad[2], 0,
	       "every interrupt taken had scause 0x8000000000000001 # last "
	       "other %#lx",
	       bad_cause);
	csr_clear(CSR_SSTATUS, SR_SIE);
}
