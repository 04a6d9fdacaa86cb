// SPDX-License-Identifier: MIT
/*
 * Where one request spent its time, layer by layer. The boundaries are the
 * first event of each layer on the way down and the last one on the way
 * back: user submit, kernel sees it, chain on the device ring, host disk
 * submit; host disk done, BLK_DONE, kernel completion (RSYS_PUSH, or the end
 * of the trap-path system call), user reap.
 */
#include "trc.h"

const char *const trc_seg_name[TRC_S_COUNT] = {
	[TRC_S_USER_KERNEL] = "user->kernel",
	[TRC_S_KERNEL_DEV] = "kernel->device",
	[TRC_S_DEV_HDISK] = "device->host disk",
	[TRC_S_HDISK] = "host disk",
	[TRC_S_HDISK_DEV] = "host disk->device",
	[TRC_S_DEV_KERNEL] = "device->kernel",
	[TRC_S_KERNEL_USER] = "kernel->user",
	[TRC_S_TOTAL] = "total",
};

enum point {
	P_USER,
	P_KERNEL,
	P_DEV,
	P_HDISK,
	P_HDONE,
	P_DDONE,
	P_KDONE,
	P_UDONE,
	P_COUNT
};

static void first(uint64_t *p, bool *have, uint64_t v)
{
	if (!*have || v < *p)
		*p = v;
	*have = true;
}

static void last(uint64_t *p, bool *have, uint64_t v)
{
	if (!*have || v > *p)
		*p = v;
	*have = true;
}

void trc_req_segments(const struct trc_trace *t, const struct trc_analysis *a,
		      const struct trc_req *q, uint64_t seg[TRC_S_COUNT],
		      bool have[TRC_S_COUNT])
{
	uint64_t p[P_COUNT] = {0}, sys_end = 0;
	bool h[P_COUNT] = {false}, have_sys = false;

	for (uint32_t n = 0; n < q->n; n++) {
		const struct trace_rec *r = &t->rec[a->node[q->first + n]];

		bool down = r->kind == TRACE_USER_SUBMIT ||
			    r->kind == TRACE_BLK_SUBMIT ||
			    r->kind == TRACE_PVR_PUBLISH;

		switch (trc_layer_of(r)) {
		case TRC_L_USER:
			if (down)
				first(&p[P_USER], &h[P_USER], r->time);
			else
				last(&p[P_UDONE], &h[P_UDONE], r->time);
			break;
		case TRC_L_KERNEL:
			first(&p[P_KERNEL], &h[P_KERNEL], r->time);
			break;
		case TRC_L_DEV:
			if (down)
				first(&p[P_DEV], &h[P_DEV], r->time);
			else
				last(&p[P_DDONE], &h[P_DDONE], r->time);
			break;
		default:
			break;
		}
		if (r->kind == TRACE_HDISK_SUBMIT)
			first(&p[P_HDISK], &h[P_HDISK], r->time);
		if (r->kind == TRACE_HDISK_DONE)
			last(&p[P_HDONE], &h[P_HDONE], r->time);
		if (r->kind == TRACE_RSYS_PUSH)
			last(&p[P_KDONE], &h[P_KDONE], r->time);
		if (r->kind == TRACE_SYSCALL)
			last(&sys_end, &have_sys, trc_end(r));
	}
	if (!h[P_KDONE] && have_sys) {
		p[P_KDONE] = sys_end;
		h[P_KDONE] = true;
	}
	static const uint8_t from[] = {P_USER,	P_KERNEL, P_DEV,  P_HDISK,
				       P_HDONE, P_DDONE,  P_KDONE};
	for (int s = 0; s < TRC_S_TOTAL; s++) {
		int b = from[s], e = b + 1;

		have[s] = h[b] && h[e] && p[e] >= p[b];
		seg[s] = have[s] ? p[e] - p[b] : 0;
	}
	have[TRC_S_TOTAL] = true;
	seg[TRC_S_TOTAL] = q->t1 - q->t0;
}
