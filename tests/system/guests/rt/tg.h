/* SPDX-License-Identifier: MIT */
/* Test-guest runtime: console, TAP output, trap hooks, DTB look-ups.
 * A test guest defines tg_name and tg_main(); crt0 calls tg_start(), which
 * prints the banner, runs tg_main() and shuts down through SRST (reason
 * NONE when every test passed, SYSTEM_FAILURE otherwise). */
#ifndef TG_H
#define TG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "riscv_csr.h"
#include "sbi_call.h"
#include "tg_frame.h"

#define TG_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* provided by each test guest */
extern const char tg_name[];
void tg_main(void);

/* boot information (crt0 records the raw entry state in tg_boot_state) */
extern unsigned long tg_boot_state[TG_BOOT_NR];
extern unsigned long tg_hartid;
extern const void *tg_dtb;
extern char tg_image_start[], tg_image_end[];

/* console: legacy SBI putchar, so it works on the hypervisor and on OpenSBI */
void tg_putc(char c);
void tg_puts(const char *s);
void tg_printf(const char *fmt, ...) TG_PRINTF(1, 2);
void tg_vprintf(const char *fmt, va_list ap);

/* TAP */
void tg_plan(unsigned int n);
bool tg_ok(bool cond, const char *fmt, ...) TG_PRINTF(2, 3);
/* unsigned comparison, values shown in hex */
bool tg_eqx(unsigned long got, unsigned long exp, const char *fmt, ...)
	TG_PRINTF(3, 4);
/* signed comparison, values shown in decimal (SBI error codes) */
bool tg_eqi(long got, long exp, const char *fmt, ...) TG_PRINTF(3, 4);
void tg_diag(const char *fmt, ...) TG_PRINTF(1, 2);
bool tg_all_passed(void);
__attribute__((noreturn)) void tg_done(void);
__attribute__((noreturn)) void tg_bail(const char *fmt, ...) TG_PRINTF(1, 2);
__attribute__((noreturn)) void tg_shutdown(uint32_t reason);

/* traps: tg_catch_begin() arms a one-shot catch for the next synchronous
 * exception, which is recorded and skipped (sepc += instruction length).
 * An exception that nobody expects bails out. */
struct tg_trap {
	bool taken;
	unsigned long cause, tval, epc;
};
void tg_catch_begin(void);
struct tg_trap tg_catch_end(void);
/* Interrupt hook (scause has the interrupt bit); NULL -> bail out. */
typedef void (*tg_irq_fn)(struct tg_frame *f, unsigned long cause);
extern volatile tg_irq_fn tg_irq_hook;
/* Exception hook run before the catch logic; returns true if it handled
 * the trap (it may leave sepc unchanged to re-execute the instruction). */
typedef bool (*tg_exc_fn)(struct tg_frame *f);
extern volatile tg_exc_fn tg_exc_hook;
/* Whether interrupt irq (IRQ_S_*) is pending, seen by taking it: sie has
 * the bit set and SIE is opened for a moment; a taken interrupt has its
 * sie bit cleared in the trap (the source stays pending) and the caller's
 * sie is restored afterwards. Needed because QEMU 7.2 reads of sip in
 * VS-mode show only SSIP. */
bool tg_irq_pending(unsigned int irq);
/* number of interrupts and exceptions taken so far */
extern volatile unsigned long tg_nr_irqs, tg_nr_excs;
unsigned int tg_insn_len(unsigned long pc);

/* time */
extern uint64_t tg_timebase; /* from the DTB, 10 MHz if absent */
static inline uint64_t tg_time(void)
{
	return csr_read(CSR_TIME);
}
static inline uint64_t tg_ms(uint64_t ms)
{
	return ms * (tg_timebase / 1000);
}
/* spin until cond() or the deadline; returns cond()'s last value */
bool tg_wait_until(bool (*cond)(void), uint64_t deadline);

/* DTB (libfdt); all return false/NULL when absent */
bool tg_fdt_valid(void);
bool tg_fdt_memory(uint64_t *base, uint64_t *size);
const char *tg_fdt_bootargs(void);
/* value of "key=value" in bootargs, copied into buf */
bool tg_arg(const char *key, char *buf, size_t len);
unsigned long tg_arg_ul(const char *key, unsigned long dflt);

/* guest RAM as the DTB describes it (tg_start fills these) */
extern uint64_t tg_ram_base, tg_ram_size;

/* HSM non-retentive suspend (tg_suspend.S): returns the SBI error when
 * hart_suspend returns, 1 after resuming at tg_resume_entry. */
struct tg_resume_info {
	unsigned long a0, a1, satp, sstatus, sie, sp, resumed;
};
extern volatile struct tg_resume_info tg_resume_info;
extern char tg_resume_entry[];
long tg_hsm_suspend_nonret(unsigned long type, unsigned long opaque);

#endif
