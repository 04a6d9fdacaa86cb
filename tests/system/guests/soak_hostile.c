/* SPDX-License-Identifier: MIT */
/* The soak's hostile guest (scripts/soak/soak.sh): each boot makes
 * SBI calls with bad arguments, takes a storm of access faults that it
 * handles, breaks its virtio-blk ring and brings it back (vblk.c's
 * tg.mode=hostile, linked in with its entry points renamed), then asks
 * for a cold reboot, for as long as the soak runs. It never asks for
 * anything that would stop it (hart_stop, shutdown, a valid reset type
 * other than the reboot at the end). */
#include "tg.h"

const char tg_name[] = "soak_hostile";

#define BAD_CALLS 3000
#define FAULTS 5000

/* vblk.c with tg_main/tg_name/tg_done renamed (tests/system/soak.mk) */
void vblk_tg_main(void);
__attribute__((noreturn)) void vblk_tg_done(void);

static uint64_t rnd_state;
static unsigned long calls, faults, odd;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* a guest-physical address in no RAM and no device */
static unsigned long bad_addr(void)
{
	return rnd() & 1 ? 0x200000000UL + (rnd() & 0xffffff8UL)
			 : 0x40000000UL + (rnd() & 0xffff8UL);
}

static void bad_call(void)
{
	unsigned long a = bad_addr(), n = rnd() & 0xffff;
	struct sbiret r;

	switch (rnd() % 10) {
	case 0: /* DBCN write/read of memory that is not the guest's */
		r = sbi_ecall(SBI_EXT_DBCN, rnd() & 1, n + 1, a, 0, 0, 0, 0);
		break;
	case 1: /* a reserved reset type: refused */
		r = sbi_ecall(SBI_EXT_SRST, 0, 2 + rnd() % 0xeffffff0UL, rnd(),
			      0, 0, 0, 0);
		break;
	case 2: /* reserved suspend types, starts of harts it lacks */
		r = rnd() & 1
			    ? sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND,
					1 + rnd() % 0x7ffffffeUL, a, 0, 0, 0, 0)
			    : sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START,
					1 + (rnd() & 0xff), a, rnd(), 0, 0, 0);
		break;
	case 3:
		r = sbi_ecall(SBI_EXT_IPI, rnd() & 3, rnd(), rnd(), 0, 0, 0, 0);
		break;
	case 4:
		r = sbi_ecall(SBI_EXT_RFENCE, rnd() & 7, rnd(), rnd(), a, n,
			      rnd(), 0);
		break;
	case 5: /* legacy calls taking a pointer to a hart mask */
		r = sbi_ecall(4 + rnd() % 4, 0, a, rnd(), rnd(), 0, 0, 0);
		break;
	case 6:
		r = sbi_ecall(SBI_EXT_BASE, rnd() & 15, rnd(), 0, 0, 0, 0, 0);
		break;
	case 7:
		r = sbi_ecall(SBI_EXT_TIME, rnd() & 1, rnd(), 0, 0, 0, 0, 0);
		break;
	case 8: /* reserved extension ids */
		r = sbi_ecall(0x0b000000UL + (rnd() & 0xffffff), rnd() & 7,
			      rnd(), rnd(), 0, 0, 0, 0);
		break;
	default: /* unknown function ids of known extensions */
		r = sbi_ecall(SBI_EXT_HSM, 4 + (rnd() & 0xff), a, 0, 0, 0, 0,
			      0);
	}
	calls++;
	if (r.error > 0 || r.error < -10)
		odd++;
}

static void fault(void)
{
	volatile unsigned long *p = (volatile unsigned long *)bad_addr();
	struct tg_trap t;

	tg_catch_begin();
	if (rnd() & 1)
		(void)*p;
	else
		*p = rnd();
	t = tg_catch_end();
	faults++;
	if (!t.taken ||
	    (t.cause != CAUSE_LOAD_ACCESS && t.cause != CAUSE_STORE_ACCESS))
		odd++;
}

void tg_main(void)
{
	rnd_state = tg_time() | 1;
	/* the timer and IPIs the calls may arm stay masked */
	csr_write(CSR_SIE, 0);
	for (unsigned int i = 0; i < BAD_CALLS; i++)
		bad_call();
	for (unsigned int i = 0; i < FAULTS; i++)
		fault();
	vblk_tg_main(); /* ends in vblk_tg_done */
}

void vblk_tg_done(void)
{
	bool end = tg_time() / tg_timebase >= tg_arg_ul("tg.end_s", ~0UL);

	tg_printf("soak_hostile: %lu bad calls, %lu faults, %lu odd answers; "
		  "vblk %s; %s\n",
		  calls, faults, odd, tg_all_passed() ? "ok" : "FAILED",
		  end ? "done" : "rebooting");
	/* shutdown (type 0) at the end, else a cold reboot */
	sbi_ecall(SBI_EXT_SRST, 0, end ? 0 : 1, 0, 0, 0, 0, 0);
	tg_bail("the reboot request returned");
}
