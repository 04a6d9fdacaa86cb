// SPDX-License-Identifier: MIT
/* virtio-console device model (see virtio_console.h). */
#include <string.h>

#include "virtio_console.h"

#define RXQ VIRTIO_CONSOLE_RX_QUEUE
#define TXQ VIRTIO_CONSOLE_TX_QUEUE
#define BUDGET (2 * VCONS_QUEUE_MAX) /* chains per call: bounded work */

static void tx_run(struct vcons *c)
{
	uint32_t gen = vmmio_queue_gen(&c->t, TXQ);
	unsigned int budget = BUDGET;
	struct pvring_chain ch;

	while (budget--) {
		int r = vmmio_pop(&c->t, TXQ, c->segs, VCONS_CHAIN_MAX, &ch);

		if (r == 0 && vmmio_arm(&c->t, TXQ))
			continue;
		if (r <= 0)
			break;
		for (unsigned int i = 0; i < ch.nread; i++) {
			if (!c->segs[i].len)
				continue;
			c->stats.tx_bytes += c->segs[i].len;
			if (c->ops->tx)
				c->ops->tx(c->ctx, c->segs[i].ptr,
					   c->segs[i].len);
		}
		vmmio_push(&c->t, TXQ, gen, ch.head, 0);
	}
	vmmio_used(&c->t, TXQ);
}

size_t vcons_rx_push(struct vcons *c, const uint8_t *buf, size_t n)
{
	uint32_t gen = vmmio_queue_gen(&c->t, RXQ);
	unsigned int budget = BUDGET;
	struct pvring_chain ch;
	size_t done = 0;

	while (done < n && budget--) {
		uint32_t put = 0;
		int r = vmmio_pop(&c->t, RXQ, c->segs, VCONS_CHAIN_MAX, &ch);

		if (r == 0 && vmmio_arm(&c->t, RXQ))
			continue;
		if (r <= 0)
			break;
		/* readable segments of a receive chain carry nothing */
		for (unsigned int i = ch.nread; i < ch.nseg && done < n; i++) {
			size_t l = c->segs[i].len;

			if (l > n - done)
				l = n - done;
			memcpy(c->segs[i].ptr, buf + done, l);
			done += l;
			put += (uint32_t)l;
		}
		vmmio_push(&c->t, RXQ, gen, ch.head, put);
	}
	c->stats.rx_bytes += done;
	vmmio_used(&c->t, RXQ);
	return done;
}

static int cons_config_read(void *ctx, uint64_t off, unsigned int width,
			    uint64_t *val)
{
	struct vcons *c = ctx;

	return vmmio_config_bytes(&c->cfg, sizeof(c->cfg), off, width, val);
}

/* emerg_wr is writable only with EMERG_WRITE (not offered): the space is
 * read-only, writes are checked and dropped */
static int cons_config_write(void *ctx, uint64_t off, unsigned int width,
			     uint64_t val)
{
	uint64_t old;

	(void)val;
	return cons_config_read(ctx, off, width, &old);
}

static void cons_notify(void *ctx, unsigned int q)
{
	struct vcons *c = ctx;

	if (q == TXQ)
		tx_run(c);
	else if (c->ops->rx_wanted)
		c->ops->rx_wanted(c->ctx);
}

static const struct vmmio_dev_ops cons_ops = {
	.device_id = VIRTIO_ID_CONSOLE,
	.nqueues = 2,
	.queue_max = VCONS_QUEUE_MAX,
	.config_read = cons_config_read,
	.config_write = cons_config_write,
	.notify = cons_notify,
};

void vcons_init(struct vcons *c, const struct vcons_ops *ops, void *ctx,
		const struct vmmio_host_ops *host, void *host_ctx)
{
	memset(c, 0, sizeof(*c));
	c->ops = ops;
	c->ctx = ctx;
	vmmio_init(&c->t, &cons_ops, c, host, host_ctx, 0);
}
