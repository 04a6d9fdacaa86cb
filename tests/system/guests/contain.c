/* SPDX-License-Identifier: MIT */
/* Guests that cannot continue; the hypervisor must stop them and report
 * "rvh: guest 'NAME' vCPU 0 stopped: ... pc=0x... cause=N (...) tval=0x...".
 * bootargs tg.mode selects the case; before faulting the guest prints
 *   tg: expect pc=0x... cause=N tval=0x...
 * which the script compares with the report line.
 *   stvec0: a load fault while stvec = 0
 *   entry:  a load fault whose handler faults on its first instruction
 *   storm:  a load fault whose handler returns without skipping it
 *   storm-illegal: the same with an H instruction (hfence.gvma)
 * Every case runs with interrupts off; nothing here should ever return. */
#include <string.h>
#include "tg.h"

const char tg_name[] = "contain";

#define BAD_LOAD 0x40000010UL
#define BAD_ENTRY 0x40000020UL
#define HFENCE_GVMA 0x62000073u

/* the faulting instructions, labelled so their addresses are known */
__asm__(".text\n"
	".balign 4\n"
	".globl tg_contain_load\n"
	"tg_contain_load:\n"
	"	ld a1, 0(a0)\n"
	"	j tg_contain_load\n"
	".balign 4\n"
	".globl tg_contain_hfence\n"
	"tg_contain_hfence:\n"
	"	.4byte 0x62000073\n"
	"	j tg_contain_hfence\n"
	/* a trap handler whose first instruction faults */
	".balign 4\n"
	".globl tg_contain_bad_handler\n"
	"tg_contain_bad_handler:\n"
	"	ld a1, 0(a2)\n"
	"	j tg_contain_bad_handler\n"
	/* a trap handler that returns to the faulting instruction */
	".balign 4\n"
	".globl tg_contain_retry_handler\n"
	"tg_contain_retry_handler:\n"
	"	sret\n");

extern char tg_contain_load[], tg_contain_hfence[], tg_contain_bad_handler[],
	tg_contain_retry_handler[];

static void expect(const void *pc, unsigned long cause, unsigned long tval)
{
	tg_printf("tg: expect pc=%#lx cause=%lu tval=%#lx\n", (uintptr_t)pc,
		  cause, tval);
}

__attribute__((noreturn)) static void go(const void *stvec, const void *pc,
					 unsigned long a0, unsigned long a2)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r2 __asm__("a2") = a2;

	csr_write(CSR_STVEC, stvec);
	__asm__ volatile("jr %[pc]" ::[pc] "r"(pc), "r"(r0), "r"(r2)
			 : "memory");
	__builtin_unreachable();
}

void tg_main(void)
{
	char mode[16] = "";

	tg_arg("tg.mode", mode, sizeof(mode));
	csr_clear(CSR_SSTATUS, SR_SIE);
	csr_write(CSR_SIE, 0);
	if (!strcmp(mode, "stvec0")) {
		expect(tg_contain_load, CAUSE_LOAD_ACCESS, BAD_LOAD);
		go(NULL, tg_contain_load, BAD_LOAD, 0);
	} else if (!strcmp(mode, "entry")) {
		expect(tg_contain_bad_handler, CAUSE_LOAD_ACCESS, BAD_ENTRY);
		go(tg_contain_bad_handler, tg_contain_load, BAD_LOAD,
		   BAD_ENTRY);
	} else if (!strcmp(mode, "storm")) {
		expect(tg_contain_load, CAUSE_LOAD_ACCESS, BAD_LOAD);
		go(tg_contain_retry_handler, tg_contain_load, BAD_LOAD, 0);
	} else if (!strcmp(mode, "storm-illegal")) {
		expect(tg_contain_hfence, CAUSE_ILLEGAL_INSN, HFENCE_GVMA);
		go(tg_contain_retry_handler, tg_contain_hfence, 0, 0);
	}
	tg_bail("unknown tg.mode=%s", mode);
}
