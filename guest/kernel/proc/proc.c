/* SPDX-License-Identifier: MIT */
#include "proc/proc.h"

#include <string.h>

#include "core/cpu.h"
#include "proc/elf.h"
#include "base/errno.h"
#include "mm/kmalloc.h"
#include "arch/power.h"
#include "base/printk.h"

static struct spinlock proc_lock; /* list, parent links, states */
static struct proc *proc_list;
static int proc_next_pid = 1;
struct proc *init_proc;

void proc_get(struct proc *p)
{
	__atomic_add_fetch(&p->refs, 1, __ATOMIC_RELAXED);
}

void proc_put(struct proc *p)
{
	if (__atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL))
		return;
	BUG_ON(p->mm_users);
	kfree(p);
}

void proc_mm_get(struct proc *p)
{
	__atomic_add_fetch(&p->mm_users, 1, __ATOMIC_RELAXED);
}

void proc_mm_put(struct proc *p)
{
	if (__atomic_sub_fetch(&p->mm_users, 1, __ATOMIC_ACQ_REL))
		return;
	vm_space_destroy(&p->vm);
}

/* argv strings, then the pointer array, at the top of the user stack */
static int proc_setup_stack(struct proc *p, const char *const *argv, int argc,
			    uint64_t *sp_out, uint64_t *argv_out)
{
	uint64_t sp = USER_STACK_TOP;
	uint64_t ptrs[GK_ARG_MAX + 1];
	int err = vm_map_anon(&p->vm, USER_STACK_TOP - USER_STACK_SIZE,
			      USER_STACK_SIZE, PTE_R | PTE_W | PTE_U, 0);

	if (err)
		return err;
	for (int i = argc - 1; i >= 0; i--) {
		uint64_t n = strlen(argv[i]) + 1;
		sp -= n;
		if (copy_to_user(&p->vm, sp, argv[i], n))
			return -EFAULT;
		ptrs[i] = sp;
	}
	ptrs[argc] = 0;
	sp &= ~15ull;
	sp -= ((uint64_t)argc + 1) * 8;
	sp &= ~15ull;
	if (copy_to_user(&p->vm, sp, ptrs, ((uint64_t)argc + 1) * 8))
		return -EFAULT;
	*argv_out = sp;
	*sp_out = sp;
	return 0;
}

static const char *proc_basename(const char *path)
{
	const char *b = path;

	for (const char *s = path; *s; s++)
		if (*s == '/')
			b = s + 1;
	return b;
}

const struct proc_thread_ops *proc_thread_ops;

void proc_set_thread_ops(const struct proc_thread_ops *ops)
{
	proc_thread_ops = ops;
}

struct proc *proc_spawn(struct proc *parent, const char *path,
			const char *const *argv, int argc, int *errp)
{
	struct inode *ino;
	int err;

	if (argc < 0 || argc > GK_ARG_MAX) {
		*errp = -E2BIG;
		return 0;
	}
	err = fs_open(path, O_RDONLY, &ino);
	if (err) {
		*errp = err;
		return 0;
	}
	struct proc *p = kmalloc(sizeof(*p));
	if (!p) {
		fs_put(ino);
		*errp = -ENOMEM;
		return 0;
	}
	p->refs = 1; /* the process table's, dropped when reaped */
	p->mm_users = 1; /* the thread's */
	err = vm_space_init(&p->vm);
	uint64_t entry = 0, end = 0, sp = 0, uargv = 0;
	if (!err) {
		uint64_t size;
		const uint8_t *img = fs_data(ino, &size);
		err = elf_load(&p->vm, img, size, &entry, &end);
	}
	fs_put(ino);
	if (!err)
		err = proc_setup_stack(p, argv, argc, &sp, &uargv);
	void *u = 0;
	if (!err) {
		u = proc_thread_ops->create(p, entry, sp, (uint64_t)argc,
					    uargv);
		if (!u)
			err = -ENOMEM;
	}
	if (err) {
		vm_space_destroy(&p->vm);
		kfree(p);
		*errp = err;
		return 0;
	}
	p->brk_base = p->brk = p->brk_mapped = end;
	strncpy(p->name, proc_basename(path), sizeof(p->name) - 1);
	p->thread = u;
	for (int i = 0; i < GK_MAX_FD; i++) {
		struct file *f = parent ? parent->fds[i] : 0;
		if (f)
			file_get(f);
		p->fds[i] = f;
	}
	if (!parent) {
		struct file *cons = file_console();
		for (int i = 0; i < 3 && cons; i++) {
			if (i)
				file_get(cons);
			p->fds[i] = cons;
		}
	}
	proc_get(p); /* the caller's */
	unsigned long f = spin_lock_irqsave(&proc_lock);
	p->pid = proc_next_pid++;
	p->parent = parent;
	p->next = proc_list;
	proc_list = p;
	if (!parent && !init_proc)
		init_proc = p;
	spin_unlock_irqrestore(&proc_lock, f);
	proc_thread_ops->start(u);
	*errp = 0;
	return p;
}

/* Unlinks p from the table; caller drops the table's reference. */
static void proc_unlink_locked(struct proc *p)
{
	struct proc **pp = &proc_list;

	while (*pp && *pp != p)
		pp = &(*pp)->next;
	if (*pp)
		*pp = p->next;
}

void proc_exit(struct proc *p, int status)
{
	struct proc *drop = 0;

	for (int i = 0; i < GK_MAX_FD; i++)
		fd_close(p, i);
	if (proc_thread_ops->exiting)
		proc_thread_ops->exiting(p);
	unsigned long fl = spin_lock_irqsave(&proc_lock);
	p->exit_status = status;
	p->state = GK_PROC_ZOMBIE;
	p->thread = 0;
	/* children lose their parent; zombies among them are reaped now */
	for (struct proc **pp = &proc_list; *pp;) {
		struct proc *c = *pp;
		if (c->parent == p) {
			c->parent = 0;
			if (c->state == GK_PROC_ZOMBIE) {
				*pp = c->next;
				c->next = drop;
				drop = c;
				continue;
			}
		}
		pp = &c->next;
	}
	struct proc *parent = p->parent;
	if (!parent && p != init_proc)
		proc_unlink_locked(p);
	spin_unlock_irqrestore(&proc_lock, fl);
	while (drop) {
		struct proc *c = drop;
		drop = c->next;
		proc_put(c);
	}
	proc_mm_put(p);
	if (p == init_proc)
		proc_init_exited(status);
	if (parent)
		waitq_wake_all(&parent->child_exit);
	else
		proc_put(p);
}

int proc_reap(struct proc *parent, int pid, int *status)
{
	struct proc *found = 0;
	int any = 0;
	unsigned long fl = spin_lock_irqsave(&proc_lock);

	for (struct proc *c = proc_list; c; c = c->next) {
		if (c->parent != parent || (pid > 0 && c->pid != pid))
			continue;
		any = 1;
		if (c->state == GK_PROC_ZOMBIE) {
			found = c;
			break;
		}
	}
	if (found) {
		proc_unlink_locked(found);
		*status = found->exit_status;
		pid = found->pid;
	}
	spin_unlock_irqrestore(&proc_lock, fl);
	if (found) {
		proc_put(found);
		return pid;
	}
	return any ? 0 : -ECHILD;
}

int proc_info(uint64_t index, struct gk_procinfo *pi)
{
	uint64_t i = 0;
	int ok = 0;
	unsigned long fl = spin_lock_irqsave(&proc_lock);

	for (struct proc *p = proc_list; p; p = p->next, i++) {
		if (i != index)
			continue;
		memset(pi, 0, sizeof(*pi));
		pi->pid = p->pid;
		pi->ppid = p->parent ? p->parent->pid : 0;
		pi->state = (uint32_t)p->state;
		pi->cpu = p->last_cpu;
		memcpy(pi->name, p->name, sizeof(pi->name));
		ok = 1;
		break;
	}
	spin_unlock_irqrestore(&proc_lock, fl);
	return ok;
}

int fd_alloc(struct proc *p, struct file *f)
{
	unsigned long fl = spin_lock_irqsave(&p->lock);

	for (int i = 0; i < GK_MAX_FD; i++) {
		if (!p->fds[i]) {
			p->fds[i] = f;
			spin_unlock_irqrestore(&p->lock, fl);
			return i;
		}
	}
	spin_unlock_irqrestore(&p->lock, fl);
	return -EMFILE;
}

struct file *fd_get(struct proc *p, int fd)
{
	struct file *f = 0;

	if (fd < 0 || fd >= GK_MAX_FD)
		return 0;
	unsigned long fl = spin_lock_irqsave(&p->lock);
	f = p->fds[fd];
	if (f)
		file_get(f);
	spin_unlock_irqrestore(&p->lock, fl);
	return f;
}

int fd_close(struct proc *p, int fd)
{
	if (fd < 0 || fd >= GK_MAX_FD)
		return -EBADF;
	unsigned long fl = spin_lock_irqsave(&p->lock);
	struct file *f = p->fds[fd];
	p->fds[fd] = 0;
	spin_unlock_irqrestore(&p->lock, fl);
	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}

_Noreturn void proc_init_exited(int status)
{
	kprintf("gk: init exited with status %d, powering off\n", status);
	power_off(status ? 1 : 0);
}
