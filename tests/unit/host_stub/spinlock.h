/* SPDX-License-Identifier: MIT */
/* Host-test stand-in for hypervisor/spinlock.h: one thread, so a lock is a
 * flag; taking a held lock is a deadlock and fails the test. The count of
 * held locks lets callbacks check they run with none held. */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include <assert.h>

struct spinlock {
	int locked;
};

extern int hvt_locks_held;

static inline void spin_lock(struct spinlock *l)
{
	assert(!l->locked && "lock taken twice: would deadlock");
	l->locked = 1;
	hvt_locks_held++;
}

static inline void spin_unlock(struct spinlock *l)
{
	assert(l->locked);
	l->locked = 0;
	hvt_locks_held--;
}

#endif
