/* SPDX-License-Identifier: MIT */
#include "drivers/virtio_console.h"

#include <string.h>

#include "base/errno.h"
#include "base/printk.h"
#include "drivers/chardev.h"
#include "drivers/plic.h"
#include "drivers/virtio_mmio.h"
#include "hw/virtio.h"
#include "hw/virtio_console.h"
#include "mm/kmalloc.h"

#define VCON_RX_BUFS 8
#define VCON_RX_LEN 64
#define VCON_QUEUE_MAX 64
#define VCON_PUT_MAX 256

struct vcon {
	struct chardev cd;
	struct vio_dev dev;
	struct vio_queue rx, tx;
	char rxbuf[VCON_RX_BUFS][VCON_RX_LEN];
	char putbuf[VCON_PUT_MAX]; /* kernel messages, one at a time */
	volatile int put_done;
	struct spinlock put_lock;
	char name[8];
};

static unsigned vcon_count;

/* Gives receive buffer i to the device (rx.lock held). */
static void vcon_post_rx(struct vcon *v, unsigned i)
{
	struct pvring_buf b = {(uintptr_t)v->rxbuf[i], VCON_RX_LEN};

	pvring_drv_add(&v->rx.drv, &b, 0, 1, (void *)(uintptr_t)(i + 1));
}

static int vcon_write(struct chardev *cd, struct dev_req *req)
{
	struct vcon *v = cd->priv;
	struct pvring_buf b = {(uintptr_t)req->buf, req->len};
	unsigned long f = spin_lock_irqsave(&v->tx.lock);
	int e = pvring_drv_add(&v->tx.drv, &b, 1, 0, req);

	if (e >= 0)
		vio_kick(&v->tx);
	spin_unlock_irqrestore(&v->tx.lock, f);
	if (e < 0) { /* ring full: the caller sees a short write of 0 */
		req->result = e == PVRING_ERR_NOSPC ? 0 : -EIO;
		req->done = 1;
		return 1;
	}
	return 0;
}

/* Reaps tx completions (tx.lock held); returns the requests to complete. */
static struct dev_req *vcon_reap_tx(struct vcon *v)
{
	struct dev_req *done = 0;
	void *tok;
	uint32_t len;

	while (pvring_drv_get_used(&v->tx.drv, &tok, &len) == 1) {
		if (tok == &v->put_done) {
			v->put_done = 1;
			continue;
		}
		struct dev_req *r = tok;
		r->result = r->len;
		r->next = done;
		done = r;
	}
	return done;
}

static void vcon_complete(struct dev_req *done)
{
	while (done) {
		struct dev_req *r = done;
		done = r->next;
		dev_req_complete(r, r->result);
	}
}

/* Kernel messages: one chain at a time, waited for by polling the used
 * ring (interrupts may be off). */
static void vcon_put(struct chardev *cd, const char *s, unsigned long len)
{
	struct vcon *v = cd->priv;
	unsigned long pf = spin_lock_irqsave(&v->put_lock);

	while (len) {
		unsigned n = 0;
		while (len && n < VCON_PUT_MAX - 1) {
			if (*s == '\n') {
				v->putbuf[n++] = '\r';
			}
			v->putbuf[n++] = *s++;
			len--;
		}
		struct pvring_buf b = {(uintptr_t)v->putbuf, n};
		v->put_done = 0;
		unsigned long f = spin_lock_irqsave(&v->tx.lock);
		int e = pvring_drv_add(&v->tx.drv, &b, 1, 0,
				       (void *)&v->put_done);
		if (e >= 0)
			vio_kick(&v->tx);
		spin_unlock_irqrestore(&v->tx.lock, f);
		while (e >= 0 && !v->put_done) {
			f = spin_lock_irqsave(&v->tx.lock);
			struct dev_req *done = vcon_reap_tx(v);
			spin_unlock_irqrestore(&v->tx.lock, f);
			vcon_complete(done);
		}
	}
	spin_unlock_irqrestore(&v->put_lock, pf);
}

static void vcon_irq(void *arg)
{
	struct vcon *v = arg;
	void *tok;
	uint32_t len;

	vio_irq_ack(&v->dev);
	unsigned long f = spin_lock_irqsave(&v->tx.lock);
	struct dev_req *done = vcon_reap_tx(v);
	pvring_drv_enable_cb(&v->tx.drv);
	done = done ? done : vcon_reap_tx(v);
	spin_unlock_irqrestore(&v->tx.lock, f);
	vcon_complete(done);
	f = spin_lock_irqsave(&v->rx.lock);
	for (;;) {
		while (pvring_drv_get_used(&v->rx.drv, &tok, &len) == 1) {
			unsigned i = (unsigned)(uintptr_t)tok - 1;
			if (i >= VCON_RX_BUFS)
				continue;
			if (len > VCON_RX_LEN)
				len = VCON_RX_LEN;
			chardev_input(&v->cd, v->rxbuf[i], len);
			vcon_post_rx(v, i);
		}
		vio_kick(&v->rx);
		if (pvring_drv_enable_cb(&v->rx.drv) <= 0)
			break;
	}
	spin_unlock_irqrestore(&v->rx.lock, f);
}

static const struct chardev_ops vcon_ops = {
	.write = vcon_write,
	.put = vcon_put,
};

struct chardev *virtio_console_attach(struct vio_dev *d)
{
	struct vcon *v = kmalloc(sizeof(*v));

	if (!v)
		return 0;
	memset(v, 0, sizeof(*v));
	v->dev = *d;
	int e = vio_negotiate(&v->dev, 0);
	if (!e)
		e = vio_queue_init(&v->dev, &v->rx, VIRTIO_CONSOLE_RX_QUEUE,
				   VCON_QUEUE_MAX);
	if (!e)
		e = vio_queue_init(&v->dev, &v->tx, VIRTIO_CONSOLE_TX_QUEUE,
				   VCON_QUEUE_MAX);
	if (e || plic_enable(v->dev.irq, 0, vcon_irq, v)) {
		kprintf("gk: virtio-console at 0x%lx: set-up failed (%d)\n",
			(unsigned long)d->base, e);
		return 0;
	}
	v->name[0] = 'h';
	v->name[1] = 'v';
	v->name[2] = 'c';
	v->name[3] = (char)('0' + vcon_count++);
	v->cd.name = v->name;
	v->cd.ops = &vcon_ops;
	v->cd.priv = v;
	vio_driver_ok(&v->dev);
	unsigned long f = spin_lock_irqsave(&v->rx.lock);
	for (unsigned i = 0; i < VCON_RX_BUFS; i++)
		vcon_post_rx(v, i);
	vio_kick(&v->rx);
	spin_unlock_irqrestore(&v->rx.lock, f);
	chardev_register(&v->cd);
	kprintf("gk: %s: virtio-console at 0x%lx irq %u\n", v->name,
		(unsigned long)v->dev.base, v->dev.irq);
	return &v->cd;
}
