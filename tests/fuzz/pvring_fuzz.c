// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for pvring (clang, ASan + UBSan). Device role: arbitrary
 * descriptor table, avail ring and data, changed between operations, fed to
 * pop/push/notify. Driver role: honest chains, arbitrary used ring. Checks
 * that every call returns a known code, that popped segments lie inside
 * the memory they were translated to (and touches every byte of them), and
 * that the driver never hands back a token that is not outstanding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pvring.h"
#include "pvring_fuzz.h"

#define MAXSEG 32
#define MAXNUM 128

struct area {
	uint64_t gpa;
	uint8_t *host;
	size_t size;
};

struct fz {
	struct area a[4]; /* desc, avail, used, data */
	unsigned int num;
	uint64_t features;
	unsigned int max_segs;
	bool refuse_ring_writes;
	const uint8_t *ops;
	size_t nops, pos;
};

#define CHECK(c)                          \
	do {                              \
		if (!(c))                 \
			__builtin_trap(); \
	} while (0)

static void *fz_translate(void *ctx, uint64_t addr, uint32_t len, bool w)
{
	struct fz *f = ctx;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		struct area *a = &f->a[i];

		if (addr < a->gpa || addr - a->gpa > a->size ||
		    len > a->size - (addr - a->gpa))
			continue;
		if (w && i < 3 && f->refuse_ring_writes)
			return NULL;
		return a->host + (addr - a->gpa);
	}
	return NULL;
}

/* Trace records must describe this queue with in-range values. */
static void fz_trace(void *ctx, const struct pvring_trace_rec *r)
{
	const struct fz *f = ctx;

	CHECK(r->qid == 7);
	CHECK(r->event >= PVRING_EV_PUBLISH && r->event <= PVRING_EV_ERROR);
	CHECK(r->role == PVRING_ROLE_DRIVER || r->role == PVRING_ROLE_DEVICE);
	CHECK((r->event == PVRING_EV_ERROR) == (r->err != 0));
	if (r->event == PVRING_EV_POP || r->event == PVRING_EV_PUSH ||
	    r->event == PVRING_EV_PUBLISH || r->event == PVRING_EV_REAP)
		CHECK(r->head < f->num);
}

static bool known_err(int e)
{
	return e == PVRING_ERR_INVAL || e == PVRING_ERR_NOSPC ||
	       e == PVRING_ERR_BROKEN || (e <= -10 && e >= -23) ||
	       (e <= -30 && e >= -32);
}

static int next_op(struct fz *f)
{
	return f->pos < f->nops ? f->ops[f->pos++] : -1;
}

/* The segment must be exactly what translate gives for it. */
static void check_seg(struct fz *f, const struct pvring_seg *s)
{
	volatile uint8_t sink = 0;
	uint8_t *p = s->ptr;
	uint32_t k;

	CHECK(p == fz_translate(f, s->addr, s->len, s->writable));
	for (k = 0; k < s->len; k++) {
		if (s->writable)
			p[k] = 0x5a;
		else
			sink ^= p[k];
	}
	(void)sink;
}

static void check_chain(struct fz *f, const struct pvring_chain *ch,
			const struct pvring_seg *segs)
{
	uint64_t r = 0, w = 0;
	unsigned int i;

	CHECK(ch->nseg >= 1 && ch->nseg <= f->max_segs);
	CHECK(ch->nread <= ch->nseg);
	CHECK(ch->head < f->num);
	for (i = 0; i < ch->nseg; i++) {
		CHECK(segs[i].writable == (i >= ch->nread));
		if (segs[i].writable)
			w += segs[i].len;
		else
			r += segs[i].len;
		check_seg(f, &segs[i]);
	}
	CHECK(r == ch->read_len && w == ch->write_len);
	CHECK(r + w <= UINT32_MAX);
}

static void fuzz_device(struct fz *f)
{
	struct pvring_dev q;
	struct pvring_seg segs[MAXSEG];
	struct pvring_chain ch;
	uint16_t popped[MAXNUM * 2];
	uint32_t wlen[MAXNUM * 2];
	unsigned int npopped = 0;
	int op, r;

	CHECK(pvring_dev_init(&q, f->num, f->a[0].host, f->a[1].host,
			      f->a[2].host, f->features, fz_translate, f,
			      7) == 0);
	pvring_dev_set_trace(&q, fz_trace, f);
	while ((op = next_op(f)) >= 0) {
		switch (op & 7) {
		case PVF_DEV_POP:
			r = pvring_dev_pop(&q, segs, f->max_segs, &ch);
			if (r == 1) {
				check_chain(f, &ch, segs);
				if (npopped < MAXNUM * 2) {
					popped[npopped] = ch.head;
					wlen[npopped++] = ch.write_len;
				}
			} else {
				CHECK(r == 0 || known_err(r));
				if (f->max_segs && r < 0)
					CHECK(q.broken);
			}
			break;
		case PVF_DEV_PUSH:
			if (npopped) {
				npopped--;
				r = pvring_dev_push(&q, popped[npopped],
						    wlen[npopped] / 8 *
							    (op >> 5));
				CHECK(r == 0 || r == PVRING_ERR_BROKEN);
			} else {
				r = pvring_dev_push(&q, (uint16_t)(op >> 3), 0);
				CHECK(r == 0 || known_err(r));
			}
			break;
		case PVF_DEV_IRQ:
			(void)pvring_dev_irq_prepare(&q);
			break;
		case PVF_DEV_ENABLE:
			r = pvring_dev_enable_notify(&q);
			CHECK(r == 0 || r == 1 || known_err(r));
			break;
		case PVF_DEV_DISABLE:
			pvring_dev_disable_notify(&q);
			break;
		case PVF_DEV_COUNT:
			r = pvring_dev_avail_count(&q);
			CHECK((r >= 0 && (unsigned int)r <= f->num) ||
			      known_err(r));
			break;
		case PVF_DEV_POKE: {
			int p = next_op(f), v = next_op(f);
			size_t at, total = f->a[0].size + f->a[1].size;

			if (p < 0 || v < 0)
				break;
			/* spread 256 positions over desc + avail */
			at = (size_t)p * total / 256;
			if (at < f->a[0].size)
				f->a[0].host[at] = (uint8_t)v;
			else
				f->a[1].host[at - f->a[0].size] = (uint8_t)v;
			break;
		}
		case PVF_DEV_RESET:
			CHECK(pvring_dev_init(&q, f->num, f->a[0].host,
					      f->a[1].host, f->a[2].host,
					      f->features, fz_translate, f,
					      7) == 0);
			pvring_dev_set_trace(&q, fz_trace, f);
			npopped = 0;
			break;
		}
	}
}

/* ---- driver role ------------------------------------------------------ */

enum { TOK_FREE, TOK_STAGED, TOK_PUBLISHED, TOK_KEPT };

struct tok {
	int state;
	unsigned int ndesc;
	uint32_t wcap;
	uint16_t head; /* while kept */
	uint32_t last_len; /* len of the chain's last buffer */
	bool last_w; /* ... and whether it is writable */
};

/* A kept chain offered again (or released, with the indirect bit). */
static void drv_repost(struct pvring_drv *q, struct tok *toks, int op)
{
	struct pvring_buf nb = {PVF_DATA_GPA + 512, 8};
	unsigned int k;
	int r;

	for (k = 0; k < MAXNUM; k++)
		if (toks[k].state == TOK_KEPT)
			break;
	if (k == MAXNUM)
		return;
	struct tok *t = &toks[k];
	if ((op >> 7) & 1) {
		CHECK(pvring_drv_release(q, t->head) == 0);
		t->state = TOK_FREE;
		return;
	}
	/* rewriting the last descriptor changes the capacity if writable */
	r = pvring_drv_set_buf(q, t->head, t->ndesc - 1, &nb);
	CHECK(r == 0 || r == PVRING_ERR_INVAL);
	if (r == 0 && t->last_w)
		t->wcap = t->wcap - t->last_len + nb.len;
	if (r == 0)
		t->last_len = nb.len;
	r = pvring_drv_repost(q, t->head, t);
	if (r == 0)
		t->state = TOK_STAGED;
	else
		CHECK(r == PVRING_ERR_BROKEN);
}

static void drv_check_free(const struct pvring_drv *q, const struct tok *t,
			   unsigned int ntok)
{
	unsigned int i, used = 0;

	for (i = 0; i < ntok; i++)
		if (t[i].state != TOK_FREE)
			used += t[i].ndesc;
	CHECK(pvring_drv_num_free(q) + used == q->num);
}

static void drv_add(struct fz *f, struct pvring_drv *q, struct tok *toks,
		    int op)
{
	struct pvring_buf b[8];
	unsigned int nout = (op >> 3) & 3, nin = (op >> 5) & 3, i, k;
	bool indirect = (op >> 7) & 1;
	uint32_t wcap = 0;
	struct tok *t = NULL;
	int r;

	if (nout + nin == 0) {
		drv_repost(q, toks, op);
		return;
	}
	for (k = 0; k < MAXNUM; k++)
		if (toks[k].state == TOK_FREE) {
			t = &toks[k];
			break;
		}
	if (!t)
		return;
	for (i = 0; i < nout + nin; i++) {
		b[i].addr = PVF_DATA_GPA + 64 * i;
		b[i].len = 16 + 8 * i;
		if (i >= nout)
			wcap += b[i].len;
	}
	if (indirect)
		/* indirect tables live in the data area, one per token slot */
		r = pvring_drv_add_indirect(
			q, b, nout, nin,
			(struct pvring_desc *)(void *)(f->a[3].host + 2048 +
						       (k % 21) * 96),
			PVF_DATA_GPA + 2048 + (k % 21) * 96, t);
	else
		r = pvring_drv_add(q, b, nout, nin, t);
	if (r >= 0) {
		t->state = TOK_STAGED;
		t->ndesc = indirect ? 1 : nout + nin;
		t->wcap = wcap;
		t->last_len = b[nout + nin - 1].len;
		t->last_w = nin > 0 && !indirect;
	} else {
		CHECK(known_err(r));
	}
}

static void drv_published(struct tok *toks)
{
	unsigned int k;

	for (k = 0; k < MAXNUM; k++)
		if (toks[k].state == TOK_STAGED)
			toks[k].state = TOK_PUBLISHED;
}

static void fuzz_driver(struct fz *f)
{
	static struct pvring_drv_slot slots[MAXNUM];
	struct tok toks[MAXNUM];
	struct pvring_drv q;
	struct pvring_dev dev;
	struct pvring_used *used = (struct pvring_used *)(void *)f->a[2].host;
	int op, r;

	memset(toks, 0, sizeof(toks));
	CHECK(pvring_drv_init(&q, f->num, f->a[0].host, f->a[1].host,
			      f->a[2].host, slots, f->features, 7) == 0);
	pvring_drv_set_trace(&q, fz_trace, f);
	CHECK(pvring_dev_init(&dev, f->num, f->a[0].host, f->a[1].host,
			      f->a[2].host, f->features, fz_translate, f,
			      0) == 0);
	while ((op = next_op(f)) >= 0) {
		switch (op & 7) {
		case PVF_DRV_ADD:
			drv_add(f, &q, toks, op);
			break;
		case PVF_DRV_KICK:
			(void)pvring_drv_kick_prepare(&q);
			if (!q.broken)
				drv_published(toks);
			break;
		case PVF_DRV_REAP: {
			void *tk = NULL;
			uint32_t len = 0;
			uint16_t head = 0;

			r = op & 8 ? pvring_drv_get_used_kept(&q, &head, &tk,
							      &len)
				   : pvring_drv_get_used(&q, &tk, &len);
			if (r == 1) {
				struct tok *t = tk;

				CHECK(t >= toks && t < toks + MAXNUM);
				CHECK(t->state == TOK_PUBLISHED);
				CHECK(len <= t->wcap);
				t->state = op & 8 ? TOK_KEPT : TOK_FREE;
				t->head = head;
			} else {
				CHECK(r == 0 || known_err(r));
			}
			break;
		}
		case PVF_DRV_ENABLE:
			r = pvring_drv_enable_cb(&q);
			CHECK(r == 0 || r == 1 || known_err(r));
			break;
		case PVF_DRV_DISABLE:
			pvring_drv_disable_cb(&q);
			break;
		case PVF_DRV_USED: {
			int id = next_op(f), len = next_op(f);
			uint16_t u;

			if (id < 0 || len < 0)
				break;
			u = used->idx;
			used->ring[u & (f->num - 1)].id =
				(id & 0x80) ? 0xffff0000u | (uint32_t)id
					    : (uint32_t)id;
			used->ring[u & (f->num - 1)].len = (uint32_t)len * 4;
			used->idx = (uint16_t)(u + 1);
			break;
		}
		case PVF_DRV_POKE: {
			int p = next_op(f), v = next_op(f);

			if (p < 0 || v < 0)
				break;
			f->a[2].host[(size_t)p * f->a[2].size / 256] =
				(uint8_t)v;
			break;
		}
		case PVF_DRV_SERVE: {
			struct pvring_seg segs[MAXSEG];
			struct pvring_chain ch;

			while (pvring_dev_pop(&dev, segs, MAXSEG, &ch) == 1)
				if (pvring_dev_push(&dev, ch.head,
						    ch.write_len / 2))
					break;
			(void)pvring_dev_irq_prepare(&dev);
			break;
		}
		}
		if (!q.broken)
			drv_check_free(&q, toks, MAXNUM);
	}
}

static uint8_t *area_alloc(size_t size, size_t align)
{
	/* exact size, so ASan sees any byte beyond it */
	uint8_t *p = aligned_alloc(align, (size + align - 1) / align * align);

	CHECK(p);
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f;
	size_t img, i, n;
	unsigned int k;

	if (size < 4)
		return 0;
	memset(&f, 0, sizeof(f));
	f.num = 1u << (data[0] & 7);
	f.features = ((data[0] & PVF_F_INDIRECT) ? PVRING_F_INDIRECT_DESC : 0) |
		     ((data[0] & PVF_F_EVENT) ? PVRING_F_EVENT_IDX : 0);
	f.max_segs = data[1] % (MAXSEG + 1);
	f.refuse_ring_writes = data[2] & 1;
	f.ops = data + 4;
	f.nops = data[3] < size - 4 ? data[3] : size - 4;
	img = 4 + f.nops;

	f.a[0] = (struct area){PVF_DESC_GPA, NULL, pvring_desc_bytes(f.num)};
	f.a[1] = (struct area){PVF_AVAIL_GPA, NULL, pvring_avail_bytes(f.num)};
	f.a[2] = (struct area){PVF_USED_GPA, NULL, pvring_used_bytes(f.num)};
	f.a[3] = (struct area){PVF_DATA_GPA, NULL, PVF_DATA_SIZE};
	/* desc and data need 16-byte alignment (their sizes are multiples
	 * of 16); avail and used are malloc'ed at their exact odd sizes */
	f.a[0].host = area_alloc(f.a[0].size, 16);
	f.a[1].host = malloc(f.a[1].size);
	f.a[2].host = malloc(f.a[2].size);
	f.a[3].host = area_alloc(f.a[3].size, 16);
	CHECK(f.a[1].host && f.a[2].host);
	memset(f.a[2].host, 0, f.a[2].size);
	for (k = 0; k < 4; k++) {
		if (k == 2)
			continue;
		memset(f.a[k].host, 0, f.a[k].size);
		n = img < size ? size - img : 0;
		if (n > f.a[k].size)
			n = f.a[k].size;
		for (i = 0; i < n; i++)
			f.a[k].host[i] = data[img + i];
		img += n;
	}

	if (data[0] & PVF_ROLE_DRIVER)
		fuzz_driver(&f);
	else
		fuzz_device(&f);

	for (k = 0; k < 4; k++)
		free(f.a[k].host);
	return 0;
}
