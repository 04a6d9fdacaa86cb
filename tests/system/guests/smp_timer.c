/* SPDX-License-Identifier: MIT */
/* Lost timer interrupts: many short SBI timers, each waited for in a WFI
 * loop. A timer is lost when, past its deadline, the guest keeps waking
 * from WFI (an interrupt pending) without taking it, or when it wakes
 * nobody. Modes (bootargs tg.mode):
 *   burst: vCPU 0 alone (vCPU 1 stays stopped). Up to around its
 *     deadline it keeps writing sip (each write makes QEMU recompute the
 *     hart's interrupt state), then sleeps. A lost interrupt is repaired
 *     by one more sip write, so the run goes on and counts them.
 *   pingpong: vCPUs 0 and 1 take turns. vCPU 0 arms a short timer, wakes
 *     vCPU 1 with an IPI and sleeps; vCPU 1 sends vCPU 0 an IPI that does
 *     not wake it (SSIE off there; the hypervisor's state changes all the
 *     same) and sleeps with a BACKSTOP_MS timer. A timer of vCPU 0 that
 *     wakes nobody shows as vCPU 1 woken by its backstop.
 * tg.ms: how long the rounds go on; the worst lateness is printed only. */
#include "smp_rt.h"

const char tg_name[] = "smp_timer";

#define STI BIT(IRQ_S_TIMER)
#define SSI BIT(IRQ_S_SOFT)
#define LOST_SPINS 1000
#define BACKSTOP_MS 1000

struct vstate {
	volatile unsigned long fired, ssi;
	volatile uint64_t fired_at;
	unsigned long rounds, lost, backstops;
	uint64_t max_late;
};

static struct vstate vs[2];
static volatile unsigned long stop;
static uint64_t rnd_state;

static uint64_t rnd(void)
{
	rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return rnd_state >> 33;
}

static void on_irq(struct tg_frame *f, unsigned long cause)
{
	struct vstate *s = &vs[smp_self() & 1];

	(void)f;
	if (cause == (CAUSE_IRQ_FLAG | IRQ_S_TIMER)) {
		s->fired_at = tg_time();
		s->fired = 1;
		sbi_set_timer(UINT64_MAX);
	} else if (cause == (CAUSE_IRQ_FLAG | IRQ_S_SOFT)) {
		csr_clear(CSR_SIP, SSI);
		s->ssi++;
	} else {
		tg_bail("unexpected interrupt %#lx", cause);
	}
}

static inline void wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

/* a write of sip (VS-level SSIP, never set here): no-op for the guest */
static inline void sip_write(void)
{
	csr_clear(CSR_SIP, SSI);
}

/* Sleep until the timer fired. Lost: the deadline passed and WFI kept
 * returning (an interrupt pending) LOST_SPINS times without the guest
 * taking it; counted in wakes, not time, since a loaded host delays
 * QEMU's threads by 100 ms and more. A lost one is repaired by a sip
 * write (repair) so that the run goes on. */
static void wait_timer(struct vstate *s, uint64_t deadline, bool repair)
{
	unsigned long spins = 0;
	uint64_t late;

	/* SIE = 0 from the check to the WFI, SIE = 1 only to take the
	 * interrupt: one that comes just before the WFI still ends it */
	csr_clear(CSR_SSTATUS, SR_SIE);
	while (!s->fired) {
		wfi();
		csr_set(CSR_SSTATUS, SR_SIE);
		csr_clear(CSR_SSTATUS, SR_SIE);
		if (s->fired || tg_time() < deadline)
			continue;
		if (++spins == LOST_SPINS) {
			s->lost++;
			if (repair)
				sip_write();
		}
	}
	csr_set(CSR_SSTATUS, SR_SIE);
	late = s->fired_at > deadline ? s->fired_at - deadline : 0;
	if (late > s->max_late)
		s->max_late = late;
	s->rounds++;
}

static void burst_round(struct vstate *s)
{
	/* deadline 20..400 us ahead; writes stop -50..+100 us around it */
	uint64_t deadline = tg_time() + 200 + rnd() % 3800;
	uint64_t until = deadline - 500 + rnd() % 1500;

	s->fired = 0;
	sbi_set_timer(deadline);
	while (!s->fired && tg_time() < until)
		sip_write();
	wait_timer(s, deadline, true);
}

/* vCPU 1 in pingpong: answer each wake-up with an IPI that vCPU 0 does
 * not take, then sleep (a backstop timer bounds a lost round) */
static void partner(unsigned long id, unsigned long opaque)
{
	struct vstate *s = &vs[1];

	(void)id;
	(void)opaque;
	tg_irq_hook = on_irq;
	csr_write(CSR_SIE, STI | SSI);
	csr_set(CSR_SSTATUS, SR_SIE);
	while (!smp_load(&stop)) {
		unsigned long seen = s->ssi;

		smp_send_ipi(1, 0);
		s->fired = 0;
		sbi_set_timer(tg_time() + tg_ms(BACKSTOP_MS));
		csr_clear(CSR_SSTATUS, SR_SIE);
		while (!s->fired && s->ssi == seen && !smp_load(&stop)) {
			wfi();
			csr_set(CSR_SSTATUS, SR_SIE);
			csr_clear(CSR_SSTATUS, SR_SIE);
		}
		csr_set(CSR_SSTATUS, SR_SIE);
		sbi_set_timer(UINT64_MAX);
		if (s->fired && s->ssi == seen)
			s->backstops++;
		s->rounds++;
	}
	smp_hart_stop();
}

static void pingpong_round(struct vstate *s)
{
	/* deadline 20..600 us ahead: around the cost of a vCPU switch */
	uint64_t deadline = tg_time() + 200 + rnd() % 5800;

	s->fired = 0;
	sbi_set_timer(deadline);
	smp_send_ipi(2, 0);
	wait_timer(s, deadline, false);
}

static unsigned long us(uint64_t ticks)
{
	return (unsigned long)(ticks * 1000000 / tg_timebase);
}

void tg_main(void)
{
	char mode[16] = "burst";
	uint64_t end = tg_time() + tg_ms(tg_arg_ul("tg.ms", 5000));
	bool pingpong;
	struct vstate *s = &vs[0];

	tg_arg("tg.mode", mode, sizeof(mode));
	pingpong = mode[0] == 'p';
	rnd_state = tg_time();
	tg_plan(pingpong ? 4 : 2);
	tg_irq_hook = on_irq;
	csr_write(CSR_SIE, STI); /* vCPU 0 never enables SSIE */
	csr_set(CSR_SSTATUS, SR_SIE);
	if (pingpong && smp_start(1, partner, 0).error)
		tg_bail("hart_start(1) failed");
	while (tg_time() < end) {
		if (pingpong)
			pingpong_round(s);
		else
			burst_round(s);
	}
	csr_clear(CSR_SSTATUS, SR_SIE);
	smp_store(&stop, 1);
	tg_diag("%s: %lu rounds, worst lateness %lu us", mode, s->rounds,
		us(s->max_late));
	tg_ok(s->rounds > 100, "more than 100 timer rounds (%lu)", s->rounds);
	tg_eqi((long)s->lost, 0,
	       "no timer interrupt left pending over %d WFI wake-ups",
	       LOST_SPINS);
	if (pingpong) {
		smp_send_ipi(2, 0);
		tg_ok(SMP_WAIT(smp_status(1) == SBI_HSM_STATE_STOPPED, 3000),
		      "vCPU 1 finished");
		tg_eqi((long)vs[1].backstops, 0,
		       "vCPU 1 always woken by vCPU 0, never by its %d ms "
		       "backstop timer (%lu rounds)",
		       BACKSTOP_MS, vs[1].rounds);
	}
}
