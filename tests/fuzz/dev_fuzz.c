// SPDX-License-Identifier: MIT
/* libFuzzer target for the emulated devices: arbitrary guest access
 * sequences on the ns16550a (hypervisor/vuart.c) and the virtual PLIC
 * (hypervisor/vplic.c), with the UART's line wired to a PLIC source as the
 * hypervisor wires it, plus host RX input, TX backpressure and resets.
 *
 * After every step it checks invariants against shadow state the harness
 * keeps from the API-level events alone: no accepted byte is lost,
 * reordered or invented in either direction, FIFO bounds hold, error codes
 * match the access, interrupt outputs equal a reference computation and are
 * only reported on changes, claims return the reference winner.
 *
 * Input: byte 0 picks ndev (1 + b % 127), byte 1 the context count
 * (1 + b % 32); then steps, each an opcode byte (op % 16) and its operands,
 * see LLVMFuzzerTestOneInput. Missing bytes read as 0. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "vplic.h"
#include "vuart.h"

static uint32_t take32(struct input *in)
{
	return (uint32_t)take_be(in, 4);
}

/* A byte queue for the shadow FIFOs and the transmitted-byte logs. */
struct queue {
	uint8_t b[64];
	unsigned n;
};

static void q_push(struct queue *q, uint8_t v)
{
	CHECK(q->n < sizeof(q->b));
	q->b[q->n++] = v;
}

static uint8_t q_pop(struct queue *q)
{
	uint8_t v = q->b[0];

	CHECK(q->n > 0);
	memmove(q->b, q->b + 1, --q->n);
	return v;
}

struct world {
	struct vuart u;
	struct vplic p;
	unsigned uart_irq;
	/* what the callbacks reported */
	bool uart_line;
	bool ctx_line[VPLIC_MAX_CONTEXTS];
	struct queue sent; /* bytes ops->tx took */
	bool sink_full;
	/* shadow of the UART, from the accesses the harness made */
	struct queue rx, tx, expect_sent;
	bool fifo_on, loop, dlab;
	uint8_t last_rbr;
};

static bool w_tx(void *ctx, uint8_t byte)
{
	struct world *w = ctx;

	if (w->sink_full)
		return false;
	q_push(&w->sent, byte);
	return true;
}

static void w_uart_irq(void *ctx, bool level)
{
	struct world *w = ctx;

	CHECK(level != w->uart_line);
	w->uart_line = level;
	CHECK(vplic_set_level(&w->p, w->uart_irq, level) == VPLIC_OK);
}

static void w_notify(void *ctx, unsigned context, bool level)
{
	struct world *w = ctx;

	CHECK(context < w->p.ncontexts);
	CHECK(level != w->ctx_line[context]);
	w->ctx_line[context] = level;
}

static const struct vuart_ops w_uart_ops = {.tx = w_tx, .irq = w_uart_irq};
static const struct vplic_ops w_plic_ops = {.notify = w_notify};

/* ---- UART shadow ---- */

static unsigned sh_cap(const struct world *w)
{
	return w->fifo_on ? NS16550_FIFO_SIZE : 1;
}

static void sh_pump(struct world *w)
{
	while (w->tx.n) {
		if (w->loop) {
			uint8_t b = q_pop(&w->tx);

			if (w->rx.n < sh_cap(w))
				q_push(&w->rx, b);
		} else if (w->sink_full) {
			break;
		} else {
			q_push(&w->expect_sent, q_pop(&w->tx));
		}
	}
}

static void sh_reset(struct world *w)
{
	w->rx.n = w->tx.n = 0;
	w->fifo_on = w->loop = w->dlab = false;
	w->last_rbr = 0;
}

static bool uart_ref_level(const struct vuart *u)
{
	bool lsi = (u->ier & NS16550_IER_RLSI) && (u->lsr_err & 0x1e);
	bool rdi = (u->ier & NS16550_IER_RDI) && u->rx_count;
	bool thri = (u->ier & NS16550_IER_THRI) && u->thre_pending;
	bool msi = (u->ier & NS16550_IER_MSI) && (u->msr & 0x0f);

	return lsi || rdi || thri || msi;
}

static void uart_write(struct world *w, struct input *in)
{
	uint8_t a = take8(in), val = take8(in);
	unsigned off = a & 0x0f;
	unsigned width = (a & 0x80) ? take8(in) % 9 : 1;
	int rc = vuart_write(&w->u, off, width, val);

	if (width != 1) {
		CHECK(rc == VUART_ERR_WIDTH);
		return;
	}
	if (off >= NS16550_MMIO_SIZE) {
		CHECK(rc == VUART_ERR_OFFSET);
		return;
	}
	CHECK(rc == VUART_OK);
	switch (off) {
	case NS16550_THR:
		if (w->dlab)
			break;
		if (w->tx.n < sh_cap(w))
			q_push(&w->tx, val);
		sh_pump(w);
		break;
	case NS16550_FCR:
		if ((val & 1) != w->fifo_on)
			w->rx.n = w->tx.n = 0;
		w->fifo_on = val & 1;
		if ((val & 1) && (val & NS16550_FCR_CLEAR_RCVR))
			w->rx.n = 0;
		if ((val & 1) && (val & NS16550_FCR_CLEAR_XMIT))
			w->tx.n = 0;
		break;
	case NS16550_LCR:
		w->dlab = val & NS16550_LCR_DLAB;
		break;
	case NS16550_MCR:
		w->loop = val & NS16550_MCR_LOOP;
		sh_pump(w);
		break;
	default:
		break;
	}
}

static void uart_read(struct world *w, struct input *in)
{
	uint8_t a = take8(in);
	unsigned off = a & 0x0f;
	unsigned width = (a & 0x80) ? take8(in) % 9 : 1;
	bool level = vuart_irq_level(&w->u);
	uint64_t v = 0x5a5a5a5a5a5aULL;
	int rc = vuart_read(&w->u, off, width, &v);

	if (width != 1 || off >= NS16550_MMIO_SIZE) {
		CHECK(rc == (width != 1 ? VUART_ERR_WIDTH : VUART_ERR_OFFSET));
		CHECK(v == 0x5a5a5a5a5a5aULL);
		return;
	}
	CHECK(rc == VUART_OK);
	CHECK(v <= 0xff);
	switch (off) {
	case NS16550_RBR:
		if (w->dlab)
			break;
		if (w->rx.n)
			w->last_rbr = q_pop(&w->rx);
		CHECK(v == w->last_rbr);
		break;
	case NS16550_IIR:
		CHECK(!(v & NS16550_IIR_NO_INT) == level);
		CHECK((v & 0xc0) == (w->fifo_on ? 0xc0 : 0));
		CHECK((v & 0x30) == 0);
		/* RX ids need data; reporting THRE acknowledges it */
		if ((v & 0x0f) == NS16550_IIR_RDI ||
		    (v & 0x0f) == NS16550_IIR_RX_TIMEOUT)
			CHECK(w->rx.n > 0);
		if ((v & 0x0f) == NS16550_IIR_THRI)
			CHECK(!w->u.thre_pending && w->tx.n == 0);
		break;
	case NS16550_LSR:
		CHECK(!!(v & NS16550_LSR_DR) == (w->rx.n != 0));
		CHECK(!!(v & NS16550_LSR_THRE) == (w->tx.n == 0));
		CHECK(!!(v & NS16550_LSR_TEMT) == (w->tx.n == 0));
		break;
	case NS16550_MSR:
		if (!w->loop)
			CHECK((v & 0xf0) == 0xb0);
		break;
	default:
		break;
	}
}

static void uart_rx(struct world *w, struct input *in)
{
	uint8_t buf[24];
	size_t n = take8(in) % (sizeof(buf) + 1), space, got;

	for (size_t i = 0; i < n; i++)
		buf[i] = take8(in);
	space = sh_cap(w) - w->rx.n;
	CHECK(vuart_rx_space(&w->u) == space);
	got = vuart_rx_push(&w->u, buf, n);
	CHECK(got == (n < space ? n : space));
	for (size_t i = 0; i < got; i++)
		q_push(&w->rx, buf[i]);
}

static void uart_check(struct world *w)
{
	const struct vuart *u = &w->u;

	CHECK(u->rx_count <= sh_cap(w) && u->tx_count <= sh_cap(w));
	CHECK(u->rx_head < NS16550_FIFO_SIZE && u->tx_head < NS16550_FIFO_SIZE);
	CHECK(u->ier <= 0x0f && u->mcr <= 0x1f);
	/* the FIFOs hold exactly what the shadow says */
	CHECK(u->rx_count == w->rx.n && u->tx_count == w->tx.n);
	for (unsigned i = 0; i < w->rx.n; i++)
		CHECK(u->rx[(u->rx_head + i) % NS16550_FIFO_SIZE] ==
		      w->rx.b[i]);
	for (unsigned i = 0; i < w->tx.n; i++)
		CHECK(u->tx[(u->tx_head + i) % NS16550_FIFO_SIZE] ==
		      w->tx.b[i]);
	/* the host got exactly the bytes due, in order */
	CHECK(w->sent.n == w->expect_sent.n);
	CHECK(!memcmp(w->sent.b, w->expect_sent.b, w->sent.n));
	w->sent.n = w->expect_sent.n = 0;
	/* the interrupt line */
	CHECK(vuart_irq_level(u) == w->uart_line);
	CHECK(vuart_irq_level(u) == uart_ref_level(u));
}

/* ---- PLIC ---- */

static bool bit(const uint32_t *map, unsigned id)
{
	return (map[id / 32] >> (id % 32)) & 1;
}

/* Reference claim winner: plain scan over all ids. */
static unsigned plic_ref_best(const struct vplic *p, unsigned c)
{
	unsigned best = 0;

	for (unsigned id = 1; id <= p->ndev; id++) {
		if (!bit(p->pending, id) || !bit(p->enable[c], id))
			continue;
		if (p->priority[id] <= p->threshold[c])
			continue;
		if (!best || p->priority[id] > p->priority[best])
			best = id;
	}
	return best;
}

static uint64_t plic_offset(struct world *w, struct input *in)
{
	unsigned nc = w->p.ncontexts;
	uint8_t sel = take8(in), a = take8(in);

	switch (sel % 8) {
	case 0:
		return 4 * (uint64_t)(a % 130);
	case 1:
		return PLIC_PENDING_BASE + 4 * (uint64_t)(a % 40);
	case 2:
		return PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * (a % (nc + 2)) +
		       4 * (uint64_t)(take8(in) % 34);
	case 3:
		return PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * (a % (nc + 1));
	case 4:
	case 5:
		return PLIC_CONTEXT_BASE +
		       PLIC_CONTEXT_STRIDE * (a % (nc + 1)) +
		       PLIC_CONTEXT_CLAIM;
	case 6: /* anything, sometimes far out */
		return (a & 1 ? (uint64_t)a << 56 : 0) | take32(in);
	default:
		return PLIC_CONTEXT_BASE +
		       PLIC_CONTEXT_STRIDE * (a % (nc + 1)) +
		       (take8(in) * 16 + (sel >> 4)) % PLIC_CONTEXT_STRIDE;
	}
}

static unsigned plic_width(struct input *in)
{
	uint8_t a = take8(in);

	return (a & 0xf0) ? 4 : a % 9;
}

static int plic_expect_rc(const struct vplic *p, uint64_t off, unsigned width)
{
	if (width != 4)
		return VPLIC_ERR_WIDTH;
	if (off & 3)
		return VPLIC_ERR_ALIGN;
	if (off >= vplic_mmio_size(p))
		return VPLIC_ERR_OFFSET;
	return VPLIC_OK;
}

static bool plic_is_claim(const struct vplic *p, uint64_t off)
{
	return off >= PLIC_CONTEXT_BASE && off < vplic_mmio_size(p) &&
	       (off - PLIC_CONTEXT_BASE) % PLIC_CONTEXT_STRIDE ==
		       PLIC_CONTEXT_CLAIM;
}

static void plic_read(struct world *w, struct input *in)
{
	struct vplic *p = &w->p;
	uint64_t off = plic_offset(w, in), v = 0x1234567890ULL;
	unsigned width = plic_width(in);
	int want = plic_expect_rc(p, off, width);
	unsigned c = 0, best = 0;
	int rc;

	if (want == VPLIC_OK && plic_is_claim(p, off)) {
		c = (unsigned)((off - PLIC_CONTEXT_BASE) / PLIC_CONTEXT_STRIDE);
		best = plic_ref_best(p, c);
	}
	rc = vplic_read(p, off, width, &v);
	CHECK(rc == want);
	if (rc != VPLIC_OK) {
		CHECK(v == 0x1234567890ULL);
		return;
	}
	CHECK(v <= UINT32_MAX);
	if (plic_is_claim(p, off)) {
		CHECK(v == best);
		if (best)
			CHECK(bit(p->claimed, best) && !bit(p->pending, best));
	} else if (off < PLIC_PENDING_BASE) {
		CHECK(v <= VPLIC_MAX_PRIORITY);
		CHECK(off / 4 <= p->ndev ? v == p->priority[off / 4] : v == 0);
	} else if (off < PLIC_ENABLE_BASE) {
		uint64_t wd = (off - PLIC_PENDING_BASE) / 4;

		CHECK(v == (wd < VPLIC_WORDS ? p->pending[wd] : 0));
	} else if (off < PLIC_CONTEXT_BASE) {
		uint64_t c = (off - PLIC_ENABLE_BASE) / PLIC_ENABLE_STRIDE;
		uint64_t wd = (off - PLIC_ENABLE_BASE) % PLIC_ENABLE_STRIDE / 4;

		CHECK(v == (c < p->ncontexts && wd < VPLIC_WORDS
				    ? p->enable[c][wd]
				    : 0));
	} else if ((off - PLIC_CONTEXT_BASE) % PLIC_CONTEXT_STRIDE == 0) {
		CHECK(v == p->threshold[(off - PLIC_CONTEXT_BASE) /
					PLIC_CONTEXT_STRIDE]);
	} else {
		CHECK(v == 0); /* reserved */
	}
}

static void plic_write(struct world *w, struct input *in)
{
	struct vplic *p = &w->p;
	uint64_t off = plic_offset(w, in);
	unsigned width = plic_width(in);
	uint8_t a = take8(in);
	uint64_t val =
		(a & 0x80) ? (uint64_t)take32(in) << (a & 0x20) : (a & 0x7f);

	CHECK(vplic_write(p, off, width, val) == plic_expect_rc(p, off, width));
}

static void plic_set(struct world *w, struct input *in)
{
	uint8_t a = take8(in);
	unsigned irq = a & 0x7f;
	bool ok = irq >= 1 && irq <= w->p.ndev;

	if (irq == w->uart_irq) /* that line belongs to the UART */
		return;
	CHECK(vplic_set_level(&w->p, irq, a & 0x80) ==
	      (ok ? VPLIC_OK : VPLIC_ERR_ARG));
}

static void plic_check(struct world *w)
{
	const struct vplic *p = &w->p;

	for (unsigned wd = 0; wd < VPLIC_WORDS; wd++) {
		for (unsigned b = 0; b < 32; b++) {
			unsigned id = wd * 32 + b;
			bool valid = id >= 1 && id <= p->ndev;

			if (!valid) {
				CHECK(!bit(p->pending, id));
				CHECK(!bit(p->claimed, id));
				for (unsigned c = 0; c < p->ncontexts; c++)
					CHECK(!bit(p->enable[c], id));
				continue;
			}
			CHECK(p->priority[id] <= VPLIC_MAX_PRIORITY);
			/* level-triggered gateway */
			CHECK(bit(p->pending, id) ==
			      (bit(p->line, id) && !bit(p->claimed, id)));
		}
	}
	CHECK(bit(p->line, w->uart_irq) == vuart_irq_level(&w->u));
	for (unsigned c = 0; c < p->ncontexts; c++) {
		bool level = plic_ref_best(p, c) != 0;

		CHECK(p->threshold[c] <= VPLIC_MAX_PRIORITY);
		CHECK(vplic_context_level(p, c) == level);
		CHECK(w->ctx_line[c] == level);
	}
	CHECK(!vplic_context_level(p, p->ncontexts));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct world w;
	struct input in = {data, size};
	unsigned ndev, nctx;

	memset(&w, 0, sizeof(w));
	ndev = 1 + take8(&in) % VPLIC_MAX_NDEV;
	nctx = 1 + take8(&in) % VPLIC_MAX_CONTEXTS;
	w.uart_irq = ndev >= 10 ? 10 : ndev;
	CHECK(vplic_init(&w.p, ndev, nctx, &w_plic_ops, &w) == VPLIC_OK);
	vuart_init(&w.u, &w_uart_ops, &w);

	while (in.n) {
		switch (take8(&in) % 16) {
		case 0:
		case 1:
		case 2:
			uart_write(&w, &in);
			break;
		case 3:
		case 4:
			uart_read(&w, &in);
			break;
		case 5:
			uart_rx(&w, &in);
			break;
		case 6:
			w.sink_full = take8(&in) & 1;
			vuart_tx_kick(&w.u);
			sh_pump(&w);
			break;
		case 7:
		case 8:
		case 9:
			plic_write(&w, &in);
			break;
		case 10:
		case 11:
			plic_read(&w, &in);
			break;
		case 12:
		case 13:
			plic_set(&w, &in);
			break;
		case 14:
			vuart_reset(&w.u);
			sh_reset(&w);
			break;
		default:
			vplic_reset(&w.p);
			break;
		}
		uart_check(&w);
		plic_check(&w);
	}
	return 0;
}
