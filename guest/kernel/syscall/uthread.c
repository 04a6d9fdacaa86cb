/* SPDX-License-Identifier: MIT */
#include "syscall/uthread.h"

#include "core/cpu.h"
#include "mm/kmalloc.h"
#include "base/printk.h"
#include "proc/proc.h"
#include "riscv_csr.h"
#include "syscall/sring.h"
#include "core/trap.h"
#include "core/trace.h"
#include "riscv_cause.h"

static void uthread_destroy(struct task *t)
{
	struct uthread *u = (struct uthread *)t;

	proc_put(u->proc);
	kfree(u);
}

/* FP registers are loaded lazily: only for threads that used FP, and only
 * when another thread's state is in them. */
static void uthread_fp_enter(struct uthread *u, struct cpu *c)
{
	uint64_t st = u->tf.sstatus & ~SR_FS;

	if (!u->fp_used) {
		u->tf.sstatus = st;
		return;
	}
	if (c->fp_owner != u || u->fp_cpu != (int8_t)c->id) {
		csr_set(CSR_SSTATUS, SR_FS_INITIAL);
		fpu_restore(&u->fp);
		c->fp_owner = u;
		u->fp_cpu = (int8_t)c->id;
	}
	u->tf.sstatus = st | SR_FS_CLEAN;
}

static void uthread_fp_exit(struct uthread *u)
{
	if ((u->tf.sstatus & SR_FS) == SR_FS_DIRTY)
		fpu_save(&u->fp);
	csr_clear(CSR_SSTATUS, SR_FS);
}

static int uthread_finish(struct uthread *u, int status)
{
	vm_switch(&kernel_vm);
	if (this_cpu()->fp_owner == u)
		this_cpu()->fp_owner = 0;
	proc_exit(u->proc, status);
	return TASK_READY;
}

static int uthread_fault(struct uthread *u)
{
	struct proc *p = u->proc;
	uint64_t cause = u->tf.scause;
	const char *what = riscv_cause_name(cause);

	kprintf("gk: pid %d (%s): %s (cause %lu) at pc 0x%lx tval 0x%lx: "
		"killed\n",
		p->pid, p->name, what, (unsigned long)cause,
		(unsigned long)u->tf.epc, (unsigned long)u->tf.stval);
	return uthread_finish(u, 128 + (int)cause);
}

/* A trap-path system call gets its request id on entry; it is the
 * running request until it leaves, then it is one slice. */
static __attribute__((noinline)) void uthread_trace_leave(struct uthread *u,
							  long r)
{
	this_cpu()->trace_req = 0;
	if (trace_on(TRACE_C_SYSCALL) && u->trace_req)
		trace_put(u->trace_t0, TRACE_KF(TRACE_SYSCALL, TRACE_F_SLICE),
			  TRACE_RING_SYSCALL(u->proc->pid), u->req.nr,
			  (uint32_t)(trace_now() - u->trace_t0), u->trace_req,
			  (uint64_t)u->req.fd, (uint64_t)r);
	u->trace_req = 0;
}

/* ecall_start while tracing. */
static __attribute__((noinline)) long ecall_traced(struct uthread *u,
						   struct cpu *c)
{
	u->trace_t0 = trace_now();
	u->trace_req = trace_req_new();
	c->trace_req = u->trace_req;
	long r = ecall_start(u);
	if (r != OP_PENDING && r != OP_EXITED)
		uthread_trace_leave(u, r);
	return r;
}

static int uthread_poll(struct task *t)
{
	struct uthread *u = (struct uthread *)t;
	struct proc *p = u->proc;
	struct cpu *c = this_cpu();

	if (u->blocked) {
		c->trace_req = u->trace_req; /* 0 unless traced */
		long r = op_table[u->req.nr].perform(&u->req);
		if (r == OP_PENDING)
			return TASK_PENDING;
		u->blocked = 0;
		r = ecall_done(u, r);
		if (__builtin_expect(u->trace_req != 0, 0))
			uthread_trace_leave(u, r);
		if (r == OP_EXITED)
			return uthread_finish(u, p->exit_status);
		u->tf.a0 = (uint64_t)r;
	}
	p->last_cpu = c->id;
	for (;;) {
		uint64_t now = timer_now();
		if (now >= u->slice_end) {
			if (u->slice_end && executor_queued()) {
				u->slice_end = 0;
				vm_switch(&kernel_vm);
				return task_yield(t);
			}
			u->slice_end =
				now + timer_us_to_ticks(UTHREAD_SLICE_US);
		}
		unsigned long f = irq_save();
		vm_switch(&p->vm);
		uthread_fp_enter(u, c);
		timer_set_slice(u->slice_end);
		uswitch(&u->tf);
		c->st.traps_user++;
		uthread_fp_exit(u);
		uint64_t cause = u->tf.scause;
		if (cause & CAUSE_IRQ_FLAG) {
			c->st.irqs_user++;
			trap_irq(cause);
			irq_restore(f);
			continue;
		}
		irq_restore(f);
		if (cause == CAUSE_USER_ECALL) {
			c->st.ecalls++;
			u->tf.epc += 4;
			long r = __builtin_expect(c->trace_classes != 0, 0)
					 ? ecall_traced(u, c)
					 : ecall_start(u);
			if (r == OP_PENDING) {
				u->blocked = 1;
				vm_switch(&kernel_vm);
				return TASK_PENDING;
			}
			if (r == OP_EXITED)
				return uthread_finish(u, p->exit_status);
			u->tf.a0 = (uint64_t)r;
			continue;
		}
		if (cause == CAUSE_ILLEGAL_INSN && !u->fp_used &&
		    (u->tf.sstatus & SR_FS) == SR_FS_OFF) {
			/* first FP instruction: give it FP state, retry */
			u->fp_used = 1;
			u->fp_cpu = -1;
			continue;
		}
		return uthread_fault(u);
	}
}

struct uthread *uthread_create(struct proc *p, uint64_t entry, uint64_t sp,
			       uint64_t a0, uint64_t a1)
{
	struct uthread *u = (struct uthread *)task_alloc(
		sizeof(*u), uthread_poll, PRIO_NORMAL);

	if (!u)
		return 0;
	u->task.destroy = uthread_destroy;
	u->task.kind = TASK_KIND_USER;
	u->proc = p;
	proc_get(p);
	u->req.proc = p;
	u->req.waker = &u->task;
	u->req.thread = u;
	u->fp_cpu = -1;
	u->tf.epc = entry;
	u->tf.sp = sp;
	u->tf.a0 = a0;
	u->tf.a1 = a1;
	/* U-mode, interrupts on after sret, FP off until first use */
	u->tf.sstatus =
		(csr_read(CSR_SSTATUS) & ~(SR_SPP | SR_SIE | SR_FS | SR_SUM)) |
		SR_SPIE;
	return u;
}

static void *uthread_create_any(struct proc *p, uint64_t entry, uint64_t sp,
				uint64_t a0, uint64_t a1)
{
	return uthread_create(p, entry, sp, a0, a1);
}

static void uthread_start_any(void *u)
{
	uthread_start(u);
}

static const struct proc_thread_ops uthread_proc_ops = {
	.create = uthread_create_any,
	.start = uthread_start_any,
	.exiting = sring_close,
};

void uthread_init(void)
{
	proc_set_thread_ops(&uthread_proc_ops);
}

void uthread_start(struct uthread *u)
{
	/* spread new threads: the least loaded vCPU that takes work */
	unsigned best = this_cpu()->id, min = ~0u;

	for (unsigned i = 0; i < ncpus_online; i++) {
		if (cpus[i].no_steal)
			continue;
		unsigned n = cpus[i].rq.count + (cpus[i].current ? 1 : 0);
		if (n < min) {
			min = n;
			best = i;
		}
	}
	task_start(&u->task, (int)best);
}
