/* SPDX-License-Identifier: MIT */
/* The guest kernel's user ABI: system call numbers, error numbers, the
 * syscall-ring request format and the structures calls exchange.
 * Shared by the kernel and the user library (docs/guest-kernel.md). */
#ifndef GK_ABI_H
#define GK_ABI_H

#include <stdint.h>

/* ---- trap path: ecall with the number in a7, args in a0..a5, result in
 * a0 (>= 0 success, -errno failure) ---------------------------------- */
#define SYS_NOP 0
#define SYS_EXIT 1 /* (status) */
#define SYS_GETPID 2
#define SYS_SPAWN 3 /* (path, argv) -> pid */
#define SYS_WAIT 4 /* (pid or -1, int *status) -> pid */
#define SYS_READ 5 /* (fd, buf, len) */
#define SYS_WRITE 6 /* (fd, buf, len) */
#define SYS_OPEN 7 /* (path, flags) -> fd */
#define SYS_CLOSE 8 /* (fd) */
#define SYS_LIST 9 /* (index, struct gk_dirent *) -> 1, 0 at end */
#define SYS_UNLINK 10 /* (path) */
#define SYS_SLEEP 11 /* (microseconds) */
#define SYS_YIELD 12
#define SYS_SBRK 13 /* (increment) -> old break */
#define SYS_PS 14 /* (index, struct gk_procinfo *) -> 1, 0 at end */
#define SYS_POWEROFF 15 /* (code) */
#define SYS_GETCPU 16
#define SYS_STATS 17 /* (struct gk_stats *) */
#define SYS_RING_SETUP 18 /* (entries, struct gk_ring_params *) */
#define SYS_RING_ENTER 19 /* (min_complete, flags) -> completions ready */
#define SYS_KTEST 20 /* (test id, arg, struct gk_ktest_result *) */
#define SYS_SEEK 21 /* (fd, offset) -> offset */
#define SYS_NR 22

/* ---- errors (negated in results; Linux numbering) ------------------ */
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define EMFILE 24
#define EFBIG 27
#define ENOSPC 28
#define ENAMETOOLONG 36
#define ENOSYS 38
#define ECANCELED 125

/* ---- open flags ----------------------------------------------------- */
#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2
#define O_ACCMODE 3
#define O_CREAT 0x40
#define O_TRUNC 0x200
#define O_APPEND 0x400

#define GK_NAME_MAX 64 /* bytes including the NUL */
#define GK_ARG_MAX 16 /* argv entries for spawn */

struct gk_dirent {
	char name[GK_NAME_MAX];
	uint64_t size;
};

struct gk_procinfo {
	int32_t pid;
	int32_t ppid;
	uint32_t state; /* GK_PROC_* */
	uint32_t cpu;
	char name[32];
};

#define GK_PROC_RUNNING 0
#define GK_PROC_ZOMBIE 1

/* Counters the kernel keeps (SYS_STATS); all per boot. */
struct gk_stats {
	uint64_t traps_user; /* every trap from U-mode */
	uint64_t ecalls; /* system calls through ecall */
	uint64_t irqs_user; /* interrupts taken while in U-mode */
	uint64_t ring_requests; /* requests served from syscall rings */
	uint64_t ring_kicks; /* SYS_RING_ENTER calls */
	uint64_t task_polls; /* coroutine polls by all executors */
	uint64_t ipis_sent;
	uint64_t steals; /* tasks taken from another vCPU's queue */
	uint64_t ring_serve_instret; /* instructions spent serving rings */
	uint64_t free_pages; /* page allocator */
	uint64_t kmalloc_bytes; /* small-object allocator, in use */
	uint64_t slab_pages; /* pages the small-object allocator keeps */
	uint64_t timebase; /* Hz of the time CSR */
	uint32_t ncpus;
	uint32_t ring_mode; /* GK_RING_MODE_* */
	int32_t io_cpu; /* vCPU dedicated to ring polling, -1 if none */
	uint32_t pad;
};

/* ---- ring path ------------------------------------------------------ */
/* A request is one pvring chain:
 *   [0] readable  struct gk_ring_req
 *   [1..] data segments: readable (write, open, spawn), writable (read)
 *   [last] writable struct gk_ring_res
 * The used entry's id is the chain head; results come back in gk_ring_res,
 * whose user_data echoes the request's. */
#define GK_OP_NOP 0
#define GK_OP_READ 1
#define GK_OP_WRITE 2
#define GK_OP_OPEN 3 /* data: path (NUL-terminated); flags: O_* */
#define GK_OP_CLOSE 4
#define GK_OP_SLEEP 5 /* offset = microseconds */
#define GK_OP_SPAWN 6 /* data: "path\0arg1\0...\0" */
#define GK_OP_WAIT 7 /* fd = pid or -1; res.aux = exit status */
#define GK_OP_NR 8

/* request flags */
#define GK_REQ_F_OFFSET 1 /* read/write at offset instead of the fd's */

struct gk_ring_req {
	uint32_t opcode;
	int32_t fd;
	uint64_t offset;
	uint32_t flags;
	uint32_t pad;
	uint64_t user_data;
};

struct gk_ring_res {
	int64_t result;
	int64_t aux;
	uint64_t user_data;
};

/* Shared control word page, after the ring areas. */
struct gk_ring_ctl {
	volatile uint32_t flags; /* GK_RING_CTL_* (kernel writes) */
	volatile int32_t error; /* pvring error that broke the ring */
	volatile uint32_t mode; /* GK_RING_MODE_* */
	uint32_t pad;
};

#define GK_RING_CTL_NEED_WAKEUP 1 /* polling server sleeps: kick it */
#define GK_RING_CTL_BROKEN 2

#define GK_RING_MODE_ONDEMAND 0
#define GK_RING_MODE_POLL 1

struct gk_ring_params {
	uint32_t entries;
	uint32_t mode;
	uint64_t features; /* pvring features the kernel uses */
	uint64_t desc, avail, used; /* user addresses of the three areas */
	uint64_t ctl; /* struct gk_ring_ctl */
	uint64_t size; /* bytes mapped from desc */
};

#define GK_RING_MAX_ENTRIES 1024
#define GK_RING_MAX_SEGS 8

/* SYS_RING_ENTER flags */
#define GK_ENTER_GETEVENTS 1

/* ---- in-kernel tests and measurements (SYS_KTEST) ------------------- */
#define GK_KTEST_SPAWN_TASKS 1 /* arg tasks created and finished */
#define GK_KTEST_SWITCH 2 /* arg ping-pong switches between 2 tasks */
#define GK_KTEST_CROSS_WAKE 3 /* arg wakes across vCPUs */
#define GK_KTEST_TIMERS 4 /* arg tasks sleeping random short times */
#define GK_KTEST_MIGRATE 5 /* arg tasks that must run on >1 vCPU */
#define GK_KTEST_PRIO 6 /* priorities order the run queue */

struct gk_ktest_result {
	int64_t status; /* 0 ok, negative failure */
	uint64_t instret; /* instructions retired in the measured part */
	uint64_t time; /* time CSR ticks of the measured part */
	uint64_t bytes; /* memory held per task (GK_KTEST_SPAWN_TASKS) */
	uint64_t count; /* operations done */
	uint64_t cpus_seen; /* bit mask of vCPUs that ran test tasks */
};

#endif
