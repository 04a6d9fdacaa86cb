/* SPDX-License-Identifier: MIT */
/* Trap-path system calls: dispatch by table on a7. */
#include "syscall.h"

#include "errno.h"

static const syscall_fn syscall_table[SYS_NR] = {
	[SYS_NOP] = sys_nop,
	[SYS_EXIT] = sys_exit,
	[SYS_GETPID] = sys_getpid,
	[SYS_SPAWN] = sys_spawn,
	[SYS_WAIT] = sys_wait,
	[SYS_READ] = sys_read,
	[SYS_WRITE] = sys_write,
	[SYS_OPEN] = sys_open,
	[SYS_CLOSE] = sys_close,
	[SYS_LIST] = sys_list,
	[SYS_UNLINK] = sys_unlink,
	[SYS_SLEEP] = sys_sleep,
	[SYS_YIELD] = sys_yield,
	[SYS_SBRK] = sys_sbrk,
	[SYS_PS] = sys_ps,
	[SYS_POWEROFF] = sys_poweroff,
	[SYS_GETCPU] = sys_getcpu,
	[SYS_STATS] = sys_stats,
	[SYS_RING_SETUP] = sys_ring_setup,
	[SYS_RING_ENTER] = sys_ring_enter,
	[SYS_KTEST] = sys_ktest,
	[SYS_SEEK] = sys_seek,
};

long syscall_dispatch(struct uthread *u)
{
	uint64_t nr = u->tf.a7;

	if (nr >= SYS_NR || !syscall_table[nr])
		return -ENOSYS;
	return syscall_table[nr](u, &u->tf.a0);
}
