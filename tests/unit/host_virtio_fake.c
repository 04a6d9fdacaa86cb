// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "host_fdt.h"
#include "host_irq.h"
#include "host_virtio.h"
#include "host_virtio_fake.h"
#include "hw/virtio.h"
#include "hw/virtio_mmio.h"

struct fake_dev fake_devs[FAKE_SLOTS];
struct host_info host;
int hvt_locks_held;
char fake_log[8192];

static uint64_t fake_time;
static struct {
	host_irq_fn fn;
	void *ctx;
} fake_irqs[HOST_IRQ_MAX];

/* ---- hypervisor services ------------------------------------------------ */

uint64_t hvt_csr_read(unsigned int csr)
{
	(void)csr;
	return fake_time += host.timebase_hz / 10; /* 0.1 s a read */
}

void console_line_start(void)
{
}

void hyp_info_lock(void)
{
}

void hyp_info_unlock(void)
{
}

void guest_console_break(void)
{
}

void hyp_printf(const char *fmt, ...)
{
	size_t n = strlen(fake_log);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fake_log + n, sizeof(fake_log) - n, fmt, ap);
	va_end(ap);
	if (getenv("HVT_VERBOSE"))
		fprintf(stderr, "# %s", fake_log + n);
}

void fake_log_clear(void)
{
	fake_log[0] = 0;
}

int fake_log_count(const char *needle)
{
	int n = 0;

	for (const char *p = fake_log; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

int host_irq_register(unsigned int irq, host_irq_fn fn, void *ctx)
{
	if (!irq || irq >= HOST_IRQ_MAX || fake_irqs[irq].fn)
		return -1;
	fake_irqs[irq].fn = fn;
	fake_irqs[irq].ctx = ctx;
	return 0;
}

void fake_irq(unsigned int s)
{
	unsigned int irq = s + 1;

	/* the line is level: the PLIC offers it again while InterruptStatus
	 * is not acknowledged (bounded: a handler that never acks fails) */
	for (int n = 0; fake_irqs[irq].fn; n++) {
		if (n == 100)
			abort();
		fake_irqs[irq].fn(fake_irqs[irq].ctx);
		if (!fake_devs[s].isr)
			break;
	}
}

/* ---- the transport ------------------------------------------------------ */

int host_virtio_find(uint32_t device_id, unsigned int *slot,
		     struct host_virtio *d)
{
	for (; *slot < FAKE_SLOTS; (*slot)++) {
		if (fake_devs[*slot].device_id != device_id)
			continue;
		*d = (struct host_virtio){.slot = *slot,
					  .irq = *slot + 1,
					  .device_id = device_id};
		(*slot)++;
		return 0;
	}
	return -1;
}

int host_virtio_start(struct host_virtio *d, uint64_t wanted, const char *what)
{
	struct fake_dev *f = &fake_devs[d->slot];

	(void)what;
	d->features = f->offered & (wanted | VIRTIO_BIT(VIRTIO_F_VERSION_1));
	f->features = d->features;
	return 0;
}

static void *fake_translate(void *ctx, uint64_t addr, uint32_t len, bool w)
{
	(void)ctx;
	(void)len;
	(void)w;
	return (void *)(uintptr_t)addr; /* host RAM: identity */
}

int host_virtq_setup(struct host_virtio *d, struct host_virtq *q,
		     unsigned int index, unsigned int max_num, const char *what)
{
	struct fake_dev *f = &fake_devs[d->slot];
	struct pvring_layout l;
	unsigned int num = 1;
	uint8_t *mem;

	(void)what;
	while (num * 2 <= f->qnum_max && num * 2 <= max_num)
		num *= 2;
	pvring_layout_contig(num, PVRING_USED_ALIGN, &l);
	mem = aligned_alloc(
		4096, (l.total + num * sizeof(struct pvring_drv_slot) + 4095) &
			      ~(size_t)4095);
	if (!mem)
		abort();
	q->dev = d;
	q->index = index;
	q->num = num;
	if (pvring_drv_init(&q->drv, num, mem + l.desc_off, mem + l.avail_off,
			    mem + l.used_off, (void *)(mem + l.total),
			    d->features, (uint16_t)index) ||
	    pvring_dev_init(&f->dq, num, mem + l.desc_off, mem + l.avail_off,
			    mem + l.used_off, d->features, fake_translate, f,
			    (uint16_t)index))
		abort();
	f->used = (struct pvring_used *)(mem + l.used_off);
	f->num = num;
	f->queue_ready = true;
	return 0;
}

void host_virtio_ready(struct host_virtio *d)
{
	fake_devs[d->slot].driver_ok = true;
}

void host_virtio_fail(struct host_virtio *d)
{
	fake_devs[d->slot].failed = true;
}

void host_virtq_kick(struct host_virtq *q)
{
	struct fake_dev *f = &fake_devs[q->dev->slot];

	if (!pvring_drv_kick_prepare(&q->drv))
		return;
	f->kicks++;
	if (f->mode == FAKE_AT_KICK)
		fake_serve(q->dev->slot);
}

uint32_t host_virtio_irq_ack(struct host_virtio *d)
{
	struct fake_dev *f = &fake_devs[d->slot];
	uint32_t s = f->isr;

	f->isr = 0;
	return s;
}

uint32_t host_virtio_status(struct host_virtio *d)
{
	struct fake_dev *f = &fake_devs[d->slot];

	return (f->failed ? VIRTIO_STATUS_FAILED : 0) |
	       (f->needs_reset ? VIRTIO_STATUS_DEVICE_NEEDS_RESET : 0) |
	       (f->driver_ok ? VIRTIO_STATUS_DRIVER_OK : 0);
}

void host_virtio_config(struct host_virtio *d, unsigned int off, void *buf,
			size_t len)
{
	struct fake_dev *f = &fake_devs[d->slot];
	struct virtio_blk_config c = {.capacity = f->sectors,
				      .seg_max = f->seg_max};
	uint8_t all[256] = {0};

	memcpy(all, &c, sizeof(c));
	memcpy(buf, all + off, len);
}

/* ---- the devices -------------------------------------------------------- */

/* One virtio-blk request as QEMU handles it; the used len counts every
 * writable byte (QEMU's in_len), status included. */
static uint32_t fake_blk(struct fake_dev *f, struct pvring_seg *seg,
			 const struct pvring_chain *c)
{
	struct virtio_blk_req_hdr h;
	uint8_t st = VIRTIO_BLK_S_OK;
	uint64_t off;

	if (c->nseg < 2 || seg[0].writable || seg[0].len != sizeof(h) ||
	    !seg[c->nseg - 1].writable || seg[c->nseg - 1].len != 1)
		abort(); /* host_blk built a chain QEMU would refuse */
	memcpy(&h, seg[0].ptr, sizeof(h));
	off = h.sector * VIRTIO_BLK_SECTOR_SIZE;
	switch (h.type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_OUT:
		for (unsigned int i = 1; i + 1 < c->nseg; i++) {
			uint64_t s = off / VIRTIO_BLK_SECTOR_SIZE;

			if (off + seg[i].len > f->sectors * 512 ||
			    (f->ioerr_sector && s <= f->ioerr_sector &&
			     (off + seg[i].len) / 512 > f->ioerr_sector)) {
				st = VIRTIO_BLK_S_IOERR;
				break;
			}
			if (h.type == VIRTIO_BLK_T_IN)
				memcpy(seg[i].ptr, f->disk + off, seg[i].len);
			else
				memcpy(f->disk + off, seg[i].ptr, seg[i].len);
			off += seg[i].len;
		}
		break;
	case VIRTIO_BLK_T_FLUSH:
		f->flushes++;
		break;
	case VIRTIO_BLK_T_GET_ID:
		f->get_ids++;
		memcpy(seg[1].ptr, f->serial,
		       seg[1].len < sizeof(f->serial) ? seg[1].len
						      : sizeof(f->serial));
		break;
	default:
		st = VIRTIO_BLK_S_UNSUPP;
	}
	*(uint8_t *)seg[c->nseg - 1].ptr = st;
	return c->write_len;
}

static uint32_t fake_rng(struct fake_dev *f, struct pvring_seg *seg,
			 const struct pvring_chain *c)
{
	for (unsigned int i = 0; i < c->nseg; i++)
		for (uint32_t k = 0; k < seg[i].len; k++)
			((uint8_t *)seg[i].ptr)[k] = f->rng_byte++;
	return c->write_len;
}

unsigned int fake_serve(unsigned int s)
{
	struct fake_dev *f = &fake_devs[s];
	struct pvring_seg seg[80];
	struct pvring_chain c;
	unsigned int n = 0;

	if (f->mode == FAKE_MUTE || f->failed || !f->queue_ready)
		return 0;
	/* as QEMU: ask to be notified of the next chain (EVENT_IDX moves
	 * avail_event), then look again */
	do {
		while (pvring_dev_pop(&f->dq, seg, 80, &c) == 1) {
			uint32_t len = f->device_id == VIRTIO_ID_RNG
					       ? fake_rng(f, seg, &c)
					       : fake_blk(f, seg, &c);

			pvring_dev_push(&f->dq, c.head, len);
			n++;
		}
	} while (pvring_dev_enable_notify(&f->dq) == 1);
	f->served += n;
	if (pvring_dev_irq_prepare(&f->dq))
		f->isr |= VIRTIO_MMIO_INT_VRING;
	return n;
}

void fake_corrupt_used(unsigned int s)
{
	struct fake_dev *f = &fake_devs[s];

	f->used->ring[f->used->idx % f->num].id = 0xffff;
	f->used->ring[f->used->idx % f->num].len = 0;
	__atomic_store_n(&f->used->idx, (uint16_t)(f->used->idx + 1),
			 __ATOMIC_RELEASE);
	f->isr |= VIRTIO_MMIO_INT_VRING;
}

void fake_needs_reset(unsigned int s)
{
	fake_devs[s].needs_reset = true;
	fake_devs[s].isr |= VIRTIO_MMIO_INT_CONFIG;
}
