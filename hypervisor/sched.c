// SPDX-License-Identifier: MIT
#include "console.h"
#include "guest.h"
#include "hart.h"
#include "host_irq.h"
#include "power.h"
#include "host/host_blk.h"
#include "host/host_rng.h"
#include "sbi_call.h"
#include "vcpu_stats.h"
#include "sched.h"
#include "sbi_abi.h"
#include "spinlock.h"
#include "trace/trace.h"
#include "trace/trace_export.h"

/* The scheduler lock: test-and-set, with a turn for waiters. A hart that
 * gives the lock up and asks again soon (a guest making one long SBI call
 * after another) lets a hart that waits take it first, for up to
 * SCHED_LOCK_POLITE_TICKS: a plain test-and-set lock would let that guest
 * keep the other harts out for as long as it likes, while a strict FIFO
 * (ticket) lock makes every hart wait its turn behind a hart that QEMU's
 * host thread is not running at the moment. */
#define SCHED_LOCK_POLITE_TICKS 2000 /* 200 us at 10 MHz */

struct sched_lock {
	int locked;
	unsigned int waiters; /* harts spinning for it */
	int last; /* index of the hart that held it last */
};

static struct sched_lock sched_lock = {.last = -1};
static unsigned int sched_next;

static void sched_lock_take(void)
{
	int me = (int)this_hart()->index;
	unsigned int n = 0;

	if (__atomic_load_n(&sched_lock.last, __ATOMIC_RELAXED) == me &&
	    __atomic_load_n(&sched_lock.waiters, __ATOMIC_RELAXED)) {
		uint64_t end = csr_read(CSR_TIME) + SCHED_LOCK_POLITE_TICKS;

		while (__atomic_load_n(&sched_lock.last, __ATOMIC_ACQUIRE) ==
			       me &&
		       __atomic_load_n(&sched_lock.waiters, __ATOMIC_RELAXED) &&
		       csr_read(CSR_TIME) < end)
			if (++n % SPIN_YIELD_AFTER == 0)
				hart_yield();
	}
	__atomic_fetch_add(&sched_lock.waiters, 1, __ATOMIC_RELAXED);
	while (__atomic_exchange_n(&sched_lock.locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&sched_lock.locked, __ATOMIC_RELAXED))
			if (++n % SPIN_YIELD_AFTER == 0)
				hart_yield();
	__atomic_fetch_sub(&sched_lock.waiters, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&sched_lock.last, me, __ATOMIC_RELAXED);
}

static void sched_lock_give(void)
{
	__atomic_store_n(&sched_lock.locked, 0, __ATOMIC_RELEASE);
}

void sched_relax(void)
{
	sched_lock_give();
	for (int i = 0; i < 64; i++)
		__asm__ volatile("nop");
	hart_yield(); /* the harts waited on may not run otherwise (icount) */
	sched_lock_take();
}

void sched_yield(void)
{
	this_hart()->slice_end = 0;
}

/* A vCPU this hart may run now: not held by another hart, guest alive. */
static bool sched_can_run(struct vcpu *v, const struct hart *h)
{
	if (v->vm->state != GUEST_RUNNING)
		return false;
	if (v->hart >= 0 && v->hart != (int)h->index)
		return false;
	return vcpu_runnable(v);
}

/* the next vCPU this hart may run, round-robin; `take` advances the turn */
static struct vcpu *sched_find(const struct hart *h, const struct vcpu *skip,
			       bool take)
{
	unsigned int total = 0;

	for (unsigned int g = 0; g < nr_guests; g++)
		total += guests[g].nr_vcpus;
	for (unsigned int n = 0; n < total; n++) {
		unsigned int k = (sched_next + n) % total, g = 0;
		struct vcpu *v;

		while (k >= guests[g].nr_vcpus)
			k -= guests[g++].nr_vcpus;
		v = &guests[g].vcpus[k];
		if (v != skip && sched_can_run(v, h)) {
			if (take)
				sched_next = (sched_next + n + 1) % total;
			return v;
		}
	}
	return NULL;
}

uint64_t sched_slice_deadline(void)
{
	struct hart *h = this_hart();

	return h->loaded && sched_find(h, h->loaded, false) ? h->slice_end
							    : UINT64_MAX;
}

/* The loaded vCPU keeps the hart (no CSR reload) until it blocks or its
 * slice ends while another vCPU waits. */
static struct vcpu *sched_pick(struct hart *h)
{
	struct vcpu *cur = h->loaded, *next;

	if (cur && (cur->vm->state != GUEST_RUNNING ||
		    cur->hsm_state == SBI_HSM_STATE_STOPPED)) {
		vcpu_put(cur);
		cur = NULL;
	}
	if (cur && vcpu_runnable(cur) && csr_read(CSR_TIME) < h->slice_end)
		return cur;
	next = sched_find(h, cur, true);
	if (!next) {
		if (cur && vcpu_runnable(cur)) {
			h->slice_end = csr_read(CSR_TIME) + SCHED_SLICE_TICKS;
			vcpu_timer_changed();
			return cur;
		}
		return NULL;
	}
	if (cur)
		vcpu_put(cur);
	vcpu_load(next);
	h->slice_end = csr_read(CSR_TIME) + SCHED_SLICE_TICKS;
	vcpu_timer_changed();
	return next;
}

/* Nothing to run: sleep until an interrupt (a deadline or a kick). Under
 * QEMU's -icount (sleep=off) a machine whose harts all sleep with no timer
 * armed was seen never to take the interrupt of a host disk completion (a
 * guest waiting for one read hung); with a deadline it does. So while a
 * request is with QEMU's devices, an idle hart wakes up now and then. */
/* instructions each hart retired in sched_idle: how often an idle hart
 * wakes depends on QEMU's host I/O in real time, so the benchmarks leave
 * them out */
static uint64_t sched_idle_instret[HYP_MAX_HARTS];

static void sched_idle(struct hart *h)
{
	uint64_t now, i0 = csr_read(CSR_INSTRET);

	vcpu_timer_host_irq_rearm();
	/* The host timer leaves out deadlines that have passed (their vCPU
	 * is runnable): one that passed after sched_pick looked and before
	 * the re-arm above has no timer, so look again before sleeping. */
	if (sched_find(h, NULL, false))
		return;
	now = csr_read(CSR_TIME);
	if ((host_blk_busy() || host_rng_busy()) &&
	    h->timer_armed - now > SCHED_IDLE_IO_TICKS) {
		h->timer_armed = now + SCHED_IDLE_IO_TICKS;
		sbi_set_timer(h->timer_armed);
	}
	h->idle = true;
	sched_lock_give();
	vcpu_stats_idle_wfi();
	/* host devices take their own locks: see sched_loop */
	if (csr_read(CSR_SIP) & MIP_SEIP)
		host_irq_handle();
	sched_lock_take();
	h->idle = false;
	if (trace_on(TRACE_C_ALL))
		trace_export_check(); /* host disk completions while idle */
	hart_ipi_clear();
	if (csr_read(CSR_SIP) & MIP_STIP)
		vcpu_timer_host_irq();
	sched_idle_instret[h->index] += csr_read(CSR_INSTRET) - i0;
}

void sched_loop(void)
{
	struct hart *h = this_hart();

	sched_lock_take();
	/* under the lock: guest console output is written under it too */
	if (h->index)
		hyp_info("hart %lu online (slot %u)", h->hartid, h->index);
	for (;;) {
		struct vcpu *v = sched_pick(h);

		if (!v) {
			if (!guest_any_running()) {
				/* with -icount: instructions, the benchmarks'
				 * measure of the whole machine (one hart) */
				hyp_info("hart %u: %llu instructions retired "
					 "(all modes) at power-off, %llu of "
					 "them idle",
					 h->index,
					 (unsigned long long)csr_read(
						 CSR_INSTRET),
					 (unsigned long long)
						 sched_idle_instret[h->index]);
				trace_shutdown();
				power_off(guest_final_status());
			}
			sched_idle(h);
			continue;
		}
		vcpu_timer_host_irq_rearm();
		vcpu_timer_resync();
		sched_lock_give();
		vcpu_enter(v);
		/* A host device's completion runs under that device's lock
		 * and the guest device's, not the scheduler's: one guest's
		 * disk traffic does not stall the other harts' exits. */
		if (v->trap.scause == (CAUSE_IRQ_FLAG | IRQ_S_EXT))
			host_irq_handle();
		sched_lock_take();
		vcpu_handle_exit(v);
	}
}
