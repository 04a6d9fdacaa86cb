/* SPDX-License-Identifier: MIT */
/* User side of the syscall ring: the process is the pvring driver.
 * Requests are prepared (no trap), submitted in batches (a trap only when
 * the kernel asks to be kicked), and reaped from the used ring. */
#ifndef U_URING_H
#define U_URING_H

#include <stdint.h>

#include "gk_abi.h"
#include "pvring.h"

/* per in-flight request: header and result live here until reaped */
struct uring_req {
	struct gk_ring_req hdr;
	struct gk_ring_res res;
	void *token;
	uint32_t next_free;
};

struct uring {
	struct pvring_drv drv;
	struct pvring_drv_slot *slots;
	struct uring_req *reqs;
	uint32_t free_req;
	uint32_t entries;
	uint32_t inflight;
	uint16_t reaped; /* used entries consumed (our used index) */
	struct gk_ring_params prm;
	volatile struct gk_ring_ctl *ctl;
	uint64_t kicks; /* SYS_RING_ENTER calls made */
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
/* Stages one request: data[0..nout) readable, data[nout..nout+nin)
 * writable. -EAGAIN when the ring is full. */
int uring_prep(struct uring *r, uint32_t op, int32_t fd, uint64_t offset,
	       uint32_t flags, uint64_t user_data,
	       const struct pvring_buf *data, unsigned nout, unsigned nin,
	       void *token);
/* Publishes staged requests; kicks the kernel only if it asked for it.
 * Returns 1 if it trapped, 0 if not, negative on error. */
int uring_submit(struct uring *r);
/* Publishes, then waits (in the kernel) until n more completions are
 * available (n counted from what has been reaped). */
int uring_submit_and_wait(struct uring *r, unsigned n);
/* Takes one completion: 1 with *cqe filled, 0 if none, negative if the
 * kernel wrote a bad used ring. */
int uring_reap(struct uring *r, struct uring_cqe *cqe);
/* Completions published and not reaped yet. */
unsigned uring_ready(struct uring *r);
int uring_broken(struct uring *r);

/* convenience preparers */
int uring_prep_nop(struct uring *r, uint64_t ud, void *token);
int uring_prep_write(struct uring *r, int fd, const void *buf, uint32_t len,
		     uint64_t ud, void *token);
int uring_prep_read(struct uring *r, int fd, void *buf, uint32_t len,
		    uint64_t ud, void *token);
int uring_prep_open(struct uring *r, const char *path, int flags, uint64_t ud,
		    void *token);
int uring_prep_close(struct uring *r, int fd, uint64_t ud, void *token);
int uring_prep_sleep(struct uring *r, uint64_t us, uint64_t ud, void *token);
/* args: "path\0arg1\0...\0" of argsz bytes */
int uring_prep_spawn(struct uring *r, const char *args, uint32_t argsz,
		     uint64_t ud, void *token);
int uring_prep_wait(struct uring *r, int pid, uint64_t ud, void *token);

#endif
