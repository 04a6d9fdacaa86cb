/* SPDX-License-Identifier: MIT */
/* System-call cost, trap path against ring path (batches 1, 8, 64), for a
 * nop and a 64-byte file write; plus executor costs from the kernel.
 * Meant for -icount shift=0,sleep=off, where rdinstret counts
 * instructions (of the calling vCPU: in polling mode the IO vCPU's work is
 * not in it, which the table says). Traps come from the kernel's counters.
 * Prints "bench:" lines (for scripts) and a markdown table. */
#include "ulib.h"
#include "uring.h"

#define N 1024

struct row {
	const char *path, *op;
	int batch;
	uint64_t calls, instr, traps;
};

static struct row rows[16];
static int nrows;
static struct uring ring;
static char data[64];
static int wfd;

static void snap(uint64_t *i, uint64_t *t)
{
	struct gk_stats s;

	getstats(&s);
	*t = s.traps_user;
	*i = rdinstret();
}

static void record(const char *path, const char *op, int batch, uint64_t i0,
		   uint64_t t0)
{
	uint64_t i1, t1;

	snap(&i1, &t1);
	struct row *r = &rows[nrows++];
	r->path = path;
	r->op = op;
	r->batch = batch;
	r->calls = N;
	r->instr = i1 - i0;
	/* minus the two SYS_STATS calls of the measurement itself */
	r->traps = t1 - t0 - 1;
}

static void bench_trap(int write_op)
{
	uint64_t i0, t0;

	snap(&i0, &t0);
	for (int k = 0; k < N; k++) {
		if (write_op)
			write(wfd, data, sizeof(data));
		else
			sys_nop();
	}
	record("trap", write_op ? "write64" : "nop", 1, i0, t0);
}

static int bench_ring(int write_op, int batch)
{
	struct uring_cqe c;
	uint64_t i0, t0;

	snap(&i0, &t0);
	for (int k = 0; k < N / batch; k++) {
		for (int b = 0; b < batch; b++) {
			if (write_op)
				uring_prep_write(&ring, wfd, data,
						 sizeof(data), 0, 0);
			else
				uring_prep_nop(&ring, 0, 0);
		}
		if (uring_submit_and_wait(&ring, (unsigned)batch))
			return -1;
		for (int b = 0; b < batch; b++)
			if (uring_reap(&ring, &c) != 1 || c.result < 0)
				return -1;
	}
	record("ring", write_op ? "write64" : "nop", batch, i0, t0);
	return 0;
}

static void fix2(char *buf, uint64_t num, uint64_t den)
{
	uint64_t v = den ? num * 100 / den : 0;

	snprintf(buf, 24, "%lu.%02lu", (unsigned long)(v / 100),
		 (unsigned long)(v % 100));
}

int main(void)
{
	struct gk_stats s;
	struct gk_ktest_result kr;

	getstats(&s);
	const char *mode = s.ring_mode == GK_RING_MODE_POLL ? "poll"
							     : "ondemand";
	memset(data, 'x', sizeof(data));
	wfd = (int)open("/bench.out", O_CREAT | O_TRUNC | O_RDWR);
	if (wfd < 0 || uring_init(&ring, 64)) {
		printf("bench: setup failed\n");
		return 1;
	}
	/* warm up: fault in everything, let the poller settle */
	for (int k = 0; k < 64; k++)
		sys_nop();
	uring_prep_nop(&ring, 0, 0);
	uring_submit_and_wait(&ring, 1);
	struct uring_cqe c;
	uring_reap(&ring, &c);

	for (int w = 0; w < 2; w++) {
		bench_trap(w);
		for (int b = 1; b <= 64; b *= 8)
			if (bench_ring(w, b)) {
				printf("bench: ring failed\n");
				return 1;
			}
	}
	close(wfd);
	unlink("/bench.out");

	printf("\n| mode | path | op | batch | instructions/call | "
	       "traps/call |\n|---|---|---|---|---|---|\n");
	for (int i = 0; i < nrows; i++) {
		struct row *r = &rows[i];
		char ipc[24], tpc[24];
		fix2(ipc, r->instr, r->calls);
		fix2(tpc, r->traps, r->calls);
		printf("| %s | %s | %s | %d | %s | %s |\n", mode, r->path, r->op,
		       r->batch, ipc, tpc);
	}
	for (int i = 0; i < nrows; i++) {
		struct row *r = &rows[i];
		char ipc[24], tpc[24];
		fix2(ipc, r->instr, r->calls);
		fix2(tpc, r->traps, r->calls);
		printf("bench: mode=%s path=%s op=%s batch=%d calls=%lu "
		       "instr_per_call=%s traps_per_call=%s\n",
		       mode, r->path, r->op, r->batch, (unsigned long)r->calls,
		       ipc, tpc);
	}

	/* executor costs (kernel side, measured by the kernel) */
	if (!ktest(GK_KTEST_SWITCH, 10000, &kr) && !kr.status) {
		char v[24];
		fix2(v, kr.instret, kr.count);
		printf("bench: mode=%s switch_polls=%lu instr_per_switch=%s\n",
		       mode, (unsigned long)kr.count, v);
	}
	if (!ktest(GK_KTEST_SPAWN_TASKS, 10000, &kr) && !kr.status)
		printf("bench: mode=%s tasks=10000 bytes_per_idle_task=%lu "
		       "create_and_finish_us=%lu instr=%lu\n",
		       mode, (unsigned long)kr.bytes,
		       (unsigned long)(kr.time * 1000000 / s.timebase),
		       (unsigned long)kr.instret);
	return 0;
}
