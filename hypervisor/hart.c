// SPDX-License-Identifier: MIT
/* Physical harts: bring-up of secondaries and IPIs between harts. */
#include "hart.h"
#include "riscv_csr.h"
#include "sbi_call.h"

/* boot.S indexes hyp_harts with this stride */
_Static_assert(sizeof(struct hart) == HART_STRUCT_SIZE, "hart size");
struct hart hyp_harts[HYP_MAX_HARTS];
unsigned int hyp_nr_harts = 1;

void hart_kick(unsigned int index)
{
	if (index >= hyp_nr_harts || index == this_hart()->index)
		return;
	SBI_CALL2(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1UL, hyp_harts[index].hartid);
}

/* a vCPU became runnable: wake harts sleeping in the idle loop */
void hart_kick_idle(void)
{
	for (unsigned int i = 0; i < hyp_nr_harts; i++)
		if (hyp_harts[i].idle)
			hart_kick(i);
}

void hart_ipi_clear(void)
{
	csr_clear(CSR_SIP, MIP_SSIP);
}
