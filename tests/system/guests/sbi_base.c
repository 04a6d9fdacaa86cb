/* SPDX-License-Identifier: MIT */
/* BASE extension, probing, legacy console, unknown extensions/functions and
 * the SBI calling convention (registers other than a0/a1 preserved). */
#include "tg.h"

const char tg_name[] = "sbi_base";

#define TG_XSTR(x) #x
#define TG_STR(x) TG_XSTR(x)
#define N(a) (sizeof(a) / sizeof((a)[0]))

struct tg_ext {
	unsigned long id;
	const char *name;
};

/* implemented by the hypervisor (hv-contract: BASE, legacy 0/1/2/8, DBCN,
 * TIME, SRST, HSM) */
static const struct tg_ext present[] = {
	{SBI_EXT_BASE, "BASE"},
	{SBI_EXT_TIME, "TIME"},
	{SBI_EXT_HSM, "HSM"},
	{SBI_EXT_SRST, "SRST"},
	{SBI_EXT_DBCN, "DBCN"},
	{SBI_EXT_0_1_SET_TIMER, "legacy set_timer"},
	{SBI_EXT_0_1_CONSOLE_PUTCHAR, "legacy putchar"},
	{SBI_EXT_0_1_CONSOLE_GETCHAR, "legacy getchar"},
	{SBI_EXT_0_1_SHUTDOWN, "legacy shutdown"},
};

/* not implemented (yet): probe 0. IPI and RFENCE are tested apart
 * (test_ipi_rfence): they arrive with SMP support. */
static const struct tg_ext absent[] = {
	{SBI_EXT_PMU, "PMU"},
	{SBI_EXT_SUSP, "SUSP"},
	{SBI_EXT_CPPC, "CPPC"},
	{SBI_EXT_NACL, "NACL"},
	{SBI_EXT_STA, "STA"},
	{SBI_EXT_0_1_CLEAR_IPI, "legacy clear_ipi"},
	{SBI_EXT_0_1_SEND_IPI, "legacy send_ipi"},
	{SBI_EXT_0_1_REMOTE_FENCE_I, "legacy remote_fence_i"},
	{SBI_EXT_0_1_REMOTE_SFENCE_VMA, "legacy remote_sfence_vma"},
	{SBI_EXT_0_1_REMOTE_SFENCE_VMA_ASID, "legacy remote_sfence_vma_asid"},
	{SBI_EXT_EXPERIMENTAL_START, "experimental range start"},
	{SBI_EXT_VENDOR_END, "vendor range end"},
	{SBI_EXT_FIRMWARE_END, "firmware range end"},
	{0x12345678, "unassigned 0x12345678"},
	{0x7fffffff, "unassigned 0x7fffffff"},
};

/* calls into absent extensions: harmless arguments (NULL hart masks,
 * reserved sleep types) in case one of them were implemented */
struct tg_call {
	unsigned long ext, fid, a0, a1;
	const char *name;
};
static const struct tg_call absent_calls[] = {
	{SBI_EXT_PMU, 0, 0, 0, "PMU num_counters"},
	{SBI_EXT_SUSP, 0, 0xffffffff, 0, "SUSP system_suspend"},
	{SBI_EXT_0_1_CLEAR_IPI, 0, 0, 0, "legacy clear_ipi"},
	{SBI_EXT_0_1_REMOTE_FENCE_I, 0, 0, 0, "legacy remote_fence_i"},
	{0x12345678, 0, 0, 0, "unassigned extension 0x12345678"},
	{SBI_EXT_VENDOR_START, 0, 0, 0, "vendor extension"},
	/* unknown functions of implemented extensions */
	{SBI_EXT_BASE, 7, 0, 0, "BASE function 7"},
	{SBI_EXT_BASE, 0x100000, 0, 0, "BASE function 0x100000"},
	{SBI_EXT_TIME, 1, 0, 0, "TIME function 1"},
	{SBI_EXT_HSM, 4, 0, 0, "HSM function 4"},
	{SBI_EXT_SRST, 1, 0, 0, "SRST function 1"},
	{SBI_EXT_DBCN, 3, 0, 0, "DBCN function 3"},
};

#define NR_BASE 7
#define NR_IPI_ABSENT 1
#define NR_IPI_PRESENT 4
#define NR_RFENCE_ABSENT 1
#define NR_RFENCE_PRESENT 8
#define NR_LEGACY 2
#define NR_REGS 2

static void test_base(void)
{
	struct sbiret r;

	r = SBI_CALL0(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION);
	tg_eqi(r.error, SBI_SUCCESS, "get_spec_version succeeds");
	tg_eqx(r.value, SBI_SPEC_VERSION, "spec version is 2.0");
	r = SBI_CALL0(SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID);
	tg_eqi(r.error, SBI_SUCCESS, "get_impl_id succeeds");
	tg_eqx(r.value, SBI_IMPL_ID_RVH, "impl id is the hypervisor's");
	r = SBI_CALL0(SBI_EXT_BASE, SBI_BASE_GET_IMPL_VERSION);
	tg_eqi(r.error, SBI_SUCCESS, "get_impl_version succeeds (%#lx)",
	       r.value);
	r = SBI_CALL0(SBI_EXT_BASE, SBI_BASE_GET_MVENDORID);
	tg_eqi(r.error, SBI_SUCCESS, "get_mvendorid succeeds (%#lx)", r.value);
	/* marchid and mimpid: same contract, one line for both */
	{
		struct sbiret a = SBI_CALL0(SBI_EXT_BASE, SBI_BASE_GET_MARCHID);
		struct sbiret m = SBI_CALL0(SBI_EXT_BASE, SBI_BASE_GET_MIMPID);

		tg_ok(a.error == SBI_SUCCESS && m.error == SBI_SUCCESS,
		      "get_marchid (%#lx) and get_mimpid (%#lx) succeed # "
		      "errors %ld %ld",
		      a.value, m.value, a.error, m.error);
	}
}

static void test_probe(void)
{
	unsigned int i;

	for (i = 0; i < N(present); i++) {
		struct sbiret r = sbi_probe_extension(present[i].id);

		tg_ok(r.error == 0 && r.value == 1,
		      "probe %s (%#lx) -> present # error %ld value %ld",
		      present[i].name, present[i].id, r.error, r.value);
	}
	for (i = 0; i < N(absent); i++) {
		struct sbiret r = sbi_probe_extension(absent[i].id);

		tg_ok(r.error == 0 && r.value == 0,
		      "probe %s (%#lx) -> absent # error %ld value %ld",
		      absent[i].name, absent[i].id, r.error, r.value);
	}
}

static void test_unknown(void)
{
	unsigned int i;

	for (i = 0; i < N(absent_calls); i++) {
		const struct tg_call *c = &absent_calls[i];
		struct sbiret r =
			sbi_ecall(c->ext, c->fid, c->a0, c->a1, 0, 0, 0, 0);

		tg_eqi(r.error, SBI_ERR_NOT_SUPPORTED, "%s -> NOT_SUPPORTED",
		       c->name);
	}
}

static void test_legacy(void)
{
	long r;

	/* legacy calls return in a0 only: 0 on success */
	r = sbi_legacy_putchar('\n');
	tg_eqi(r, 0, "legacy putchar returns 0");
	/* the scripts give QEMU no console input */
	r = sbi_legacy_getchar();
	tg_eqi(r, -1, "legacy getchar without input returns -1");
}

/* IPI and RFENCE come with the SMP work: whichever the probe says, the
 * calls must agree with it. Absent: NOT_SUPPORTED. Present: they do the
 * work for this (only) hart and reject other harts. */
static bool ipi_present, rfence_present;

static bool ssip_pending(void)
{
	return csr_read(CSR_SIP) & BIT(IRQ_S_SOFT);
}

static void test_ipi(void)
{
	struct sbiret r;
	bool pend;

	if (!ipi_present) {
		r = SBI_CALL2(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1, 0);
		tg_eqi(r.error, SBI_ERR_NOT_SUPPORTED,
		       "IPI probes absent: send_ipi -> NOT_SUPPORTED");
		return;
	}
	/* SIE = 0 and sie = 0: the IPI only shows in sip.SSIP */
	csr_clear(CSR_SIP, BIT(IRQ_S_SOFT));
	r = SBI_CALL2(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1UL << tg_hartid, 0);
	tg_wait_until(ssip_pending, tg_time() + tg_ms(100));
	pend = ssip_pending();
	csr_clear(CSR_SIP, BIT(IRQ_S_SOFT));
	tg_ok(r.error == 0 && pend,
	      "IPI present: send_ipi(self) sets sip.SSIP # error %ld", r.error);
	r = SBI_CALL2(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 0, -1UL);
	tg_wait_until(ssip_pending, tg_time() + tg_ms(100));
	pend = ssip_pending();
	csr_clear(CSR_SIP, BIT(IRQ_S_SOFT));
	tg_ok(r.error == 0 && pend,
	      "IPI present: send_ipi(base -1 = all harts) sets sip.SSIP # "
	      "error %ld",
	      r.error);
	r = SBI_CALL2(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1, tg_hartid + 1);
	tg_eqi(r.error, SBI_ERR_INVALID_PARAM,
	       "IPI present: send_ipi to hart 1 (no such vCPU) -> "
	       "INVALID_PARAM");
	tg_ok(!ssip_pending(), "IPI present: no IPI from the failed call");
}

static void test_rfence(void)
{
	static const struct {
		unsigned long fid;
		const char *name;
	} hfences[] = {
		{SBI_RFENCE_REMOTE_HFENCE_GVMA_VMID, "hfence_gvma_vmid"},
		{SBI_RFENCE_REMOTE_HFENCE_GVMA, "hfence_gvma"},
		{SBI_RFENCE_REMOTE_HFENCE_VVMA_ASID, "hfence_vvma_asid"},
		{SBI_RFENCE_REMOTE_HFENCE_VVMA, "hfence_vvma"},
	};
	unsigned long self = 1UL << tg_hartid;
	struct sbiret r;
	unsigned int i;

	if (!rfence_present) {
		r = SBI_CALL2(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_FENCE_I, 1, 0);
		tg_eqi(r.error, SBI_ERR_NOT_SUPPORTED,
		       "RFENCE probes absent: remote_fence_i -> "
		       "NOT_SUPPORTED");
		return;
	}
	r = SBI_CALL2(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_FENCE_I, self, 0);
	tg_eqi(r.error, 0, "RFENCE present: remote_fence_i(self) succeeds");
	r = sbi_ecall(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA, self, 0, 0,
		      -1UL, 0, 0);
	tg_eqi(r.error, 0,
	       "RFENCE present: remote_sfence_vma(self, all) succeeds");
	r = sbi_ecall(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA_ASID, self,
		      0, 0, -1UL, 0, 0);
	tg_eqi(r.error, 0,
	       "RFENCE present: remote_sfence_vma_asid(self, all, asid 0) "
	       "succeeds");
	r = SBI_CALL2(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_FENCE_I, 1,
		      tg_hartid + 1);
	tg_eqi(r.error, SBI_ERR_INVALID_PARAM,
	       "RFENCE present: remote_fence_i to hart 1 -> INVALID_PARAM");
	/* the guest has no H extension: the hfence functions do not apply */
	for (i = 0; i < sizeof(hfences) / sizeof(hfences[0]); i++) {
		r = sbi_ecall(SBI_EXT_RFENCE, hfences[i].fid, self, 0, 0, -1UL,
			      0, 0);
		tg_eqi(r.error, SBI_ERR_NOT_SUPPORTED,
		       "RFENCE present: remote_%s -> NOT_SUPPORTED (no H "
		       "extension in the guest)",
		       hfences[i].name);
	}
}

/* callee-saved registers, gp and tp across a call */
static void test_regs_saved(void)
{
	register unsigned long a0 __asm__("a0") = SBI_EXT_BASE;
	register unsigned long a1 __asm__("a1") = 0;
	register unsigned long s1 __asm__("s1") = 0x5151515151515151;
	register unsigned long s2 __asm__("s2") = 0x5252525252525252;
	register unsigned long s3 __asm__("s3") = 0x5353535353535353;
	register unsigned long s4 __asm__("s4") = 0x5454545454545454;
	register unsigned long s5 __asm__("s5") = 0x5555555555555555;
	register unsigned long s6 __asm__("s6") = 0x5656565656565656;
	register unsigned long s7 __asm__("s7") = 0x5757575757575757;
	register unsigned long s8 __asm__("s8") = 0x5858585858585858;
	register unsigned long s9 __asm__("s9") = 0x5959595959595959;
	register unsigned long s10 __asm__("s10") = 0x5a5a5a5a5a5a5a5a;
	register unsigned long s11 __asm__("s11") = 0x5b5b5b5b5b5b5b5b;
	unsigned long gp_after, tp_before, tp_after, bad = 0;

	/* gp is unused by the test guests: give it a pattern for the call */
	__asm__ volatile(
		"mv %[tb], tp\n"
		"li a6, " TG_STR(
			SBI_BASE_PROBE_EXT) "\n"
					    "li a7, " TG_STR(
						    SBI_EXT_BASE) "\n"
								  "li gp, "
								  "0x6767676767"
								  "676767\n"
								  "ecall\n"
								  "mv %[ga], "
								  "gp\n"
								  "li gp, 0\n"
								  "mv %[ta], tp"
		: "+r"(a0), "+r"(a1), "+r"(s1), "+r"(s2), "+r"(s3), "+r"(s4),
		  "+r"(s5), "+r"(s6), "+r"(s7), "+r"(s8), "+r"(s9), "+r"(s10),
		  "+r"(s11), [ga] "=&r"(gp_after), [tb] "=&r"(tp_before),
		  [ta] "=&r"(tp_after)
		:
		: "a6", "a7", "memory");
	bad |= (s1 != 0x5151515151515151) << 0;
	bad |= (s2 != 0x5252525252525252) << 1;
	bad |= (s3 != 0x5353535353535353) << 2;
	bad |= (s4 != 0x5454545454545454) << 3;
	bad |= (s5 != 0x5555555555555555) << 4;
	bad |= (s6 != 0x5656565656565656) << 5;
	bad |= (s7 != 0x5757575757575757) << 6;
	bad |= (s8 != 0x5858585858585858) << 7;
	bad |= (s9 != 0x5959595959595959) << 8;
	bad |= (s10 != 0x5a5a5a5a5a5a5a5a) << 9;
	bad |= (s11 != 0x5b5b5b5b5b5b5b5b) << 10;
	bad |= (unsigned long)(gp_after != 0x6767676767676767) << 11;
	bad |= (unsigned long)(tp_after != tp_before) << 12;
	tg_ok(a0 == 0 && a1 == 1 && !bad,
	      "probe(BASE) keeps s1-s11, gp and tp # a0 %ld a1 %ld changed "
	      "mask %#lx (bit0 = s1 ... bit10 = s11, 11 gp, 12 tp)",
	      (long)a0, (long)a1, bad);
}

/* The SBI calling convention preserves every register except a0/a1. */
static void test_regs(void)
{
	register unsigned long a0 __asm__("a0") = SBI_EXT_BASE;
	register unsigned long a1 __asm__("a1") = 0;
	register unsigned long a2 __asm__("a2") = 0xa2a2a2a2a2a2a2a2;
	register unsigned long a3 __asm__("a3") = 0xa3a3a3a3a3a3a3a3;
	register unsigned long a4 __asm__("a4") = 0xa4a4a4a4a4a4a4a4;
	register unsigned long a5 __asm__("a5") = 0xa5a5a5a5a5a5a5a5;
	register unsigned long a6 __asm__("a6") = SBI_BASE_PROBE_EXT;
	register unsigned long a7 __asm__("a7") = SBI_EXT_BASE;
	register unsigned long t0 __asm__("t0") = 0x7070707070707070;
	register unsigned long t1 __asm__("t1") = 0x7171717171717171;
	register unsigned long t2 __asm__("t2") = 0x7272727272727272;
	register unsigned long t3 __asm__("t3") = 0x7373737373737373;
	register unsigned long t4 __asm__("t4") = 0x7474747474747474;
	register unsigned long t5 __asm__("t5") = 0x7575757575757575;
	register unsigned long t6 __asm__("t6") = 0x7676767676767676;
	unsigned long bad = 0;

	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4),
			   "+r"(a5), "+r"(a6), "+r"(a7), "+r"(t0), "+r"(t1),
			   "+r"(t2), "+r"(t3), "+r"(t4), "+r"(t5), "+r"(t6)
			 :
			 : "memory");
	bad |= (a2 != 0xa2a2a2a2a2a2a2a2) << 0;
	bad |= (a3 != 0xa3a3a3a3a3a3a3a3) << 1;
	bad |= (a4 != 0xa4a4a4a4a4a4a4a4) << 2;
	bad |= (a5 != 0xa5a5a5a5a5a5a5a5) << 3;
	bad |= (a6 != SBI_BASE_PROBE_EXT) << 4;
	bad |= (a7 != SBI_EXT_BASE) << 5;
	bad |= (t0 != 0x7070707070707070) << 6;
	bad |= (t1 != 0x7171717171717171) << 7;
	bad |= (t2 != 0x7272727272727272) << 8;
	bad |= (t3 != 0x7373737373737373) << 9;
	bad |= (t4 != 0x7474747474747474) << 10;
	bad |= (t5 != 0x7575757575757575) << 11;
	bad |= (t6 != 0x7676767676767676) << 12;
	tg_ok(a0 == 0 && a1 == 1 && !bad,
	      "probe(BASE) keeps a2-a7 and t0-t6 # a0 %ld a1 %ld changed "
	      "mask %#lx (bit0 = a2 ... bit12 = t6)",
	      (long)a0, (long)a1, bad);
	test_regs_saved();
}

void tg_main(void)
{
	struct sbiret r;

	r = sbi_probe_extension(SBI_EXT_IPI);
	ipi_present = r.error == 0 && r.value;
	r = sbi_probe_extension(SBI_EXT_RFENCE);
	rfence_present = r.error == 0 && r.value;
	tg_diag("IPI probes %s, RFENCE probes %s",
		ipi_present ? "present" : "absent",
		rfence_present ? "present" : "absent");
	tg_plan(NR_BASE + N(present) + N(absent) + N(absent_calls) + NR_LEGACY +
		NR_REGS + (ipi_present ? NR_IPI_PRESENT : NR_IPI_ABSENT) +
		(rfence_present ? NR_RFENCE_PRESENT : NR_RFENCE_ABSENT));
	test_base();
	test_probe();
	test_unknown();
	test_legacy();
	test_regs();
	test_ipi();
	test_rfence();
}
