/* SPDX-License-Identifier: MIT */
/* SRST argument checks and the shutdown that ends the run. bootargs
 * tg.exit selects the final call, whose QEMU exit status the script checks:
 *   none (default): the error tests, then shutdown with reason NONE (or
 *                   SYSTEM_FAILURE if one failed)          -> exit 0
 *   sysfail: shutdown, reason SYSTEM_FAILURE              -> exit 1
 *   other:   shutdown, reason 0xE0000000 (SBI implementation
 *            specific; reserved are 2..0xDFFFFFFF)         -> exit 2
 *   legacy:  legacy SBI shutdown (EID 0x08)               -> exit 0 */
#include <string.h>
#include "tg.h"

const char tg_name[] = "srst";

struct tg_srst_case {
	uint32_t type, reason;
	const char *what;
};

/* Reboot types go first: a wrongly accepted reserved reason with a
 * reboot type restarts the guest (two banners), a shutdown ends the run
 * (missing results); both fail in the script. */
static const struct tg_srst_case bad[] = {
	{3, SBI_SRST_REASON_NONE, "reserved type 3"},
	{0xefffffff, SBI_SRST_REASON_NONE, "reserved type 0xefffffff"},
	{0xf0000000, SBI_SRST_REASON_NONE,
	 "vendor type 0xf0000000, not implemented"},
	{SBI_SRST_TYPE_COLD_REBOOT, 2, "cold reboot, reserved reason 2"},
	{SBI_SRST_TYPE_WARM_REBOOT, 0xdfffffff,
	 "warm reboot, reserved reason 0xdfffffff"},
	{SBI_SRST_TYPE_SHUTDOWN, 2, "shutdown, reserved reason 2"},
	{SBI_SRST_TYPE_SHUTDOWN, 0xdfffffff,
	 "shutdown, reserved reason 0xdfffffff"},
};

void tg_main(void)
{
	char mode[16] = "none";
	unsigned int i;

	tg_arg("tg.exit", mode, sizeof(mode));
	if (strcmp(mode, "none")) {
		/* exit-status runs: no tests, just the final call */
		tg_plan(0);
		if (!strcmp(mode, "sysfail"))
			tg_shutdown(SBI_SRST_REASON_SYSFAIL);
		if (!strcmp(mode, "other"))
			tg_shutdown(0xe0000000);
		if (!strcmp(mode, "legacy")) {
			tg_printf("tg: srst legacy shutdown\n");
			sbi_ecall(SBI_EXT_0_1_SHUTDOWN, 0, 0, 0, 0, 0, 0, 0);
			tg_bail("legacy shutdown returned");
		}
		tg_bail("unknown tg.exit=%s", mode);
	}
	tg_plan(sizeof(bad) / sizeof(bad[0]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sbiret r = sbi_system_reset(bad[i].type, bad[i].reason);

		tg_eqi(r.error, SBI_ERR_INVALID_PARAM,
		       "system_reset(%s) -> INVALID_PARAM", bad[i].what);
	}
}
