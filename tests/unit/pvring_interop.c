// SPDX-License-Identifier: MIT
/*
 * Two-thread interop test: a driver thread and a device thread share one
 * ring (built with -fsanitize=thread in make test). Random chain shapes,
 * direct and indirect; every byte in both directions and every completion
 * is checked. Notifications are real: a thread that has nothing to do
 * re-arms (enable + re-check) and sleeps on a doorbell that only the
 * peer's notify decision rings, so a wrong suppression decision shows up
 * as a lost wake-up (timeout -> not ok). One case polls with no doorbells,
 * so only the ring's own acquire/release orders the data.
 *
 * usage: pvring_interop [seconds-per-case] [seed]     prints TAP
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pvring_test_util.h"

#if defined(__SANITIZE_THREAD__)
const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
	return "halt_on_error=1:exitcode=66";
}
#endif

#define NUM 64
#define MAXSEG 8
#define SLOT_BYTES 1024
#define TABLE_BYTES (MAXSEG * 16)
#define HDR 16
#ifndef WAIT_SECS
#define WAIT_SECS 20 /* a correct ring never waits this long */
#endif
#define SENTINEL 0xee

struct bell {
	pthread_mutex_t m;
	pthread_cond_t c;
	int pending;
};

struct tcase {
	const char *name;
	uint64_t features;
	bool poll;
	bool use_indirect;
};

struct run {
	const struct tcase *tc;
	struct pvt_queue q;
	struct bell dev_bell, drv_bell;
	int stop; /* atomic */
	int failed; /* atomic */
	char why[200];
	uint64_t seed;
	double secs;
	/* results */
	unsigned long requests, kicks, irqs, dev_sleeps, drv_sleeps;
};

/* per-request state, private to the driver */
struct req {
	uint64_t seq;
	unsigned int nout, nin;
	uint32_t len[MAXSEG];
	size_t off[MAXSEG]; /* window offsets of the buffers */
	uint32_t wcap;
	bool busy;
};

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void fail(struct run *r, const char *fmt, ...)
{
	va_list ap;

	if (__atomic_exchange_n(&r->failed, 1, __ATOMIC_ACQ_REL))
		return;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	__atomic_store_n(&r->stop, 1, __ATOMIC_RELEASE);
}

static bool stopped(struct run *r)
{
	return __atomic_load_n(&r->stop, __ATOMIC_ACQUIRE);
}

static void bell_init(struct bell *b)
{
	pthread_mutex_init(&b->m, NULL);
	pthread_cond_init(&b->c, NULL);
	b->pending = 0;
}

static void bell_ring(struct bell *b)
{
	pthread_mutex_lock(&b->m);
	b->pending = 1;
	pthread_cond_signal(&b->c);
	pthread_mutex_unlock(&b->m);
}

/* false on timeout */
static bool bell_wait(struct run *r, struct bell *b)
{
	struct timespec ts;
	int rc = 0;
	bool got;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += WAIT_SECS;
	pthread_mutex_lock(&b->m);
	while (!b->pending && rc != ETIMEDOUT && !stopped(r))
		rc = pthread_cond_timedwait(&b->c, &b->m, &ts);
	got = b->pending || stopped(r);
	b->pending = 0;
	pthread_mutex_unlock(&b->m);
	return got;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* contents: byte k (counting across all readable / writable segments) */
static uint8_t rbyte(uint64_t seq, size_t k)
{
	return (uint8_t)(seq * 131 + k * 7 + 1);
}

static uint8_t wbyte(uint64_t seq, size_t k)
{
	return (uint8_t)((seq ^ (k * 13)) + 5);
}

static uint32_t wanted_len(uint64_t seq, uint32_t wcap)
{
	return (uint32_t)((seq * 2654435761u) % ((uint64_t)wcap + 1));
}

/* ---- device thread ------------------------------------------------------ */

static bool dev_serve_one(struct run *r, const struct pvring_chain *ch,
			  const struct pvring_seg *segs)
{
	uint64_t seq;
	uint32_t total, w, k = 0, done = 0;
	unsigned int i, nout, nin;
	const uint8_t *h;

	if (ch->nread < 1 || segs[0].len < HDR) {
		fail(r, "device: chain without header");
		return false;
	}
	h = segs[0].ptr;
	memcpy(&seq, h, 8);
	nout = h[8];
	nin = h[9];
	memcpy(&total, h + 12, 4);
	if (ch->nread != nout || ch->nseg != nout + nin ||
	    ch->read_len != total) {
		fail(r, "device: seq %llu shape %u/%u want %u/%u len %u/%u",
		     (unsigned long long)seq, ch->nread, ch->nseg, nout,
		     nout + nin, ch->read_len, total);
		return false;
	}
	for (i = 0; i < ch->nread; i++) {
		const uint8_t *p = segs[i].ptr;
		uint32_t j;

		for (j = (i == 0) ? HDR : 0; j < segs[i].len; j++)
			if (p[j] != rbyte(seq, k + j)) {
				fail(r, "device: seq %llu byte %u bad",
				     (unsigned long long)seq, k + j);
				return false;
			}
		k += segs[i].len;
	}
	w = wanted_len(seq, ch->write_len);
	for (i = ch->nread; i < ch->nseg && done < w; i++) {
		uint8_t *p = segs[i].ptr;
		uint32_t j;

		for (j = 0; j < segs[i].len && done < w; j++, done++)
			p[j] = wbyte(seq, done);
	}
	return pvring_dev_push(&r->q.dev, ch->head, w) == 0;
}

static void *dev_thread(void *arg)
{
	struct run *r = arg;
	struct pvring_seg segs[MAXSEG];
	struct pvring_chain ch;
	int n;

	pvring_dev_disable_notify(&r->q.dev);
	while (!stopped(r)) {
		unsigned int served = 0;

		while ((n = pvring_dev_pop(&r->q.dev, segs, MAXSEG, &ch)) ==
		       1) {
			if (!dev_serve_one(r, &ch, segs))
				return NULL;
			if (++served % 16 == 0 &&
			    pvring_dev_irq_prepare(&r->q.dev)) {
				r->irqs++;
				if (!r->tc->poll)
					bell_ring(&r->drv_bell);
			}
		}
		if (n < 0) {
			fail(r, "device: pop: %s", pvring_strerror(n));
			return NULL;
		}
		if (pvring_dev_irq_prepare(&r->q.dev)) {
			r->irqs++;
			if (!r->tc->poll)
				bell_ring(&r->drv_bell);
		}
		if (r->tc->poll) {
			sched_yield();
			continue;
		}
		n = pvring_dev_enable_notify(&r->q.dev);
		if (n < 0) {
			fail(r, "device: enable_notify: %s",
			     pvring_strerror(n));
			return NULL;
		}
		if (n == 0) {
			r->dev_sleeps++;
			if (!bell_wait(r, &r->dev_bell)) {
				fail(r, "device: lost notification (avail %u)",
				     (unsigned int)r->q.dev.last_avail);
				return NULL;
			}
		}
		pvring_dev_disable_notify(&r->q.dev);
	}
	return NULL;
}

/* ---- driver thread ------------------------------------------------------ */

struct drv_state {
	struct req req[NUM];
	uint64_t rng, next_seq;
	unsigned long outstanding;
};

static bool drv_submit(struct run *r, struct drv_state *st)
{
	struct pvring_buf bufs[MAXSEG];
	struct req *q = NULL;
	unsigned int s, i;
	size_t base, off;
	uint32_t total = 0;
	size_t k = 0;
	int head;

	for (s = 0; s < NUM; s++)
		if (!st->req[s].busy) {
			q = &st->req[s];
			break;
		}
	if (!q)
		return false;
	base = r->q.data_off + (size_t)s * SLOT_BYTES;
	q->seq = st->next_seq;
	q->nout = 1 + (unsigned int)(rnd(&st->rng) % 4);
	q->nin = (unsigned int)(rnd(&st->rng) % 5);
	off = base + TABLE_BYTES;
	q->wcap = 0;
	for (i = 0; i < q->nout + q->nin; i++) {
		q->len[i] = 1 + (uint32_t)(rnd(&st->rng) % 100);
		if (i == 0 && q->len[i] < HDR)
			q->len[i] = HDR;
		q->off[i] = off;
		off += q->len[i];
		bufs[i].addr = pvt_addr(&r->q, q->off[i]);
		bufs[i].len = q->len[i];
		if (i < q->nout)
			total += q->len[i];
		else
			q->wcap += q->len[i];
	}
	for (i = 0; i < q->nout; i++) {
		uint8_t *p = pvt_ptr(&r->q, q->off[i]);
		uint32_t j;

		for (j = 0; j < q->len[i]; j++)
			p[j] = rbyte(q->seq, k + j);
		k += q->len[i];
	}
	for (; i < q->nout + q->nin; i++)
		memset(pvt_ptr(&r->q, q->off[i]), SENTINEL, q->len[i]);
	{
		uint8_t *h = pvt_ptr(&r->q, q->off[0]);

		memcpy(h, &q->seq, 8);
		h[8] = (uint8_t)q->nout;
		h[9] = (uint8_t)q->nin;
		memcpy(h + 12, &total, 4);
	}
	if (r->tc->use_indirect && (rnd(&st->rng) & 1))
		head = pvring_drv_add_indirect(&r->q.drv, bufs, q->nout, q->nin,
					       pvt_ptr(&r->q, base),
					       pvt_addr(&r->q, base), q);
	else
		head = pvring_drv_add(&r->q.drv, bufs, q->nout, q->nin, q);
	if (head == PVRING_ERR_NOSPC)
		return false;
	if (head < 0) {
		fail(r, "driver: add: %s", pvring_strerror(head));
		return false;
	}
	q->busy = true;
	st->next_seq++;
	st->outstanding++;
	return true;
}

static bool drv_check(struct run *r, struct req *q, uint32_t len)
{
	uint32_t done = 0;
	unsigned int i;

	if (len != wanted_len(q->seq, q->wcap)) {
		fail(r, "driver: seq %llu len %u want %u",
		     (unsigned long long)q->seq, len,
		     wanted_len(q->seq, q->wcap));
		return false;
	}
	for (i = q->nout; i < q->nout + q->nin; i++) {
		const uint8_t *p = pvt_ptr(&r->q, q->off[i]);
		uint32_t j;

		for (j = 0; j < q->len[i]; j++, done++) {
			uint8_t want =
				done < len ? wbyte(q->seq, done) : SENTINEL;

			if (p[j] != want) {
				fail(r, "driver: seq %llu reply byte %u bad",
				     (unsigned long long)q->seq, done);
				return false;
			}
		}
	}
	return true;
}

static int drv_reap(struct run *r, struct drv_state *st)
{
	void *tok;
	uint32_t len;
	int n, got = 0;

	while ((n = pvring_drv_get_used(&r->q.drv, &tok, &len)) == 1) {
		struct req *q = tok;

		if (q < st->req || q >= st->req + NUM || !q->busy) {
			fail(r, "driver: bad token");
			return -1;
		}
		if (!drv_check(r, q, len))
			return -1;
		q->busy = false;
		st->outstanding--;
		r->requests++;
		got++;
	}
	if (n < 0) {
		fail(r, "driver: get_used: %s", pvring_strerror(n));
		return -1;
	}
	return got;
}

static void *drv_thread(void *arg)
{
	struct run *r = arg;
	struct drv_state *st = calloc(1, sizeof(*st));
	double end = now() + r->secs;
	bool submitting = true;

	if (!st) {
		fail(r, "driver: no memory");
		return NULL;
	}
	st->rng = r->seed | 1;
	pvring_drv_disable_cb(&r->q.drv);
	while (!stopped(r) && (submitting || st->outstanding)) {
		unsigned int batch = 1 + (unsigned int)(rnd(&st->rng) % 16);
		unsigned int added = 0;
		int got, n;

		if (submitting && now() > end)
			submitting = false;
		while (submitting && added < batch && drv_submit(r, st))
			added++;
		if (stopped(r))
			break;
		if (pvring_drv_kick_prepare(&r->q.drv)) {
			r->kicks++;
			if (!r->tc->poll)
				bell_ring(&r->dev_bell);
		}
		got = drv_reap(r, st);
		if (got < 0)
			break;
		if (got || (added && st->outstanding < NUM / 2))
			continue;
		if (r->tc->poll) {
			sched_yield();
			continue;
		}
		/* nothing to do until the device completes something */
		n = pvring_drv_enable_cb(&r->q.drv);
		if (n < 0) {
			fail(r, "driver: enable_cb: %s", pvring_strerror(n));
			break;
		}
		if (n == 0 && st->outstanding) {
			r->drv_sleeps++;
			if (!bell_wait(r, &r->drv_bell)) {
				fail(r, "driver: lost interrupt (%lu out)",
				     st->outstanding);
				break;
			}
		}
		pvring_drv_disable_cb(&r->q.drv);
	}
	free(st);
	__atomic_store_n(&r->stop, 1, __ATOMIC_RELEASE);
	bell_ring(&r->dev_bell);
	return NULL;
}

static bool run_case(const struct tcase *tc, double secs, uint64_t seed,
		     unsigned int n)
{
	struct run *r = calloc(1, sizeof(*r));
	pthread_t dt, vt;
	bool ok;

	if (!r)
		return false;
	r->tc = tc;
	r->secs = secs;
	r->seed = seed;
	bell_init(&r->dev_bell);
	bell_init(&r->drv_bell);
	if (pvt_queue_init(&r->q, NUM, tc->features,
			   (size_t)NUM * SLOT_BYTES)) {
		printf("not ok %u - %s: queue init\n", n, tc->name);
		return false;
	}
	pthread_create(&vt, NULL, dev_thread, r);
	pthread_create(&dt, NULL, drv_thread, r);
	pthread_join(dt, NULL);
	pthread_join(vt, NULL);
	ok = !r->failed && r->requests > 0;
	printf("%s %u - %s: %lu requests%s%s\n", ok ? "ok" : "not ok", n,
	       tc->name, r->requests, r->failed ? ": " : "", r->why);
	printf("# kicks/req %.4f irqs/req %.4f device sleeps %lu driver "
	       "sleeps %lu\n",
	       r->requests ? (double)r->kicks / (double)r->requests : 0.0,
	       r->requests ? (double)r->irqs / (double)r->requests : 0.0,
	       r->dev_sleeps, r->drv_sleeps);
	pvt_queue_free(&r->q);
	free(r);
	return ok;
}

int main(int argc, char **argv)
{
	static const struct tcase cases[] = {
		{"flags, direct", 0, false, false},
		{"EVENT_IDX, direct", PVRING_F_EVENT_IDX, false, false},
		{"flags, indirect", PVRING_F_INDIRECT_DESC, false, true},
		{"EVENT_IDX, indirect",
		 PVRING_F_EVENT_IDX | PVRING_F_INDIRECT_DESC, false, true},
		{"polling, no doorbells, EVENT_IDX + indirect",
		 PVRING_F_EVENT_IDX | PVRING_F_INDIRECT_DESC, true, true},
	};
	const unsigned int ncases = sizeof(cases) / sizeof(cases[0]);
	double secs = argc > 1 ? atof(argv[1]) : 3.0;
	uint64_t seed =
		argc > 2 ? strtoull(argv[2], NULL, 0) : (uint64_t)time(NULL);
	unsigned int i, bad = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("1..%u\n# seed %llu, %.1f s per case\n", ncases,
	       (unsigned long long)seed, secs);
	for (i = 0; i < ncases; i++)
		bad += !run_case(&cases[i], secs, seed + i, i + 1);
	return bad ? 1 : 0;
}
