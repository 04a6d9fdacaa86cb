/* SPDX-License-Identifier: MIT */
/* User side of the syscall ring: the process is the pvring driver.
 * Requests are prepared (no trap), submitted in batches (a trap only when
 * the kernel asks to be kicked), and reaped from the used ring. */
#ifndef U_URING_H
#define U_URING_H

#include <stdint.h>
#include <string.h>

#include "gk_abi.h"
#include "pvring.h"
#include "tbuf.h"

#define URING_NONE 0xffffffffu
/* data segments per request; shapes = (readable, writable) counts */
#define URING_MAX_DATA (GK_RING_MAX_SEGS - 2)
#define URING_SHAPES ((URING_MAX_DATA + 1) * (URING_MAX_DATA + 1))

/* List index of a chain with nout readable and nin writable data segments. */
static inline unsigned uring_shape(unsigned nout, unsigned nin)
{
	return nout * (URING_MAX_DATA + 1) + nin;
}

/* A request slot: header and result live here while it is in flight.
 * Once used, a slot keeps its pvring chain (header, data..., result) and
 * is reused for the next request of the same shape: then preparing a
 * request rewrites the header and the data descriptors only. */
struct uring_req {
	struct gk_ring_req hdr;
	struct gk_ring_res res;
	void *token;
	uint32_t next; /* free / kept list link */
	uint16_t head; /* its kept chain */
	uint8_t shape; /* shape of that chain */
};

struct uring {
	struct pvring_drv drv;
	struct pvring_drv_slot *slots;
	struct uring_req *reqs;
	uint32_t fresh; /* slots without a chain */
	uint32_t kept[URING_SHAPES]; /* slots with a chain, by shape */
	uint32_t entries;
	uint32_t inflight;
	uint16_t reaped; /* used entries consumed (our used index) */
	struct gk_ring_params prm;
	volatile struct gk_ring_ctl *ctl;
	uint64_t kicks; /* GK_OP_RING_ENTER calls made */
	uint64_t rebuilt; /* chains built (the slow path) */
	/* when the kernel traces rings: our submits and reaps go into the
	 * trace area it gave us (prm.trace), through pvring's trace hook */
	struct tbuf trace;
};

struct uring_cqe {
	void *token;
	uint64_t user_data;
	int64_t result;
	int64_t aux;
	uint32_t len;
};

/* Sets up the process's ring (entries: power of two <= 1024). */
int uring_init(struct uring *r, unsigned entries);
/* Stages one request on a new chain (the slow path of uring_prep). */
int uring_prep_new(struct uring *r, const struct gk_ring_req *h,
		   const struct pvring_buf *data, unsigned nout, unsigned nin,
		   void *token);

/* Stages one request: data[0..nout) readable, data[nout..nout+nin)
 * writable. -EAGAIN when the ring is full. Inline: with constant counts
 * a request on a kept chain costs a few tens of instructions. */
static inline __attribute__((always_inline)) int
uring_prep(struct uring *r, uint32_t op, int32_t fd, uint64_t offset,
	   uint32_t flags, uint64_t user_data, const struct pvring_buf *data,
	   unsigned nout, unsigned nin, void *token)
{
	unsigned shape = uring_shape(nout, nin);

	if (nout + nin > URING_MAX_DATA)
		return -EINVAL;
	uint32_t id = r->kept[shape];
	if (id == URING_NONE) {
		struct gk_ring_req h = {.opcode = op,
					.fd = fd,
					.offset = offset,
					.flags = flags,
					.user_data = user_data};
		return uring_prep_new(r, &h, data, nout, nin, token);
	}
	struct uring_req *q = &r->reqs[id];
	for (unsigned k = 0; k < nout + nin; k++)
		if (pvring_drv_set_buf(&r->drv, q->head, 1 + k, &data[k]))
			return -EINVAL;
	if (pvring_drv_repost(&r->drv, q->head, (void *)(uintptr_t)id))
		return -EIO;
	r->kept[shape] = q->next;
	q->hdr.opcode = op;
	q->hdr.fd = fd;
	q->hdr.offset = offset;
	q->hdr.flags = flags;
	q->hdr.user_data = user_data;
	q->token = token;
	r->inflight++;
	return 0;
}
/* Publishes staged requests; kicks the kernel only if it asked for it.
 * Returns 1 if it trapped, 0 if not, negative on error. */
int uring_submit(struct uring *r);
/* Publishes, then waits (in the kernel) until n more completions are
 * available (n counted from what has been reaped). */
int uring_submit_and_wait(struct uring *r, unsigned n);
/* Takes one completion: 1 with *cqe filled, 0 if none, negative if the
 * kernel wrote a bad used ring. The slot keeps its chain. */
static inline __attribute__((always_inline)) int
uring_reap(struct uring *r, struct uring_cqe *cqe)
{
	uint16_t head;
	void *tok = 0;
	uint32_t len = 0;
	int e = pvring_drv_get_used_kept(&r->drv, &head, &tok, &len);

	if (e <= 0)
		return e;
	uint32_t id = (uint32_t)(uintptr_t)tok; /* ours, from our slot */
	struct uring_req *q = &r->reqs[id];
	r->reaped++;
	r->inflight--;
	cqe->token = q->token;
	cqe->user_data = q->res.user_data;
	cqe->result = q->res.result;
	cqe->aux = q->res.aux;
	cqe->len = len;
	q->next = r->kept[q->shape];
	r->kept[q->shape] = id;
	return 1;
}

/* Gives every kept chain's descriptors back to the free list (for a
 * caller that adds chains of its own with pvring_drv_add on r->drv). */
void uring_release_kept(struct uring *r);

/* Completions published and not reaped yet. */
unsigned uring_ready(struct uring *r);
int uring_broken(struct uring *r);

/* A span [from, to) of file fd moved in `chunk`-byte reads or writes at
 * offset = their place, up to nbuf in flight, one buffer of buf each
 * (completions come in any order). fill prepares a buffer before its
 * write; check judges one after its read (nonzero: right). */
struct uring_span {
	int fd;
	int write;
	uint32_t chunk;
	unsigned nbuf; /* at most 32 */
	unsigned char *const *buf;
	void (*fill)(unsigned char *b, uint64_t off, void *ctx);
	int (*check)(const unsigned char *b, uint64_t off, void *ctx);
	void *ctx;
};

/* The chunks that went wrong (short, failed or, read, not right), or a
 * negative error if the ring itself failed. */
long uring_span(struct uring *r, const struct uring_span *s, uint64_t from,
		uint64_t to);

/* convenience preparers */
static inline int uring_prep_nop(struct uring *r, uint64_t ud, void *token)
{
	return uring_prep(r, GK_OP_NOP, -1, 0, 0, ud, 0, 0, 0, token);
}

static inline int uring_prep_write(struct uring *r, int fd, const void *buf,
				   uint32_t len, uint64_t ud, void *token)
{
	struct pvring_buf b = {(uintptr_t)buf, len};

	return uring_prep(r, GK_OP_WRITE, fd, 0, 0, ud, &b, 1, 0, token);
}

static inline int uring_prep_read(struct uring *r, int fd, void *buf,
				  uint32_t len, uint64_t ud, void *token)
{
	struct pvring_buf b = {(uintptr_t)buf, len};

	return uring_prep(r, GK_OP_READ, fd, 0, 0, ud, &b, 0, 1, token);
}

static inline int uring_prep_open(struct uring *r, const char *path, int flags,
				  uint64_t ud, void *token)
{
	struct pvring_buf b = {(uintptr_t)path, (uint32_t)strlen(path) + 1};

	return uring_prep(r, GK_OP_OPEN, -1, 0, (uint32_t)flags, ud, &b, 1, 0,
			  token);
}

static inline int uring_prep_close(struct uring *r, int fd, uint64_t ud,
				   void *token)
{
	return uring_prep(r, GK_OP_CLOSE, fd, 0, 0, ud, 0, 0, 0, token);
}

static inline int uring_prep_sleep(struct uring *r, uint64_t us, uint64_t ud,
				   void *token)
{
	return uring_prep(r, GK_OP_SLEEP, -1, us, 0, ud, 0, 0, 0, token);
}

/* args: "path\0argv0\0argv1\0...\0" (argv0 alone: the path) */
static inline int uring_prep_spawn(struct uring *r, const char *args,
				   uint32_t argsz, uint64_t ud, void *token)
{
	struct pvring_buf b = {(uintptr_t)args, argsz};

	return uring_prep(r, GK_OP_SPAWN, -1, 0, 0, ud, &b, 1, 0, token);
}

static inline int uring_prep_wait(struct uring *r, int pid, uint64_t ud,
				  void *token)
{
	return uring_prep(r, GK_OP_WAIT, pid, 0, 0, ud, 0, 0, 0, token);
}

#endif
