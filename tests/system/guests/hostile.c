/* SPDX-License-Identifier: MIT */
/* A guest that misuses what the hypervisor emulates; tg.mode selects:
 *   walk:  Sv39 tables whose entries point into the PLIC, the UART or
 *          nowhere. An access whose page-table walk reads such an entry
 *          must get an access fault of its own type (load 5, store and AMO
 *          7, fetch 1; stval = its address, sepc = it), never the device
 *          register the entry's address names. Accesses mapped to the
 *          devices by leaf entries (4 KiB, 2 MiB, 1 GiB) still work.
 *   uwfi:  WFI in U-mode with every interrupt off: an illegal instruction
 *          for the guest kernel, not a vCPU that waits for ever.
 *   progress: 102000 access faults in a row (more than the hypervisor's
 *          storm limit), each handled by skipping the instruction, with and
 *          without an emulated UART read after each: the guest makes
 *          progress and is not stopped as an exception storm.
 *   timer: tg.rounds (1000) timer waits of 1 ms in WFI; not in hostile.t:
 *          looks for a vCPU that is never woken (--cpus 2 on one hart). */
#include <string.h>
#include "tg.h"

const char tg_name[] = "hostile";

#define PLIC 0x0c000000UL
#define UART 0x10000000UL
#define UART_IIR 2
#define UART_LSR 5
#define NOWHERE 0x1000UL /* host boot ROM: no RAM, no device */
#define PTE_LEAF (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define GIB (1UL << 30)
#define MIB2 (1UL << 21)

/* the Sv39 tables: root, then tables in RAM below it */
enum { ROOT, L1_RAM, L1_MAP, L0_MAP, NR_TABLES };
static uint64_t pt[NR_TABLES][512] __attribute__((aligned(4096)));

/* regions of the guest-virtual space, one root entry (1 GiB) each */
#define VA_PLIC_L1 (1 * GIB) /* root[1]: its level-1 table is the PLIC */
#define VA_RAM (2 * GIB) /* root[2]: RAM, identity, one gigapage */
#define VA_UART_L1 (3 * GIB) /* root[3]: its level-1 table is the UART */
#define VA_NOWHERE_L1 (4 * GIB) /* root[4]: level-1 table outside RAM */
#define VA_PLIC_L0 (5 * GIB) /* root[5] -> L1_RAM[0]: level 0 is the PLIC */
#define VA_MAP (6 * GIB) /* root[6]: leaf maps of the devices */
#define VA_GIGA (7 * GIB) /* root[7]: gigapage leaf at physical 0 */

static uint64_t table_pte(uintptr_t pa)
{
	return (pa >> PAGE_SHIFT) << PTE_PPN_SHIFT | PTE_V;
}

static uint64_t leaf_pte(uintptr_t pa)
{
	return (pa >> PAGE_SHIFT) << PTE_PPN_SHIFT | PTE_LEAF;
}

static void build_tables(void)
{
	pt[ROOT][1] = table_pte(PLIC);
	pt[ROOT][2] = leaf_pte(VA_RAM);
	pt[ROOT][3] = table_pte(UART);
	pt[ROOT][4] = table_pte(NOWHERE);
	pt[ROOT][5] = table_pte((uintptr_t)pt[L1_RAM]);
	pt[L1_RAM][0] = table_pte(PLIC);
	pt[ROOT][6] = table_pte((uintptr_t)pt[L1_MAP]);
	pt[L1_MAP][0] = table_pte((uintptr_t)pt[L0_MAP]);
	pt[L0_MAP][0] = leaf_pte(UART); /* 4 KiB page */
	pt[L1_MAP][1] = leaf_pte(PLIC); /* 2 MiB superpage */
	pt[ROOT][7] = leaf_pte(0); /* 1 GiB gigapage */
}

/* ---- traps: record the exception, resume after the instruction (or at
 * ra for a fetch fault, which has no instruction to skip) ---- */
static volatile struct tg_trap caught;

static bool record_hook(struct tg_frame *f)
{
	caught.taken = true;
	caught.cause = f->scause;
	caught.tval = f->stval;
	caught.epc = f->sepc;
	if (f->scause == CAUSE_FETCH_ACCESS ||
	    f->scause == CAUSE_FETCH_PAGE_FAULT)
		f->sepc = f->x[1];
	else
		f->sepc += tg_insn_len(f->sepc);
	return true;
}

enum op { LBU, LW, LD, CLW, LRD, SB, SW, SD, CSW, AMOADDW, AMOSWAPD, FETCH };

static const char *const op_name[] = {
	"lbu", "lw", "ld",   "c.lw",	 "lr.d",      "sb",
	"sw",  "sd", "c.sw", "amoadd.w", "amoswap.d", "fetch",
};

static unsigned long a1_value;

/* One access at addr with the trap recorded; *pc = its instruction (or
 * addr for a fetch). a0 = address, a1 = data: registers the compressed
 * forms can name. */
static struct tg_trap access(enum op op, unsigned long addr, unsigned long a1v,
			     unsigned long *pc)
{
	unsigned long p = addr;
	struct tg_trap t;

	caught.taken = false;
	caught.cause = caught.tval = caught.epc = 0;
	tg_exc_hook = record_hook;
	register unsigned long a0 __asm__("a0") = addr;
	register unsigned long a1 __asm__("a1") = a1v;
#define ACCESS(insn)                                   \
	__asm__ volatile("1: " insn "\n\tlla %[p], 1b" \
			 : [p] "=&r"(p), "+r"(a1)      \
			 : "r"(a0)                     \
			 : "memory")
	switch (op) {
	case LBU:
		ACCESS("lbu a1, 0(a0)");
		break;
	case LW:
		ACCESS("lw a1, 0(a0)");
		break;
	case LD:
		ACCESS("ld a1, 0(a0)");
		break;
	case CLW:
		ACCESS("c.lw a1, 0(a0)");
		break;
	case LRD:
		ACCESS("lr.d a1, (a0)");
		break;
	case SB:
		ACCESS("sb a1, 0(a0)");
		break;
	case SW:
		ACCESS("sw a1, 0(a0)");
		break;
	case SD:
		ACCESS("sd a1, 0(a0)");
		break;
	case CSW:
		ACCESS("c.sw a1, 0(a0)");
		break;
	case AMOADDW:
		ACCESS("amoadd.w a1, a1, (a0)");
		break;
	case AMOSWAPD:
		ACCESS("amoswap.d a1, a1, (a0)");
		break;
	case FETCH:
		__asm__ volatile("jalr ra, 0(a0)"
				 : "+r"(a1)
				 : "r"(a0)
				 : "ra", "memory");
		break;
	}
#undef ACCESS
	tg_exc_hook = NULL;
	*pc = p;
	a1_value = a1;
	t.taken = caught.taken;
	t.cause = caught.cause;
	t.tval = caught.tval;
	t.epc = caught.epc;
	return t;
}

static bool op_is_store(enum op op)
{
	return op >= SB && op <= AMOSWAPD;
}

/* the walk for addr faults: an access fault of op's type, nothing read */
static void expect_walk_fault(enum op op, unsigned long addr, const char *where)
{
	unsigned long pc, cause = op == FETCH	    ? CAUSE_FETCH_ACCESS
				  : op_is_store(op) ? CAUSE_STORE_ACCESS
						    : CAUSE_LOAD_ACCESS;
	struct tg_trap t = access(op, addr, 0x5555, &pc);

	tg_ok(t.taken && t.cause == cause && t.tval == addr && t.epc == pc &&
		      a1_value == 0x5555,
	      "%s %#lx (%s) -> %s access fault, nothing read # taken %d "
	      "scause %lu stval %#lx sepc %#lx a1 %#lx, expected scause %lu "
	      "stval %#lx sepc %#lx a1 0x5555",
	      op_name[op], addr, where,
	      op == FETCH	? "fetch"
	      : op_is_store(op) ? "store"
				: "load",
	      t.taken, t.cause, t.tval, t.epc, a1_value, cause, addr, pc);
}

/* an access mapped to a device by a leaf entry: emulated, no trap */
static unsigned long expect_mapped(enum op op, unsigned long addr,
				   unsigned long val, const char *where)
{
	unsigned long pc;
	struct tg_trap t = access(op, addr, val, &pc);

	tg_ok(!t.taken, "%s %#lx (%s): emulated, no trap # scause %lu",
	      op_name[op], addr, where, t.cause);
	return a1_value;
}

static void mode_walk(void)
{
	volatile uint32_t *prio = (volatile uint32_t *)PLIC;
	unsigned long v;

	tg_plan(32);
	/* PLIC source priorities that an emulated read of a table entry
	 * would return: a wrong emulation shows up as a value */
	for (unsigned int i = 1; i < 8; i++)
		prio[i] = i;
	build_tables();
	csr_write(CSR_SATP, SATP_MODE_SV39 | ((uintptr_t)pt[ROOT] >> 12));
	__asm__ volatile("sfence.vma" ::: "memory");

	/* level-1 table in the PLIC: entry i at PLIC + 8 i */
	expect_walk_fault(LW, VA_PLIC_L1 + 1 * MIB2 + 4, "L1 table in PLIC");
	expect_walk_fault(LD, VA_PLIC_L1 + 2 * MIB2, "L1 table in PLIC");
	expect_walk_fault(LBU, VA_PLIC_L1 + 3 * MIB2 + 1, "L1 table in PLIC");
	expect_walk_fault(CLW, VA_PLIC_L1 + 1 * MIB2, "L1 table in PLIC");
	expect_walk_fault(LRD, VA_PLIC_L1 + 2 * MIB2, "L1 table in PLIC");
	expect_walk_fault(SW, VA_PLIC_L1 + 1 * MIB2 + 4, "L1 table in PLIC");
	expect_walk_fault(SD, VA_PLIC_L1 + 2 * MIB2, "L1 table in PLIC");
	expect_walk_fault(CSW, VA_PLIC_L1 + 3 * MIB2, "L1 table in PLIC");
	expect_walk_fault(AMOADDW, VA_PLIC_L1 + 1 * MIB2, "L1 table in PLIC");
	expect_walk_fault(FETCH, VA_PLIC_L1 + 3 * MIB2, "L1 table in PLIC");
	/* level-1 table in the UART: lbu at +2 would read IIR */
	expect_walk_fault(LBU, VA_UART_L1 + UART_IIR, "L1 table in UART");
	expect_walk_fault(LBU, VA_UART_L1 + UART_LSR, "L1 table in UART");
	expect_walk_fault(SB, VA_UART_L1 + 1, "L1 table in UART");
	expect_walk_fault(AMOSWAPD, VA_UART_L1, "L1 table in UART");
	/* level-0 table in the PLIC, reached through a table in RAM */
	expect_walk_fault(LW, VA_PLIC_L0 + 2 * PAGE_SIZE + 4,
			  "L0 table in PLIC");
	expect_walk_fault(SW, VA_PLIC_L0 + 3 * PAGE_SIZE, "L0 table in PLIC");
	/* level-1 table outside RAM and devices */
	expect_walk_fault(LD, VA_NOWHERE_L1, "L1 table outside RAM");
	expect_walk_fault(SD, VA_NOWHERE_L1 + 8, "L1 table outside RAM");
	expect_walk_fault(SB, VA_NOWHERE_L1 + 3, "L1 table outside RAM");
	expect_walk_fault(AMOADDW, VA_NOWHERE_L1, "L1 table outside RAM");

	/* leaf maps of the devices: the accesses themselves, emulated */
	v = expect_mapped(LBU, VA_MAP + UART_LSR, 0, "4 KiB page of UART");
	tg_eqx(v & 0x60, 0x60, "UART LSR through a 4 KiB page: THRE, TEMT");
	expect_mapped(SW, VA_MAP + MIB2 + 4 * 5, 6, "2 MiB page of PLIC");
	v = expect_mapped(LW, VA_MAP + MIB2 + 4 * 5, 0, "2 MiB page of PLIC");
	tg_eqx(v, 6, "PLIC priority 5 written and read through a 2 MiB page");
	v = expect_mapped(LBU, VA_GIGA + UART + UART_LSR, 0, "1 GiB page at 0");
	tg_eqx(v & 0x60, 0x60, "UART LSR through a 1 GiB page: THRE, TEMT");
	v = expect_mapped(LW, VA_GIGA + PLIC + 4 * 3, 0, "1 GiB page at 0");
	tg_eqx(v, 3, "PLIC priority 3 through a 1 GiB page");
	/* a fetch from a device page is a fetch access fault */
	expect_walk_fault(FETCH, VA_GIGA + UART, "fetch from UART page");

	csr_write(CSR_SATP, 0);
	__asm__ volatile("sfence.vma" ::: "memory");
	tg_ok(prio[1] == 1 && prio[2] == 2 && prio[3] == 3 && prio[4] == 4 &&
		      prio[6] == 6 && prio[7] == 7,
	      "PLIC priorities named by table entries unchanged # %u %u %u "
	      "%u %u %u",
	      prio[1], prio[2], prio[3], prio[4], prio[6], prio[7]);
	tg_eqx(tg_nr_excs, 21, "exactly one trap per faulting access");
}

/* ---- uwfi ---- */
extern char u_wfi[], u_wfi_resume[];
__asm__(".text\n.balign 4\n.option push\n.option norvc\nu_wfi:\n"
	"\twfi\n\tecall\n.option pop\n");

static volatile unsigned long u_cause, u_tval, u_epc, u_traps;

/* the U-mode code's traps: record, and go back to S-mode */
static bool u_hook(struct tg_frame *f)
{
	if (f->sstatus & SR_SPP)
		return false;
	u_traps++;
	if (u_traps == 1) {
		u_cause = f->scause;
		u_tval = f->stval;
		u_epc = f->sepc;
	}
	f->sepc = (unsigned long)u_wfi_resume;
	f->sstatus |= SR_SPP;
	return true;
}

static void mode_uwfi(void)
{
	tg_plan(3);
	csr_clear(CSR_SSTATUS, SR_SIE);
	csr_write(CSR_SIE, 0);
	tg_exc_hook = u_hook;
	tg_printf("tg: hostile U-mode wfi with interrupts off\n");
	__asm__ volatile("csrw sepc, %0\n\t"
			 "csrc sstatus, %1\n\t"
			 "sret\n\t"
			 ".globl u_wfi_resume\n"
			 "u_wfi_resume:" ::"r"(u_wfi),
			 "r"(SR_SPP)
			 : "memory");
	tg_exc_hook = NULL;
	tg_eqi((long)u_traps, 1, "U-mode wfi returned to the kernel once");
	tg_ok(u_cause == CAUSE_ILLEGAL_INSN && u_epc == (uintptr_t)u_wfi,
	      "it is an illegal instruction at the wfi # scause %lu sepc "
	      "%#lx, expected %u at %#lx",
	      u_cause, u_epc, CAUSE_ILLEGAL_INSN, (unsigned long)u_wfi);
	tg_ok(u_tval == 0 || u_tval == 0x10500073,
	      "stval = 0 or the instruction # %#lx", u_tval);
}

/* ---- progress ---- */
#define PROGRESS_FAULTS 102000

static volatile unsigned long skipped;

static bool skip_hook(struct tg_frame *f)
{
	if (f->scause != CAUSE_LOAD_ACCESS)
		return false;
	skipped++;
	f->sepc += 4;
	return true;
}

static void mode_progress(void)
{
	volatile uint8_t *lsr = (volatile uint8_t *)(UART + UART_LSR);
	volatile unsigned long *bad = (volatile unsigned long *)NOWHERE;
	unsigned long good = 0;

	tg_plan(4);
	csr_clear(CSR_SSTATUS, SR_SIE);
	csr_write(CSR_SIE, 0);
	tg_exc_hook = skip_hook;
	for (unsigned long i = 0; i < PROGRESS_FAULTS; i++) {
		__asm__ volatile(".option push\n.option norvc\n"
				 "ld zero, 0(%0)\n.option pop" ::"r"(bad)
				 : "memory");
		good += (*lsr & 0x60) == 0x60;
	}
	tg_eqi((long)skipped, PROGRESS_FAULTS,
	       "faults each followed by a UART read: all handled");
	tg_eqi((long)good, PROGRESS_FAULTS, "every UART read emulated");
	skipped = 0;
	for (unsigned long i = 0; i < PROGRESS_FAULTS; i++)
		__asm__ volatile(".option push\n.option norvc\n"
				 "ld zero, 0(%0)\n.option pop" ::"r"(bad)
				 : "memory");
	tg_exc_hook = NULL;
	tg_eqi((long)skipped, PROGRESS_FAULTS,
	       "faults in a loop, each skipped: all handled");
	tg_ok(true, "not stopped as an exception storm");
}

/* ---- timer: many short timer waits in WFI ---- */
static volatile unsigned long timer_irqs;

static void on_timer(struct tg_frame *f, unsigned long cause)
{
	(void)f;
	if (cause != (CAUSE_IRQ_FLAG | IRQ_S_TIMER))
		tg_bail("unexpected interrupt %#lx", cause);
	timer_irqs++;
	sbi_set_timer(UINT64_MAX);
}

static void mode_timer(void)
{
	unsigned long rounds = tg_arg_ul("tg.rounds", 1000), late = 0;

	tg_plan(1);
	tg_irq_hook = on_timer;
	csr_write(CSR_SIE, BIT(IRQ_S_TIMER));
	for (unsigned long i = 0; i < rounds; i++) {
		unsigned long before = timer_irqs;
		uint64_t deadline = tg_time() + tg_ms(1);

		sbi_set_timer(deadline);
		/* SIE = 0 from the check to WFI, which still wakes on the
		 * pending interrupt: checking with SIE = 1 lets the interrupt
		 * (and the handler's disarm) come between the check and WFI,
		 * which then waits for ever */
		for (;;) {
			csr_clear(CSR_SSTATUS, SR_SIE);
			if (timer_irqs != before)
				break;
			__asm__ volatile("wfi" ::: "memory");
			csr_set(CSR_SSTATUS, SR_SIE);
		}
		late += tg_time() > deadline + tg_ms(100);
		if (i % 500 == 499)
			tg_printf("tg: hostile timer round %lu\n", i + 1);
	}
	tg_ok(true, "%lu timer waits in WFI, each woken (%lu over 100 ms late)",
	      rounds, late);
}

void tg_main(void)
{
	char mode[16] = "";

	tg_arg("tg.mode", mode, sizeof(mode));
	if (!strcmp(mode, "walk"))
		mode_walk();
	else if (!strcmp(mode, "uwfi"))
		mode_uwfi();
	else if (!strcmp(mode, "progress"))
		mode_progress();
	else if (!strcmp(mode, "timer"))
		mode_timer();
	else
		tg_bail("unknown tg.mode=%s", mode);
}
