// SPDX-License-Identifier: MIT
/* Virtual PLIC. Every index derived from a guest offset or value is checked
 * against ndev/ncontexts before use: the guest controls all of them. */
#include "vplic.h"

#include <string.h>

#define VPLIC_PRIORITY_END PLIC_PENDING_BASE
#define VPLIC_PENDING_END PLIC_ENABLE_BASE
#define VPLIC_ENABLE_END PLIC_CONTEXT_BASE

static bool vplic_bit(const uint32_t *map, unsigned id)
{
	return map[id / 32] & (UINT32_C(1) << (id % 32));
}

static void vplic_assign(uint32_t *map, unsigned id, bool on)
{
	uint32_t mask = UINT32_C(1) << (id % 32);

	if (on)
		map[id / 32] |= mask;
	else
		map[id / 32] &= ~mask;
}

/* Bits of word w that name real sources (1..ndev). */
static uint32_t vplic_valid_mask(const struct vplic *p, unsigned w)
{
	unsigned first = w * 32, last = first + 31;
	uint32_t mask = UINT32_MAX;

	if (first > p->ndev)
		return 0;
	if (last > p->ndev)
		mask >>= last - p->ndev;
	if (w == 0)
		mask &= ~UINT32_C(1); /* source 0 does not exist */
	return mask;
}

static uint8_t vplic_clamp_priority(uint64_t val)
{
	uint32_t v = (uint32_t)val;

	return v > VPLIC_MAX_PRIORITY ? VPLIC_MAX_PRIORITY : (uint8_t)v;
}

/* The source a claim by `c` would return, or 0. Scanning ids upwards and
 * taking only strictly higher priorities gives the lowest id on ties. */
static unsigned vplic_best(const struct vplic *p, unsigned c)
{
	unsigned best = 0, best_prio = p->threshold[c];

	for (unsigned w = 0; w < VPLIC_WORDS; w++) {
		uint32_t cand = p->pending[w] & p->enable[c][w];

		for (unsigned id = w * 32; cand; id++, cand >>= 1) {
			if ((cand & 1) && p->priority[id] > best_prio) {
				best = id;
				best_prio = p->priority[id];
			}
		}
	}
	return best;
}

static void vplic_update(struct vplic *p)
{
	for (unsigned c = 0; c < p->ncontexts; c++) {
		bool level = vplic_best(p, c) != 0;
		uint32_t bit = UINT32_C(1) << c;

		if (level == !!(p->out & bit))
			continue;
		p->out ^= bit;
		if (p->ops && p->ops->notify)
			p->ops->notify(p->ctx, c, level);
	}
}

static uint32_t vplic_claim(struct vplic *p, unsigned c)
{
	unsigned id = vplic_best(p, c);

	if (id) {
		vplic_assign(p->pending, id, false);
		vplic_assign(p->claimed, id, true);
	}
	return id;
}

static void vplic_complete(struct vplic *p, unsigned c, uint64_t val)
{
	unsigned id;

	if (val == 0 || val > p->ndev)
		return;
	id = (unsigned)val;
	if (!vplic_bit(p->enable[c], id) || !vplic_bit(p->claimed, id))
		return;
	vplic_assign(p->claimed, id, false);
	/* Level-triggered: the gateway forwards a line still high again */
	if (vplic_bit(p->line, id))
		vplic_assign(p->pending, id, true);
}

int vplic_init(struct vplic *p, unsigned ndev, unsigned ncontexts,
	       const struct vplic_ops *ops, void *ctx)
{
	memset(p, 0, sizeof(*p));
	if (ndev < 1 || ndev > VPLIC_MAX_NDEV || ncontexts < 1 ||
	    ncontexts > VPLIC_MAX_CONTEXTS)
		return VPLIC_ERR_ARG;
	p->ops = ops;
	p->ctx = ctx;
	p->ndev = ndev;
	p->ncontexts = ncontexts;
	return VPLIC_OK;
}

void vplic_reset(struct vplic *p)
{
	memset(p->priority, 0, sizeof(p->priority));
	memset(p->threshold, 0, sizeof(p->threshold));
	memset(p->claimed, 0, sizeof(p->claimed));
	memset(p->enable, 0, sizeof(p->enable));
	memcpy(p->pending, p->line, sizeof(p->pending));
	vplic_update(p);
}

uint64_t vplic_mmio_size(const struct vplic *p)
{
	return PLIC_CONTEXT_BASE + (uint64_t)p->ncontexts * PLIC_CONTEXT_STRIDE;
}

static int vplic_check(const struct vplic *p, uint64_t offset, unsigned width)
{
	if (width != 4)
		return VPLIC_ERR_WIDTH;
	if (offset & 3)
		return VPLIC_ERR_ALIGN;
	if (offset >= vplic_mmio_size(p))
		return VPLIC_ERR_OFFSET;
	return VPLIC_OK;
}

int vplic_read(struct vplic *p, uint64_t offset, unsigned width, uint64_t *val)
{
	int err = vplic_check(p, offset, width);
	uint64_t rel;
	unsigned c, idx;

	if (err)
		return err;
	*val = 0;
	if (offset < VPLIC_PRIORITY_END) {
		idx = (unsigned)(offset / 4);
		if (idx <= p->ndev)
			*val = p->priority[idx];
	} else if (offset < VPLIC_PENDING_END) {
		idx = (unsigned)((offset - PLIC_PENDING_BASE) / 4);
		if (idx < VPLIC_WORDS)
			*val = p->pending[idx];
	} else if (offset < VPLIC_ENABLE_END) {
		rel = offset - PLIC_ENABLE_BASE;
		c = (unsigned)(rel / PLIC_ENABLE_STRIDE);
		idx = (unsigned)(rel % PLIC_ENABLE_STRIDE / 4);
		if (c < p->ncontexts && idx < VPLIC_WORDS)
			*val = p->enable[c][idx];
	} else {
		/* c < ncontexts: vplic_check bounded offset by the window */
		rel = offset - PLIC_CONTEXT_BASE;
		c = (unsigned)(rel / PLIC_CONTEXT_STRIDE);
		rel %= PLIC_CONTEXT_STRIDE;
		if (rel == PLIC_CONTEXT_THRESHOLD) {
			*val = p->threshold[c];
		} else if (rel == PLIC_CONTEXT_CLAIM) {
			*val = vplic_claim(p, c);
			vplic_update(p);
		}
	}
	return VPLIC_OK;
}

int vplic_write(struct vplic *p, uint64_t offset, unsigned width, uint64_t val)
{
	int err = vplic_check(p, offset, width);
	uint64_t rel;
	unsigned c, idx;

	if (err)
		return err;
	val &= UINT32_MAX; /* a 32-bit register sees the low word only */
	if (offset < VPLIC_PRIORITY_END) {
		idx = (unsigned)(offset / 4);
		if (idx >= 1 && idx <= p->ndev)
			p->priority[idx] = vplic_clamp_priority(val);
	} else if (offset < VPLIC_PENDING_END) {
		/* pending bits are read-only */
	} else if (offset < VPLIC_ENABLE_END) {
		rel = offset - PLIC_ENABLE_BASE;
		c = (unsigned)(rel / PLIC_ENABLE_STRIDE);
		idx = (unsigned)(rel % PLIC_ENABLE_STRIDE / 4);
		if (c < p->ncontexts && idx < VPLIC_WORDS)
			p->enable[c][idx] =
				(uint32_t)val & vplic_valid_mask(p, idx);
	} else {
		rel = offset - PLIC_CONTEXT_BASE;
		c = (unsigned)(rel / PLIC_CONTEXT_STRIDE);
		rel %= PLIC_CONTEXT_STRIDE;
		if (rel == PLIC_CONTEXT_THRESHOLD)
			p->threshold[c] = vplic_clamp_priority(val);
		else if (rel == PLIC_CONTEXT_CLAIM)
			vplic_complete(p, c, val);
	}
	vplic_update(p);
	return VPLIC_OK;
}

int vplic_set_level(struct vplic *p, unsigned irq, bool level)
{
	if (irq < 1 || irq > p->ndev)
		return VPLIC_ERR_ARG;
	vplic_assign(p->line, irq, level);
	if (!level)
		vplic_assign(p->pending, irq, false);
	else if (!vplic_bit(p->claimed, irq))
		vplic_assign(p->pending, irq, true);
	vplic_update(p);
	return VPLIC_OK;
}

bool vplic_context_level(const struct vplic *p, unsigned context)
{
	return context < p->ncontexts && (p->out & (UINT32_C(1) << context));
}
