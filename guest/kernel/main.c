/* SPDX-License-Identifier: MIT */
/* Boot: DTB, memory, paging, console, files from the initrd, secondary
 * vCPUs, then the first process; from there on every vCPU runs its
 * executor. */
#include <stdlib.h>
#include <string.h>

#include "base/bootinfo.h"
#include "drivers/chardev.h"
#include "drivers/emu_blk.h"
#include "drivers/ns16550.h"
#include "drivers/plic.h"
#include "drivers/sbi_console.h"
#include "drivers/virtio.h"
#include "core/cpu.h"
#include "fs/fs.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "arch/power.h"
#include "base/printk.h"
#include "proc/proc.h"
#include "riscv_csr.h"
#include "syscall/sring.h"
#include "syscall/uthread.h"
#include "core/timer.h"
#include "core/trap.h"
#include "core/trace.h"
#include "base/version.h"
#include "mm/vm.h"

struct cpu cpus[GK_MAX_CPUS];

extern char __kernel_end[];

void kmain(unsigned long hartid, const void *dtb);

/* Adds [start, end) minus the reserved ranges to the page allocator. */
static void mem_add(uint64_t start, uint64_t end, const uint64_t (*res)[2],
		    int nres)
{
	for (int i = 0; i < nres; i++) {
		uint64_t rs = res[i][0] & ~4095ull;
		uint64_t re = (res[i][1] + 4095) & ~4095ull;
		if (re <= start || rs >= end || rs == re)
			continue;
		if (rs > start)
			mem_add(start, rs, res + i + 1, nres - i - 1);
		if (re < end)
			mem_add(re, end, res + i + 1, nres - i - 1);
		return;
	}
	if (end > start)
		page_add_range(start, end);
}

static void mem_init(void)
{
	uint64_t res[2][2] = {
		{bootinfo.dtb_pa, bootinfo.dtb_pa + bootinfo.dtb_size},
		{bootinfo.initrd_start, bootinfo.initrd_end},
	};
	uint64_t start = (uintptr_t)__kernel_end;
	uint64_t end = bootinfo.mem_base + bootinfo.mem_size;

	page_init(bootinfo.mem_base, bootinfo.mem_size);
	mem_add(start, end, (const uint64_t(*)[2])res, 2);
}

/* The boot hart becomes cpu 0 whatever its hart id. */
static void cpus_order(unsigned long hartid)
{
	for (unsigned i = 0; i < bootinfo.ncpus; i++) {
		if (bootinfo.hartids[i] == hartid) {
			/* the PLIC contexts were found by DTB cpu order too:
			 * they move with their hart */
			int32_t ctx = bootinfo.plic_sctx[i];
			bootinfo.hartids[i] = bootinfo.hartids[0];
			bootinfo.hartids[0] = hartid;
			bootinfo.plic_sctx[i] = bootinfo.plic_sctx[0];
			bootinfo.plic_sctx[0] = ctx;
			return;
		}
	}
	if (!bootinfo.ncpus)
		bootinfo.ncpus = 1;
	bootinfo.hartids[0] = hartid;
}

/* Devices from the DTB facts; the console is the UART unless there is
 * none or bootargs say console=sbi. Returns the console's description. */
static const char *devices_init(void)
{
	char arg[16];
	const char *want = bootargs_get("console", arg, sizeof(arg));
	struct chardev *uart = 0;

	plic_init();
	if (!want || strcmp(want, "sbi"))
		uart = ns16550_probe(bootinfo.uart_base, bootinfo.uart_size,
				     bootinfo.uart_irq);
	if (!uart)
		chardev_set_console(sbi_console_probe());
	else
		chardev_set_console(uart);
	printk_set_output(chardev_console_put);
	virtio_probe_all();
	emu_blk_probe_all();
	/* console=hvc0 (or any character device by name) */
	struct chardev *named = want ? chardev_find(want) : 0;
	if (named && named != chardev_console()) {
		chardev_set_console(named);
		return named->name;
	}
	return uart ? ns16550_mode() : "sbi";
}

static void initrd_load(void)
{
	uint64_t s = bootinfo.initrd_start, e = bootinfo.initrd_end;

	if (!e)
		return;
	int n = fs_seed_cpio((const void *)(uintptr_t)s, e - s);
	if (n < 0)
		kprintf("gk: initrd: malformed cpio archive (%d), kept what "
			"came before\n",
			n);
	else
		kprintf("gk: initrd: %d files\n", n);
	/* the files are copied: the archive's pages are free memory now */
	page_add_range(s, e);
}

/* init= names the first program; words after "--" are its arguments. */
static void start_init(void)
{
	static char path[GK_NAME_MAX];
	static char words[GK_BOOTARGS_MAX];
	const char *argv[GK_ARG_MAX];
	int argc = 1, err;

	if (!bootargs_get("init", path, sizeof(path)))
		strcpy(path, "/bin/sh");
	argv[0] = path;
	const char *dd = strstr(bootinfo.bootargs, " -- ");
	if (dd) {
		strcpy(words, dd + 4);
		char *w = words;
		while (*w && argc < GK_ARG_MAX) {
			while (*w == ' ')
				*w++ = 0;
			if (!*w)
				break;
			argv[argc++] = w;
			while (*w && *w != ' ')
				w++;
		}
	}
	struct proc *p = proc_spawn(0, path, argv, argc, &err);
	if (!p) {
		kprintf("gk: cannot start init %s (error %d); nothing to run\n",
			path, err);
		power_off(err == -ENOENT && !bootinfo.initrd_end ? 0 : 1);
	}
	kprintf("gk: started init %s as pid %d\n", path, p->pid);
	proc_put(p);
}

void kmain(unsigned long hartid, const void *dtb)
{
	struct cpu *c = &cpus[0];
	char arg[16];

	c->hartid = hartid;
	cpu_set_this(c);
	trap_init_cpu();
	printk_set_output(sbi_console_put_early);
	kprintf("\ngk: async guest kernel %s, hart %lu, dtb %p\n", GK_VERSION,
		hartid, dtb);
	int err = bootinfo_parse(dtb);
	if (err)
		panic("bad DTB at %p (libfdt error %d)", dtb, err);
	cpus_order(hartid);
	mem_init();
	vm_init_kernel();
	trace_init_cpu(); /* before the devices: their rings are traced */
	const char *cons = devices_init();
	timer_init_cpu();
	csr_set(CSR_SIE, MIP_SSIP);
	kprintf("gk: memory 0x%lx..0x%lx (%lu MiB, %lu pages free), %u "
		"vCPUs, timebase %lu Hz, console %s\n",
		(unsigned long)bootinfo.mem_base,
		(unsigned long)(bootinfo.mem_base + bootinfo.mem_size),
		(unsigned long)(bootinfo.mem_size >> 20),
		(unsigned long)page_free_pages(), bootinfo.ncpus,
		(unsigned long)bootinfo.timebase, cons);
	kprintf("gk: bootargs \"%s\"\n", bootinfo.bootargs);
	initrd_load();
	unsigned max = GK_MAX_CPUS;
	if (bootargs_get("cpus", arg, sizeof(arg)))
		max = (unsigned)strtoul(arg, 0, 10);
	smp_boot_secondaries(max ? max : 1);
	kprintf("gk: %u vCPU%s online\n", ncpus_online,
		ncpus_online > 1 ? "s" : "");
	uthread_init();
	sring_init();
	chardev_start_tasks();
	start_init();
	executor_run();
}
