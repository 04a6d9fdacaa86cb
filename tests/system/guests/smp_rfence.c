/* SPDX-License-Identifier: MIT */
/* RFENCE with 3 vCPUs. remote fence.i: one vCPU writes code, fences
 * another, which runs it. remote sfence.vma (+asid): all vCPUs use one
 * Sv39 table where VA 0x40000000 maps a 4 KiB page A or B; one vCPU
 * switches the PTE and fences another, which must see the new page as soon
 * as the call returned (it reads the VA while the call runs: a cached
 * translation is really there). vCPU 2 sleeps in WFI: its fence is done
 * before it next runs. Errors: bad masks, hfence functions, unknown fid. */
#include "smp_rt.h"

const char tg_name[] = "smp_rfence";

#define SSI BIT(IRQ_S_SOFT)
#define NCPU 3
#define WAIT_MS 2000
#define VA_X 0x40000000UL
#define ASID 5UL
#define MARK_A 0xaaaa0000aaaa0001UL
#define MARK_B 0xbbbb0000bbbb0002UL

enum {
	OP_CODE_FENCE = 1, /* write code returning arg, fence.i targets */
	OP_EXEC, /* run the code; result = its value */
	OP_PTE, /* PTE -> page arg, no fence */
	OP_PTE_FENCE, /* PTE -> page arg, rfence fid/mask/base */
	OP_READ, /* result = *VA_X */
};

static uint64_t pt_root[512] __attribute__((aligned(4096)));
static uint64_t pt_l1[512] __attribute__((aligned(4096)));
static uint64_t pt_l0[512] __attribute__((aligned(4096)));
static uint64_t page_a[512] __attribute__((aligned(4096)));
static uint64_t page_b[512] __attribute__((aligned(4096)));
static uint32_t code[8] __attribute__((aligned(64)));
static unsigned long satp_val;

static struct smp_mbox mbox[NCPU];
/* arguments of the rfence a worker makes */
static volatile unsigned long f_fid, f_mask, f_base, f_a2, f_a3, f_a4;
static volatile unsigned long seen[NCPU], wakes[NCPU], reading[NCPU];

static unsigned long pte_to(const void *p, unsigned long flags)
{
	return (((uintptr_t)p >> PAGE_SHIFT) << PTE_PPN_SHIFT) | flags;
}

static void set_page(unsigned long which)
{
	*(volatile uint64_t *)&pt_l0[0] =
		pte_to(which == 1 ? page_a : page_b,
		       PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
	__asm__ volatile("fence rw, rw" ::: "memory");
}

static void setup_tables(void)
{
	page_a[0] = MARK_A;
	page_b[0] = MARK_B;
	pt_root[2] =
		pte_to((void *)0x80000000UL,
		       PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | PTE_G);
	pt_root[1] = pte_to(pt_l1, PTE_V);
	pt_l1[0] = pte_to(pt_l0, PTE_V);
	set_page(1);
	satp_val = SATP_MODE_SV39 | (ASID << 44) |
		   ((uintptr_t)pt_root >> PAGE_SHIFT);
}

static void use_tables(void)
{
	csr_write(CSR_SATP, satp_val);
	__asm__ volatile("sfence.vma" ::: "memory");
}

static unsigned long read_x(void)
{
	return *(volatile uint64_t *)VA_X;
}

/* addi a0, zero, k; ret */
static void write_code(unsigned long k)
{
	code[0] = (uint32_t)((k & 0x7ff) << 20) | (10u << 7) | 0x13u;
	code[1] = 0x00008067u;
	__asm__ volatile("fence rw, rw" ::: "memory");
}

static unsigned long run_code(void)
{
	return ((unsigned long (*)(void))(uintptr_t)code)();
}

static long fence_now(void)
{
	return smp_rfence(f_fid, f_mask, f_base, f_a2, f_a3, f_a4).error;
}

static void on_irq(struct tg_frame *f, unsigned long cause)
{
	unsigned long id = smp_self();

	(void)f;
	if (cause != (CAUSE_IRQ_FLAG | IRQ_S_SOFT) || id >= NCPU)
		tg_bail("unexpected interrupt %#lx on vCPU %lu", cause, id);
	csr_clear(CSR_SIP, SSI);
	seen[id] = read_x();
	smp_inc(&wakes[id]);
}

static void worker(unsigned long id, unsigned long opaque)
{
	struct smp_mbox *m = &mbox[id];
	unsigned long last = 0, op;
	long res;

	(void)opaque;
	use_tables();
	if (id == 2) {
		/* sleeps; each IPI makes it read VA_X once */
		csr_write(CSR_SIE, SSI);
		csr_set(CSR_SSTATUS, SR_SIE);
		smp_ack(m, 0, 0);
		for (;;)
			__asm__ volatile("wfi");
	}
	smp_ack(m, 0, 0);
	for (;;) {
		if (smp_load(&reading[id]))
			seen[id] = read_x();
		op = smp_poll(m, &last);
		if (!op)
			continue;
		res = 0;
		switch (op) {
		case OP_CODE_FENCE:
			write_code(m->arg);
			res = fence_now();
			break;
		case OP_EXEC:
			res = (long)run_code();
			break;
		case OP_PTE:
			set_page(m->arg);
			break;
		case OP_PTE_FENCE:
			set_page(m->arg);
			res = fence_now();
			break;
		case OP_READ:
			res = (long)read_x();
			break;
		}
		smp_ack(m, last, res);
	}
}

static void set_fence(unsigned long fid, unsigned long mask, unsigned long base,
		      unsigned long a2, unsigned long a3, unsigned long a4)
{
	f_fid = fid;
	f_mask = mask;
	f_base = base;
	f_a2 = a2;
	f_a3 = a3;
	f_a4 = a4;
}

/* post a command to vCPU 1 and wait for it while reading VA_X, so that
 * vCPU 0 is running guest code with the translation cached */
static long call1_reading(unsigned long op, unsigned long arg)
{
	struct smp_mbox *m = &mbox[1];
	unsigned long seq = m->seq + 1;

	m->op = op;
	m->arg = arg;
	seen[0] = read_x(); /* the translation is cached before vCPU 1 acts */
	smp_store(&m->seq, seq);
	if (!SMP_WAIT((seen[0] = read_x(), smp_load(&m->ack) == seq), WAIT_MS))
		return -99;
	return m->result;
}

static void test_fence_i(void)
{
	static const struct {
		unsigned long mask, base, k;
		const char *what;
	} cases[] = {
		{1UL << 0, 0, 22, "mask 1 base 0"},
		{0, ~0UL, 33, "base -1"},
		{0x3, 0, 44, "mask 3 base 0"},
		{0x1, 0, 55, "mask 1 base 0, again"},
	};

	write_code(11);
	__asm__ volatile("fence.i" ::: "memory");
	tg_eqx(run_code(), 11, "vCPU 0 runs code it wrote (returns 11)");
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long e;

		set_fence(SBI_RFENCE_REMOTE_FENCE_I, cases[i].mask,
			  cases[i].base, 0, 0, 0);
		e = smp_call(&mbox[1], OP_CODE_FENCE, cases[i].k, WAIT_MS)
			    ? mbox[1].result
			    : -99;
		tg_eqi(e, SBI_SUCCESS,
		       "vCPU 1 rewrites the code, remote_fence_i(%s) -> 0",
		       cases[i].what);
		tg_eqx(run_code(), cases[i].k,
		       "vCPU 0 then runs the new code (returns %lu)",
		       cases[i].k);
	}
	/* the other way round */
	write_code(66);
	tg_eqi(smp_rfence(SBI_RFENCE_REMOTE_FENCE_I, 1UL << 1, 0, 0, 0, 0)
		       .error,
	       SBI_SUCCESS,
	       "vCPU 0 rewrites the code, remote_fence_i(vCPU 1) -> 0");
	tg_eqx(smp_call(&mbox[1], OP_EXEC, 0, WAIT_MS) ? mbox[1].result : 0, 66,
	       "vCPU 1 then runs the new code (returns 66)");
}

static void test_sfence(void)
{
	unsigned long v;
	long e;

	tg_eqx(read_x(), MARK_A, "vCPU 0 reads page A through VA 0x40000000");
	/* Control, not a test: the PTE changes without a fence while vCPU 0
	 * keeps reading (QEMU drops cached translations on every exit to the
	 * hypervisor, so only reads with no exit in between show them). If
	 * the old page is still seen here, the checks below see the effect
	 * of the fences themselves. */
	call1_reading(OP_PTE, 2);
	v = read_x();
	tg_diag("control: after the PTE change without a fence vCPU 0 read %s",
		v == MARK_A   ? "the old page A (cached translation)"
		: v == MARK_B ? "the new page B"
			      : "neither page");

	set_fence(SBI_RFENCE_REMOTE_SFENCE_VMA, 1UL << 0, 0, VA_X, PAGE_SIZE,
		  0);
	e = call1_reading(OP_PTE_FENCE, 2);
	tg_eqi(e, SBI_SUCCESS,
	       "vCPU 1: PTE -> B, remote_sfence_vma(vCPU 0, VA, 4 KiB) -> 0");
	tg_eqx(read_x(), MARK_B, "vCPU 0 then reads page B");

	set_fence(SBI_RFENCE_REMOTE_SFENCE_VMA_ASID, 1UL << 0, 0, VA_X,
		  PAGE_SIZE, ASID);
	e = call1_reading(OP_PTE_FENCE, 1);
	tg_eqi(e, SBI_SUCCESS,
	       "vCPU 1: PTE -> A, remote_sfence_vma_asid(vCPU 0, VA, 4 KiB, "
	       "ASID 5) -> 0");
	tg_eqx(read_x(), MARK_A, "vCPU 0 then reads page A");

	set_fence(SBI_RFENCE_REMOTE_SFENCE_VMA, 0, ~0UL, 0, ~0UL, 0);
	e = call1_reading(OP_PTE_FENCE, 2);
	tg_eqi(e, SBI_SUCCESS,
	       "vCPU 1: PTE -> B, remote_sfence_vma(base -1, whole space) -> "
	       "0");
	tg_eqx(read_x(), MARK_B, "vCPU 0 then reads page B");

	/* vCPU 0 fences vCPU 1, which reads VA_X all the time */
	smp_store(&reading[1], 1);
	SMP_WAIT(seen[1] == MARK_B, WAIT_MS);
	tg_eqx(seen[1], MARK_B, "vCPU 1 reads page B");
	set_page(1);
	e = smp_rfence(SBI_RFENCE_REMOTE_SFENCE_VMA, 1UL << 1, 0, VA_X,
		       PAGE_SIZE, 0)
		    .error;
	tg_eqi(e, SBI_SUCCESS,
	       "vCPU 0: PTE -> A, remote_sfence_vma(vCPU 1) -> 0");
	tg_eqx(smp_call(&mbox[1], OP_READ, 0, WAIT_MS) ? mbox[1].result : 0,
	       MARK_A, "vCPU 1 then reads page A");
	smp_store(&reading[1], 0);

	/* vCPU 2 sleeps: its fence is done before it runs again */
	smp_send_ipi(1UL << 2, 0);
	SMP_WAIT(smp_load(&wakes[2]) == 1, WAIT_MS);
	tg_eqx(seen[2], MARK_A, "vCPU 2 (woken by an IPI) reads page A");
	set_page(2);
	e = smp_rfence(SBI_RFENCE_REMOTE_SFENCE_VMA_ASID, 1UL << 2, 0, VA_X,
		       PAGE_SIZE, ASID)
		    .error;
	tg_eqi(e, SBI_SUCCESS,
	       "vCPU 0: PTE -> B, remote_sfence_vma_asid(sleeping vCPU 2) -> "
	       "0");
	smp_send_ipi(1UL << 2, 0);
	SMP_WAIT(smp_load(&wakes[2]) == 2, WAIT_MS);
	tg_eqx(seen[2], MARK_B, "vCPU 2 woken again reads page B");
}

static void test_errors(void)
{
	static const struct {
		unsigned long fid, mask, base;
	} bad[] = {
		{SBI_RFENCE_REMOTE_FENCE_I, 1UL << 3, 0},
		{SBI_RFENCE_REMOTE_FENCE_I, 0x9, 0},
		{SBI_RFENCE_REMOTE_FENCE_I, 0x1, 3},
		{SBI_RFENCE_REMOTE_SFENCE_VMA, 1UL << 5, 0},
		{SBI_RFENCE_REMOTE_SFENCE_VMA, 0x2, 2},
		{SBI_RFENCE_REMOTE_SFENCE_VMA_ASID, 1UL << 63, 0},
		{SBI_RFENCE_REMOTE_SFENCE_VMA_ASID, 0x1, ~0UL - 1},
	};
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		tg_eqi(smp_rfence(bad[i].fid, bad[i].mask, bad[i].base, VA_X,
				  PAGE_SIZE, ASID)
			       .error,
		       SBI_ERR_INVALID_PARAM,
		       "rfence fid %lu mask %#lx base %ld -> INVALID_PARAM",
		       bad[i].fid, bad[i].mask, (long)bad[i].base);
	for (i = SBI_RFENCE_REMOTE_HFENCE_GVMA_VMID;
	     i <= SBI_RFENCE_REMOTE_HFENCE_VVMA; i++)
		tg_eqi(smp_rfence(i, 1, 0, 0, ~0UL, 0).error,
		       SBI_ERR_NOT_SUPPORTED,
		       "rfence hfence fid %u (no H in the guest) -> "
		       "NOT_SUPPORTED",
		       i);
	tg_eqi(smp_rfence(7, 1, 0, 0, 0, 0).error, SBI_ERR_NOT_SUPPORTED,
	       "rfence fid 7 -> NOT_SUPPORTED");
	tg_eqi(smp_rfence(~0UL, 1, 0, 0, 0, 0).error, SBI_ERR_NOT_SUPPORTED,
	       "rfence fid -1 -> NOT_SUPPORTED");
}

void tg_main(void)
{
	tg_plan(39);
	tg_eqi(smp_nr_cpus(), NCPU, "the DTB lists %d cpus", NCPU);
	tg_eqi(sbi_probe_extension(SBI_EXT_RFENCE).value, 1,
	       "probe RFENCE -> 1");
	tg_irq_hook = on_irq;
	setup_tables();
	use_tables();
	for (unsigned long i = 1; i < NCPU; i++)
		if (smp_start(i, worker, 0).error ||
		    !SMP_WAIT(smp_load(&mbox[i].ack) == 0 &&
				      smp_entry_rec[i].count == 1,
			      WAIT_MS))
			tg_bail("vCPU %lu did not start", i);
	smp_delay_ms(10);
	test_fence_i();
	test_sfence();
	test_errors();
	csr_write(CSR_SATP, 0);
	__asm__ volatile("sfence.vma" ::: "memory");
}
