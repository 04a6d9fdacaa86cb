// SPDX-License-Identifier: MIT
/* The trace writer (trace.h): per-vCPU buffers registered through SBI. */
#include "core/trace.h"

#include "arch/spinlock.h"
#include "base/printk.h"
#include "tbuf.h"
#include "mm/page.h"
#include "pvring_trace.h"
#include "sbi_abi.h"
#include "sbi_call.h"

/* 128 KiB per vCPU: 2,730 records fit, 2,048 are used; the hypervisor is
 * asked to drain at half. */
#define TRACE_BUF_ORDER 5

/* the classes the kernel (and its programs) record */
#define TRACE_GK_CLASSES \
	(TRACE_C_RING | TRACE_C_SYSCALL | TRACE_C_TASK | TRACE_C_BLK)

static struct tbuf trace_bufs[GK_MAX_CPUS];

static long trace_flush(void)
{
	struct sbiret r = sbi_ecall(SBI_EXT_RVH_TRACE, SBI_RVH_TRACE_FLUSH, 0,
				    0, 0, 0, 0, 0);

	return r.error ? r.error : r.value;
}

void trace_init_cpu(void)
{
	struct cpu *c = this_cpu();
	struct tbuf *b = &trace_bufs[c->id];

	c->trace_classes = 0;
	if (sbi_probe_extension(SBI_EXT_RVH_TRACE).value <= 0)
		return; /* not under our hypervisor: no tracing */
	void *mem = page_alloc(TRACE_BUF_ORDER);
	if (!mem ||
	    tbuf_init(b, mem, 4096ul << TRACE_BUF_ORDER, trace_flush, 0)) {
		kprintf("gk: vCPU %u: no memory for a trace buffer\n", c->id);
		return;
	}
	/* identity mapped: the address is the guest-physical one */
	struct sbiret r = sbi_ecall(SBI_EXT_RVH_TRACE, SBI_RVH_TRACE_SET_BUFFER,
				    (uintptr_t)mem, tbuf_bytes(b), 0, 0, 0, 0);
	if (r.error || !(r.value & TRACE_GK_CLASSES)) {
		if (r.error)
			kprintf("gk: vCPU %u: trace buffer refused (SBI error "
				"%ld); not tracing\n",
				c->id, r.error);
		else /* nothing of ours wanted: take the buffer back first */
			sbi_ecall(SBI_EXT_RVH_TRACE, SBI_RVH_TRACE_SET_BUFFER,
				  0, 0, 0, 0, 0, 0);
		page_free(mem, TRACE_BUF_ORDER);
		b->hdr = 0;
		return;
	}
	c->tbuf = b;
	/* only the classes the kernel records: with only the hypervisor's
	 * on, the kernel stays on its untraced paths */
	c->trace_classes = (uint32_t)r.value & TRACE_GK_CLASSES;
	if (c->id == 0)
		kprintf("gk: tracing classes 0x%x into %u records per vCPU\n",
			c->trace_classes, b->mask + 1);
}

void trace_put(uint64_t time, uint32_t kind_flags, uint16_t ring, uint32_t idx,
	       uint32_t len, uint64_t req, uint64_t arg0, uint64_t arg1)
{
	unsigned long f = irq_save();
	struct cpu *c = this_cpu();
	struct tbuf *b = c->tbuf;
	struct trace_rec *r = b ? tbuf_reserve(b) : 0;

	if (r) {
		r->time = time;
		r->kind = (uint16_t)kind_flags;
		r->flags = (uint8_t)(kind_flags >> 16);
		r->guest = TRACE_NONE8; /* the hypervisor writes the truth */
		r->vcpu = (uint8_t)c->id;
		r->hart = TRACE_NONE8;
		r->ring = ring;
		r->idx = idx;
		r->len = len;
		r->req = req;
		r->arg0 = arg0;
		r->arg1 = arg1;
		tbuf_commit(b);
	}
	irq_restore(f);
}

void trace_lost(uint64_t n)
{
	unsigned long f = irq_save();
	struct tbuf *b = this_cpu()->tbuf;

	if (b)
		__atomic_store_n(&b->hdr->lost, b->hdr->lost + n,
				 __ATOMIC_RELAXED);
	irq_restore(f);
}

void trace_pvring(void *ctx, const struct pvring_trace_rec *r)
{
	struct trace_rec t;

	if (!trace_on(TRACE_C_RING) || !pvring_trace_map(r, &t))
		return;
	trace_put(trace_now(), TRACE_KF(t.kind, t.flags),
		  (uint16_t)(uintptr_t)ctx, t.idx, t.len, 0, t.arg0, t.arg1);
}

void trace_pvring_drv(struct pvring_drv *q, uint16_t ring)
{
	if (trace_on(TRACE_C_RING))
		pvring_drv_set_trace(q, trace_pvring, (void *)(uintptr_t)ring);
}
