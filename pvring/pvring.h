/* SPDX-License-Identifier: MIT */
/*
 * pvring: the virtio 1.x split virtqueue, both roles, one implementation.
 *
 * Used by the hypervisor (device role for virtio-mmio), the guest kernel
 * (driver role for its devices, device role for syscall rings), user
 * programs (driver role for syscall rings) and host tests/tools.
 * Freestanding: needs only memset/memcpy; never allocates.
 *
 * Layout is exactly the virtio 1.x split ring (little-endian; all our
 * targets are little-endian, checked below). A queue is three areas:
 *   descriptor table  16 * N bytes, align 16
 *   avail ring        6 + 2 * N bytes, align 2  (flags, idx, ring[N], used_event)
 *   used ring         6 + 8 * N bytes, align 4  (flags, idx, ring[N], avail_event)
 * N (queue size) is a power of two, 1 <= N <= 32768; idx fields run freely
 * and wrap at 2^16.
 *
 * Addresses: every address stored in a descriptor is a "device-visible
 * address" (a guest-physical address for device rings, a user virtual
 * address for syscall rings). The library never dereferences one itself:
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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pvring_barrier.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "pvring stores ring fields in native order: little-endian only"
#endif

/* ---- layout (virtio 1.x, 2.7 "Split Virtqueues") ---------------------- */

#define PVRING_MAX_SIZE 32768u

#define PVRING_DESC_ALIGN 16u
#define PVRING_AVAIL_ALIGN 2u
#define PVRING_USED_ALIGN 4u
/* Indirect tables: 8 is what the reads need (u64 field) and what Linux's
 * kmalloc guarantees at minimum; anything less is PVRING_ERR_INDIRECT_ALIGN. */
#define PVRING_INDIRECT_ALIGN 8u

/* descriptor flags */
#define PVRING_DESC_F_NEXT 1u
#define PVRING_DESC_F_WRITE 2u
#define PVRING_DESC_F_INDIRECT 4u

/* avail.flags (driver -> device) */
#define PVRING_AVAIL_F_NO_INTERRUPT 1u
/* used.flags (device -> driver) */
#define PVRING_USED_F_NO_NOTIFY 1u

/* feature bits the ring honours (others are ignored by this library) */
#define PVRING_F_INDIRECT_DESC_BIT 28
#define PVRING_F_EVENT_IDX_BIT 29
#define PVRING_F_VERSION_1_BIT 32
#define PVRING_F_INDIRECT_DESC (1ull << PVRING_F_INDIRECT_DESC_BIT)
#define PVRING_F_EVENT_IDX (1ull << PVRING_F_EVENT_IDX_BIT)
#define PVRING_F_VERSION_1 (1ull << PVRING_F_VERSION_1_BIT)

struct pvring_desc {
	uint64_t addr; /* device-visible address */
	uint32_t len;
	uint16_t flags; /* PVRING_DESC_F_* */
	uint16_t next;
};

struct pvring_avail {
	uint16_t flags; /* PVRING_AVAIL_F_* */
	uint16_t idx;
	uint16_t ring[]; /* [N], then uint16_t used_event */
};

struct pvring_used_elem {
	uint32_t id; /* head descriptor index */
	uint32_t len; /* bytes the device wrote into the chain */
};

struct pvring_used {
	uint16_t flags; /* PVRING_USED_F_* */
	uint16_t idx;
	struct pvring_used_elem ring[]; /* [N], then uint16_t avail_event */
};

static inline size_t pvring_desc_bytes(unsigned int num)
{
	return 16u * (size_t)num;
}

static inline size_t pvring_avail_bytes(unsigned int num)
{
	return 6u + 2u * (size_t)num;
}

static inline size_t pvring_used_bytes(unsigned int num)
{
	return 6u + 8u * (size_t)num;
}

/* used_event lives after avail.ring[N]; avail_event after used.ring[N]. */
static inline uint16_t *pvring_used_event(struct pvring_avail *avail,
					  unsigned int num)
{
	return &avail->ring[num];
}

static inline uint16_t *pvring_avail_event(struct pvring_used *used,
					   unsigned int num)
{
	return (uint16_t *)(void *)&used->ring[num];
}

static inline bool pvring_size_valid(unsigned int num)
{
	return num != 0 && num <= PVRING_MAX_SIZE && (num & (num - 1)) == 0;
}

/*
 * One contiguous area holding all three parts (for callers that allocate a
 * queue in one piece, e.g. a syscall ring): desc at 0, avail right after,
 * used at the next multiple of used_align (4 for virtio 1.x, the page size
 * for a legacy virtio-mmio v1 queue). used_align must be a power of two >= 4.
 */
struct pvring_layout {
	size_t desc_off;
	size_t avail_off;
	size_t used_off;
	size_t total; /* bytes, a multiple of 16 */
};

static inline void pvring_layout_contig(unsigned int num, size_t used_align,
					struct pvring_layout *l)
{
	l->desc_off = 0;
	l->avail_off = pvring_desc_bytes(num);
	l->used_off =
		(l->avail_off + pvring_avail_bytes(num) + used_align - 1) &
		~(used_align - 1);
	l->total = (l->used_off + pvring_used_bytes(num) + 15u) & ~(size_t)15u;
}

/*
 * EVENT_IDX rule: the peer asked to be notified when index `event` is
 * passed; we moved our index from old to new_idx since the last decision.
 */
static inline bool pvring_need_event(uint16_t event, uint16_t new_idx,
				     uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

/* ---- errors -------------------------------------------------------------- */

enum pvring_err {
	PVRING_OK = 0,
	/* local caller's mistake; queue stays usable */
	PVRING_ERR_INVAL =
		-1, /* bad argument (size, alignment, head, counts) */
	PVRING_ERR_NOSPC = -2, /* driver: not enough free descriptors now */
	PVRING_ERR_BROKEN = -3, /* an earlier call found the ring bad */
	/* device side: the driver's rings are bad */
	PVRING_ERR_AVAIL_IDX = -10, /* avail.idx more than N ahead of us */
	PVRING_ERR_HEAD_RANGE = -11, /* avail.ring[] holds an index >= N */
	PVRING_ERR_NEXT_RANGE = -12, /* desc.next >= table size */
	PVRING_ERR_LOOP = -13, /* chain visits more descriptors than exist */
	PVRING_ERR_CHAIN_LONG = -14, /* more segments than the caller's bound */
	PVRING_ERR_ORDER = -15, /* readable segment after a writable one */
	PVRING_ERR_INDIRECT_NESTED =
		-16, /* INDIRECT inside an indirect table */
	PVRING_ERR_INDIRECT_ALIGN = -17, /* table address not 8-aligned */
	PVRING_ERR_INDIRECT_LEN = -18, /* table len 0 or not a multiple of 16 */
	PVRING_ERR_INDIRECT_NEXT = -19, /* INDIRECT together with NEXT */
	PVRING_ERR_INDIRECT_FEATURE = -20, /* INDIRECT without the feature */
	PVRING_ERR_LEN_OVERFLOW =
		-21, /* addr+len wraps, or chain total > 4G-1 */
	PVRING_ERR_TRANSLATE = -22, /* translate callback refused a range */
	PVRING_ERR_INFLIGHT = -23, /* more chains offered than N in flight */
	/* driver side: the device's used ring is bad */
	PVRING_ERR_USED_IDX = -30, /* used.idx ahead of what is outstanding */
	PVRING_ERR_USED_ID = -31, /* used id >= N or not an outstanding head */
	PVRING_ERR_USED_LEN = -32, /* used len > writable bytes of the chain */
};

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

/* Library-internal, used by the inline paths below. */
int pvring_drv_fail(struct pvring_drv *q, int err, uint16_t head);
void pvring_drv_trace_reap(struct pvring_drv *q, uint16_t id, uint32_t len);

static inline __attribute__((always_inline)) int
pvring_drv_get_used_kept(struct pvring_drv *q, uint16_t *head, void **token,
			 uint32_t *len)
{
	const struct pvring_used_elem *e;
	struct pvring_drv_slot *s;
	uint32_t id, ulen;

	if (q->broken)
		return PVRING_ERR_BROKEN;
	if (q->last_used == q->used_seen) {
		/* acquire: the entries below idx are read after it */
		uint16_t idx = PVRING_LOAD_ACQUIRE(&q->used->idx);
		uint16_t pending = (uint16_t)(idx - q->last_used);

		if (pending > q->outstanding)
			return pvring_drv_fail(q, PVRING_ERR_USED_IDX,
					       PVRING_NO_HEAD);
		if (!pending)
			return 0;
		q->used_seen = idx;
	}
	e = &q->used->ring[q->last_used & (q->num - 1)];
	id = PVRING_READ_ONCE(&e->id);
	ulen = PVRING_READ_ONCE(&e->len);
	if (id >= q->num || q->slot[id].state != PVRING_SLOT_PUBLISHED)
		return pvring_drv_fail(q, PVRING_ERR_USED_ID, PVRING_NO_HEAD);
	s = &q->slot[id];
	if (ulen > s->wcap)
		return pvring_drv_fail(q, PVRING_ERR_USED_LEN, (uint16_t)id);
	s->state = PVRING_SLOT_KEPT;
	q->outstanding--;
	*head = (uint16_t)id;
	*token = s->token;
	if (len)
		*len = ulen;
	if (q->trace)
		pvring_drv_trace_reap(q, (uint16_t)id, ulen);
	q->last_used++;
	/* Callbacks on with EVENT_IDX: move the event along, as the device
	 * interrupts only when it passes used_event. */
	if (q->event_idx && !(q->avail_flags & PVRING_AVAIL_F_NO_INTERRUPT)) {
		PVRING_WRITE_ONCE(q->used_event, q->last_used);
		pvring_mb();
	}
	return 1;
}

static inline __attribute__((always_inline)) int
pvring_drv_set_buf(struct pvring_drv *q, uint16_t head, unsigned int k,
		   const struct pvring_buf *b)
{
	struct pvring_drv_slot *h = &q->slot[head & (q->num - 1)];
	uint16_t i = head;

	if (head >= q->num || h->state != PVRING_SLOT_KEPT || k >= h->ndesc ||
	    (h->dflags & PVRING_DESC_F_INDIRECT))
		return PVRING_ERR_INVAL;
	while (k--)
		i = q->slot[i].next;
	if (q->slot[i].dflags & PVRING_DESC_F_WRITE) {
		uint64_t w = (uint64_t)h->wcap - q->slot[i].len + b->len;

		if (w > UINT32_MAX)
			return PVRING_ERR_INVAL;
		h->wcap = (uint32_t)w;
	}
	q->slot[i].len = b->len;
	q->desc[i].addr = b->addr;
	q->desc[i].len = b->len;
	return 0;
}

static inline __attribute__((always_inline)) int
pvring_drv_repost(struct pvring_drv *q, uint16_t head, void *token)
{
	struct pvring_drv_slot *s = &q->slot[head & (q->num - 1)];
	uint16_t pos = q->avail_shadow, mask = (uint16_t)(q->num - 1);

	if (head >= q->num || s->state != PVRING_SLOT_KEPT)
		return PVRING_ERR_INVAL;
	if (q->broken)
		return PVRING_ERR_BROKEN;
	s->token = token;
	s->state = PVRING_SLOT_STAGED;
	q->slot[pos & mask].avail_head = head;
	q->avail->ring[pos & mask] = head;
	q->avail_shadow = (uint16_t)(pos + 1);
	return 0;
}

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
 * and reports the exact error; a broken queue or tracing takes the general
 * pop from the start.
 *
 * lookup: either the queue's translate callback itself (passed as the
 * function, a compile-time constant, it can be inlined; its NULL refuses
 * the range) or a side-effect-free cache in front of it that returns
 * non-NULL only with what translate would return now, and NULL when it does
 * not know (translate then decides, in the general walk).
 *
 * Library-internal: struct pvring_walk, pvring_desc_word,
 * pvring_dev_pop_slow, pvring_dev_pop_resume, pvring_dev_walk_from,
 * pvring_dev_push_slow, pvring_dev_fail.
 */
struct pvring_walk {
	const struct pvring_desc *table; /* main table or the indirect one */
	uint64_t rlen, wlen; /* readable / writable bytes so far */
	uint32_t tsize; /* entries in table */
	uint32_t visited; /* steps taken in table */
	uint32_t i; /* next entry to read (when none is at hand) */
	uint32_t nseg, nread;
	uint16_t head;
	bool in_indirect, seen_write;
};

/* A descriptor's second half, len | flags << 32 | next << 48, read in one
 * load (each field still read once). */
typedef uint64_t __attribute__((may_alias)) pvring_desc_word;
_Static_assert(__builtin_offsetof(struct pvring_desc, len) == 8 &&
		       __builtin_offsetof(struct pvring_desc, flags) == 12 &&
		       __builtin_offsetof(struct pvring_desc, next) == 14,
	       "pvring_desc layout");

int pvring_dev_pop_slow(struct pvring_dev *q, struct pvring_seg *segs,
			unsigned int max_segs, struct pvring_chain *chain);
int pvring_dev_pop_resume(struct pvring_dev *q, struct pvring_seg *segs,
			  unsigned int max_segs, struct pvring_chain *chain,
			  struct pvring_walk *w, const struct pvring_desc *cur);
int pvring_dev_walk_from(struct pvring_dev *q, struct pvring_walk *w,
			 struct pvring_seg *segs, unsigned int max_segs,
			 const struct pvring_desc *cur);
int pvring_dev_push_slow(struct pvring_dev *q, uint16_t head, uint32_t len);
int pvring_dev_fail(struct pvring_dev *q, int err, uint16_t head);

#define PVRING_UNLIKELY(c) __builtin_expect(!!(c), 0)

static inline __attribute__((always_inline)) unsigned int
pvring_dev_pop_many(struct pvring_dev *q, struct pvring_chain *chains,
		    struct pvring_seg *segs, unsigned int max_segs,
		    unsigned int n, pvring_translate_fn lookup, int *err)
{
	/* few values live across the loop: the queue's own state stays in
	 * *q, so that the walk has the registers */
	unsigned int k = 0;
	int e = 0;

	if (PVRING_UNLIKELY(q->broken || q->trace || !chains || !segs ||
			    !max_segs))
		goto slow;
	for (; k < n; k++, chains++, segs += max_segs) {
		const struct pvring_desc *cur = 0;
		uint64_t addr, word, fl, len, total = 0, wlen = 0;
		unsigned long num = q->num, i, nseg = 0, nw = 0;
		uint16_t idx = q->last_avail, head;
		struct pvring_desc d;
		struct pvring_walk w;
		bool wr;
		void *p;

		if (idx == q->avail_seen) {
			/* acquire: slots and descriptors are read after it */
			uint16_t a = PVRING_LOAD_ACQUIRE(&q->avail->idx);

			if (a == idx)
				break;
			if (PVRING_UNLIKELY((uint16_t)(a - idx) > num))
				goto slow;
			q->avail_seen = a;
		}
		/* A driver cannot have more than N chains outstanding. */
		if (PVRING_UNLIKELY(q->inflight >= num))
			goto slow;
		head = PVRING_READ_ONCE(&q->avail->ring[idx & (num - 1)]);
		if (PVRING_UNLIKELY(head >= num)) {
			e = pvring_dev_fail(q, PVRING_ERR_HEAD_RANGE, head);
			break;
		}
		chains->head = head; /* out of the registers */
		chains->avail_idx = idx;
		for (i = head;;) {
			/* the copy lives in registers (memory only if it is
			 * handed over) */
			addr = PVRING_READ_ONCE(&q->desc[i].addr);
			word = PVRING_READ_ONCE(
				(const pvring_desc_word *)&q->desc[i].len);
			len = (uint32_t)word;
			fl = word >> 32; /* flags | next << 16 */
			wr = fl & PVRING_DESC_F_WRITE;
			/* the wrap check is stricter than the general one: a
			 * range ending at 2^64 goes there too */
			if (PVRING_UNLIKELY((fl & PVRING_DESC_F_INDIRECT) ||
					    (!wr && nw) || addr + len < addr ||
					    ((total + len) >> 32)))
				goto resume_cur;
			p = lookup(q->translate_ctx, addr, (uint32_t)len, wr);
			if (PVRING_UNLIKELY(!p)) {
				if (lookup == q->translate) {
					e = pvring_dev_fail(
						q, PVRING_ERR_TRANSLATE,
						chains->head);
					goto out;
				}
				goto resume_cur;
			}
			segs[nseg].addr = addr;
			segs[nseg].ptr = p;
			segs[nseg].len = (uint32_t)len;
			segs[nseg].writable = wr;
			nseg++;
			total += len;
			if (wr) {
				wlen += len;
				nw++;
			}
			if (!(fl & PVRING_DESC_F_NEXT))
				break;
			i = fl >> 16;
			/* one step per segment: more than max_segs is too
			 * long, more than N a loop (the general walk tells) */
			if (PVRING_UNLIKELY(i >= num || nseg >= max_segs ||
					    nseg >= num))
				goto resume;
		}
		chains->nseg = (unsigned int)nseg;
		chains->nread = (unsigned int)(nseg - nw);
		chains->read_len = (uint32_t)(total - wlen);
		chains->write_len = (uint32_t)wlen;
		chains->indirect = false;
		q->last_avail++;
		q->inflight++;
		continue;
	resume_cur:
		d.addr = addr;
		d.len = (uint32_t)len;
		d.flags = (uint16_t)fl;
		d.next = (uint16_t)(fl >> 16);
		cur = &d;
	resume:
		w.table = q->desc;
		w.tsize = (uint32_t)num;
		w.visited = (uint32_t)nseg + (cur != 0);
		w.i = (uint32_t)i;
		w.nseg = (uint32_t)nseg;
		w.nread = (uint32_t)(nseg - nw);
		w.rlen = total - wlen;
		w.wlen = wlen;
		w.head = chains->head;
		w.in_indirect = false;
		w.seen_write = nw != 0;
		e = pvring_dev_pop_resume(q, segs, max_segs, chains, &w, cur);
		if (e <= 0)
			goto out;
		e = 0;
	}
	goto out;
slow:
	for (; k < n; k++, chains++, segs += max_segs) {
		e = pvring_dev_pop_slow(q, segs, max_segs, chains);
		if (e <= 0)
			break;
		e = 0;
	}
out:
	*err = e < 0 ? e : 0;
	return k;
}

/*
 * pvring_dev_push_many stages used entries for n popped chains: e[k].id
 * the head, e[k].len the bytes written (pvring_dev_push n times). Returns
 * 0, or the error of the first entry it could not stage (the ones before
 * it are staged): PVRING_ERR_INVAL for an id >= N or no chain left popped,
 * PVRING_ERR_BROKEN.
 */
static inline __attribute__((always_inline)) int
pvring_dev_push_many(struct pvring_dev *q, const struct pvring_used_elem *e,
		     unsigned int n)
{
	struct pvring_used_elem *ring = q->used->ring;
	uint32_t num = q->num;
	uint16_t shadow = q->used_shadow;
	unsigned int k = 0;
	int err;

	if (!q->broken && !q->trace && n <= q->inflight) {
		for (; k < n; k++) {
			struct pvring_used_elem *u = &ring[shadow & (num - 1)];
			uint32_t id = e[k].id;

			if (id >= num)
				break;
			PVRING_WRITE_ONCE(&u->id, id);
			PVRING_WRITE_ONCE(&u->len, e[k].len);
			shadow++;
		}
		q->used_shadow = shadow;
		q->inflight -= k;
	}
	for (; k < n; k++) {
		/* 0xffff: no queue is that big */
		err = pvring_dev_push_slow(
			q, e[k].id > 0xffffu ? 0xffffu : (uint16_t)e[k].id,
			e[k].len);
		if (err)
			return err;
	}
	return 0;
}

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

#endif /* PVRING_H */
