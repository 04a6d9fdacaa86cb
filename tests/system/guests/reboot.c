/* SPDX-License-Identifier: MIT */
/* SRST reboot (tg.type=cold|warm): the guest restarts from its original
 * image, with RAM reloaded.
 *
 * How a boot tells it is the second one: nothing in guest RAM survives a
 * reboot (the hypervisor may clear it all), so the guest uses the time
 * CSR, which keeps counting across a guest reboot. A boot that starts
 * before tg.switch_ms (default 2000 ms) of platform time is the first: it
 * dirties its .data and .rodata, waits until the switch time has passed
 * and reboots. A boot after the switch time is the second: it checks the
 * image was reloaded and shuts down. The script expects exactly two
 * "tg: reboot start" banners and a clean shutdown; if time were reset by a
 * reboot the guest would loop, which the script stops and reports. */
#include <string.h>
#include "tg.h"

const char tg_name[] = "reboot";

static volatile unsigned long data_word = 0x5eed5eed5eed5eedUL;
static const unsigned long rodata_word = 0x0123456776543210UL;

static bool image_pristine(void)
{
	return data_word == 0x5eed5eed5eed5eedUL &&
	       *(volatile const unsigned long *)&rodata_word ==
		       0x0123456776543210UL;
}

void tg_main(void)
{
	uint64_t now = tg_time(), sw = tg_ms(tg_arg_ul("tg.switch_ms", 2000));
	char type_s[8] = "cold";
	uint32_t type;
	struct sbiret r;

	tg_arg("tg.type", type_s, sizeof(type_s));
	type = strcmp(type_s, "warm") ? SBI_SRST_TYPE_COLD_REBOOT
				      : SBI_SRST_TYPE_WARM_REBOOT;
	tg_printf("tg: reboot boot at time %lu, switch at %lu\n",
		  (unsigned long)now, (unsigned long)sw);
	if (now < sw) {
		/* first boot */
		tg_plan(1);
		tg_ok(image_pristine(), "first boot: image data as linked");
		data_word = 0xdeaddeaddeaddeadUL;
		*(volatile unsigned long *)&rodata_word = 0xdeaddeaddeaddeadUL;
		while (tg_time() <= sw)
			;
		tg_printf("tg: reboot %s reboot now\n", type_s);
		r = sbi_system_reset(type, SBI_SRST_REASON_NONE);
		tg_bail("system_reset(%s reboot) returned error %ld", type_s,
			r.error);
	}
	tg_plan(2);
	tg_ok(image_pristine(),
	      "second boot: .data and .rodata reloaded from the image # "
	      "data %#lx rodata %#lx",
	      data_word, *(volatile const unsigned long *)&rodata_word);
	tg_eqx(tg_boot_state[10], tg_hartid,
	       "second boot: entered like the first (a0 = vCPU id)");
}
