// SPDX-License-Identifier: MIT
/*
 * Differential test of the device's inline fast path: on two copies of the
 * same random (honest or hostile) ring, pvring_dev_pop_many -- n > 1, with
 * a lookup that sometimes does not know a range -- and
 * pvring_dev_push_many must pop, fail and push exactly as the general
 * walk (pvring_dev_pop_slow on honest rings, pvring_dev_pop on hostile
 * ones; pvring_dev_push_slow) does, chain by chain and field by field, and
 * emit the same trace events. Prints TAP.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pvring.h"

#define BASE 0x10000ull
#define MEMSZ 4096
struct mem {
	uint8_t *host;
	unsigned long calls;
	unsigned miss_pct;
	unsigned seed;
};

static void *tr(void *ctx, uint64_t addr, uint32_t len, bool w)
{
	struct mem *m = ctx;
	(void)w;
	m->calls++;
	if (addr < BASE || addr - BASE > MEMSZ || len > MEMSZ - (addr - BASE))
		return NULL;
	if (w && addr - BASE < 64)
		return NULL; /* a read-only corner */
	return m->host + (addr - BASE);
}
#define MAXEV 256
struct evlog {
	struct pvring_trace_rec r[MAXEV];
	unsigned n;
};
static void logev(void *c, const struct pvring_trace_rec *r)
{
	struct evlog *l = c;
	if (l->n < MAXEV)
		l->r[l->n] = *r;
	l->n++;
}
static unsigned rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}
static void *lk(void *ctx, uint64_t addr, uint32_t len, bool w)
{
	struct mem *m = ctx;
	if (rnd(&m->seed) % 100 < m->miss_pct)
		return NULL; /* does not know */
	unsigned long c = m->calls;
	void *p = tr(ctx, addr, len, w);
	m->calls = c;
	return p;
}

int main(int argc, char **argv)
{
	unsigned iters = argc > 1 ? (unsigned)atoi(argv[1]) : 20000, s = 1;

	printf("1..1\n");
	unsigned long popped = 0, errs = 0, fastchains = 0, events = 0;
	for (unsigned it = 0; it < iters; it++) {
		unsigned num = 1u << (rnd(&s) % 4 + 1); /* 2..16 */
		int honest = it & 1;
		struct pvring_layout l;
		pvring_layout_contig(num, 4, &l);
		uint8_t *ra = aligned_alloc(16, (l.total + 15) & ~15ul),
			*rb = aligned_alloc(16, (l.total + 15) & ~15ul);
		uint8_t *ma = aligned_alloc(16, MEMSZ),
			*mb = aligned_alloc(16, MEMSZ);
		for (size_t i = 0; i < l.total; i++)
			ra[i] = rnd(&s);
		for (size_t i = 0; i < MEMSZ; i++)
			ma[i] = rnd(&s);
		struct pvring_desc *d = (void *)(ra + l.desc_off);
		for (unsigned i = 0; i < num; i++) {
			unsigned k = honest ? 0 : rnd(&s) % 10;
			d[i].addr = k < 8 ? BASE + rnd(&s) % (MEMSZ + 64)
					  : rnd(&s) * 0x100000001ull;
			d[i].len = k < 9 ? rnd(&s) % 200 : rnd(&s) * 1000u;
			d[i].flags = !honest && rnd(&s) % 8 == 0
					     ? rnd(&s) & 7
					     : (rnd(&s) & 3);
			if (rnd(&s) % 4 == 0)
				d[i].flags &= ~PVRING_DESC_F_NEXT;
			d[i].next = !honest && rnd(&s) % 5 == 0
					    ? rnd(&s) % (num + 2)
					    : (i + 1) % num;
			if (honest && (d[i].flags & PVRING_DESC_F_WRITE) &&
			    (rnd(&s) & 1))
				d[i].flags &= ~PVRING_DESC_F_NEXT;
			if (honest && !(d[i].flags & PVRING_DESC_F_WRITE) &&
			    d[i].addr - BASE < 64)
				d[i].addr += 64;
			if (d[i].flags & PVRING_DESC_F_INDIRECT) {
				d[i].len = 16 * (1 + rnd(&s) % 4);
				d[i].addr = BASE + 512 + 16 * (rnd(&s) % 8);
			}
		}
		/* indirect tables: sane-ish descriptors in the data area */
		struct pvring_desc *t = (void *)(ma + 512);
		for (unsigned i = 0; i < 16; i++) {
			t[i].addr = BASE + 1024 + rnd(&s) % 2048;
			t[i].len = rnd(&s) % 100;
			t[i].flags = rnd(&s) & 3;
			t[i].next = rnd(&s) % 6;
		}
		struct pvring_avail *av = (void *)(ra + l.avail_off);
		av->idx = !honest && rnd(&s) % 3 == 0 ? rnd(&s)
						      : rnd(&s) % (num + 1);
		for (unsigned i = 0; i < num; i++)
			av->ring[i] = !honest && rnd(&s) % 7 == 0
					      ? rnd(&s) % (num + 3)
					      : rnd(&s) % num;
		memcpy(rb, ra, l.total);
		memcpy(mb, ma, MEMSZ);
		uint64_t feat = PVRING_F_EVENT_IDX |
				(rnd(&s) % 2 ? PVRING_F_INDIRECT_DESC : 0);
		unsigned maxs = 1 + rnd(&s) % 6;
		struct mem A = {ma, 0, 0, 0},
			   B = {mb, 0, rnd(&s) % 3 == 0 ? 0 : rnd(&s) % 60,
				rnd(&s)};
		struct pvring_dev qa, qb;
		if (pvring_dev_init(&qa, num, ra + l.desc_off, ra + l.avail_off,
				    ra + l.used_off, feat, tr, &A, 0) ||
		    pvring_dev_init(&qb, num, rb + l.desc_off, rb + l.avail_off,
				    rb + l.used_off, feat, tr, &B, 0))
			abort();
		int lookup_is_tr = rnd(&s) % 4 == 0;
		/* most rings traced (the events must match), some not (the
		 * paths must match without the hook too) */
		static struct evlog la, lb;
		int traced = rnd(&s) % 4 != 0;
		if (traced) {
			pvring_dev_set_trace(&qa, logev, &la);
			pvring_dev_set_trace(&qb, logev, &lb);
		}
		for (int round = 0; round < 6; round++) {
			struct pvring_chain ca[20], cb[20];
			struct pvring_seg sa[20 * 6], sb[20 * 6];
			memset(ca, 0, sizeof ca);
			memset(cb, 0, sizeof cb);
			memset(sa, 0, sizeof sa);
			memset(sb, 0, sizeof sb);
			unsigned n = 1 + rnd(&s) % 5, ka = 0;
			int ea = 0, eb;
			la.n = lb.n = 0;
			for (; ka < n; ka++) {
				/* a hostile avail.idx is caught earlier by
				 * the general pop, which re-reads it every
				 * time: compare with pop there */
				ea = honest ? pvring_dev_pop_slow(
						      &qa, sa + ka * maxs, maxs,
						      &ca[ka])
					    : pvring_dev_pop(&qa,
							     sa + ka * maxs,
							     maxs, &ca[ka]);
				if (ea <= 0)
					break;
				ea = 0;
			}
			unsigned kb =
				lookup_is_tr
					? pvring_dev_pop_many(&qb, cb, sb, maxs,
							      n, tr, &eb)
					: pvring_dev_pop_many(&qb, cb, sb, maxs,
							      n, lk, &eb);
			if (ka != kb || ea != eb) {
				printf("not ok 1 - pop_many differs: it %u "
				       "round %d: a %u/%d b %u/%d\n",
				       it, round, ka, ea, kb, eb);
				return 1;
			}
			for (unsigned k = 0; k < ka; k++) {
				if (ca[k].head != cb[k].head ||
				    ca[k].avail_idx != cb[k].avail_idx ||
				    ca[k].nseg != cb[k].nseg ||
				    ca[k].nread != cb[k].nread ||
				    ca[k].read_len != cb[k].read_len ||
				    ca[k].write_len != cb[k].write_len ||
				    ca[k].indirect != cb[k].indirect) {
					printf("not ok 1 - pop_many differs: "
					       "it %u chain %u differs\n",
					       it, k);
					return 1;
				}
				for (unsigned j = 0; j < ca[k].nseg; j++) {
					struct pvring_seg
						*x = &sa[k * maxs + j],
						*y = &sb[k * maxs + j];
					if (x->addr != y->addr ||
					    x->len != y->len ||
					    x->writable != y->writable ||
					    (uint8_t *)x->ptr - ma !=
						    (uint8_t *)y->ptr - mb) {
						printf("not ok 1 - pop_many "
						       "differs: it %u seg "
						       "differs\n",
						       it);
						return 1;
					}
				}
				if (!ca[k].indirect)
					fastchains++;
			}
			popped += ka;
			errs += ea < 0;
			if (qa.broken != qb.broken ||
			    qa.last_avail != qb.last_avail ||
			    qa.inflight != qb.inflight) {
				printf("not ok 1 - pop_many differs: it %u "
				       "state differs\n",
				       it);
				return 1;
			}
			/* push some back through both paths */
			struct pvring_used_elem ue[20];
			unsigned np = rnd(&s) % (ka + 2);
			int pa = 0, pb;
			for (unsigned k = 0; k < np; k++) {
				ue[k].id = k < ka ? ca[k].head
						  : rnd(&s) % (num + 2);
				if (!honest && rnd(&s) % 20 == 0)
					ue[k].id = 0x10000 + rnd(&s) % 4;
				ue[k].len = rnd(&s) % 64;
			}
			for (unsigned k = 0; k < np; k++) {
				pa = ue[k].id > 0xffff
					     ? (qa.broken ? PVRING_ERR_BROKEN
							  : PVRING_ERR_INVAL)
					     : pvring_dev_push_slow(
						       &qa, (uint16_t)ue[k].id,
						       ue[k].len);
				if (pa)
					break;
			}
			pb = pvring_dev_push_many(&qb, ue, np);
			if (pa != pb || qa.used_shadow != qb.used_shadow ||
			    qa.inflight != qb.inflight) {
				printf("not ok 1 - pop_many differs: it %u "
				       "push differs %d %d\n",
				       it, pa, pb);
				return 1;
			}
			if (la.n != lb.n || la.n > MAXEV ||
			    memcmp(la.r, lb.r, la.n * sizeof(la.r[0]))) {
				printf("not ok 1 - pop_many differs: it %u "
				       "round %d: events %u vs %u\n",
				       it, round, la.n, lb.n);
				return 1;
			}
			events += la.n;
			pvring_dev_publish(&qa);
			pvring_dev_publish(&qb);
			if (memcmp(ra + l.used_off, rb + l.used_off,
				   pvring_used_bytes(num))) {
				printf("not ok 1 - pop_many differs: it %u "
				       "used differs\n",
				       it);
				return 1;
			}
			/* the driver adds more */
			uint16_t add = rnd(&s) % 3;
			/* an honest driver never has more than N outstanding */
			while (honest && add &&
			       (uint16_t)(av->idx + add - qa.last_avail) > num)
				add--;
			av = (void *)(ra + l.avail_off);
			struct pvring_avail *avb = (void *)(rb + l.avail_off);
			for (unsigned k = 0; k < add; k++) {
				uint16_t h = rnd(&s) % num;
				av->ring[(av->idx + k) % num] = h;
				avb->ring[(avb->idx + k) % num] = h;
			}
			av->idx += add;
			avb->idx += add;
		}
		free(ra);
		free(rb);
		free(ma);
		free(mb);
	}
	printf("ok 1 - pop_many matches the general pop on %u rings: %lu "
	       "chains popped (%lu direct), %lu errors, %lu trace events\n",
	       iters, popped, fastchains, errs, events);
	return 0;
}
