/* SPDX-License-Identifier: MIT */
/* Ticket-free test-and-set spinlocks; the irqsave forms keep an interrupt
 * handler on the same vCPU from spinning on a lock its own code holds. */
#ifndef GK_SPINLOCK_H
#define GK_SPINLOCK_H

#include "riscv_csr.h"

struct spinlock {
	volatile int locked;
};

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			;
}

static inline int spin_trylock(struct spinlock *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline unsigned long irq_save(void)
{
	return csr_read_clear(CSR_SSTATUS, SR_SIE) & SR_SIE;
}

static inline void irq_restore(unsigned long flags)
{
	if (flags)
		csr_set(CSR_SSTATUS, SR_SIE);
}

static inline unsigned long spin_lock_irqsave(struct spinlock *l)
{
	unsigned long f = irq_save();

	spin_lock(l);
	return f;
}

static inline void spin_unlock_irqrestore(struct spinlock *l,
					  unsigned long flags)
{
	spin_unlock(l);
	irq_restore(flags);
}

#endif
