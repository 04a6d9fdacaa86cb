/* SPDX-License-Identifier: MIT */
/*
 * From pvring's trace hook record to the system's trace record
 * (trace_abi.h). pvring itself knows no clock, guest, vCPU or ring name, so
 * it hands its callers a small record of what the ring did; a caller that
 * writes a trace (the hypervisor, the guest kernel) fills the kind and the
 * ring-side fields with this, then adds time, ring id and request id.
 */
#ifndef PVRING_TRACE_H
#define PVRING_TRACE_H

#include "pvring.h"
#include "trace_abi.h"

/*
 * Fill kind, idx, len, arg0, arg1 and flags of *out from *r (the other
 * fields are the caller's). Returns false for an event it does not know,
 * which a caller then drops.
 */
static inline bool pvring_trace_map(const struct pvring_trace_rec *r,
				    struct trace_rec *out)
{
	static const uint16_t kind[] = {
		[PVRING_EV_PUBLISH] = TRACE_PVR_PUBLISH,
		[PVRING_EV_POP] = TRACE_PVR_POP,
		[PVRING_EV_PUSH] = TRACE_PVR_PUSH,
		[PVRING_EV_REAP] = TRACE_PVR_REAP,
		[PVRING_EV_NOTIFY] = TRACE_PVR_NOTIFY,
		[PVRING_EV_SUPPRESS] = TRACE_PVR_NOTIFY,
		[PVRING_EV_ERROR] = TRACE_PVR_ERROR,
	};

	if (r->event >= sizeof(kind) / sizeof(kind[0]) || !kind[r->event])
		return false;
	out->kind = kind[r->event];
	out->idx = r->head == PVRING_NO_HEAD ? 0xffffffffu : r->head;
	out->len = r->len;
	out->arg0 = r->idx;
	out->arg1 = 0;
	out->flags = 0;
	switch (r->event) {
	case PVRING_EV_SUPPRESS:
		out->flags = TRACE_F_SUPPRESSED;
		/* fall through */
	case PVRING_EV_NOTIFY:
		out->arg1 = r->event_idx;
		break;
	case PVRING_EV_ERROR:
		out->flags = TRACE_F_ERROR;
		out->arg1 = (uint64_t)(int64_t)r->err;
		break;
	}
	return true;
}

#endif /* PVRING_TRACE_H */
