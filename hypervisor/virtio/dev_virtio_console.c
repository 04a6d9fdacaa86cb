// SPDX-License-Identifier: MIT
/* "virtio,console": one port over virtio-mmio, a frontend of the guest's
 * console line: what the guest transmits goes to the line's output, the
 * line's input fills the receive buffers the guest posted. The line's
 * input comes here once the guest transmits on this port (the frontend the
 * guest wrote to last takes it): every driver posts receive buffers when it
 * starts, also in a guest whose console is the UART, so posting buffers
 * alone does not take the input away from the UART. */
#include <stddef.h>

#include "dev_virtio.h"
#include "guest.h"
#include "guest_console.h"
#include "virtio_console.h"

struct dev_vcons {
	struct vcons cons; /* first: dev_virtio.h */
	struct vdev *dev;
};
_Static_assert(offsetof(struct dev_vcons, cons.t) == 0, "transport first");

static void cons_input(void *ctx)
{
	dev_virtio_console_rx(((struct dev_vcons *)ctx)->dev);
}

static const struct guest_console_frontend cons_frontend = {
	.name = "virtio-console",
	.input = cons_input,
};

/* Move line input into posted receive buffers; d->lock held. What does
 * not fit goes back to the line, in order. */
static void cons_feed(struct dev_vcons *p)
{
	struct guest *g = p->dev->g;
	uint8_t buf[64];
	size_t n, took;

	do {
		n = guest_console_read(g, buf, sizeof(buf));
		took = n ? vcons_rx_push(&p->cons, buf, n) : 0;
		if (took < n)
			guest_console_unread(g, buf + took, n - took);
	} while (n && took == n);
}

static void cons_used(struct dev_vcons *p)
{
	struct guest *g = p->dev->g;

	if (g->console.fe != &cons_frontend)
		guest_console_attach(g, &cons_frontend, p);
}

static void cons_tx(void *ctx, const uint8_t *buf, size_t n)
{
	struct dev_vcons *p = ctx;

	cons_used(p);
	guest_console_write(p->dev->g, (const char *)buf, n);
	cons_feed(p);
}

/* the guest posted receive buffers (or the device went live): fill them if
 * the line's input is ours */
static void cons_rx_wanted(void *ctx)
{
	struct dev_vcons *p = ctx;

	if (p->dev->g->console.fe == &cons_frontend)
		cons_feed(p);
}

static const struct vcons_ops cons_ops = {.tx = cons_tx,
					  .rx_wanted = cons_rx_wanted};

/* Host input for the guest is waiting in its console line. */
void dev_virtio_console_rx(struct vdev *d)
{
	spin_lock(&d->lock);
	cons_feed(d->priv);
	spin_unlock(&d->lock);
}

static int cons_create(struct vdev *d, const struct vdev_config *cfg)
{
	struct dev_vcons *p = d->priv;

	(void)cfg;
	p->dev = d;
	vcons_init(&p->cons, &cons_ops, p, &dev_virtio_host_ops, d);
	return vdev_place_virtio(d);
}

const struct vdev_type dev_virtio_console_type = {
	.compatible = "virtio,console",
	.priv_size = sizeof(struct dev_vcons),
	.create = cons_create,
	.mmio = &dev_virtio_mmio,
	.reset = dev_virtio_reset,
	.fdt = dev_virtio_fdt,
};
