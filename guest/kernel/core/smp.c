/* SPDX-License-Identifier: MIT */
/* Secondary vCPUs through SBI HSM. Each gets a 16 KiB executor stack, the
 * kernel address space, its timer, and then runs its executor. */
#include "core/cpu.h"
#include "mm/page.h"
#include "base/printk.h"
#include "riscv_csr.h"
#include "sbi_call.h"
#include "core/timer.h"
#include "core/trace.h"
#include "core/trap.h"
#include "mm/vm.h"

#define SMP_STACK_ORDER 2

void secondary_entry(void);
_Noreturn void secondary_main(struct cpu *c);

_Static_assert(GK_MAX_CPUS == 8, "entry.S knows GK_MAX_CPUS");

/* Read by entry.S for a hart that enters at _start after boot: in .data,
 * so the boot hart's .bss clearing never races with its readers. */
struct smp_hart_slot {
	uint64_t hartid;
	struct cpu *cpu;
};
struct smp_hart_slot smp_hart_table[GK_MAX_CPUS]
	__attribute__((section(".data")));

_Noreturn void secondary_main(struct cpu *c)
{
	trap_init_cpu();
	vm_enable_cpu();
	timer_init_cpu();
	trace_init_cpu();
	csr_set(CSR_SIE, MIP_SSIP);
	__atomic_store_n(&c->online, 1, __ATOMIC_RELEASE);
	executor_run();
}

void smp_boot_secondaries(unsigned max)
{
	unsigned n = bootinfo.ncpus < max ? bootinfo.ncpus : max;

	if (n > 1 && !sbi_probe_extension(SBI_EXT_HSM).value) {
		kprintf("gk: no SBI HSM: running on one vCPU\n");
		return;
	}
	for (unsigned i = 1; i < n; i++) {
		struct cpu *c = &cpus[i];
		uint8_t *stack = page_alloc(SMP_STACK_ORDER);
		if (!stack)
			break;
		c->id = i;
		c->hartid = bootinfo.hartids[i];
		c->stack_top = stack + (4096ul << SMP_STACK_ORDER);
		smp_hart_table[i].hartid = c->hartid;
		__atomic_store_n(&smp_hart_table[i].cpu, c, __ATOMIC_RELEASE);
		struct sbiret r = sbi_hart_start(
			c->hartid, (uintptr_t)secondary_entry, (uintptr_t)c);
		/* already started: it came in at _start and finds its slot */
		if (r.error && r.error != SBI_ERR_ALREADY_AVAILABLE) {
			kprintf("gk: hart %lu did not start (SBI error %ld)\n",
				c->hartid, r.error);
			page_free(stack, SMP_STACK_ORDER);
			break;
		}
		uint64_t deadline = timer_now() + bootinfo.timebase;
		while (!__atomic_load_n(&c->online, __ATOMIC_ACQUIRE) &&
		       timer_now() < deadline)
			;
		if (!c->online) {
			kprintf("gk: hart %lu did not come up\n", c->hartid);
			break;
		}
		__atomic_store_n(&ncpus_online, i + 1, __ATOMIC_RELEASE);
	}
}
