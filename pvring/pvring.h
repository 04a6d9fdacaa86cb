/* SPDX-License-Identifier: MIT */
/*
 * pvring: the virtio 1.x split virtqueue, both roles, one implementation.
 *
 * Used by the hypervisor (device role for virtio-mmio), the guest kernel
 * (driver role for its devices, device role for syscall rings), user
 * programs (driver role for syscall rings) and host tests/tools.
 * Freestanding: needs only memset/memcpy; never allocates.
 *
 * This header is the API. The layout (the ABI both peers share) is in
 * pvring_abi.h, the inline fast paths' definitions in pvring_inline.h
 * (included at the end), the library's own helpers in pvring_internal.h.
 *
 * Addresses: the library never dereferences a descriptor's address itself:
 * the device side passes each through the caller's translate callback,
 * which checks it and returns a host pointer (or refuses). The three ring
 * areas are handed to the library as host pointers that the caller has
 * already translated and checked once, at queue setup.
 *
 * Threading: one thread (or hart) per role per queue; the two roles may
 * run concurrently on different threads/harts. See pvring_barrier.h.
 *
 * Error model: functions return a negative PVRING_ERR_* on failure. An
 * error caused by the peer (anything it wrote into shared memory) marks the
 * queue broken: the call that saw it returns the specific code, every later
 * call returns PVRING_ERR_BROKEN until the queue is initialised again (a
 * virtio device then sets DEVICE_NEEDS_RESET). Errors caused by the local
 * caller's own arguments return PVRING_ERR_INVAL and do not break the queue.
 */
#ifndef PVRING_H
#define PVRING_H

#include "pvring_abi.h"
#include "pvring_barrier.h"

/* Short constant name of an error ("PVRING_ERR_LOOP"), never NULL. */
const char *pvring_strerror(int err);

/* ---- trace hook ---------------------------------------------------------- */

enum pvring_event {
	PVRING_EV_PUBLISH = 1, /* driver: chain made visible in avail */
	PVRING_EV_POP, /* device: chain taken from avail */
	PVRING_EV_PUSH, /* device: used entry written */
	PVRING_EV_REAP, /* driver: used entry consumed */
	PVRING_EV_NOTIFY, /* decision: tell the peer (kick / interrupt) */
	PVRING_EV_SUPPRESS, /* decision: peer asked not to be told */
	PVRING_EV_ERROR, /* the ring was found bad (err set) */
};

enum pvring_role {
	PVRING_ROLE_DRIVER = 0,
	PVRING_ROLE_DEVICE = 1,
};

#define PVRING_NO_HEAD 0xffffu

struct pvring_trace_rec {
	uint16_t qid; /* caller's queue id, given at init */
	uint8_t event; /* enum pvring_event */
	uint8_t role; /* enum pvring_role */
	uint16_t head; /* chain head id, PVRING_NO_HEAD if none */
	uint16_t idx; /* PUBLISH/POP: avail index of the chain;
			 PUSH/REAP: used index of the entry;
			 NOTIFY/SUPPRESS: our new published index */
	uint16_t old_idx; /* NOTIFY/SUPPRESS: index at the previous decision */
	uint16_t event_idx; /* NOTIFY/SUPPRESS: peer's event index (EVENT_IDX)
			       or its flags word (without) */
	uint32_t len; /* POP: readable+writable bytes; PUSH/REAP: used len */
	int32_t err; /* ERROR: the PVRING_ERR_* code, else 0 */
};

/* Called synchronously from the ring operation; must not call back into
 * the same queue. */
typedef void (*pvring_trace_fn)(void *ctx, const struct pvring_trace_rec *rec);

/* ---- driver role --------------------------------------------------------- */

/* One buffer of a chain as the driver describes it. */
struct pvring_buf {
	uint64_t addr; /* device-visible address */
	uint32_t len;
};

/* Private per-descriptor bookkeeping: the driver never trusts (or reads back)
 * what lives in shared memory. The caller provides N of these. */
/* Driver-private state of a descriptor (a chain's, at its head). */
enum pvring_slot_state {
	PVRING_SLOT_FREE = 0, /* on the free list (or a non-head link) */
	PVRING_SLOT_STAGED, /* head in avail, avail.idx not yet past it */
	PVRING_SLOT_PUBLISHED, /* the device may own it */
	PVRING_SLOT_KEPT, /* reaped, descriptors kept for pvring_drv_repost */
};

struct pvring_drv_slot {
	void *token; /* caller's cookie for the chain (at the head) */
	uint32_t wcap; /* head: writable bytes of the chain */
	uint32_t len; /* this descriptor's len as we wrote it */
	uint16_t next; /* chain link / free-list link */
	uint16_t ndesc; /* head: descriptors taken from the table */
	uint16_t avail_head; /* head placed at avail position [i] (shadow) */
	uint8_t state; /* head: enum pvring_slot_state */
	uint8_t dflags; /* WRITE, INDIRECT as we wrote them */
	uint8_t pad_[8]; /* 32 bytes: indexing is a shift on the hot path */
};
_Static_assert(sizeof(struct pvring_drv_slot) == 32, "pvring_drv_slot size");

/* Fields are private to the library; the struct is public for sizing. */
struct pvring_drv {
	struct pvring_desc *desc;
	struct pvring_avail *avail;
	struct pvring_used *used;
	struct pvring_drv_slot *slot;
	uint16_t *used_event;
	uint16_t *avail_event;
	pvring_trace_fn trace;
	void *trace_ctx;
	uint32_t num;
	uint32_t num_free; /* descriptors */
	uint32_t outstanding; /* published chains not yet reaped */
	uint32_t
		added_since_kick; /* chains published since the last decision */
	uint16_t free_head;
	uint16_t avail_shadow; /* next avail index we will use */
	uint16_t avail_pub; /* avail.idx as last published */
	uint16_t kick_old; /* avail.idx at the previous kick decision */
	uint16_t last_used; /* next used index to reap */
	uint16_t
		used_seen; /* used.idx as last read (entries before it checked) */
	uint16_t avail_flags; /* shadow of avail.flags */
	uint16_t qid;
	bool event_idx;
	bool indirect;
	int broken; /* first peer error, 0 if none */
};

/*
 * Set up a queue in given memory (host pointers; the caller computes the
 * device-visible addresses of the three areas for the device). Zeroes the
 * three areas. slots: N entries. features: negotiated feature bits.
 * Returns 0 or PVRING_ERR_INVAL (size not a power of two <= 32768,
 * misaligned area, NULL pointer).
 */
int pvring_drv_init(struct pvring_drv *q, unsigned int num, void *desc,
		    void *avail, void *used, struct pvring_drv_slot *slots,
		    uint64_t features, uint16_t qid);

void pvring_drv_set_trace(struct pvring_drv *q, pvring_trace_fn fn, void *ctx);

/*
 * Stage a chain: bufs[0..nout) readable by the device, then
 * bufs[nout..nout+nin) writable. One descriptor per buffer. The chain is
 * not visible to the device until pvring_drv_publish/kick_prepare.
 * token is returned by pvring_drv_get_used when the chain completes.
 * Returns the head descriptor id (>= 0), PVRING_ERR_NOSPC if fewer than
 * nout+nin descriptors are free, PVRING_ERR_INVAL for nout+nin == 0 or
 * > N, or writable lengths summing over 4G-1; PVRING_ERR_BROKEN.
 */
int pvring_drv_add(struct pvring_drv *q, const struct pvring_buf *bufs,
		   unsigned int nout, unsigned int nin, void *token);

/*
 * Same through an indirect table (needs PVRING_F_INDIRECT_DESC): the
 * caller provides table memory for nout+nin descriptors, its host pointer
 * (8-aligned, 16 recommended) and its device-visible address; it must stay
 * untouched until the chain is reaped. Takes one ring descriptor.
 */
int pvring_drv_add_indirect(struct pvring_drv *q, const struct pvring_buf *bufs,
			    unsigned int nout, unsigned int nin,
			    struct pvring_desc *table, uint64_t table_addr,
			    void *token);

/* Make every staged chain visible (store-release of avail.idx). */
void pvring_drv_publish(struct pvring_drv *q);

/*
 * Publish, full barrier, then decide whether the device must be notified
 * (EVENT_IDX: avail_event crossed since the previous decision; else: the
 * device's NO_NOTIFY flag is clear). Returns true if the caller must
 * notify (e.g. write QueueNotify). Call once per batch.
 */
bool pvring_drv_kick_prepare(struct pvring_drv *q);

/*
 * Reap one used entry: 1 and *token, *len set; 0 if none; negative
 * PVRING_ERR_USED_* (and the queue is broken) if the device wrote an
 * id/len/idx that cannot be right. len may be NULL.
 */
int pvring_drv_get_used(struct pvring_drv *q, void **token, uint32_t *len);

/* Ask the device not to interrupt (best effort with EVENT_IDX). */
void pvring_drv_disable_cb(struct pvring_drv *q);

/*
 * Ask for an interrupt on the next used entry, then re-check after a full
 * barrier: returns 0 if nothing is pending (safe to wait for the interrupt),
 * 1 if used entries arrived meanwhile (reap them; no interrupt may come),
 * negative if used.idx is out of range.
 */
int pvring_drv_enable_cb(struct pvring_drv *q);

/*
 * As enable_cb, but with EVENT_IDX ask for the interrupt only once `count`
 * more used entries exist (a driver waiting for a whole batch takes one
 * interrupt for it). Returns 1 if `count` entries are already there, 0 if
 * it is safe to wait, negative on a bad used.idx. Without EVENT_IDX, or
 * with count <= 1, it is enable_cb.
 */
int pvring_drv_enable_cb_delayed(struct pvring_drv *q, unsigned int count);

/* Free descriptors now. */
unsigned int pvring_drv_num_free(const struct pvring_drv *q);

/*
 * Standing chains. A driver that sends the same shape of request over and
 * over (a syscall ring's header + result, a network rx buffer) keeps a
 * reaped chain's descriptors and offers the chain again, instead of
 * freeing and rebuilding it. Inline: this is the per-request hot path.
 *
 *   pvring_drv_get_used_kept  reap as pvring_drv_get_used, but the chain's
 *                             descriptors stay the driver's (*head = id)
 *   pvring_drv_set_buf        rewrite addr/len of the k-th descriptor of a
 *                             kept chain (its direction stays)
 *   pvring_drv_repost         stage a kept chain again, with a new token
 *   pvring_drv_release        give a kept chain's descriptors back
 *
 * The device still sees an ordinary split ring; nothing in the layout
 * changes. The used ring is checked exactly as by pvring_drv_get_used.
 */

static inline int pvring_drv_get_used_kept(struct pvring_drv *q, uint16_t *head,
					   void **token, uint32_t *len);
static inline int pvring_drv_set_buf(struct pvring_drv *q, uint16_t head,
				     unsigned int k,
				     const struct pvring_buf *b);
static inline int pvring_drv_repost(struct pvring_drv *q, uint16_t head,
				    void *token);

/* PVRING_ERR_INVAL unless head is a kept chain. */
int pvring_drv_release(struct pvring_drv *q, uint16_t head);

/* ---- device role --------------------------------------------------------- */

/*
 * Translate-and-check: return a host pointer to [addr, addr+len) if the
 * whole range may be accessed (written, if writable) by this device, else
 * NULL. Called for every segment and every indirect table (writable =
 * false); len may be 0. Must not have side effects the ring depends on.
 */
typedef void *(*pvring_translate_fn)(void *ctx, uint64_t addr, uint32_t len,
				     bool writable);

/* One validated segment of a popped chain. */
struct pvring_seg {
	uint64_t addr; /* device-visible address as the driver gave it */
	void *ptr; /* host pointer from the translate callback */
	uint32_t len;
	bool writable;
};

/* What pvring_dev_pop found; segs[0..nread) readable, [nread..nseg) writable */
struct pvring_chain {
	uint16_t head; /* id to give to pvring_dev_push */
	uint16_t avail_idx; /* avail index it was taken from */
	unsigned int nseg;
	unsigned int nread;
	uint32_t read_len; /* sum of readable lengths */
	uint32_t write_len; /* sum of writable lengths (max used len) */
	bool indirect; /* came (partly) through an indirect table */
};

/* Fields are private to the library; the struct is public for sizing. */
struct pvring_dev {
	const struct pvring_desc *desc;
	const struct pvring_avail *avail;
	struct pvring_used *used;
	const uint16_t *used_event;
	uint16_t *avail_event;
	pvring_translate_fn translate;
	void *translate_ctx;
	pvring_trace_fn trace;
	void *trace_ctx;
	uint32_t num;
	uint32_t inflight; /* popped, not yet pushed */
	uint16_t last_avail; /* next avail index to pop */
	/* avail.idx as a pop last read it (checked: at most N ahead); the
	 * chains below it are popped without reading it again */
	uint16_t avail_seen;
	uint16_t used_shadow; /* next used index we will write */
	uint16_t used_pub; /* used.idx as last published */
	uint16_t irq_old; /* used.idx at the previous interrupt decision */
	uint16_t used_flags; /* shadow of used.flags */
	uint16_t qid;
	bool event_idx;
	bool indirect;
	int broken;
};

/*
 * Attach to a queue the driver set up. desc/avail/used are host pointers
 * for the three areas, already checked by the caller (sizes from
 * pvring_*_bytes(num)). Ring memory is not written; indices start at 0
 * (virtio reset state). Returns 0 or PVRING_ERR_INVAL (size, alignment,
 * NULL pointer or NULL translate).
 */
int pvring_dev_init(struct pvring_dev *q, unsigned int num, const void *desc,
		    const void *avail, void *used, uint64_t features,
		    pvring_translate_fn translate, void *translate_ctx,
		    uint16_t qid);

void pvring_dev_set_trace(struct pvring_dev *q, pvring_trace_fn fn, void *ctx);

/* Chains the driver has made available and we have not popped (0..N), or
 * PVRING_ERR_AVAIL_IDX / PVRING_ERR_BROKEN. */
int pvring_dev_avail_count(struct pvring_dev *q);

/*
 * Pop the next chain into segs[0..max_segs): every descriptor read once,
 * checked, every range translated. Returns 1 (chain filled in), 0 (ring
 * empty) or a negative PVRING_ERR_* (queue now broken, except INVAL for
 * max_segs == 0 / NULL arguments). On error nothing is consumed.
 */
int pvring_dev_pop(struct pvring_dev *q, struct pvring_seg *segs,
		   unsigned int max_segs, struct pvring_chain *chain);

/*
 * Stage a used entry for a popped chain; visible to the driver after
 * pvring_dev_publish / pvring_dev_irq_prepare. len = bytes written into
 * the writable segments. PVRING_ERR_INVAL if head >= N or nothing popped.
 */
int pvring_dev_push(struct pvring_dev *q, uint16_t head, uint32_t len);

/* Make every staged used entry visible (store-release of used.idx). */
void pvring_dev_publish(struct pvring_dev *q);

/*
 * Inline fast paths, for a device whose per-request cost matters (the guest
 * kernel's syscall rings). Same contract and same checks as
 * pvring_dev_pop / pvring_dev_push, which are built on them.
 *
 * pvring_dev_pop_many pops up to n chains; chains[k] gets its segments at
 * segs[k * max_segs ..]. Returns how many it popped; *err is 0 when it
 * stopped because the ring was empty or n were popped, else the error of
 * the pop that stopped it (as pvring_dev_pop would return it). Chains of
 * direct descriptors are walked inline: avail.idx is re-read (acquire,
 * range-checked) only once the chains seen at its last read are popped; the ring slot and each
 * descriptor are read once; head and every next index are range-checked;
 * a chain takes at most min(max_segs, N) steps (that bounds loops); every
 * range is checked for wrapping, length and order, and goes through
 * `lookup`. Anything else -- an indirect descriptor, a failed check, a
 * range lookup does not know -- hands the walk as it stands, with the
 * descriptor already read, to the general walk, which goes on from there
 * and reports the exact error; a broken queue takes the general pop from
 * the start. A trace hook does not change the path (see pvring_inline.h).
 *
 * lookup: either the queue's translate callback itself (passed as the
 * function, a compile-time constant, it can be inlined; its NULL refuses
 * the range) or a side-effect-free cache in front of it that returns
 * non-NULL only with what translate would return now, and NULL when it does
 * not know (translate then decides, in the general walk).
 */
static inline unsigned int
pvring_dev_pop_many(struct pvring_dev *q, struct pvring_chain *chains,
		    struct pvring_seg *segs, unsigned int max_segs,
		    unsigned int n, pvring_translate_fn lookup, int *err);

/*
 * pvring_dev_push_many stages used entries for n popped chains: e[k].id
 * the head, e[k].len the bytes written (pvring_dev_push n times). Returns
 * 0, or the error of the first entry it could not stage (the ones before
 * it are staged): PVRING_ERR_INVAL for an id >= N or no chain left popped,
 * PVRING_ERR_BROKEN.
 */
static inline int pvring_dev_push_many(struct pvring_dev *q,
				       const struct pvring_used_elem *e,
				       unsigned int n);

/*
 * Publish, full barrier, decide whether to interrupt the driver (EVENT_IDX:
 * used_event crossed since the previous decision; else: NO_INTERRUPT clear).
 * Returns true if the caller must raise the interrupt; false (and nothing
 * published) once the queue is broken.
 */
bool pvring_dev_irq_prepare(struct pvring_dev *q);

/* Ask the driver not to notify (NO_NOTIFY; best effort with EVENT_IDX). */
void pvring_dev_disable_notify(struct pvring_dev *q);

/*
 * Ask for a notification on the next available chain, then re-check after a
 * full barrier: 0 = nothing pending (safe to wait), 1 = chains arrived
 * meanwhile (pop them), negative = avail.idx out of range / broken.
 */
int pvring_dev_enable_notify(struct pvring_dev *q);

/* the definitions of the inline fast paths */
#include "pvring_inline.h"

#endif /* PVRING_H */
