/* SPDX-License-Identifier: MIT */
/* Guests that try to hold up the hypervisor, or to race it. tg.mode:
 *   dbcn:   from platform time tg.start_ms, writes tg.kib KiB (lines of
 *           63 dots) through DBCN console_write, each call asking for all
 *           that is left (the spec lets a call write less: it loops);
 *           prints "tg: smp_hostile dbcn done" with the calls it took;
 *           passes if no call wrote more than DBCN_MOST bytes
 *   ticker: until platform time tg.end_ms, makes SBI calls; passes if
 *           no two returned tg.max_ms or more apart (another guest's work
 *           must not hold up this guest's exits)
 *   reboot: 2 vCPUs; before tg.switch_ms (the first boot) both wait for
 *           that time and then, at once, vCPU 0 asks for tg.a0 and vCPU 1
 *           for tg.a1 (cold, warm or off) (see second_reset); a later boot
 *           shuts down
 *   wait:   a bystander that keeps the hypervisor running until
 *           tg.end_ms, asleep */
#include <string.h>
#include "smp_rt.h"

const char tg_name[] = "smp_hostile";

static char flood_buf[4 << 20];
/* what a DBCN write may do in one call, at most: some milliseconds of
 * console output */
#define DBCN_MOST 4096

static uint64_t at_ms(const char *key, unsigned long dflt)
{
	return tg_ms(tg_arg_ul(key, dflt));
}

static void mode_dbcn(void)
{
	unsigned long len = tg_arg_ul("tg.kib", 256) << 10, done = 0;
	unsigned long calls = 0, most = 0;
	uint64_t start = at_ms("tg.start_ms", 1500), t0;
	struct sbiret r = {0, 0};

	if (len > sizeof(flood_buf))
		tg_bail("tg.kib too large (at most %lu)",
			(unsigned long)sizeof(flood_buf) >> 10);
	for (unsigned long i = 0; i < len; i++)
		flood_buf[i] = i % 64 == 63 ? '\n' : '.';
	while (tg_time() < start)
		;
	t0 = tg_time();
	while (done < len) {
		r = sbi_dbcn_write(len - done, (uintptr_t)flood_buf + done, 0);
		if (r.error || r.value <= 0 ||
		    (unsigned long)r.value > len - done)
			break;
		done += (unsigned long)r.value;
		if ((unsigned long)r.value > most)
			most = (unsigned long)r.value;
		calls++;
	}
	tg_printf("tg: smp_hostile dbcn done: %lu bytes in %lu calls (at most "
		  "%lu a call) in %lu ms\n",
		  done, calls, most,
		  (unsigned long)((tg_time() - t0) / tg_ms(1)));
	tg_plan(2);
	tg_ok(done == len,
	      "DBCN wrote all %lu bytes # last error %ld value %ld", len,
	      r.error, r.value);
	tg_ok(most <= DBCN_MOST,
	      "no call wrote more than %u bytes (the hypervisor holds its lock "
	      "for the call) # at most %lu",
	      DBCN_MOST, most);
}

/* the longest gap between two calls returning: what the guest waited
 * for the call, or for a hart to run it at all */
static void mode_ticker(void)
{
	uint64_t end = at_ms("tg.end_ms", 5000), worst = 0, max, at = 0;
	uint64_t last = tg_time();
	unsigned long calls = 0, over1 = 0, over10 = 0;

	max = at_ms("tg.max_ms", 100);
	tg_plan(1);
	while (last < end) {
		uint64_t now, t;

		sbi_probe_extension(SBI_EXT_DBCN);
		now = tg_time();
		t = now - last;
		if (t > worst) {
			worst = t;
			at = last;
		}
		over1 += t > tg_ms(1);
		over10 += t > tg_ms(10);
		calls++;
		last = now;
	}
	tg_printf("tg: smp_hostile ticker done: %lu calls, %lu gaps over 1 "
		  "ms, %lu over 10 ms, the longest %lu us at %lu ms\n",
		  calls, over1, over10,
		  (unsigned long)(worst * 1000 / tg_ms(1)),
		  (unsigned long)(at / tg_ms(1)));
	tg_ok(worst < max,
	      "no gap of %lu ms or more between two SBI calls returning # "
	      "longest %lu us of %lu calls",
	      (unsigned long)(max / tg_ms(1)),
	      (unsigned long)(worst * 1000 / tg_ms(1)), calls);
}

static volatile unsigned long ready;

static struct sbiret system_reset_named(const char *what)
{
	if (!strcmp(what, "off"))
		return sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN,
					SBI_SRST_REASON_NONE);
	return sbi_system_reset(strcmp(what, "warm")
					? SBI_SRST_TYPE_COLD_REBOOT
					: SBI_SRST_TYPE_WARM_REBOOT,
				SBI_SRST_REASON_NONE);
}

/* vCPU 1: starts a long console write just before the switch time and
 * asks for its reset as soon as the write returns. vCPU 0's request comes
 * in while the hypervisor is busy with the write, so the two are handled
 * right after each other: vCPU 1 traps before any kick from the hart
 * handling vCPU 0 can reach it. */
static void second_reset(unsigned long id, unsigned long sw)
{
	char what[8] = "cold";

	(void)id;
	tg_arg("tg.a1", what, sizeof(what));
	memset(flood_buf, '-', 2047);
	flood_buf[2047] = '\n';
	smp_store(&ready, 1);
	while (tg_time() < sw - tg_ms(1))
		;
	sbi_dbcn_write(2048, (uintptr_t)flood_buf, 0);
	system_reset_named(what);
	for (;;) /* a failed call: vCPU 0 reports it */
		;
}

static void mode_reboot(void)
{
	uint64_t sw = at_ms("tg.switch_ms", 1500), now = tg_time();
	char what[8] = "cold";
	struct sbiret r;

	tg_arg("tg.a0", what, sizeof(what));
	tg_printf("tg: smp_hostile boot at time %lu, switch at %lu\n",
		  (unsigned long)now, (unsigned long)sw);
	if (now >= sw) {
		tg_plan(1);
		tg_ok(true, "a boot after the switch time shuts down");
		return;
	}
	if (smp_start(1, second_reset, sw).error ||
	    !SMP_WAIT(smp_load(&ready), 2000))
		tg_bail("vCPU 1 did not start");
	while (tg_time() < sw)
		;
	r = system_reset_named(what);
	tg_bail("system_reset(%s) returned error %ld", what, r.error);
}

static void mode_wait(void)
{
	uint64_t end = at_ms("tg.end_ms", 5000);

	/* asleep in WFI: no hart is taken from the other guests */
	tg_plan(1);
	csr_clear(CSR_SSTATUS, SR_SIE);
	csr_write(CSR_SIE, BIT(IRQ_S_TIMER));
	sbi_set_timer(end);
	while (tg_time() < end)
		__asm__ volatile("wfi");
	sbi_set_timer(UINT64_MAX);
	tg_ok(true, "waited until %lu ms", (unsigned long)(end / tg_ms(1)));
}

void tg_main(void)
{
	char mode[16] = "";

	tg_arg("tg.mode", mode, sizeof(mode));
	if (!strcmp(mode, "dbcn"))
		mode_dbcn();
	else if (!strcmp(mode, "ticker"))
		mode_ticker();
	else if (!strcmp(mode, "reboot"))
		mode_reboot();
	else if (!strcmp(mode, "wait"))
		mode_wait();
	else
		tg_bail("unknown tg.mode '%s'", mode);
}
