// SPDX-License-Identifier: MIT
/*
 * pvring benchmark (make bench-pvring): host, two threads, closed loop.
 * A client sends requests in batches of B and waits for the B responses;
 * a server answers each. Over the ring: request = chain {16-byte readable
 * request, 16-byte writable response}; the client publishes the batch and
 * decides once whether to kick; the server publishes every completion at
 * once and decides about an interrupt each time (as a device completing
 * requests one by one does). A notification is an eventfd write that wakes
 * a sleeping peer; a peer with nothing to do re-arms and sleeps (no
 * spinning; optional rows poll first, as vhost busy-polling does).
 * Beside it, the same exchange over a pair of pipes, one
 * syscall per message.
 *
 * Wall-clock rates depend on the machine and its load: compare only rows
 * of one run (the ratio column), never numbers across runs.
 *
 * usage: pvring_bench [seconds-per-row [rounds [poll-us]]]
 *        pvring_bench --count N     (single thread, for callgrind)
 *        pvring_bench --count-traced N   (the same with a trace hook that
 *                                         counts events, on both roles)
 *        prints a markdown table; poll-us > 0 adds rows where each side
 *        polls that long before re-arming and sleeping
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "pvring_test_util.h"

#define NUM 256
#define MSG 16

struct ring_run {
	struct pvt_queue q;
	unsigned int batch;
	double secs;
	double spin; /* seconds to poll before re-arming and sleeping */
	int dev_efd, drv_efd;
	int stop; /* atomic */
	unsigned long requests, kicks, irqs;
	double elapsed;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* user + system CPU seconds of the whole process (both threads) */
static double cpu_secs(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

/* Poll for up to r->spin seconds; true if the condition came true. */
static bool spin_until(const struct ring_run *r, bool (*ready)(void *),
		       void *arg)
{
	double end;

	if (r->spin <= 0)
		return false;
	end = now() + r->spin;
	do {
		if (ready(arg))
			return true;
		__builtin_ia32_pause();
	} while (now() < end);
	return false;
}

static bool dev_ready(void *arg)
{
	struct ring_run *r = arg;

	return pvring_dev_avail_count(&r->q.dev) != 0 ||
	       __atomic_load_n(&r->stop, __ATOMIC_ACQUIRE);
}

static bool drv_ready(void *arg)
{
	struct ring_run *r = arg;

	return PVRING_LOAD_ACQUIRE(&r->q.used->idx) != r->q.drv.last_used;
}

static void efd_signal(int fd)
{
	uint64_t one = 1;

	if (write(fd, &one, sizeof(one)) != sizeof(one))
		abort();
}

static void efd_wait(int fd)
{
	uint64_t v;

	if (read(fd, &v, sizeof(v)) != sizeof(v))
		abort();
}

static void *ring_server(void *arg)
{
	struct ring_run *r = arg;
	struct pvring_seg segs[4];
	struct pvring_chain ch;
	int n;

	pvring_dev_disable_notify(&r->q.dev);
	for (;;) {
		while ((n = pvring_dev_pop(&r->q.dev, segs, 4, &ch)) == 1) {
			uint64_t v[2];

			if (ch.nseg != 2 || ch.nread != 1 || segs[1].len < MSG)
				abort();
			memcpy(v, segs[0].ptr, MSG);
			v[1] = v[0] * 3 + 1;
			memcpy(segs[1].ptr, v, MSG);
			pvring_dev_push(&r->q.dev, ch.head, MSG);
			if (pvring_dev_irq_prepare(&r->q.dev)) {
				r->irqs++;
				efd_signal(r->drv_efd);
			}
		}
		if (n < 0)
			abort();
		if (__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE))
			return NULL;
		if (spin_until(r, dev_ready, r))
			continue;
		if (pvring_dev_enable_notify(&r->q.dev) == 0)
			efd_wait(r->dev_efd);
		pvring_dev_disable_notify(&r->q.dev);
	}
}

static void ring_client(struct ring_run *r)
{
	unsigned long seq = 0;
	double start = now(), end = start + r->secs;

	pvring_drv_disable_cb(&r->q.drv);
	while (now() < end) {
		unsigned int i, done = 0;

		for (i = 0; i < r->batch; i++) {
			size_t off = r->q.data_off + (size_t)i * 2 * MSG;
			struct pvring_buf b[2] = {
				{pvt_addr(&r->q, off), MSG},
				{pvt_addr(&r->q, off + MSG), MSG},
			};
			uint64_t v[2] = {seq + i, 0};

			memcpy(pvt_ptr(&r->q, off), v, MSG);
			if (pvring_drv_add(&r->q.drv, b, 1, 1,
					   (void *)(uintptr_t)(i + 1)) < 0)
				abort();
		}
		if (pvring_drv_kick_prepare(&r->q.drv)) {
			r->kicks++;
			efd_signal(r->dev_efd);
		}
		while (done < r->batch) {
			void *tok;
			uint32_t len;
			int n;

			while (pvring_drv_get_used(&r->q.drv, &tok, &len) ==
			       1) {
				size_t i2 = (uintptr_t)tok - 1;
				uint64_t v[2];

				memcpy(v,
				       pvt_ptr(&r->q, r->q.data_off +
							      i2 * 2 * MSG +
							      MSG),
				       MSG);
				if (len != MSG || v[1] != (seq + i2) * 3 + 1)
					abort();
				done++;
			}
			if (done == r->batch)
				break;
			if (spin_until(r, drv_ready, r))
				continue;
			/* one interrupt for the rest of the batch */
			n = pvring_drv_enable_cb_delayed(&r->q.drv,
							 r->batch - done);
			if (n < 0)
				abort();
			if (n == 0)
				efd_wait(r->drv_efd);
			pvring_drv_disable_cb(&r->q.drv);
		}
		seq += r->batch;
	}
	r->elapsed = now() - start;
	r->requests = seq;
}

static void run_ring(unsigned int batch, bool event_idx, double spin,
		     double secs, struct ring_run *r)
{
	pthread_t t;

	memset(r, 0, sizeof(*r));
	r->batch = batch;
	r->secs = secs;
	r->spin = spin;
	if (pvt_queue_init(&r->q, NUM, event_idx ? PVRING_F_EVENT_IDX : 0,
			   (size_t)NUM * 2 * MSG))
		abort();
	r->dev_efd = eventfd(0, 0);
	r->drv_efd = eventfd(0, 0);
	if (r->dev_efd < 0 || r->drv_efd < 0)
		abort();
	pthread_create(&t, NULL, ring_server, r);
	ring_client(r);
	__atomic_store_n(&r->stop, 1, __ATOMIC_RELEASE);
	efd_signal(r->dev_efd);
	pthread_join(t, NULL);
	close(r->dev_efd);
	close(r->drv_efd);
	pvt_queue_free(&r->q);
}

/* ---- pipe pair ---------------------------------------------------------- */

struct pipe_run {
	int req[2], resp[2];
	unsigned long requests;
	double elapsed;
};

static void xfer(int fd, void *buf, bool wr)
{
	size_t got = 0;

	while (got < MSG) {
		ssize_t n = wr ? write(fd, (char *)buf + got, MSG - got)
			       : read(fd, (char *)buf + got, MSG - got);

		if (n <= 0)
			abort();
		got += (size_t)n;
	}
}

static void *pipe_server(void *arg)
{
	struct pipe_run *p = arg;
	uint64_t v[2];

	for (;;) {
		ssize_t n = read(p->req[0], v, MSG);

		if (n == 0)
			return NULL;
		if (n != MSG)
			abort();
		v[1] = v[0] * 3 + 1;
		xfer(p->resp[1], v, true);
	}
}

static void run_pipe(unsigned int batch, double secs, struct pipe_run *p)
{
	double start, end;
	unsigned long seq = 0;
	pthread_t t;

	memset(p, 0, sizeof(*p));
	if (pipe(p->req) || pipe(p->resp))
		abort();
	pthread_create(&t, NULL, pipe_server, p);
	start = now();
	end = start + secs;
	while (now() < end) {
		unsigned int i;

		for (i = 0; i < batch; i++) {
			uint64_t v[2] = {seq + i, 0};

			xfer(p->req[1], v, true);
		}
		for (i = 0; i < batch; i++) {
			uint64_t v[2];

			xfer(p->resp[0], v, false);
			if (v[1] != (seq + i) * 3 + 1)
				abort();
		}
		seq += batch;
	}
	p->elapsed = now() - start;
	p->requests = seq;
	close(p->req[1]);
	pthread_join(t, NULL);
	close(p->req[0]);
	close(p->resp[0]);
	close(p->resp[1]);
}

struct row {
	const char *name;
	bool ring, event_idx;
	double spin;
	unsigned long requests, kicks, irqs;
	double elapsed, cpu, rmin, rmax; /* per-round ratio to the pipe */
};

static void row_add(struct row *w, unsigned long req, unsigned long kicks,
		    unsigned long irqs, double elapsed)
{
	w->requests += req;
	w->kicks += kicks;
	w->irqs += irqs;
	w->elapsed += elapsed;
}

/*
 * One thread, no notifications: n requests in batches of 64 through both
 * roles. Run under `valgrind --tool=callgrind` twice (n and 0) to get the
 * ring's own instructions per request, independent of load and timing.
 */
static void count_event(void *ctx, const struct pvring_trace_rec *r)
{
	(void)r;
	++*(unsigned long *)ctx;
}

static int count_mode(unsigned long n, bool traced)
{
	unsigned long events = 0;
	struct pvt_queue q;
	struct pvring_seg segs[4];
	struct pvring_chain ch;
	unsigned long done = 0;
	unsigned int i;

	if (pvt_queue_init(&q, NUM, PVRING_F_EVENT_IDX, (size_t)NUM * 2 * MSG))
		abort();
	if (traced) {
		pvring_drv_set_trace(&q.drv, count_event, &events);
		pvring_dev_set_trace(&q.dev, count_event, &events);
	}
	while (done < n) {
		for (i = 0; i < 64; i++) {
			size_t off = q.data_off + (size_t)i * 2 * MSG;
			struct pvring_buf b[2] = {
				{pvt_addr(&q, off), MSG},
				{pvt_addr(&q, off + MSG), MSG},
			};

			if (pvring_drv_add(&q.drv, b, 1, 1, &q) < 0)
				abort();
		}
		(void)pvring_drv_kick_prepare(&q.drv);
		while (pvring_dev_pop(&q.dev, segs, 4, &ch) == 1) {
			pvring_dev_push(&q.dev, ch.head, MSG);
			(void)pvring_dev_irq_prepare(&q.dev);
		}
		for (i = 0; i < 64; i++)
			if (pvring_drv_get_used(&q.drv, NULL, NULL) != 1)
				abort();
		done += 64;
	}
	pvt_queue_free(&q);
	printf("%lu requests, %lu trace events\n", done, events);
	return 0;
}

int main(int argc, char **argv)
{
	static const unsigned int batches[] = {1, 8, 64};
	double secs = argc > 1 ? atof(argv[1]) : 2.0;
	unsigned int rounds = argc > 2 ? (unsigned int)atoi(argv[2]) : 5;
	double poll = argc > 3 ? atof(argv[3]) * 1e-6 : 0;
	unsigned int b, k, nrows = poll > 0 ? 5 : 3;

	if (argc > 2 && strcmp(argv[1], "--count") == 0)
		return count_mode(strtoul(argv[2], NULL, 0), false);
	if (argc > 2 && strcmp(argv[1], "--count-traced") == 0)
		return count_mode(strtoul(argv[2], NULL, 0), true);
	if (rounds == 0)
		rounds = 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("<!-- pvring_bench %.1f s per row in %u interleaved rounds "
	       "-->\n",
	       secs, rounds);
	printf("| batch | peer | requests/s | vs pipe (range over rounds) | "
	       "kicks/req | interrupts/req | notifications/req | "
	       "CPU us/req |\n");
	printf("|---:|---|---:|---:|---:|---:|---:|---:|\n");
	for (b = 0; b < 3; b++) {
		struct row rows[5] = {
			{.name = "pipe pair (1 syscall/message)"},
			{.name = "pvring, flags", .ring = true},
			{.name = "pvring, EVENT_IDX",
			 .ring = true,
			 .event_idx = true},
			{.name = "pvring, flags, polls before sleeping",
			 .ring = true,
			 .spin = poll},
			{.name = "pvring, EVENT_IDX, polls before sleeping",
			 .ring = true,
			 .event_idx = true,
			 .spin = poll},
		};
		unsigned int rd;

		/* rows take turns, so load changes hit them alike */
		for (rd = 0; rd < rounds; rd++) {
			double prate = 0;

			for (k = 0; k < nrows; k++) {
				struct row *w = &rows[k];
				double rate, c0 = cpu_secs();

				if (!w->ring) {
					struct pipe_run p;

					run_pipe(batches[b], secs / rounds, &p);
					row_add(w, p.requests, 0, 0, p.elapsed);
					w->cpu += cpu_secs() - c0;
					prate = (double)p.requests / p.elapsed;
					continue;
				}
				{
					struct ring_run r;

					run_ring(batches[b], w->event_idx,
						 w->spin, secs / rounds, &r);
					row_add(w, r.requests, r.kicks, r.irqs,
						r.elapsed);
					w->cpu += cpu_secs() - c0;
					rate = (double)r.requests / r.elapsed;
				}
				if (rd == 0 || rate / prate < w->rmin)
					w->rmin = rate / prate;
				if (rd == 0 || rate / prate > w->rmax)
					w->rmax = rate / prate;
			}
		}
		for (k = 0; k < nrows; k++) {
			struct row *w = &rows[k];
			double rate = (double)w->requests / w->elapsed;
			double pr = (double)rows[0].requests / rows[0].elapsed;
			double kr = (double)w->kicks / (double)w->requests;
			double ir = (double)w->irqs / (double)w->requests;

			double us = w->cpu * 1e6 / (double)w->requests;

			if (!w->ring) {
				printf("| %u | %s | %.0f | 1 | - | - | - | "
				       "%.2f |\n",
				       batches[b], w->name, rate, us);
				continue;
			}
			printf("| %u | %s | %.0f | %.2f (%.2f-%.2f) | %.4f | "
			       "%.4f | %.4f | %.2f |\n",
			       batches[b], w->name, rate, rate / pr, w->rmin,
			       w->rmax, kr, ir, kr + ir, us);
		}
	}
	return 0;
}
