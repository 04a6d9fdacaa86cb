/* SPDX-License-Identifier: MIT */
/* The guest kernel's user ABI: system call numbers, error numbers, the
 * syscall-ring request format and the structures calls exchange.
 * Shared by the kernel and the user library (docs/guest-kernel.md). */
#ifndef GK_ABI_H
#define GK_ABI_H

#include <stdint.h>

/* ---- operations: one numbering for both system-call paths ----------
 *
 * A request is {op, fd, off, flags, buffer} and answers {result, aux}:
 * result >= 0 on success, -errno on failure; aux is a second value (wait:
 * the child's exit status).
 *
 * Trap path: ecall with op in a7, fd in a0, off in a1, flags in a2, the
 * buffer's address in a3 and its length in a4; result in a0, aux in a1.
 * Ring path: a chain [struct gk_ring_req][data segments][struct
 * gk_ring_res]; the buffer is the data segments of the operation's
 * direction (readable for IN and STR, writable for OUT).
 *
 *  op                  fd        off          flags     buffer
 */
#define GK_OP_NOP 0
#define GK_OP_EXIT 1 /* status                                 trap only */
#define GK_OP_GETPID 2
#define GK_OP_SPAWN \
	3 /* IN "path\0arg1\0...\0" (trap: a3 = path,
		       * a4 = NULL-terminated argv or NULL) -> pid */
#define GK_OP_WAIT \
	4 /* pid or -1 -> pid, aux = status (trap: a3 = int *
		      * status or NULL, written before the call returns) */
#define GK_OP_READ 5 /* fd, off, GK_REQ_F_OFFSET: OUT data -> bytes */
#define GK_OP_WRITE 6 /* fd, off, GK_REQ_F_OFFSET: IN data -> bytes */
#define GK_OP_OPEN 7 /* flags O_*, STR path -> fd */
#define GK_OP_CLOSE 8 /* fd */
#define GK_OP_LIST 9 /* off = index, OUT struct gk_dirent -> 1, 0 at end */
#define GK_OP_UNLINK 10 /* STR path */
#define GK_OP_SLEEP 11 /* off = microseconds */
#define GK_OP_YIELD 12 /* -> 0 after the tasks queued now have run */
#define GK_OP_SBRK 13 /* off = increment -> old break */
#define GK_OP_PS 14 /* off = index, OUT struct gk_procinfo -> 1, 0 at end */
#define GK_OP_POWEROFF 15 /* fd = code */
#define GK_OP_GETCPU 16 /* -> vCPU index (ring: of the serving vCPU) */
#define GK_OP_STATS 17 /* OUT struct gk_stats */
#define GK_OP_RING_SETUP \
	18 /* off = entries, OUT struct gk_ring_params;
			     * trap only */
#define GK_OP_RING_ENTER \
	19 /* off = used index to wait for, flags
			     * GK_ENTER_GETEVENTS; trap only */
#define GK_OP_KTEST 20 /* fd = test id, off = n, OUT gk_ktest_result */
#define GK_OP_SEEK 21 /* fd, off -> off */
#define GK_OP_FSYNC 22 /* fd -> 0 once a disk has flushed its writes */
#define GK_OP_NR 23

/* request flags */
#define GK_REQ_F_OFFSET 1 /* read/write at off instead of the fd's offset */

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
#define EOPNOTSUPP 95 /* not supported here (this path, this device) */
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

/* Counters the kernel keeps (GK_OP_STATS); all per boot. */
struct gk_stats {
	uint64_t traps_user; /* every trap from U-mode */
	uint64_t ecalls; /* system calls through ecall */
	uint64_t irqs_user; /* interrupts taken while in U-mode */
	uint64_t ring_requests; /* requests served from syscall rings */
	uint64_t ring_kicks; /* GK_OP_RING_ENTER calls */
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
	uint64_t irqs_dev; /* device interrupts dispatched (PLIC) */
	/* the hypervisor's counters of this guest (sbi_rvh.h); all 0
	 * unless hv_valid */
	uint64_t hv_valid;
	uint64_t hv_exits, hv_exits_ecall, hv_exits_load, hv_exits_store;
	uint64_t hv_exits_vinsn, hv_exits_irq;
	uint64_t hv_guest_instret, hv_hyp_instret;
};

/* ---- ring path ------------------------------------------------------ */
/* A request is one pvring chain:
 *   [0] readable  struct gk_ring_req
 *   [1..] data segments: readable (write, open, spawn), writable (read)
 *   [last] writable struct gk_ring_res
 * The used entry's id is the chain head; results come back in gk_ring_res,
 * whose user_data echoes the request's. */
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
	/* the program's trace area (trace_abi.h struct trace_buf_hdr and
	 * records, laid out by the program) when the kernel traces rings,
	 * else 0: the program records TRACE_USER_SUBMIT / TRACE_USER_REAP
	 * there and the kernel drains it into its own trace */
	uint64_t trace, trace_bytes;
};

/* The trace area's size: 256 records. */
#define GK_RING_TRACE_BYTES (64 + 256 * 48)

#define GK_RING_MAX_ENTRIES 1024
#define GK_RING_MAX_SEGS 8

/* GK_OP_RING_ENTER flags */
#define GK_ENTER_GETEVENTS 1

/* ---- in-kernel tests and measurements (GK_OP_KTEST) ------------------- */
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
