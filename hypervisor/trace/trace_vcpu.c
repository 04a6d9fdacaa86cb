// SPDX-License-Identifier: MIT
/* Trace points of the vCPUs and their guests' own buffers (trace_vcpu.h). */
#include "../console.h"
#include "../guest.h"
#include "../hart.h"
#include "sbi_abi.h"
#include "trace_buf.h"
#include "trace_drain.h"
#include "trace_export.h"
#include "trace_vcpu.h"

/* sink drains rounds: a guest buffer larger than a hart's takes several */
#define TRACE_DRAIN_ROUNDS 8

#if RVH_TRACE_COMPILED
void trace_vcpu_ev(const struct vcpu *v, uint16_t kind, uint8_t flags,
		   uint16_t ring, uint32_t idx, uint32_t len, uint64_t arg0,
		   uint64_t arg1)
{
	trace_emit(kind, (uint8_t)v->vm->id, (uint8_t)v->id, flags, ring, idx,
		   len, arg0, arg1);
}

static void trace_exit_close(struct vcpu *v)
{
	struct vcpu_trace *t = &v->tr;
	uint64_t now = csr_read(CSR_TIME);
	struct trace_rec r = {
		.time = t->exit_time,
		.kind = TRACE_EXIT,
		.guest = (uint8_t)v->vm->id,
		.vcpu = (uint8_t)v->id,
		.hart = (uint8_t)this_hart()->index,
		.flags = TRACE_F_SLICE |
			 (t->cause & CAUSE_IRQ_FLAG ? TRACE_F_INTR : 0),
		.idx = (uint32_t)(t->cause & ~CAUSE_IRQ_FLAG),
		.len = now - t->exit_time > UINT32_MAX
			       ? UINT32_MAX
			       : (uint32_t)(now - t->exit_time),
		.arg0 = t->pc,
		.arg1 = t->tval,
	};

	t->exit_time = 0;
	trace_put(&r);
}

static uint64_t trace_guest_drain(struct vcpu *v, unsigned int hart);

void trace_vcpu_entering_slow(struct vcpu *v)
{
	if (v->tr.exit_time)
		trace_exit_close(v);
	/* a vCPU may keep its hart for the whole run: its buffer is drained
	 * at half full too, not only when it is put off */
	if (v->tr.gbuf.hdr &&
	    trace_gbuf_pending(&v->tr.gbuf) >= v->tr.gbuf.nrec / 2)
		trace_guest_drain(v, this_hart()->index);
	trace_export_check();
}

void trace_vcpu_exited_slow(struct vcpu *v)
{
	struct vcpu_trace *t = &v->tr;
	unsigned long c = v->trap.scause;

	t->exit_time = csr_read(CSR_TIME);
	t->cause = c;
	t->pc = v->regs.sepc;
	t->tval = v->trap.stval;
	/* guest-page faults: the guest-physical address is what matters */
	if (c == CAUSE_FETCH_GUEST_PAGE_FAULT ||
	    c == CAUSE_LOAD_GUEST_PAGE_FAULT ||
	    c == CAUSE_STORE_GUEST_PAGE_FAULT)
		t->tval = (v->trap.htval << 2) | (v->trap.stval & 3);
}

#endif

static int trace_sink(void *ctx, const struct trace_rec *r)
{
	(void)ctx;
	return trace_buf_append(r, 1);
}

/* Drain v's buffer into this hart's, exporting when it fills; hart: the
 * hart v ran on. Returns the records taken. */
static uint64_t trace_guest_drain(struct vcpu *v, unsigned int hart)
{
	uint64_t total = 0;
	int full = 1;

	for (int i = 0; i < TRACE_DRAIN_ROUNDS && full; i++) {
		if (i)
			trace_export_this_hart();
		total += trace_gbuf_drain(&v->tr.gbuf, (uint8_t)v->vm->id,
					  (uint8_t)v->id, (uint8_t)hart,
					  csr_read(CSR_TIME), trace_sink, NULL,
					  &full);
	}
	return total;
}

#if RVH_TRACE_COMPILED
void trace_vcpu_put_slow(struct vcpu *v)
{
	unsigned int why = v->vm->state != GUEST_RUNNING ? TRACE_PUT_GUEST
			   : v->wfi || v->hsm_state != SBI_HSM_STATE_STARTED
				   ? TRACE_PUT_BLOCKED
				   : TRACE_PUT_PREEMPT;

	if (v->tr.exit_time && trace_on(TRACE_C_EXITS))
		trace_exit_close(v);
	if (trace_on(TRACE_C_SCHED))
		trace_vcpu_ev(v, TRACE_VCPU_PUT, 0, 0, why, 0, 0, 0);
	if (v->tr.gbuf.hdr)
		trace_guest_drain(v, this_hart()->index);
}

#endif

long trace_guest_set_buffer(struct vcpu *v, uint64_t gpa, uint64_t bytes,
			    unsigned long *classes)
{
	struct guest *g = v->vm;
	struct trace_buf_hdr h;
	void *p;
	long err;

	*classes = 0;
	if (v->tr.gbuf.hdr && trace_on(TRACE_C_ALL))
		trace_guest_drain(v, this_hart()->index);
	trace_gbuf_detach(&v->tr.gbuf);
	if (!bytes)
		return SBI_SUCCESS; /* unregistered */
	err = trace_gbuf_check_range(g->ram_gpa, g->ram_size, gpa, bytes);
	if (err)
		return err;
	p = guest_gpa_to_hva(g, gpa, bytes);
	if (!p)
		return SBI_ERR_INVALID_ADDRESS;
	__builtin_memcpy(&h, p, sizeof(h)); /* read once */
	err = trace_gbuf_check_hdr(&h, bytes);
	if (err)
		return err;
	/* tracing off, or not this guest: the guest records nothing */
	if (!trace_on(TRACE_C_ALL) ||
	    !(g->id < 32 && (trace_guests & (1u << g->id)))) {
		((volatile struct trace_buf_hdr *)p)->classes = 0;
		return SBI_SUCCESS;
	}
	*classes = trace_classes;
	trace_gbuf_attach(&v->tr.gbuf, p, h.nrec, trace_classes);
	return SBI_SUCCESS;
}

long trace_guest_flush(struct vcpu *v, unsigned long *taken)
{
	*taken = 0;
	if (!trace_on(TRACE_C_ALL))
		return SBI_SUCCESS; /* nothing is recorded */
	if (!v->tr.gbuf.hdr)
		return SBI_ERR_NO_SHMEM;
	*taken = trace_guest_drain(v, this_hart()->index);
	return SBI_SUCCESS;
}

void trace_guest_forget(struct vcpu *v)
{
	trace_gbuf_detach(&v->tr.gbuf);
	v->tr.exit_time = 0;
}

void trace_guests_drain_all(void)
{
	for (unsigned int g = 0; g < nr_guests; g++)
		for (unsigned int i = 0; i < guests[g].nr_vcpus; i++) {
			struct vcpu *v = &guests[g].vcpus[i];

			if (v->tr.gbuf.hdr)
				trace_guest_drain(
					v, v->last_hart >= 0
						   ? (unsigned int)v->last_hart
						   : TRACE_NONE8);
		}
}

void trace_guests_report(void)
{
	for (unsigned int g = 0; g < nr_guests; g++)
		for (unsigned int i = 0; i < guests[g].nr_vcpus; i++) {
			const struct trace_gbuf *b =
				&guests[g].vcpus[i].tr.gbuf;

			if (!b->taken && !b->lost && !b->rejected)
				continue;
			hyp_info("tracing: guest '%s' vCPU %u buffer: %llu "
				 "records taken, %llu lost, %llu rejected "
				 "(kinds a guest may not write)",
				 guests[g].name, i,
				 (unsigned long long)b->taken,
				 (unsigned long long)b->lost,
				 (unsigned long long)b->rejected);
		}
}
