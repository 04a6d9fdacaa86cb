/* SPDX-License-Identifier: MIT */
/* C entry of every test guest. */
#include <libfdt.h>
#include "tg.h"

unsigned long tg_hartid;
const void *tg_dtb;
uint64_t tg_timebase = 10000000;
uint64_t tg_ram_base, tg_ram_size;

void tg_start(unsigned long hartid, const void *dtb);

static void tg_read_timebase(void)
{
	const fdt32_t *p;
	int node, len;

	node = fdt_path_offset(tg_dtb, "/cpus");
	if (node < 0)
		return;
	p = fdt_getprop(tg_dtb, node, "timebase-frequency", &len);
	if (p && len == 4)
		tg_timebase = fdt32_to_cpu(p[0]);
	else if (p && len == 8)
		tg_timebase = ((uint64_t)fdt32_to_cpu(p[0]) << 32) |
			      fdt32_to_cpu(p[1]);
}

bool tg_wait_until(bool (*cond)(void), uint64_t deadline)
{
	while (!cond())
		if (tg_time() >= deadline)
			return cond();
	return true;
}

void tg_start(unsigned long hartid, const void *dtb)
{
	tg_hartid = hartid;
	tg_dtb = dtb;
	/* picolibc's formatting code may touch FP registers */
	csr_set(CSR_SSTATUS, SR_FS_INITIAL);
	tg_printf("tg: %s start (hart %lu, dtb %#lx, time %lu)\n", tg_name,
		  hartid, (unsigned long)dtb, (unsigned long)tg_time());
	if (tg_fdt_valid()) {
		tg_read_timebase();
		tg_fdt_memory(&tg_ram_base, &tg_ram_size);
	} else {
		tg_diag("no valid DTB at %#lx", (unsigned long)dtb);
	}
	if (tg_timebase < 1000)
		tg_timebase = 10000000;
	tg_main();
	tg_done();
}
