/* SPDX-License-Identifier: MIT */
/* Many things at once: CPU-bound processes spread over the vCPUs, worker
 * processes each driving their own ring, and the parent's 64 coroutines
 * with requests in flight in the kernel at the same time. */
#include "coro.h"
#include "ulib.h"

#define WORKERS 8
#define SPINNERS 6
#define COROS 64

static int worker(int id)
{
	struct uring r;
	struct uring_cqe c;
	char name[32], buf[32];

	if (uring_init(&r, 8))
		return 1;
	snprintf(name, sizeof(name), "/t-many.w%d", id);
	for (int round = 0; round < 8; round++) {
		uring_prep_open(&r, name, O_CREAT | O_TRUNC | O_RDWR, 0, 0);
		if (uring_submit_and_wait(&r, 1) || uring_reap(&r, &c) != 1 ||
		    c.result < 0)
			return 2;
		int fd = (int)c.result;
		int n = snprintf(buf, sizeof(buf), "w%d r%d", id, round);
		uring_prep_write(&r, fd, buf, (uint32_t)n, 1, 0);
		uring_prep_nop(&r, 2, 0);
		uring_prep_sleep(&r, 200, 3, 0);
		if (uring_submit_and_wait(&r, 3))
			return 3;
		for (int k = 0; k < 3; k++)
			if (uring_reap(&r, &c) != 1 || c.result < 0)
				return 4;
		/* read back through the trap path */
		char back[32] = {0};
		seek(fd, 0);
		if (read(fd, back, sizeof(back)) != n || memcmp(back, buf, n))
			return 5;
		close(fd);
	}
	unlink(name);
	return 0;
}

struct scoro {
	struct coro c;
	int i;
	uint64_t t0, t1;
};

static int scoro_poll(struct coro *c)
{
	struct scoro *s = (struct scoro *)c;
	struct uring *r = c->ex->ring;

	CORO_BEGIN(c);
	s->t0 = rdtime();
	CORO_AWAIT_RING(c, uring_prep_sleep(r, 100 * (uint64_t)(s->i % 16),
					    (uint64_t)s->i, c));
	CORO_AWAIT_RING(c, uring_prep_nop(r, (uint64_t)s->i, c));
	s->t1 = rdtime();
	CORO_END(c);
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "worker"))
		return worker((int)atol_u(argv[2]));

	struct gk_stats st;
	getstats(&st);
	tap_plan(5);
	long spin[SPINNERS], work[WORKERS];
	for (int i = 0; i < SPINNERS; i++) {
		const char *av[] = {"child", "spin", "40", 0};
		spin[i] = spawn("/bin/child", av);
	}
	for (int i = 0; i < WORKERS; i++) {
		char id[8];
		snprintf(id, sizeof(id), "%d", i);
		const char *av[] = {"t-many", "worker", id, 0};
		work[i] = spawn("/bin/t-many", av);
	}

	struct uring r;
	struct coro_exec ex;
	static struct scoro sc[COROS];
	int e = uring_init(&r, 32); /* fewer slots than coroutines: they wait */
	coro_exec_init(&ex, &r);
	for (int i = 0; i < COROS; i++) {
		sc[i].i = i;
		coro_spawn(&ex, &sc[i].c, scoro_poll);
	}
	if (!e)
		e = coro_run(&ex);
	int done = 0;
	for (int i = 0; i < COROS; i++)
		done += sc[i].t1 > sc[i].t0;
	tap_ok(e == 0 && done == COROS,
	       "%d coroutines over a 32-entry ring all finish (%d)", COROS,
	       done);

	int mask = 0, spin_ok = 0;
	for (int i = 0; i < SPINNERS; i++) {
		int s = -1;
		if (waitpid(spin[i], &s) == spin[i] && s > 0) {
			spin_ok++;
			mask |= s;
		}
	}
	tap_ok(spin_ok == SPINNERS, "%d CPU-bound processes finish (%d)",
	       SPINNERS, spin_ok);
	/* every vCPU but the IO vCPU of polling mode takes user work */
	int want = (1 << st.ncpus) - 1;
	if (st.io_cpu >= 0)
		want &= ~(1 << st.io_cpu);
	if (__builtin_popcount(want) > 1)
		tap_ok(mask == want,
		       "they ran on every user vCPU (mask %x, "
		       "want %x)",
		       mask, want);
	else
		tap_skip("one vCPU for user work");
	int wok = 0, bad = 0;
	for (int i = 0; i < WORKERS; i++) {
		int s = -1;
		if (waitpid(work[i], &s) == work[i] && s == 0)
			wok++;
		else
			bad = s;
	}
	tap_ok(wok == WORKERS,
	       "%d ring workers verified their files (%d ok, last bad %d)",
	       WORKERS, wok, bad);
	TAP_EQ(waitpid(-1, 0), -ECHILD, "every child reaped");
	return tap_done();
}
