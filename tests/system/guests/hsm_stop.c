/* SPDX-License-Identifier: MIT */
/* hart_stop on the only vCPU: the call does not return and the run ends
 * with QEMU exit status 3 (all vCPUs of the guest stopped). */
#include "tg.h"

const char tg_name[] = "hsm_stop";

void tg_main(void)
{
	struct sbiret r;

	tg_plan(1);
	r = sbi_hart_get_status(tg_hartid);
	tg_ok(r.error == 0 && r.value == SBI_HSM_STATE_STARTED,
	      "hart_get_status(self) -> STARTED # error %ld value %ld", r.error,
	      r.value);
	/* the spec wants S-mode interrupts off for hart_stop */
	csr_clear(CSR_SSTATUS, SR_SIE);
	tg_printf("tg: hsm_stop calling hart_stop\n");
	r = SBI_CALL0(SBI_EXT_HSM, SBI_HSM_HART_STOP);
	tg_bail("hart_stop returned error %ld", r.error);
}
