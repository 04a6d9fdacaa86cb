/* SPDX-License-Identifier: MIT */
/* A request is one chain: header (readable), data (readable for a write,
 * writable for a read; none for a flush), status byte (writable). Each
 * chain has a slot here holding its header and status; a request that
 * finds the ring full waits in a list and goes in when a chain completes.
 * The kernel's memory is identity mapped, so a buffer's address is what
 * the device sees. */
#include "drivers/virtio_blk.h"

#include <string.h>

#include "base/errno.h"
#include "base/printk.h"
#include "core/trace.h"
#include "drivers/blkdev.h"
#include "drivers/plic.h"
#include "drivers/virtio_mmio.h"
#include "hw/virtio.h"
#include "hw/virtio_blk.h"
#include "mm/kmalloc.h"

#define VBLK_QUEUE_MAX 128

struct vblk_slot {
	struct virtio_blk_req_hdr hdr;
	volatile uint8_t status;
	uint16_t head; /* of its chain on the ring */
	struct dev_req *req;
	struct vblk_slot *next_free;
};

struct vblk {
	struct blkdev bd;
	struct vio_dev dev;
	struct vio_queue q;
	struct vblk_slot *slots, *free;
	struct dev_req *waiting, **waiting_tail; /* ring full */
	unsigned inflight; /* chains in the ring */
	int unkicked; /* chains added without a notification yet */
	char name[8];
};

static unsigned vblk_count;

/* A request on the device ring (its chain's head), with the system call
 * it serves. */
static __attribute__((noinline)) void vblk_trace(struct vblk *v,
						 struct dev_req *req,
						 uint16_t head, uint16_t kind,
						 long status)
{
	trace_put(trace_now(),
		  TRACE_KF(kind, req->op == DEV_WRITE ? TRACE_F_WRITE : 0),
		  TRACE_RING_DEV(v->dev.base, v->q.idx), head, req->len,
		  req->trace_req, req->sector, (uint64_t)status);
}

/* Adds req to the ring; with q.lock held. 0, or -EAGAIN when full. */
static int vblk_add(struct vblk *v, struct dev_req *req)
{
	struct vblk_slot *s = v->free;

	if (!s)
		return -EAGAIN;
	s->hdr.type = req->op == DEV_READ    ? VIRTIO_BLK_T_IN
		      : req->op == DEV_WRITE ? VIRTIO_BLK_T_OUT
					     : VIRTIO_BLK_T_FLUSH;
	s->hdr.reserved = 0;
	s->hdr.sector = req->op == DEV_FLUSH ? 0 : req->sector;
	s->status = 0xff;
	s->req = req;
	struct pvring_buf b[3];
	unsigned n = 0, nout;
	b[n++] = (struct pvring_buf){(uintptr_t)&s->hdr, sizeof(s->hdr)};
	if (req->op != DEV_FLUSH)
		b[n++] = (struct pvring_buf){(uintptr_t)req->buf, req->len};
	nout = req->op == DEV_WRITE ? 2 : 1;
	b[n++] = (struct pvring_buf){(uintptr_t)&s->status, 1};
	int e = pvring_drv_add(&v->q.drv, b, nout, n - nout, s);
	if (e == PVRING_ERR_NOSPC)
		return -EAGAIN;
	if (e < 0)
		return -EIO;
	v->free = s->next_free;
	v->inflight++;
	s->head = (uint16_t)e;
	if (trace_on(TRACE_C_BLK))
		vblk_trace(v, req, s->head, TRACE_BLK_SUBMIT, 0);
	return 0;
}

static int vblk_submit(struct blkdev *bd, struct dev_req *req)
{
	struct vblk *v = bd->priv;

	if (req->op == DEV_FLUSH &&
	    !(v->dev.features & VIRTIO_BIT(VIRTIO_BLK_F_FLUSH))) {
		req->result = 0; /* no write cache to flush */
		req->done = 1;
		return 1;
	}
	unsigned long f = spin_lock_irqsave(&v->q.lock);
	int idle = !v->inflight;
	int e = v->waiting ? -EAGAIN : vblk_add(v, req);
	if (e == -EAGAIN) {
		req->next = 0;
		*v->waiting_tail = req;
		v->waiting_tail = &req->next;
	} else if (!e) {
		v->unkicked = 1;
	}
	spin_unlock_irqrestore(&v->q.lock, f);
	/* one notification when the burst is in */
	if (!e)
		blkdev_kick_later(bd, idle);
	if (e && e != -EAGAIN) {
		req->result = e;
		req->done = 1;
		return 1;
	}
	return 0;
}

static void vblk_kick(struct blkdev *bd)
{
	struct vblk *v = bd->priv;
	unsigned long f = spin_lock_irqsave(&v->q.lock);

	if (v->unkicked)
		vio_kick(&v->q);
	v->unkicked = 0;
	spin_unlock_irqrestore(&v->q.lock, f);
}

static const struct blkdev_ops vblk_ops = {.submit = vblk_submit,
					   .kick = vblk_kick};

/* Reaps every completed chain (then re-arms the interrupt and looks once
 * more), moves waiting requests in, and completes outside the lock. */
static void vblk_irq(void *arg)
{
	struct vblk *v = arg;
	struct dev_req *done = 0;

	vio_irq_ack(&v->dev);
	unsigned long f = spin_lock_irqsave(&v->q.lock);
	for (;;) {
		void *tok;
		uint32_t len;
		int e;
		while ((e = pvring_drv_get_used(&v->q.drv, &tok, &len)) == 1) {
			struct vblk_slot *s = tok;
			struct dev_req *r = s->req;
			r->result = s->status == VIRTIO_BLK_S_OK ? (long)r->len
				    : s->status == VIRTIO_BLK_S_UNSUPP
					    ? -EOPNOTSUPP
					    : -EIO;
			if (r->op == DEV_FLUSH && r->result > 0)
				r->result = 0;
			if (trace_on(TRACE_C_BLK))
				vblk_trace(v, r, s->head, TRACE_BLK_DONE,
					   s->status);
			r->next = done;
			done = r;
			s->next_free = v->free;
			v->free = s;
			v->inflight--;
		}
		if (e < 0) {
			kprintf("gk: %s: bad used ring (%s); disk stopped\n",
				v->name, pvring_strerror(e));
			break;
		}
		int added = 0;
		while (v->waiting && !vblk_add(v, v->waiting)) {
			v->waiting = v->waiting->next;
			added = 1;
		}
		if (!v->waiting)
			v->waiting_tail = &v->waiting;
		if (added || v->unkicked)
			vio_kick(&v->q);
		v->unkicked = 0;
		/* one interrupt when 3/4 of what is out has completed */
		if (pvring_drv_enable_cb_delayed(
			    &v->q.drv, (v->inflight * 3 + 3) / 4) <= 0)
			break;
	}
	spin_unlock_irqrestore(&v->q.lock, f);
	while (done) {
		struct dev_req *r = done;
		done = r->next;
		dev_req_complete(r, r->result);
	}
}

int virtio_blk_attach(struct vio_dev *d)
{
	struct vblk *v = kmalloc(sizeof(*v));

	if (!v)
		return -ENOMEM;
	memset(v, 0, sizeof(*v));
	v->dev = *d;
	v->waiting_tail = &v->waiting;
	uint64_t want = VIRTIO_BIT(VIRTIO_BLK_F_RO) |
			VIRTIO_BIT(VIRTIO_BLK_F_FLUSH) |
			VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	int e = vio_negotiate(&v->dev, want);
	if (!e)
		e = vio_queue_init(&v->dev, &v->q, 0, VBLK_QUEUE_MAX);
	if (e) {
		kprintf("gk: virtio-blk at 0x%lx: set-up failed (%d)\n",
			(unsigned long)d->base, e);
		return e;
	}
	v->slots = kmalloc(v->q.num * sizeof(*v->slots));
	if (!v->slots)
		return -ENOMEM;
	for (unsigned i = 0; i < v->q.num; i++) {
		v->slots[i].next_free = v->free;
		v->free = &v->slots[i];
	}
	uint64_t cap;
	vio_config(&v->dev, 0, &cap, sizeof(cap));
	v->name[0] = 'v';
	v->name[1] = 'd';
	v->name[2] = (char)('a' + vblk_count++);
	v->bd.name = v->name;
	v->bd.ops = &vblk_ops;
	v->bd.priv = v;
	v->bd.sectors = cap;
	v->bd.read_only = !!(v->dev.features & VIRTIO_BIT(VIRTIO_BLK_F_RO));
	if (plic_enable(v->dev.irq, 0, vblk_irq, v)) {
		kprintf("gk: %s: no interrupt (irq %u); disk not used\n",
			v->name, v->dev.irq);
		return -ENODEV;
	}
	vio_driver_ok(&v->dev);
	blkdev_register(&v->bd);
	kprintf("gk: %s: virtio-blk at 0x%lx irq %u, %lu sectors (%lu KiB)%s, "
		"queue %u\n",
		v->name, (unsigned long)v->dev.base, v->dev.irq,
		(unsigned long)cap, (unsigned long)(cap / 2),
		v->bd.read_only ? ", read-only" : "", v->q.num);
	return 0;
}
