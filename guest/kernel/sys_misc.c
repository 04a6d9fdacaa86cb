/* SPDX-License-Identifier: MIT */
/* nop, sleep, yield, poweroff, getcpu, stats. */
#include <string.h>

#include "cpu.h"
#include "errno.h"
#include "kmalloc.h"
#include "page.h"
#include "power.h"
#include "printk.h"
#include "proc.h"
#include "sring.h"
#include "syscall.h"

long sys_nop(struct uthread *u, const uint64_t *a)
{
	(void)u;
	(void)a;
	return 0;
}

static long sleep_resume(struct uthread *u)
{
	if (!u->op.sleep.tm.fired && !task_cancelled(&u->task))
		return SYS_PENDING; /* woken for another reason */
	timer_cancel(&u->op.sleep.tm);
	return 0;
}

long sys_sleep(struct uthread *u, const uint64_t *a)
{
	if (a[0] == 0)
		return 0;
	if (a[0] > 3600ull * 1000000)
		return -EINVAL;
	timer_init(&u->op.sleep.tm);
	if (timer_arm(&u->op.sleep.tm, timer_now() + timer_us_to_ticks(a[0]),
		      &u->task))
		return -ENOMEM;
	u->resume = sleep_resume;
	return SYS_PENDING;
}

static long yield_resume(struct uthread *u)
{
	(void)u;
	return 0;
}

long sys_yield(struct uthread *u, const uint64_t *a)
{
	(void)a;
	u->resume = yield_resume;
	u->slice_end = 0;
	task_wake(&u->task); /* runs again after the tasks queued now */
	return SYS_PENDING;
}

long sys_poweroff(struct uthread *u, const uint64_t *a)
{
	kprintf("gk: poweroff requested by pid %d (code %ld)\n", u->proc->pid,
		(long)a[0]);
	power_off((int)a[0]);
}

long sys_getcpu(struct uthread *u, const uint64_t *a)
{
	(void)u;
	(void)a;
	return this_cpu()->id;
}

long sys_stats(struct uthread *u, const uint64_t *a)
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
	}
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
	if (copy_to_user(&u->proc->vm, a[0], &s, sizeof(s)))
		return -EFAULT;
	return 0;
}
