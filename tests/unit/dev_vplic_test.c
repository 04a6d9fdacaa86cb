// SPDX-License-Identifier: MIT
/* Unit tests of the virtual PLIC (hypervisor/vplic.c): register layout,
 * priorities, threshold, per-context enables, claim/complete, the context
 * output callback and hostile accesses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vplic.h"

#define NDEV 95 /* as QEMU virt: riscv,ndev = 95 */
#define NCTX 4

struct event {
	unsigned context;
	bool level;
};

struct rec {
	struct event ev[64];
	int n;
	bool level[VPLIC_MAX_CONTEXTS];
};

static void rec_notify(void *ctx, unsigned context, bool level)
{
	struct rec *r = ctx;

	assert_true(context < NCTX);
	assert_true(level != r->level[context]); /* only changes */
	r->level[context] = level;
	if (r->n < 64)
		r->ev[r->n] = (struct event){context, level};
	r->n++;
}

static const struct vplic_ops rec_ops = {.notify = rec_notify};

struct fixture {
	struct vplic p;
	struct rec r;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(vplic_init(&f->p, NDEV, NCTX, &rec_ops, &f->r),
			 VPLIC_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static uint32_t rd(struct vplic *p, uint64_t off)
{
	uint64_t v = 0xdeadbeefcafeULL;

	assert_int_equal(vplic_read(p, off, 4, &v), VPLIC_OK);
	assert_true(v <= UINT32_MAX);
	return (uint32_t)v;
}

static void wr(struct vplic *p, uint64_t off, uint64_t v)
{
	assert_int_equal(vplic_write(p, off, 4, v), VPLIC_OK);
}

static uint64_t prio_reg(unsigned irq)
{
	return PLIC_PRIORITY_BASE + 4 * irq;
}

static uint64_t pending_reg(unsigned irq)
{
	return PLIC_PENDING_BASE + 4 * (irq / 32);
}

static uint64_t enable_reg(unsigned ctx, unsigned irq)
{
	return PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * ctx + 4 * (irq / 32);
}

static uint64_t threshold_reg(unsigned ctx)
{
	return PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * ctx;
}

static uint64_t claim_reg(unsigned ctx)
{
	return threshold_reg(ctx) + PLIC_CONTEXT_CLAIM;
}

static void enable(struct vplic *p, unsigned ctx, unsigned irq, bool on)
{
	uint32_t v = rd(p, enable_reg(ctx, irq));
	uint32_t bit = UINT32_C(1) << (irq % 32);

	wr(p, enable_reg(ctx, irq), on ? v | bit : v & ~bit);
}

static bool is_pending(struct vplic *p, unsigned irq)
{
	return rd(p, pending_reg(irq)) & (UINT32_C(1) << (irq % 32));
}

static void test_init_arguments(void **state)
{
	struct vplic p;

	(void)state;
	assert_int_equal(vplic_init(&p, 0, 1, NULL, NULL), VPLIC_ERR_ARG);
	assert_int_equal(vplic_init(&p, VPLIC_MAX_NDEV + 1, 1, NULL, NULL),
			 VPLIC_ERR_ARG);
	assert_int_equal(vplic_init(&p, 10, 0, NULL, NULL), VPLIC_ERR_ARG);
	assert_int_equal(vplic_init(&p, 10, VPLIC_MAX_CONTEXTS + 1, NULL, NULL),
			 VPLIC_ERR_ARG);
	assert_int_equal(
		vplic_init(&p, VPLIC_MAX_NDEV, VPLIC_MAX_CONTEXTS, NULL, NULL),
		VPLIC_OK);
	assert_int_equal(vplic_mmio_size(&p),
			 0x200000 + 0x1000 * VPLIC_MAX_CONTEXTS);
	/* without callbacks it still works */
	assert_int_equal(vplic_set_level(&p, VPLIC_MAX_NDEV, true), VPLIC_OK);
	wr(&p, prio_reg(VPLIC_MAX_NDEV), 1);
	enable(&p, VPLIC_MAX_CONTEXTS - 1, VPLIC_MAX_NDEV, true);
	assert_true(vplic_context_level(&p, VPLIC_MAX_CONTEXTS - 1));
	assert_int_equal(rd(&p, claim_reg(VPLIC_MAX_CONTEXTS - 1)),
			 VPLIC_MAX_NDEV);
}

static void test_layout_and_reset_values(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(vplic_mmio_size(&f->p), 0x200000 + 0x1000 * NCTX);
	for (unsigned irq = 0; irq <= NDEV; irq++)
		assert_int_equal(rd(&f->p, prio_reg(irq)), 0);
	for (unsigned c = 0; c < NCTX; c++) {
		assert_int_equal(rd(&f->p, threshold_reg(c)), 0);
		for (unsigned w = 0; w < 4; w++)
			assert_int_equal(rd(&f->p, enable_reg(c, w * 32)), 0);
		assert_false(vplic_context_level(&f->p, c));
	}
	assert_false(vplic_context_level(&f->p, NCTX));
	assert_false(vplic_context_level(&f->p, UINT32_MAX));
	assert_int_equal(f->r.n, 0);
}

static void test_priority_registers(void **state)
{
	struct fixture *f = *state;
	struct vplic *p = &f->p;

	wr(p, prio_reg(1), 5);
	wr(p, prio_reg(NDEV), 7);
	assert_int_equal(rd(p, prio_reg(1)), 5);
	assert_int_equal(rd(p, prio_reg(NDEV)), 7);
	/* WARL: too large clamps to the maximum, high bits ignored */
	wr(p, prio_reg(2), 8);
	assert_int_equal(rd(p, prio_reg(2)), VPLIC_MAX_PRIORITY);
	wr(p, prio_reg(3), 0xffffffff);
	assert_int_equal(rd(p, prio_reg(3)), VPLIC_MAX_PRIORITY);
	wr(p, prio_reg(4), 0x100000003ULL);
	assert_int_equal(rd(p, prio_reg(4)), 3);
	/* source 0 and sources above ndev do not exist */
	wr(p, prio_reg(0), 3);
	assert_int_equal(rd(p, prio_reg(0)), 0);
	wr(p, prio_reg(NDEV + 1), 3);
	assert_int_equal(rd(p, prio_reg(NDEV + 1)), 0);
	wr(p, prio_reg(1023), 3);
	assert_int_equal(rd(p, prio_reg(1023)), 0);
}

static void test_enable_bits_masked(void **state)
{
	struct fixture *f = *state;
	struct vplic *p = &f->p;

	wr(p, enable_reg(0, 0), 0xffffffff);
	assert_int_equal(rd(p, enable_reg(0, 0)), 0xfffffffe); /* no source 0 */
	wr(p, enable_reg(0, 64), 0xffffffff);
	assert_int_equal(rd(p, enable_reg(0, 64)), 0xffffffff); /* 64..95 */
	wr(p, enable_reg(0, 96), 0xffffffff);
	assert_int_equal(rd(p, enable_reg(0, 96)), 0); /* above ndev */
	/* the other contexts are untouched */
	assert_int_equal(rd(p, enable_reg(1, 0)), 0);
	assert_int_equal(rd(p, enable_reg(NCTX - 1, 64)), 0);
	/* words 4..31 of a context's enable block are reserved */
	wr(p, PLIC_ENABLE_BASE + 0x7c, 0xffffffff);
	assert_int_equal(rd(p, PLIC_ENABLE_BASE + 0x7c), 0);

	/* an odd ndev leaves a partial word */
	struct vplic q;
	assert_int_equal(vplic_init(&q, 40, 1, NULL, NULL), VPLIC_OK);
	wr(&q, enable_reg(0, 32), 0xffffffff);
	assert_int_equal(rd(&q, enable_reg(0, 32)), 0x1ff); /* 32..40 */
}

static void test_claim_nothing_pending(void **state)
{
	struct fixture *f = *state;
	struct vplic *p = &f->p;

	for (unsigned c = 0; c < NCTX; c++)
		assert_int_equal(rd(p, claim_reg(c)), 0);
	/* pending but not enabled, or priority 0: still nothing */
	assert_int_equal(vplic_set_level(p, 5, true), VPLIC_OK);
	assert_true(is_pending(p, 5));
	assert_int_equal(rd(p, claim_reg(0)), 0);
	enable(p, 0, 5, true);
	assert_int_equal(rd(p, claim_reg(0)), 0); /* priority 0 never fires */
	assert_true(is_pending(p, 5));
	assert_int_equal(f->r.n, 0);
}

static void test_claim_order(void **state)
{
	struct fixture *f = *state;
	struct vplic *p = &f->p;
	static const struct {
		unsigned irq, prio;
	} src[] = {{3, 2}, {40, 6}, {7, 2}, {95, 6}, {33, 1}, {10, 2}};
	static const unsigned order[] = {40, 95, 3, 7, 10, 33};

	for (size_t i = 0; i < 6; i++) {
		wr(p, prio_reg(src[i].irq), src[i].prio);
		enable(p, 0, src[i].irq, true);
		assert_int_equal(vplic_set_level(p, src[i].irq, true),
				 VPLIC_OK);
	}
	/* highest priority first, lowest id among equals */
	for (size_t i = 0; i < 6; i++) {
		assert_true(is_pending(p, order[i]));
		assert_true(vplic_context_level(p, 0));
		assert_int_equal(rd(p, claim_reg(0)), order[i]);
		assert_false(is_pending(p, order[i])); /* claim clears it */
	}
	assert_false(vplic_context_level(p, 0));
	assert_int_equal(rd(p, claim_reg(0)), 0);
	/* the output went up once and down once */
	assert_int_equal(f->r.n, 2);
	assert_true(f->r.ev[0].context == 0 && f->r.ev[0].level);
	assert_true(f->r.ev[1].context == 0 && !f->r.ev[1].level);
}

static void test_threshold(void **state)
{
	struct fixture *f = *state;
	struct vplic *p = &f->p;

	wr(p, threshold_reg(0), 3);
	assert_int_equal(rd(p, threshold_reg(0)), 3);
	wr(p, prio_reg(9), 3);
	enable(p, 0, 9, true);
	vplic_set_level(p, 9, true);
	/* priority must be strictly above the threshold */
	assert_false(vplic_context_level(p, 0));
	assert_int_equal(rd(p, claim_reg(0)), 0);
	wr(p, prio_reg(9), 4);
	assert_true(vplic_context_level(p, 0));
	wr(p, threshold_reg(0), 4);
	assert_false(vplic_context_level(p, 0));
	/* threshold 7 (Linux's PLIC_DISABLE_THRESHOLD) masks everything */
	wr(p, prio_reg(9), 7);
	wr(p, threshold_reg(0), 7);
	assert_false(vplic_context_level(p, 0));
	wr(p, threshold_reg(0), 0x1234); /* clamps to 7 */
	assert_int_equal(rd(p, threshold_reg(0)), 7);
	wr(p, threshold_reg(0), 0);
	assert_true(vplic_context_level(p, 0));
	assert_int_equal(rd(p, claim_reg(0)), 9);
	assert_int_equal(f->r.n, 6);
}

static void test_per_context_enables(void **state)
{
	struct fixture *f = *state;
	struct vplic *p = &f->p;

	wr(p, prio_reg(10), 1);
	wr(p, prio_reg(11), 1);
	enable(p, 1, 10, true);
	enable(p, 2, 11, true);
	enable(p, 3, 10, true);
	enable(p, 3, 11, true);
	vplic_set_level(p, 10, true);
	assert_false(vplic_context_level(p, 0));
	assert_true(vplic_context_level(p, 1));
	assert_false(vplic_context_level(p, 2));
	assert_true(vplic_context_level(p, 3));
	vplic_set_level(p, 11, true);
	assert_true(vplic_context_level(p, 2));
	assert_int_equal(rd(p, claim_reg(0)), 0);
	/* vCPU 1 claims 10: no longer pending anywhere */
	assert_int_equal(rd(p, claim_reg(1)), 10);
	assert_false(vplic_context_level(p, 1));
	assert_true(vplic_context_level(p, 3)); /* 11 still pending for it */
	assert_int_equal(rd(p, claim_reg(3)), 11);
	assert_false(vplic_context_level(p, 2));
	assert_false(vplic_context_level(p, 3));
	assert_int_equal(rd(p, claim_reg(2)), 0);
}

static void test_complete_rearms_high_level(void **state)
{
	struct fixture *f = *state;
	struct vplic *p = &f->p;

	wr(p, prio_reg(10), 1);
	enable(p, 0, 10, true);
	vplic_set_level(p, 10, true);
	assert_int_equal(rd(p, claim_reg(0)), 10);
	assert_false(is_pending(p, 10));
	assert_false(vplic_context_level(p, 0));
	/* the line is still high while claimed: no new request yet */
	vplic_set_level(p, 10, true);
	assert_false(is_pending(p, 10));
	assert_int_equal(rd(p, claim_reg(0)), 0);
	/* completion: the gateway forwards the still-high line again */
	wr(p, claim_reg(0), 10);
	assert_true(is_pending(p, 10));
	assert_true(vplic_context_level(p, 0));
	assert_int_equal(rd(p, claim_reg(0)), 10);
	/* this time the device is serviced before completion */
	vplic_set_level(p, 10, false);
	wr(p, claim_reg(0), 10);
	assert_false(is_pending(p, 10));
	assert_false(vplic_context_level(p, 0));
	assert_int_equal(rd(p, claim_reg(0)), 0);
	/* and a new edge of the line is a new request */
	vplic_set_level(p, 10, true);
	assert_int_equal(rd(p, claim_reg(0)), 10);
}

static void test_complete_needs_enable(void **state)
{
	struct fixture *f = *state;
	struct vplic *p = &f->p;

	wr(p, prio_reg(20), 1);
	enable(p, 0, 20, true);
	vplic_set_level(p, 20, true);
	assert_int_equal(rd(p, claim_reg(0)), 20);
	/* masked while in service: the completion is ignored (spec) ... */
	enable(p, 0, 20, false);
	wr(p, claim_reg(0), 20);
	enable(p, 0, 20, true);
	assert_false(is_pending(p, 20));
	assert_int_equal(rd(p, claim_reg(0)), 0);
	/* ... so Linux's plic_irq_eoi enables, completes, disables */
	enable(p, 0, 20, false);
	enable(p, 0, 20, true);
	wr(p, claim_reg(0), 20);
	enable(p, 0, 20, false);
	assert_true(is_pending(p, 20));
	assert_false(vplic_context_level(p, 0));
	/* a completion from a context without the enable is ignored too */
	enable(p, 0, 20, true);
	assert_int_equal(rd(p, claim_reg(0)), 20);
	wr(p, claim_reg(1), 20);
	assert_false(is_pending(p, 20));
}

static void test_complete_bogus_ids(void **state)
{
	struct fixture *f = *state;
	struct vplic *p = &f->p;
	static const uint64_t ids[] = {0,    NDEV + 1,	 127,		128,
				       1023, 0xffffffff, 0x10000001eULL};

	wr(p, prio_reg(30), 2);
	enable(p, 0, 30, true);
	vplic_set_level(p, 30, true);
	assert_int_equal(rd(p, claim_reg(0)), 30);
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		wr(p, claim_reg(0), ids[i]);
	/* 0x10000001e: the register sees 0x1e = 30 and completes it */
	assert_true(is_pending(p, 30));
	assert_int_equal(rd(p, claim_reg(0)), 30);
	wr(p, claim_reg(0), 0xffffffff);
	assert_false(is_pending(p, 30));
}

static void test_level_drop_withdraws_request(void **state)
{
	struct fixture *f = *state;
	struct vplic *p = &f->p;

	wr(p, prio_reg(8), 1);
	enable(p, 2, 8, true);
	vplic_set_level(p, 8, true);
	assert_true(is_pending(p, 8));
	assert_true(vplic_context_level(p, 2));
	vplic_set_level(p, 8, false);
	assert_false(is_pending(p, 8));
	assert_false(vplic_context_level(p, 2));
	assert_int_equal(rd(p, claim_reg(2)), 0);
	assert_int_equal(f->r.n, 2);
}

static void test_callback_sequence(void **state)
{
	struct fixture *f = *state;
	struct vplic *p = &f->p;
	static const struct event want[] = {{0, true},	{1, true}, {0, false},
					    {1, false}, {0, true}, {1, true},
					    {0, false}, {1, false}};

	wr(p, prio_reg(1), 2);
	wr(p, prio_reg(2), 2);
	enable(p, 0, 1, true);
	enable(p, 1, 1, true);
	enable(p, 1, 2, true);
	vplic_set_level(p, 1, true); /* ctx 0 up, ctx 1 up */
	vplic_set_level(p, 2, true); /* no change */
	assert_int_equal(rd(p, claim_reg(0)), 1); /* ctx 0 down */
	assert_int_equal(rd(p, claim_reg(1)), 2); /* ctx 1 down */
	vplic_set_level(p, 1, false); /* claimed: no change */
	wr(p, claim_reg(0), 1); /* line low: no re-arm */
	assert_int_equal(f->r.n, 4);
	vplic_set_level(p, 1, true); /* ctx 0 up, ctx 1 up */
	wr(p, threshold_reg(0), 2); /* ctx 0 down: 2 is not above 2 */
	wr(p, claim_reg(1), 2); /* 2 pending again: ctx 1 stays up */
	enable(p, 1, 1, false); /* 2 still there: ctx 1 stays up */
	assert_int_equal(rd(p, claim_reg(1)), 2); /* ctx 1 down */

	assert_int_equal(f->r.n, 8);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(f->r.ev[i].context, want[i].context);
		assert_int_equal(f->r.ev[i].level, want[i].level);
	}
	for (unsigned c = 0; c < NCTX; c++)
		assert_int_equal(f->r.level[c], vplic_context_level(p, c));
}

static void test_pending_read_only(void **state)
{
	struct fixture *f = *state;
	struct vplic *p = &f->p;

	wr(p, prio_reg(3), 1);
	enable(p, 0, 3, true);
	for (unsigned w = 0; w < 32; w++)
		wr(p, PLIC_PENDING_BASE + 4 * w, 0xffffffff);
	for (unsigned w = 0; w < 32; w++)
		assert_int_equal(rd(p, PLIC_PENDING_BASE + 4 * w), 0);
	assert_false(vplic_context_level(p, 0));
	vplic_set_level(p, 3, true);
	wr(p, pending_reg(3), 0);
	assert_true(is_pending(p, 3));
	assert_int_equal(rd(p, pending_reg(3)), 1u << 3);
}

static void test_bad_accesses(void **state)
{
	struct fixture *f = *state;
	struct vplic *p = &f->p;
	uint64_t v = 77;
	static const unsigned widths[] = {0, 1, 2, 3, 8};
	static const uint64_t offs[] = {0x4, 0x1000, 0x2000, 0x200000,
					0x200004};

	wr(p, prio_reg(1), 1);
	enable(p, 0, 1, true);
	vplic_set_level(p, 1, true);
	for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		for (size_t j = 0; j < sizeof(offs) / sizeof(offs[0]); j++) {
			assert_int_equal(vplic_read(p, offs[j], widths[i], &v),
					 VPLIC_ERR_WIDTH);
			assert_int_equal(vplic_write(p, offs[j], widths[i], 5),
					 VPLIC_ERR_WIDTH);
		}
	}
	assert_int_equal(vplic_read(p, claim_reg(0) + 1, 4, &v),
			 VPLIC_ERR_ALIGN);
	assert_int_equal(vplic_write(p, prio_reg(1) + 2, 4, 7),
			 VPLIC_ERR_ALIGN);
	assert_int_equal(vplic_read(p, vplic_mmio_size(p), 4, &v),
			 VPLIC_ERR_OFFSET);
	assert_int_equal(vplic_write(p, claim_reg(NCTX), 4, 1),
			 VPLIC_ERR_OFFSET);
	assert_int_equal(vplic_read(p, UINT64_MAX - 3, 4, &v),
			 VPLIC_ERR_OFFSET);
	assert_int_equal(vplic_write(p, 0x4000000, 4, 1), VPLIC_ERR_OFFSET);
	assert_int_equal(v, 77);
	/* none of those claimed or changed anything */
	assert_int_equal(rd(p, prio_reg(1)), 1);
	assert_true(is_pending(p, 1));

	/* reserved offsets inside the window: read 0, writes ignored */
	const uint64_t reserved[] = {0x1080,
				     0x1ffc,
				     enable_reg(NCTX, 0),
				     0x1ffffc,
				     threshold_reg(0) + 8,
				     threshold_reg(NCTX - 1) + 0xffc};
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		wr(p, reserved[i], 0xffffffff);
		assert_int_equal(rd(p, reserved[i]), 0);
	}
	assert_true(is_pending(p, 1));
	assert_int_equal(rd(p, threshold_reg(0)), 0);
	assert_int_equal(rd(p, claim_reg(0)), 1);

	assert_int_equal(vplic_set_level(p, 0, true), VPLIC_ERR_ARG);
	assert_int_equal(vplic_set_level(p, NDEV + 1, true), VPLIC_ERR_ARG);
	assert_int_equal(vplic_set_level(p, UINT32_MAX, true), VPLIC_ERR_ARG);
	assert_int_equal(rd(p, pending_reg(0)), 0);
}

/* plic_probe / plic_starting_cpu / plic_irq_unmask / plic_handle_irq */
static void test_linux_driver_flow(void **state)
{
	struct fixture *f = *state;
	struct vplic *p = &f->p;
	unsigned hwirq;

	for (unsigned c = 0; c < NCTX; c++) {
		wr(p, threshold_reg(c), 7);
		for (hwirq = 1; hwirq <= NDEV; hwirq++) {
			enable(p, c, hwirq, false);
			wr(p, prio_reg(hwirq), 1);
		}
	}
	for (unsigned c = 0; c < NCTX; c++)
		wr(p, threshold_reg(c), 0);
	/* request_irq(10) with affinity to vCPU 1 */
	wr(p, prio_reg(10), 1);
	enable(p, 1, 10, true);
	assert_int_equal(f->r.n, 0);

	/* the UART raises its line: vCPU 1 gets VSEIP */
	vplic_set_level(p, 10, true);
	assert_int_equal(f->r.n, 1);
	assert_true(f->r.ev[0].context == 1 && f->r.ev[0].level);
	/* handler: claim, service the device (line drops), complete */
	hwirq = rd(p, claim_reg(1));
	assert_int_equal(hwirq, 10);
	assert_false(vplic_context_level(p, 1));
	vplic_set_level(p, 10, false);
	wr(p, claim_reg(1), hwirq);
	assert_int_equal(rd(p, claim_reg(1)), 0);
	assert_int_equal(f->r.n, 2);
	assert_true(f->r.ev[1].context == 1 && !f->r.ev[1].level);
}

static void test_reset(void **state)
{
	struct fixture *f = *state;
	struct vplic *p = &f->p;

	wr(p, prio_reg(6), 3);
	wr(p, threshold_reg(2), 1);
	enable(p, 2, 6, true);
	vplic_set_level(p, 6, true);
	vplic_set_level(p, 7, true);
	assert_true(vplic_context_level(p, 2));
	wr(p, prio_reg(7), 3);
	enable(p, 2, 7, true);
	assert_int_equal(rd(p, claim_reg(2)), 6);
	vplic_reset(p);
	assert_false(vplic_context_level(p, 2));
	assert_false(f->r.level[2]);
	assert_int_equal(rd(p, prio_reg(6)), 0);
	assert_int_equal(rd(p, threshold_reg(2)), 0);
	assert_int_equal(rd(p, enable_reg(2, 6)), 0);
	/* the lines are the devices': both still high, both pending */
	assert_true(is_pending(p, 6));
	assert_true(is_pending(p, 7));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_arguments),
		T(test_layout_and_reset_values),
		T(test_priority_registers),
		T(test_enable_bits_masked),
		T(test_claim_nothing_pending),
		T(test_claim_order),
		T(test_threshold),
		T(test_per_context_enables),
		T(test_complete_rearms_high_level),
		T(test_complete_needs_enable),
		T(test_complete_bogus_ids),
		T(test_level_drop_withdraws_request),
		T(test_callback_sequence),
		T(test_pending_read_only),
		T(test_bad_accesses),
		T(test_linux_driver_flow),
		T(test_reset),
	};

	return cmocka_run_group_tests_name("dev_vplic", tests, NULL, NULL);
}
