/* SPDX-License-Identifier: MIT */
/*
 * Input format of the pvring fuzz target (shared with the seed generator).
 *
 *   byte 0  bit 7: role (0 = fuzz the device side, 1 = the driver side)
 *           bits 0-2: log2 of the queue size (1..128)
 *           bit 3: INDIRECT_DESC, bit 4: EVENT_IDX
 *   byte 1  max_segs for pops (taken modulo 33, so 0 = caller error)
 *   byte 2  bit 0: translate refuses writable ranges in ring memory
 *   byte 3  n = length of the op stream
 *   n bytes of ops, then the initial memory image: descriptor table,
 *   avail ring, data area, in that order (short images are zero-filled).
 *
 * Guest-visible map: each area is its own allocation of exactly its size,
 * so any access outside it is an ASan report.
 */
#ifndef PVRING_FUZZ_H
#define PVRING_FUZZ_H

#define PVF_DESC_GPA 0x10000ull
#define PVF_AVAIL_GPA 0x20000ull
#define PVF_USED_GPA 0x30000ull
#define PVF_DATA_GPA 0x40000ull
#define PVF_DATA_SIZE 4096u

#define PVF_ROLE_DRIVER 0x80
#define PVF_F_INDIRECT 0x08
#define PVF_F_EVENT 0x10

/* device-role ops (low 3 bits); operands follow in the op stream */
enum {
	PVF_DEV_POP = 0,
	PVF_DEV_PUSH, /* len from high bits */
	PVF_DEV_IRQ,
	PVF_DEV_ENABLE,
	PVF_DEV_DISABLE,
	PVF_DEV_COUNT,
	PVF_DEV_POKE, /* +2 bytes: position, value (desc/avail/data) */
	PVF_DEV_RESET,
};

/* driver-role ops */
enum {
	PVF_DRV_ADD = 0, /* shape from high bits */
	PVF_DRV_KICK,
	PVF_DRV_REAP,
	PVF_DRV_ENABLE,
	PVF_DRV_DISABLE,
	PVF_DRV_USED, /* +2 bytes: id, len/4; appends a used entry */
	PVF_DRV_POKE, /* +2 bytes: position, value (used ring) */
	PVF_DRV_SERVE, /* an honest device completes what is available */
};

#endif /* PVRING_FUZZ_H */
