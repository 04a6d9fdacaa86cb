/* SPDX-License-Identifier: MIT */
/* SMP test-guest helpers: job dispatch for started harts, DTB cpu count,
 * mailboxes, an identity Sv39 table. */
#include <string.h>
#include <libfdt.h>
#include "smp_rt.h"

volatile struct smp_entry_rec smp_entry_rec[SMP_MAX_CPUS];
volatile smp_job_fn smp_job[SMP_MAX_CPUS];

static uint64_t smp_pt_root[512] __attribute__((aligned(4096)));

void smp_secondary_main(unsigned long hartid, unsigned long opaque);

void smp_secondary_main(unsigned long hartid, unsigned long opaque)
{
	smp_job_fn fn = smp_job[hartid];

	if (fn)
		fn(hartid, opaque);
	smp_hart_stop();
	for (;;)
		__asm__ volatile("wfi");
}

unsigned int smp_nr_cpus(void)
{
	unsigned int n = 0;
	int cpus, node;

	if (!tg_fdt_valid())
		return 0;
	cpus = fdt_path_offset(tg_dtb, "/cpus");
	if (cpus < 0)
		return 0;
	fdt_for_each_subnode(node, tg_dtb, cpus)
	{
		const char *type =
			fdt_getprop(tg_dtb, node, "device_type", NULL);

		if (type && !strcmp(type, "cpu"))
			n++;
	}
	return n;
}

struct sbiret smp_start(unsigned long id, smp_job_fn fn, unsigned long opaque)
{
	if (id < SMP_MAX_CPUS)
		smp_job[id] = fn;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return sbi_hart_start(id, (uintptr_t)smp_start1, opaque);
}

void smp_delay_ms(unsigned int ms)
{
	uint64_t end = tg_time() + tg_ms(ms);

	while (tg_time() < end)
		;
}

unsigned long smp_identity_satp(void)
{
	smp_pt_root[2] = ((0x80000000UL >> PAGE_SHIFT) << PTE_PPN_SHIFT) |
			 PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | PTE_G;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return SATP_MODE_SV39 | ((uintptr_t)smp_pt_root >> PAGE_SHIFT);
}

bool smp_call(struct smp_mbox *m, unsigned long op, unsigned long arg,
	      unsigned int ms)
{
	unsigned long seq = m->seq + 1;

	m->op = op;
	m->arg = arg;
	smp_store(&m->seq, seq);
	return SMP_WAIT(smp_load(&m->ack) == seq, ms);
}

unsigned long smp_poll(struct smp_mbox *m, unsigned long *last)
{
	unsigned long seq = smp_load(&m->seq);

	if (seq == *last)
		return 0;
	*last = seq;
	return m->op;
}

void smp_ack(struct smp_mbox *m, unsigned long last, long result)
{
	m->result = result;
	smp_store(&m->ack, last);
}
