/* SPDX-License-Identifier: MIT */
/* H-extension instructions and hypervisor/VS CSRs used from the guest:
 * the guest sees an illegal-instruction exception (scause 2) with stval =
 * the instruction bits and sepc = the instruction. The encodings are
 * written out (RISC-V privileged spec, H chapter): a0 = x10 holds an
 * address in RAM, a1 = x11 the data register. */
#include "tg.h"

const char tg_name[] = "illegal";

#define RS1_A0 (10u << 15)
#define RD_A1 (11u << 7)
#define RS2_A1 (11u << 20)
#define HLV(f7, rs2) \
	(((f7) << 25) | ((rs2) << 20) | RS1_A0 | (4u << 12) | RD_A1 | 0x73)
#define HSV(f7) (((f7) << 25) | RS2_A1 | RS1_A0 | (4u << 12) | 0x73)
/* csrrs a1, csr, x0 and csrrw x0, csr, a1 */
#define CSR_RD(csr) (((unsigned)(csr) << 20) | (2u << 12) | RD_A1 | 0x73)
#define CSR_WR(csr) (((unsigned)(csr) << 20) | RS1_A0 | (1u << 12) | 0x73)

struct tg_insn {
	uint32_t bits;
	const char *name;
};

static const struct tg_insn insns[] = {
	{0x22000073, "hfence.vvma zero, zero"},
	{0x62000073, "hfence.gvma zero, zero"},
	{HLV(0x30, 0), "hlv.b"},
	{HLV(0x30, 1), "hlv.bu"},
	{HLV(0x32, 0), "hlv.h"},
	{HLV(0x32, 1), "hlv.hu"},
	{HLV(0x32, 3), "hlvx.hu"},
	{HLV(0x34, 0), "hlv.w"},
	{HLV(0x34, 1), "hlv.wu"},
	{HLV(0x34, 3), "hlvx.wu"},
	{HLV(0x36, 0), "hlv.d"},
	{HSV(0x31), "hsv.b"},
	{HSV(0x33), "hsv.h"},
	{HSV(0x35), "hsv.w"},
	{HSV(0x37), "hsv.d"},
	{CSR_RD(CSR_HSTATUS), "csrr hstatus"},
	{CSR_RD(CSR_HEDELEG), "csrr hedeleg"},
	{CSR_RD(CSR_HIDELEG), "csrr hideleg"},
	{CSR_RD(CSR_HIE), "csrr hie"},
	{CSR_RD(CSR_HTIMEDELTA), "csrr htimedelta"},
	{CSR_RD(CSR_HCOUNTEREN), "csrr hcounteren"},
	{CSR_RD(CSR_HGEIE), "csrr hgeie"},
	{CSR_RD(CSR_HENVCFG), "csrr henvcfg"},
	{CSR_RD(CSR_HTVAL), "csrr htval"},
	{CSR_RD(CSR_HIP), "csrr hip"},
	{CSR_RD(CSR_HVIP), "csrr hvip"},
	{CSR_RD(CSR_HTINST), "csrr htinst"},
	{CSR_RD(CSR_HGATP), "csrr hgatp"},
	{CSR_RD(CSR_HGEIP), "csrr hgeip"},
	{CSR_RD(CSR_VSSTATUS), "csrr vsstatus"},
	{CSR_RD(CSR_VSIE), "csrr vsie"},
	{CSR_RD(CSR_VSTVEC), "csrr vstvec"},
	{CSR_RD(CSR_VSSCRATCH), "csrr vsscratch"},
	{CSR_RD(CSR_VSEPC), "csrr vsepc"},
	{CSR_RD(CSR_VSCAUSE), "csrr vscause"},
	{CSR_RD(CSR_VSTVAL), "csrr vstval"},
	{CSR_RD(CSR_VSIP), "csrr vsip"},
	{CSR_RD(CSR_VSATP), "csrr vsatp"},
	{CSR_RD(CSR_VSTIMECMP), "csrr vstimecmp"},
	{CSR_WR(CSR_HSTATUS), "csrw hstatus, a0"},
	{CSR_WR(CSR_HGATP), "csrw hgatp, a0"},
	{CSR_WR(CSR_HVIP), "csrw hvip, a0"},
	{CSR_WR(CSR_VSATP), "csrw vsatp, a0"},
	{CSR_WR(CSR_VSTVEC), "csrw vstvec, a0"},
	/* machine CSRs: illegal in any S-mode */
	{CSR_RD(0x300), "csrr mstatus"},
	{CSR_RD(0xf14), "csrr mhartid"},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t scratch = 0x1122334455667788UL;

/* Copies the instruction into a RAM slot and runs it there (bare mode:
 * RAM is executable), so the table above stays the one source. */
static uint32_t slot[2] __attribute__((aligned(8)));

static struct tg_trap run(uint32_t bits, unsigned long *pc)
{
	slot[0] = bits;
	slot[1] = 0x00008067; /* ret (jalr x0, 0(ra)) */
	__asm__ volatile("fence.i" ::: "memory");
	*pc = (uintptr_t)slot;
	tg_catch_begin();
	{
		register unsigned long a0 __asm__("a0") = (uintptr_t)&scratch;
		register unsigned long a1 __asm__("a1") = 0;

		__asm__ volatile("jalr ra, 0(%[f])"
				 : "+r"(a0), "+r"(a1)
				 : [f] "r"(slot)
				 : "ra", "memory");
	}
	return tg_catch_end();
}

void tg_main(void)
{
	unsigned int i;

	tg_plan(N(insns) + 1);
	for (i = 0; i < N(insns); i++) {
		unsigned long pc;
		struct tg_trap t = run(insns[i].bits, &pc);

		tg_ok(t.taken && t.cause == CAUSE_ILLEGAL_INSN &&
			      t.tval == insns[i].bits && t.epc == pc,
		      "%s (%#010x) -> illegal instruction # taken %d scause "
		      "%lu stval %#lx sepc %#lx (slot %#lx)",
		      insns[i].name, insns[i].bits, t.taken, t.cause, t.tval,
		      t.epc, pc);
	}
	tg_eqx(scratch, 0x1122334455667788UL, "hsv.* did not store");
}
