/* SPDX-License-Identifier: MIT */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include <stdbool.h>

#include "riscv_csr.h"

/* spins on another hart before hart_yield() (cheap where harts really run
 * in parallel: a yield costs a WFI that returns at once) */
#define SPIN_YIELD_AFTER 256

struct spinlock {
	int locked;
};

/*
 * Let the other harts run while this one waits for them. QEMU's -icount
 * runs all harts round-robin in one thread and ends a hart's turn only at
 * the next timer deadline, on a timer set sooner, or on WFI; the next
 * hart's turn then starts with that deadline already reached, so it runs
 * nothing. A hart spinning on one later in that order (for a lock it
 * holds, a request it must serve) would spin forever. WFI ends the turn;
 * the software interrupt pended first makes it return at once (SSIE is
 * always on), so it never sleeps here.
 */
static inline void hart_yield(void)
{
	bool kicked = csr_read(CSR_SIP) & MIP_SSIP;

	if (!kicked)
		csr_set(CSR_SIP, MIP_SSIP);
	__asm__ volatile("wfi" ::: "memory");
	/* a kick arriving meanwhile is lost: it only asks this hart to look
	 * at its mailboxes, which it does before entering a guest or idling */
	if (!kicked)
		csr_clear(CSR_SIP, MIP_SSIP);
}

static inline void spin_lock(struct spinlock *l)
{
	unsigned int n = 0;

	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			if (++n % SPIN_YIELD_AFTER == 0)
				hart_yield();
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
