/* SPDX-License-Identifier: MIT */
/* instret as a guest reads it, with the bundle's counters = "virtual"
 * (tg.counters=virtual) or the default physical counters
 * (tg.counters=physical). Run under -icount, where instret counts
 * instructions. Virtual: reads trap to the hypervisor and return the
 * vCPU's own guest instruction count, so an SBI call costs the guest only
 * its own few instructions; physical: the hart's counter, which counts the
 * hypervisor's work for the call too. Both: a loop counts as its length,
 * reads never go back, writes are illegal, and VU-mode reads obey the
 * guest's scounteren. */
#include <string.h>

#include "tg.h"

const char tg_name[] = "vinstret";

#define LOOP_N 10000
#define SBI_ROUNDS 50
#define MONO_READS 1000
#define COUNTEREN_IR BIT(2)

/* csrrs a1, instret, a0 and csrrw x0, instret, a0: write attempts */
#define INSN_CSRRS_A1_A0 \
	((0xc02u << 20) | (10u << 15) | (2u << 12) | (11u << 7) | 0x73)
#define INSN_CSRW_A0 ((0xc02u << 20) | (10u << 15) | (1u << 12) | 0x73)

static inline unsigned long rdinstret(void)
{
	unsigned long v;

	__asm__ volatile("rdinstret %0" : "=r"(v)::"memory");
	return v;
}

/* Instructions retired between the two reads: the first read, li and
 * 2 per iteration (addi, bnez) = 2 * LOOP_N + 2. */
static unsigned long loop_delta(void)
{
	unsigned long a, b, n;

	__asm__ volatile("rdinstret %0\n\t"
			 "li %2, %3\n\t"
			 "1: addi %2, %2, -1\n\t"
			 "bnez %2, 1b\n\t"
			 "rdinstret %1"
			 : "=&r"(a), "=&r"(b), "=&r"(n)
			 : "i"(LOOP_N));
	return b - a;
}

static unsigned long sbi_min_delta(void)
{
	unsigned long min = ~0UL;

	for (int i = 0; i < SBI_ROUNDS; i++) {
		unsigned long a = rdinstret(), d;

		SBI_CALL0(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION);
		d = rdinstret() - a;
		if (d < min)
			min = d;
	}
	return min;
}

/* one instruction (bits) run from a RAM slot, the exception caught */
static uint32_t slot[2] __attribute__((aligned(8)));

static struct tg_trap run_insn(uint32_t bits)
{
	slot[0] = bits;
	slot[1] = 0x00008067; /* ret */
	__asm__ volatile("fence.i" ::: "memory");
	tg_catch_begin();
	{
		/* non-zero: QEMU 7.2 takes csrrs with a zero rs1 value as
		 * a read, though the spec goes by the rs1 field */
		register unsigned long a0 __asm__("a0") = 1;

		__asm__ volatile("jalr ra, 0(%[f])"
				 : "+r"(a0)
				 : [f] "r"(slot)
				 : "ra", "a1", "memory");
	}
	return tg_catch_end();
}

/* VU-mode: u_read reads instret into a0 and ecalls back; the ecall hook
 * resumes S-mode at u_resume with U's a0. */
extern char u_read[], u_resume[];
/* (no RVC: the read is the second instruction, at u_read + 4) */
__asm__(".text\n.balign 4\n.option push\n.option norvc\nu_read:\n"
	"\tli a0, -1\n\trdinstret a0\n\tecall\n.option pop\n");

static bool u_ecall_hook(struct tg_frame *f)
{
	if (f->scause != CAUSE_USER_ECALL)
		return false;
	f->sepc = (unsigned long)u_resume;
	f->sstatus |= SR_SPP;
	return true;
}

/* noinline: u_resume must exist once */
static __attribute__((noinline)) unsigned long run_user_read(void)
{
	register unsigned long a0 __asm__("a0");

	tg_exc_hook = u_ecall_hook;
	__asm__ volatile("csrw sepc, %1\n\t"
			 "csrc sstatus, %2\n\t"
			 "sret\n\t"
			 ".globl u_resume\n"
			 "u_resume:"
			 : "=&r"(a0)
			 : "r"(u_read), "r"(SR_SPP)
			 : "memory");
	tg_exc_hook = NULL;
	return a0;
}

static void test_user(void)
{
	unsigned long before, val, after;
	struct tg_trap t;

	csr_set(CSR_SCOUNTEREN, COUNTEREN_IR);
	before = rdinstret();
	val = run_user_read();
	after = rdinstret();
	tg_ok(val != ~0UL && val > before && val < after,
	      "VU read with scounteren.IR = 1: %lu in (%lu, %lu)", val, before,
	      after);

	csr_clear(CSR_SCOUNTEREN, COUNTEREN_IR);
	tg_catch_begin();
	val = run_user_read();
	t = tg_catch_end();
	csr_set(CSR_SCOUNTEREN, COUNTEREN_IR);
	tg_ok(t.taken && t.cause == CAUSE_ILLEGAL_INSN &&
		      t.epc == (unsigned long)u_read + 4 && val == ~0UL,
	      "VU read with scounteren.IR = 0 -> illegal instruction in the "
	      "guest # taken %d scause %lu sepc %#lx (read at %#lx) a0 %#lx",
	      t.taken, t.cause, t.epc, (unsigned long)u_read + 4, val);
}

void tg_main(void)
{
	char mode[16] = "";
	bool virt;
	unsigned long d, prev, bad = 0;
	struct tg_trap t;

	tg_arg("tg.counters", mode, sizeof(mode));
	virt = !strcmp(mode, "virtual");
	if (!virt && strcmp(mode, "physical"))
		tg_bail("tg.counters=virtual|physical missing");
	tg_plan(9);

	d = loop_delta();
	tg_ok(d >= 2 * LOOP_N + 2 - 2 && d <= 2 * LOOP_N + 2 + 4,
	      "loop of %d instructions: delta %lu", 2 * LOOP_N + 2, d);

	d = sbi_min_delta();
	tg_printf("tg: sbi delta %lu\n", d);
	if (virt)
		tg_ok(d < 100, "SBI call counts the guest only: %lu < 100", d);
	else
		tg_ok(d > 200, "SBI call counts the hypervisor: %lu > 200", d);

	prev = rdinstret();
	for (int i = 0; i < MONO_READS; i++) {
		unsigned long v = rdinstret();

		if (v <= prev)
			bad++;
		prev = v;
	}
	tg_eqi((long)bad, 0, "%d reads strictly increase", MONO_READS);

	/* csrrsi a1, instret, 0: a read too */
	{
		unsigned long a = rdinstret(), v, b;

		__asm__ volatile("csrrsi %0, instret, 0" : "=r"(v)::"memory");
		b = rdinstret();
		tg_ok(v > a && v < b,
		      "csrrsi instret, 0 reads: %lu in (%lu, %lu)", v, a, b);
	}

	t = run_insn(INSN_CSRRS_A1_A0);
	tg_ok(t.taken && t.cause == CAUSE_ILLEGAL_INSN &&
		      t.epc == (unsigned long)slot,
	      "csrrs a1, instret, a0 -> illegal instruction # taken %d "
	      "scause %lu sepc %#lx stval %#lx",
	      t.taken, t.cause, t.epc, t.tval);
	t = run_insn(INSN_CSRW_A0);
	tg_ok(t.taken && t.cause == CAUSE_ILLEGAL_INSN &&
		      t.epc == (unsigned long)slot,
	      "csrw instret, a0 -> illegal instruction # taken %d scause %lu "
	      "sepc %#lx stval %#lx",
	      t.taken, t.cause, t.epc, t.tval);

	test_user();
	tg_ok(rdinstret() > prev, "still increasing after the exceptions");
}
