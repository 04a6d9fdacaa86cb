/* SPDX-License-Identifier: MIT */
/* Helpers shared by the pvring sources; not part of the public API. */
#ifndef PVRING_INTERNAL_H
#define PVRING_INTERNAL_H

#include "pvring.h"

static inline void pvring_emit(pvring_trace_fn fn, void *ctx, uint16_t qid,
			       enum pvring_role role, enum pvring_event ev,
			       uint16_t head, uint16_t idx, uint16_t old_idx,
			       uint16_t event_idx, uint32_t len, int err)
{
	struct pvring_trace_rec r = {
		.qid = qid,
		.event = (uint8_t)ev,
		.role = (uint8_t)role,
		.head = head,
		.idx = idx,
		.old_idx = old_idx,
		.event_idx = event_idx,
		.len = len,
		.err = err,
	};

	fn(ctx, &r);
}

static inline bool pvring_aligned(const void *p, uintptr_t align)
{
	return ((uintptr_t)p & (align - 1)) == 0;
}

#endif /* PVRING_INTERNAL_H */
