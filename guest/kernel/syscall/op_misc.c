/* SPDX-License-Identifier: MIT */
/* nop, sleep, yield, poweroff, getcpu, stats. */
#include <string.h>

#include "arch/power.h"
#include "arch/rvh.h"
#include "base/printk.h"
#include "core/cpu.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "proc/proc.h"
#include "syscall/op.h"
#include "syscall/sring.h"

long op_nop(struct op_req *q)
{
	(void)q;
	return 0;
}

long op_sleep(struct op_req *q)
{
	if (q->step == 0) {
		if (q->off == 0)
			return 0;
		if (q->off > 3600ull * 1000000)
			return -EINVAL;
		if (!q->waker)
			return OP_BLOCK;
		timer_init(&q->st.tm);
		if (timer_arm(&q->st.tm,
			      timer_now() + timer_us_to_ticks(q->off),
			      q->waker))
			return -ENOMEM;
		q->step = 1;
		return OP_PENDING;
	}
	if (op_cancelled(q)) {
		timer_cancel(&q->st.tm);
		return -ECANCELED;
	}
	if (!q->st.tm.fired)
		return OP_PENDING; /* woken for another reason */
	timer_cancel(&q->st.tm);
	return 0;
}

/* Finishes after the tasks queued now have had their turn. */
long op_yield(struct op_req *q)
{
	if (!q->waker)
		return OP_BLOCK;
	if (q->step)
		return 0;
	q->step = 1;
	task_wake(q->waker);
	return OP_PENDING;
}

long op_poweroff(struct op_req *q)
{
	kprintf("gk: poweroff requested by pid %d (code %ld)\n", q->proc->pid,
		(long)q->fd);
	power_off(q->fd);
}

long op_getcpu(struct op_req *q)
{
	(void)q;
	return this_cpu()->id;
}

/* the hypervisor's counters: one SBI call (one exit) per stats call */
static void op_stats_hv(struct gk_stats *s)
{
	struct rvh_counters hc;

	if (rvh_counters_read(&hc))
		return;
	s->hv_valid = 1;
	s->hv_exits = hc.exits;
	s->hv_exits_ecall = hc.exits_ecall;
	s->hv_exits_load = hc.exits_load;
	s->hv_exits_store = hc.exits_store;
	s->hv_exits_vinsn = hc.exits_vinsn;
	s->hv_exits_irq = hc.exits_irq;
	s->hv_guest_instret = hc.guest_instret;
	s->hv_hyp_instret = hc.hyp_instret;
}

long op_stats(struct op_req *q)
{
	struct gk_stats s;

	memset(&s, 0, sizeof(s));
	for (unsigned i = 0; i < ncpus_online; i++) {
		const struct cpu_stats *c = &cpus[i].st;
		s.traps_user += c->traps_user;
		s.ecalls += c->ecalls;
		s.irqs_user += c->irqs_user;
		s.task_polls += c->polls;
		s.ipis_sent += c->ipis_sent;
		s.steals += c->steals;
		s.ring_requests += c->ring_requests;
		s.ring_kicks += c->ring_kicks;
		s.ring_serve_instret += c->ring_serve_instret;
		s.irqs_dev += c->irqs_dev;
	}
	op_stats_hv(&s);
	s.timebase = bootinfo.timebase;
	s.free_pages = page_free_pages();
	s.kmalloc_bytes = kmalloc_bytes_in_use();
	s.slab_pages = kmalloc_slab_pages();
	s.ncpus = ncpus_online;
	s.ring_mode = sring_mode;
	s.io_cpu = -1;
	for (unsigned i = 0; i < ncpus_online; i++)
		if (cpus[i].no_steal)
			s.io_cpu = (int32_t)i;
	if (uio_copy_to(&q->buf, 0, &s, sizeof(s)))
		return -EFAULT;
	q->out_len = sizeof(s);
	return 0;
}
