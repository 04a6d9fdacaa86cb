/* SPDX-License-Identifier: MIT */
/*
 * pvring memory ordering: the one place where barriers and shared-memory
 * accessors are defined, for RISC-V (RVWMO, explicit fence instructions)
 * and for the host (C11 __atomic builtins, which ThreadSanitizer models).
 *
 * Rules the library follows (virtio 1.x, "weak barriers"):
 *  - publishing an index (avail.idx, used.idx) is a store-release: every
 *    descriptor/ring-slot/used-element write before it is visible first;
 *  - reading the peer's index is a load-acquire: nothing it guards is read
 *    before the index;
 *  - "publish my index, then read the peer's event index / flags" and
 *    "write my event index / flags, then re-read the peer's index" need
 *    store->load ordering, i.e. a full barrier (pvring_mb) in between;
 *  - every other field the peer may change at any time is read exactly once
 *    with PVRING_READ_ONCE* into a local before it is checked.
 *
 * The ring memory is ordinary cacheable RAM on both sides, so no I/O
 * ordering is needed here. A driver that notifies through an MMIO register
 * must order its publish before that MMIO store (on RISC-V: fence w,o, which
 * Linux-style writel() already contains).
 */
#ifndef PVRING_BARRIER_H
#define PVRING_BARRIER_H

#include <stdint.h>

#if defined(__riscv)

#define pvring_mb() __asm__ volatile("fence rw,rw" ::: "memory")
#define pvring_rmb() __asm__ volatile("fence r,r" ::: "memory")
#define pvring_wmb() __asm__ volatile("fence w,w" ::: "memory")

/* Aligned lh/lw/ld/sh/sw/sd are single-copy atomic under RVWMO. */
#define PVRING_READ_ONCE(p) (*(const volatile __typeof__(*(p)) *)(p))
#define PVRING_WRITE_ONCE(p, v) \
	(*(volatile __typeof__(*(p)) *)(p) = (__typeof__(*(p)))(v))

/* acquire = load; fence r,rw   release = fence rw,w; store */
#define PVRING_LOAD_ACQUIRE(p)                                    \
	__extension__({                                           \
		__typeof__(*(p)) pvring_v_ = PVRING_READ_ONCE(p); \
		__asm__ volatile("fence r,rw" ::: "memory");      \
		pvring_v_;                                        \
	})
#define PVRING_STORE_RELEASE(p, v)                           \
	do {                                                 \
		__asm__ volatile("fence rw,w" ::: "memory"); \
		PVRING_WRITE_ONCE(p, v);                     \
	} while (0)

#else /* host: C11 memory model through the __atomic builtins */

#define pvring_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define pvring_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define pvring_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)

#define PVRING_READ_ONCE(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define PVRING_WRITE_ONCE(p, v) \
	__atomic_store_n((p), (__typeof__(*(p)))(v), __ATOMIC_RELAXED)
#define PVRING_LOAD_ACQUIRE(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define PVRING_STORE_RELEASE(p, v) \
	__atomic_store_n((p), (__typeof__(*(p)))(v), __ATOMIC_RELEASE)

#endif

#endif /* PVRING_BARRIER_H */
