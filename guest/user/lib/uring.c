/* SPDX-License-Identifier: MIT */
#include "uring.h"

#include "syscall.h"
#include "ulib.h"

#define UR_NONE 0xffffffffu

int uring_init(struct uring *r, unsigned entries)
{
	memset(r, 0, sizeof(*r));
	long e = SYSCALL2(SYS_RING_SETUP, entries, &r->prm);
	if (e < 0)
		return (int)e;
	r->entries = r->prm.entries;
	r->slots = calloc(r->entries, sizeof(*r->slots));
	r->reqs = calloc(r->entries, sizeof(*r->reqs));
	if (!r->slots || !r->reqs)
		return -ENOMEM;
	for (uint32_t i = 0; i < r->entries; i++)
		r->reqs[i].next_free = i + 1 < r->entries ? i + 1 : UR_NONE;
	r->free_req = 0;
	r->ctl = (volatile struct gk_ring_ctl *)(uintptr_t)r->prm.ctl;
	return pvring_drv_init(
		&r->drv, r->entries, (void *)(uintptr_t)r->prm.desc,
		(void *)(uintptr_t)r->prm.avail, (void *)(uintptr_t)r->prm.used,
		r->slots, r->prm.features, 0);
}

int uring_prep(struct uring *r, uint32_t op, int32_t fd, uint64_t offset,
	       uint32_t flags, uint64_t user_data,
	       const struct pvring_buf *data, unsigned nout, unsigned nin,
	       void *token)
{
	unsigned n = nout + nin + 2;
	struct pvring_buf bufs[GK_RING_MAX_SEGS];

	if (n > GK_RING_MAX_SEGS)
		return -EINVAL;
	uint32_t id = r->free_req;
	if (id == UR_NONE)
		return -EAGAIN;
	struct uring_req *q = &r->reqs[id];
	q->hdr.opcode = op;
	q->hdr.fd = fd;
	q->hdr.offset = offset;
	q->hdr.flags = flags;
	q->hdr.user_data = user_data;
	q->token = token;
	bufs[0].addr = (uintptr_t)&q->hdr;
	bufs[0].len = sizeof(q->hdr);
	for (unsigned i = 0; i < nout + nin; i++)
		bufs[1 + i] = data[i];
	bufs[n - 1].addr = (uintptr_t)&q->res;
	bufs[n - 1].len = sizeof(q->res);
	int h = pvring_drv_add(&r->drv, bufs, nout + 1, nin + 1,
			       (void *)(uintptr_t)(id + 1));
	if (h < 0)
		return h == PVRING_ERR_NOSPC ? -EAGAIN : -EIO;
	r->free_req = q->next_free;
	r->inflight++;
	return 0;
}

int uring_broken(struct uring *r)
{
	return (r->ctl->flags & GK_RING_CTL_BROKEN) != 0;
}

int uring_submit(struct uring *r)
{
	if (!pvring_drv_kick_prepare(&r->drv))
		return 0;
	r->kicks++;
	long e = SYSCALL2(SYS_RING_ENTER, 0, 0);
	return e < 0 ? (int)e : 1;
}

unsigned uring_ready(struct uring *r)
{
	volatile struct pvring_used *u =
		(volatile struct pvring_used *)(uintptr_t)r->prm.used;

	return (uint16_t)(u->idx - r->reaped);
}

int uring_submit_and_wait(struct uring *r, unsigned n)
{
	int kick = pvring_drv_kick_prepare(&r->drv);

	if (!kick && uring_ready(r) >= n)
		return 0;
	if (!kick && r->prm.mode == GK_RING_MODE_POLL) {
		/* the IO vCPU is polling: spin on the used ring for a while */
		for (unsigned spin = 0; spin < 200000; spin++) {
			if (uring_ready(r) >= n)
				return 0;
			if (uring_broken(r))
				return -EIO;
		}
	}
	r->kicks++;
	long e = SYSCALL2(SYS_RING_ENTER, GK_ENTER_GETEVENTS,
			  (uint16_t)(r->reaped + n));
	return e < 0 ? (int)e : 0;
}

int uring_reap(struct uring *r, struct uring_cqe *cqe)
{
	void *tok;
	uint32_t len;
	int e = pvring_drv_get_used(&r->drv, &tok, &len);

	if (e <= 0)
		return e;
	uint32_t id = (uint32_t)(uintptr_t)tok - 1;
	struct uring_req *q = &r->reqs[id];
	r->reaped++;
	r->inflight--;
	cqe->token = q->token;
	cqe->user_data = q->res.user_data;
	cqe->result = q->res.result;
	cqe->aux = q->res.aux;
	cqe->len = len;
	q->next_free = r->free_req;
	r->free_req = id;
	return 1;
}

int uring_prep_nop(struct uring *r, uint64_t ud, void *token)
{
	return uring_prep(r, GK_OP_NOP, -1, 0, 0, ud, 0, 0, 0, token);
}

int uring_prep_write(struct uring *r, int fd, const void *buf, uint32_t len,
		     uint64_t ud, void *token)
{
	struct pvring_buf b = {(uintptr_t)buf, len};

	return uring_prep(r, GK_OP_WRITE, fd, 0, 0, ud, &b, 1, 0, token);
}

int uring_prep_read(struct uring *r, int fd, void *buf, uint32_t len,
		    uint64_t ud, void *token)
{
	struct pvring_buf b = {(uintptr_t)buf, len};

	return uring_prep(r, GK_OP_READ, fd, 0, 0, ud, &b, 0, 1, token);
}

int uring_prep_open(struct uring *r, const char *path, int flags, uint64_t ud,
		    void *token)
{
	struct pvring_buf b = {(uintptr_t)path, (uint32_t)strlen(path) + 1};

	return uring_prep(r, GK_OP_OPEN, -1, 0, (uint32_t)flags, ud, &b, 1, 0,
			  token);
}

int uring_prep_close(struct uring *r, int fd, uint64_t ud, void *token)
{
	return uring_prep(r, GK_OP_CLOSE, fd, 0, 0, ud, 0, 0, 0, token);
}

int uring_prep_sleep(struct uring *r, uint64_t us, uint64_t ud, void *token)
{
	return uring_prep(r, GK_OP_SLEEP, -1, us, 0, ud, 0, 0, 0, token);
}

int uring_prep_spawn(struct uring *r, const char *args, uint32_t argsz,
		     uint64_t ud, void *token)
{
	struct pvring_buf b = {(uintptr_t)args, argsz};

	return uring_prep(r, GK_OP_SPAWN, -1, 0, 0, ud, &b, 1, 0, token);
}

int uring_prep_wait(struct uring *r, int pid, uint64_t ud, void *token)
{
	return uring_prep(r, GK_OP_WAIT, pid, 0, 0, ud, 0, 0, 0, token);
}
