/* SPDX-License-Identifier: MIT */
/* Loads and stores outside guest RAM and outside any emulated device: the
 * guest's own handler sees a load access fault (5) or store/AMO access
 * fault (7) with stval = the address and sepc = the instruction. (No sc:
 * a store-conditional without a reservation may fail without accessing
 * memory.) */
#include "tg.h"

const char tg_name[] = "fault";

enum op { LB, LW, LD, SB, SW, SD, CLD, CSW, LRD, AMOADDW, AMOSWAPD };

static const char *const op_name[] = {
	"lb",	"lw",	"ld",	"sb",	    "sw",	 "sd",
	"c.ld", "c.sw", "lr.d", "amoadd.w", "amoswap.d",
};

static unsigned long a1_value;

/* Runs one access with the catch armed; *pc = the instruction's address.
 * a0 holds the address and a1 the data so that the compressed forms
 * (registers x8-x15 only) can use them. */
static struct tg_trap access(enum op op, unsigned long addr, unsigned long *pc)
{
	unsigned long p = 0;

	/* before the register variables: a call would clobber a0/a1 */
	tg_catch_begin();
	register unsigned long a0 __asm__("a0") = addr;
	register unsigned long a1 __asm__("a1") = 0x5555;
#define TG_ACCESS(insn)                                \
	__asm__ volatile("1: " insn "\n\tlla %[p], 1b" \
			 : [p] "=&r"(p), "+r"(a1)      \
			 : "r"(a0)                     \
			 : "memory")
	switch (op) {
	case LB:
		TG_ACCESS("lb a1, 0(a0)");
		break;
	case LW:
		TG_ACCESS("lw a1, 0(a0)");
		break;
	case LD:
		TG_ACCESS("ld a1, 0(a0)");
		break;
	case SB:
		TG_ACCESS("sb a1, 0(a0)");
		break;
	case SW:
		TG_ACCESS("sw a1, 0(a0)");
		break;
	case SD:
		TG_ACCESS("sd a1, 0(a0)");
		break;
	case CLD:
		TG_ACCESS("c.ld a1, 0(a0)");
		break;
	case CSW:
		TG_ACCESS("c.sw a1, 0(a0)");
		break;
	case LRD:
		TG_ACCESS("lr.d a1, (a0)");
		break;
	case AMOADDW:
		TG_ACCESS("amoadd.w a1, a1, (a0)");
		break;
	case AMOSWAPD:
		TG_ACCESS("amoswap.d a1, a1, (a0)");
		break;
	}
#undef TG_ACCESS
	*pc = p;
	a1_value = a1;
	return tg_catch_end();
}

static bool is_store(enum op op)
{
	return op == SB || op == SW || op == SD || op == CSW || op == AMOADDW ||
	       op == AMOSWAPD;
}

static void expect_fault(enum op op, unsigned long addr, const char *where)
{
	unsigned long pc,
		cause = is_store(op) ? CAUSE_STORE_ACCESS : CAUSE_LOAD_ACCESS;
	struct tg_trap t = access(op, addr, &pc);

	tg_ok(t.taken && t.cause == cause && t.tval == addr && t.epc == pc,
	      "%s %#lx (%s) -> %s access fault # taken %d scause %lu stval "
	      "%#lx sepc %#lx, expected scause %lu stval %#lx sepc %#lx",
	      op_name[op], addr, where, is_store(op) ? "store" : "load",
	      t.taken, t.cause, t.tval, t.epc, cause, addr, pc);
}

void tg_main(void)
{
	unsigned long end = tg_ram_base + tg_ram_size, pc;
	volatile unsigned long *last = (volatile unsigned long *)(end - 8);
	struct tg_trap t;
	unsigned long v;

	tg_plan(21);
	tg_ok(tg_ram_size != 0, "guest RAM from the DTB: %#lx + %#lx",
	      (unsigned long)tg_ram_base, (unsigned long)tg_ram_size);
	/* the last word of RAM is RAM: no trap */
	*last = 0xfeedfacecafebeefUL;
	t = access(LD, (unsigned long)last, &pc);
	v = a1_value;
	tg_ok(!t.taken && v == 0xfeedfacecafebeefUL,
	      "ld of the last RAM word works # trap %d scause %lu", t.taken,
	      t.cause);
	expect_fault(LD, 0, "address 0");
	expect_fault(LW, 0x1000, "host boot ROM");
	expect_fault(SW, 0x100000, "host sifive_test, would power off");
	expect_fault(LW, 0x2000000, "host CLINT");
	expect_fault(LB, 0x40000000, "unmapped");
	expect_fault(SD, tg_ram_base - 8, "just below RAM");
	expect_fault(LD, end, "RAM end");
	expect_fault(SB, end + 3, "RAM end + 3");
	expect_fault(LW, end + 0x100000, "1 MiB past RAM end");
	expect_fault(SD, 0x300000000UL, "12 GiB");
	expect_fault(LD, (1UL << 41) - 8, "top of the Sv39x4 range");
	expect_fault(LW, 1UL << 41, "beyond the Sv39x4 range");
	expect_fault(LD, 0xfffffffffffff000UL, "top of the address space");
	expect_fault(CLD, end, "compressed load");
	expect_fault(CSW, end + 4, "compressed store");
	expect_fault(LRD, end, "load-reserved");
	expect_fault(AMOADDW, end, "AMO");
	expect_fault(AMOSWAPD, 0x40000000, "AMO, unmapped");

	tg_eqx(tg_nr_excs, 18, "exactly one trap per faulting access");
}
