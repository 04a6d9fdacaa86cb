/* SPDX-License-Identifier: MIT */
/*
 * pvring ABI: the memory layout both peers agree on, exactly the virtio 1.x
 * split virtqueue (little-endian; all our targets are, checked below), the
 * feature bits the ring honours, and the error codes (they cross the
 * user/kernel boundary in a syscall ring's control page).
 *
 * A queue is three areas:
 *   descriptor table  16 * N bytes, align 16
 *   avail ring        6 + 2 * N bytes, align 2  (flags, idx, ring[N], used_event)
 *   used ring         6 + 8 * N bytes, align 4  (flags, idx, ring[N], avail_event)
 * N (queue size) is a power of two, 1 <= N <= 32768; idx fields run freely
 * and wrap at 2^16.
 *
 * Addresses: every address stored in a descriptor is a "device-visible
 * address" (a guest-physical address for device rings, a user virtual
 * address for syscall rings). Nothing here dereferences one.
 *
 * The API over this layout is pvring.h; its inline fast paths are in
 * pvring_inline.h.
 */
#ifndef PVRING_ABI_H
#define PVRING_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

#endif /* PVRING_ABI_H */
