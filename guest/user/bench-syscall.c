/* SPDX-License-Identifier: MIT */
/* System-call cost, trap path against ring path (batches 1, 8, 64), for a
 * nop and a 64-byte file write; plus executor costs from the kernel.
 * Run it under -icount shift=0,sleep=off, where rdinstret counts
 * instructions. Columns:
 *   caller instr/call: retired on the calling vCPU (all privilege levels).
 *     On demand that includes the kernel serving the ring; in polling mode
 *     the IO vCPU serves, and the caller's wait for completions is left out
 *     (it could run other work meanwhile).
 *   server instr/call: instructions the kernel spent in its ring server
 *     (GK_OP_STATS), on whichever vCPU served.
 *   ecalls/call, irqs/call: traps from U-mode counted by the kernel.
 * Prints "bench:" lines for scripts and a markdown table. */
#include "ulib.h"
#include "uring.h"

#define N 1024

struct row {
	const char *path, *op;
	int batch;
	uint64_t instr, server, ecalls, irqs;
};

static struct row rows[16];
static int nrows;
static struct uring ring;
static char data[64];
static int wfd, polling;
static uint64_t spin_us = 20000; /* "spin_us=N" argument */

struct snapshot {
	uint64_t instr, ecalls, irqs, server;
};

static void snap(struct snapshot *s)
{
	struct gk_stats st;

	getstats(&st);
	s->ecalls = st.ecalls;
	s->irqs = st.irqs_user;
	s->server = st.ring_serve_instret;
	s->instr = rdinstret();
}

static void record(const char *path, const char *op, int batch,
		   const struct snapshot *a, uint64_t excluded)
{
	struct snapshot b;

	snap(&b);
	struct row *r = &rows[nrows++];
	r->path = path;
	r->op = op;
	r->batch = batch;
	r->instr = b.instr - a->instr - excluded;
	r->server = b.server - a->server;
	r->ecalls = b.ecalls - a->ecalls - 1; /* our own GK_OP_STATS */
	r->irqs = b.irqs - a->irqs;
}

static void bench_trap(int write_op)
{
	struct snapshot a;

	snap(&a);
	for (int k = 0; k < N; k++) {
		if (write_op)
			write(wfd, data, sizeof(data));
		else
			sys_nop();
	}
	record("trap", write_op ? "write64" : "nop", 1, &a, 0);
}

/* polling mode: completions arrive from the IO vCPU; spin up to spin_us,
 * then block in the kernel. Under -icount the vCPUs take turns instead of
 * running in parallel, so there spin_us=0 (block at once) is the sensible
 * setting; the trap counts come from a run without -icount. */
static int wait_polled(unsigned n)
{
	uint64_t end = rdtime() + spin_us * (timebase() / 1000000);

	while (rdtime() < end)
		if (uring_ready(&ring) >= n)
			return 0;
	return (int)ring_enter(GK_ENTER_GETEVENTS, (uint16_t)(ring.reaped + n));
}

static int bench_ring(int write_op, int batch)
{
	struct uring_cqe c;
	struct snapshot a;
	uint64_t excluded = 0;

	snap(&a);
	for (int k = 0; k < N / batch; k++) {
		for (int b = 0; b < batch; b++) {
			int e = write_op ? uring_prep_write(&ring, wfd, data,
							    sizeof(data), 0, 0)
					 : uring_prep_nop(&ring, 0, 0);
			if (e)
				return -1;
		}
		if (polling) {
			if (uring_submit(&ring) < 0)
				return -1;
			uint64_t w0 = rdinstret();
			if (wait_polled((unsigned)batch))
				return -1;
			excluded += rdinstret() - w0;
		} else if (uring_submit_and_wait(&ring, (unsigned)batch)) {
			return -1;
		}
		for (int b = 0; b < batch; b++)
			if (uring_reap(&ring, &c) != 1 || c.result < 0)
				return -1;
	}
	record("ring", write_op ? "write64" : "nop", batch, &a, excluded);
	return 0;
}

static void fix2(char *buf, uint64_t num, uint64_t den)
{
	uint64_t v = den ? num * 100 / den : 0;

	snprintf(buf, 24, "%lu.%02lu", (unsigned long)(v / 100),
		 (unsigned long)(v % 100));
}

int main(int argc, char **argv)
{
	struct gk_stats s;
	struct gk_ktest_result kr;

	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "spin_us=", 8))
			spin_us = (uint64_t)atol_u(argv[i] + 8);

	getstats(&s);
	polling = s.ring_mode == GK_RING_MODE_POLL;
	const char *mode = polling ? "poll" : "ondemand";
	memset(data, 'x', sizeof(data));
	wfd = (int)open("/bench.out", O_CREAT | O_TRUNC | O_RDWR);
	if (wfd < 0 || uring_init(&ring, 256)) {
		printf("bench: setup failed\n");
		return 1;
	}
	/* warm up: fault in everything, let the poller settle */
	for (int k = 0; k < 64; k++)
		sys_nop();
	struct uring_cqe c;
	uring_prep_nop(&ring, 0, 0);
	uring_submit_and_wait(&ring, 1);
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

	printf("\n| mode | path | op | batch | caller instr/call | server "
	       "instr/call | ecalls/call | irqs/call |\n"
	       "|---|---|---|---|---|---|---|---|\n");
	for (int i = 0; i < nrows; i++) {
		struct row *r = &rows[i];
		char in[24], sv[24], ec[24], iq[24];
		fix2(in, r->instr, N);
		fix2(sv, r->server, N);
		fix2(ec, r->ecalls, N);
		fix2(iq, r->irqs, N);
		printf("| %s | %s | %s | %d | %s | %s | %s | %s |\n", mode,
		       r->path, r->op, r->batch, in,
		       r->path[0] == 't' ? "-" : sv, ec, iq);
		printf("bench: mode=%s path=%s op=%s batch=%d calls=%d "
		       "instr=%s server=%s ecalls=%s irqs=%s\n",
		       mode, r->path, r->op, r->batch, N, in, sv, ec, iq);
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
