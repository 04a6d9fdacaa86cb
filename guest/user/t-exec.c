/* SPDX-License-Identifier: MIT */
/* The kernel executor, through GK_OP_KTEST: many tasks, priorities, timers,
 * switch cost, and (with 2+ vCPUs) migration and cross-vCPU wakes. */
#include "ulib.h"

int main(void)
{
	struct gk_ktest_result r;
	struct gk_stats s;
	long e;

	getstats(&s);
	tap_plan(11);
	tap_diag("%u vCPUs", s.ncpus);

	e = ktest(GK_KTEST_SPAWN_TASKS, 10000, &r);
	tap_ok(e == 0 && r.status == 0 && r.count == 10000,
	       "10000 tasks created and finished (status %ld)", (long)r.status);
	tap_ok(r.bytes > 0 && r.bytes * 10000 <= 2u << 20,
	       "10000 idle tasks fit in 2 MiB (%lu bytes each)",
	       (unsigned long)r.bytes);
	tap_diag("10000 tasks: %lu us, %lu instructions",
		 (unsigned long)(r.time * 1000000 / timebase()),
		 (unsigned long)r.instret);

	e = ktest(GK_KTEST_SWITCH, 10000, &r);
	tap_ok(e == 0 && r.status == 0 && r.count == 20002,
	       "ping-pong: 20002 polls between two tasks (%lu)",
	       (unsigned long)r.count);
	tap_diag("switch: %lu instructions per poll",
		 (unsigned long)(r.count ? r.instret / r.count : 0));

	e = ktest(GK_KTEST_PRIO, 1, &r);
	tap_ok(e == 0 && r.status == 0,
	       "run queue order high, normal, low (got %06lx)",
	       (unsigned long)r.count);

	e = ktest(GK_KTEST_TIMERS, 300, &r);
	tap_ok(e == 0 && r.status == 0 && r.count == 300,
	       "300 sleeping tasks woken, none early (%lu)",
	       (unsigned long)r.count);
	tap_ok(r.time * 1000000 / timebase() < 1000000,
	       "timers fire promptly (all within %lu us)",
	       (unsigned long)(r.time * 1000000 / timebase()));

	e = ktest(GK_KTEST_MIGRATE, 16, &r);
	tap_ok(e == 0 && r.status == 0, "16 yielding workers finish");
	/* the IO vCPU of polling mode keeps to itself: no migration there */
	unsigned work_cpus = s.ncpus - (s.io_cpu >= 0 ? 1 : 0);
	if (work_cpus > 1) {
		tap_ok(__builtin_popcountll(r.cpus_seen) > 1,
		       "workers queued on one vCPU ran on several (mask %lx)",
		       (unsigned long)r.cpus_seen);
		tap_ok(r.count > 0, "%lu workers migrated mid-run",
		       (unsigned long)r.count);
	} else {
		tap_skip("one vCPU takes work: no migration");
		tap_skip("one vCPU takes work: no migration");
	}
	if (s.ncpus > 1) {
		e = ktest(GK_KTEST_CROSS_WAKE, 2000, &r);
		tap_ok(e == 0 && r.status == 0 && r.cpus_seen == 3,
		       "2000 wakes across vCPU 0 and 1 (mask %lx, status %ld)",
		       (unsigned long)r.cpus_seen, (long)r.status);
		tap_ok(r.count == 4002, "each wake ran its peer (%lu polls)",
		       (unsigned long)r.count);
	} else {
		TAP_EQ(ktest(GK_KTEST_CROSS_WAKE, 10, &r), -ENODEV,
		       "cross-vCPU test needs 2 vCPUs");
		tap_skip("one vCPU: no cross wakes");
	}
	return tap_done();
}
