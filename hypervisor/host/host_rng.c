// SPDX-License-Identifier: MIT
/* Entropy from QEMU's virtio-rng-device (the first one found): one
 * writable buffer a request, straight into the caller's memory; completed
 * by the host PLIC interrupt, done() called with the lock released. */
#include "console.h"
#include "host_irq.h"
#include "host_rng.h"
#include "host_virtio.h"
#include "hw/virtio.h"
#include "hw/virtio_console.h"
#include "hw/virtio_mmio.h"
#include "spinlock.h"

#define HOST_RNG_FEATURES \
	(VIRTIO_BIT(VIRTIO_F_EVENT_IDX) | VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC))
#define HOST_RNG_QUEUE_MAX 64

static struct host_rng {
	struct spinlock lock;
	struct host_virtio dev;
	struct host_virtq q;
	bool present, broken;
	struct host_rng_req *inflight[HOST_RNG_QUEUE_MAX]; /* by head */
} rng;

int host_rng_present(void)
{
	return rng.present;
}

bool host_rng_busy(void)
{
	return __atomic_load_n(&rng.q.drv.outstanding, __ATOMIC_RELAXED);
}

int host_rng_submit(struct host_rng_req *r)
{
	struct pvring_buf buf = {r->hpa, r->len};
	int head = 0;

	if (!rng.present)
		return -1;
	if (r->len) {
		spin_lock(&rng.lock);
		head = rng.broken ? PVRING_ERR_BROKEN
				  : pvring_drv_add(&rng.q.drv, &buf, 0, 1, r);
		if (head >= 0) {
			r->head = (uint16_t)head;
			rng.inflight[head] = r;
			host_virtq_kick(&rng.q);
		}
		spin_unlock(&rng.lock);
		if (head == PVRING_ERR_NOSPC)
			return -1;
		if (head >= 0)
			return 0;
	}
	r->done(r, 0);
	return 0;
}

/* With rng.lock: link what QEMU finished (or everything, once its ring
 * is found bad) at *tail. */
static void host_rng_reap(struct host_rng_req ***tail)
{
	struct host_rng_req *r;
	uint32_t len;
	void *tok;
	int n;

	uint32_t isr = host_virtio_irq_ack(&rng.dev);

	if (rng.broken)
		return;
	while ((n = pvring_drv_get_used(&rng.q.drv, &tok, &len)) == 1) {
		r = tok;
		rng.inflight[r->head] = NULL;
		r->got = len;
		**tail = r;
		*tail = &r->next;
	}
	if (n == 0 && !((isr & VIRTIO_MMIO_INT_CONFIG) &&
			(host_virtio_status(&rng.dev) &
			 VIRTIO_STATUS_DEVICE_NEEDS_RESET)))
		return;
	rng.broken = true;
	host_virtio_fail(&rng.dev);
	hyp_info("host rng (host virtio slot %u): %s; requests complete with "
		 "no entropy from now on",
		 rng.dev.slot,
		 n < 0 ? pvring_strerror(n) : "QEMU set DEVICE_NEEDS_RESET");
	for (unsigned int i = 0; i < HOST_RNG_QUEUE_MAX; i++) {
		if (!(r = rng.inflight[i]))
			continue;
		rng.inflight[i] = NULL;
		r->got = 0;
		**tail = r;
		*tail = &r->next;
	}
}

static void host_rng_irq(void *ctx)
{
	struct host_rng_req *list = NULL, **tail = &list, *r;

	(void)ctx;
	spin_lock(&rng.lock);
	host_rng_reap(&tail);
	*tail = NULL;
	spin_unlock(&rng.lock);
	while ((r = list)) {
		list = r->next; /* done() may reuse r at once */
		r->done(r, r->got);
	}
}

void host_rng_init(void)
{
	unsigned int slot = 0;

	if (host_virtio_find(VIRTIO_ID_RNG, &slot, &rng.dev))
		return;
	if (host_virtio_start(&rng.dev, HOST_RNG_FEATURES, "host rng") ||
	    host_virtq_setup(&rng.dev, &rng.q, VIRTIO_RNG_REQUEST_QUEUE,
			     HOST_RNG_QUEUE_MAX, "host rng"))
		return; /* said why */
	if (host_irq_register(rng.dev.irq, host_rng_irq, NULL)) {
		hyp_info("host rng (host virtio slot %u): interrupt %u cannot "
			 "be registered, not used",
			 rng.dev.slot, rng.dev.irq);
		host_virtio_fail(&rng.dev);
		return;
	}
	host_virtio_ready(&rng.dev);
	rng.present = true;
	hyp_info("host rng: slot %u (0x%llx irq %u)", rng.dev.slot,
		 (unsigned long long)(uintptr_t)rng.dev.regs, rng.dev.irq);
}
