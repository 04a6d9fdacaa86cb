// SPDX-License-Identifier: MIT
/* For a guest that seems stuck (the soak's watchdog types Ctrl-] d): each
 * hart's idle flag, loaded vCPU and host timer, and each vCPU's state,
 * pending interrupts, timer and exit count. Read without the scheduler
 * lock (a hart may hold it for good when something is wrong), so a value
 * can be a moment old; a loaded vCPU's CSRs are those of its last put. */
#include "console.h"
#include "guest.h"
#include "hart.h"
#include "hyp_dump.h"
#include "riscv_csr.h"

static const char *const hsm_names[] = {"started", "stopped", "starting",
					"stopping", "suspended"};
static const char *const guest_states[] = {"empty", "running", "rebooting",
					   "stopped"};

static void dump_vcpu(const struct vcpu *v)
{
	unsigned long exits = 0;

	for (unsigned int i = 0; i < sizeof(v->exits) / sizeof(v->exits[0]);
	     i++)
		exits += v->exits[i];
	hyp_info("  vCPU %u: %s%s hart %d%s pc=0x%lx vsie=0x%lx "
		 "hvip=0x%lx irq pending 0x%lx mask 0x%lx vstimecmp=0x%llx "
		 "deadline=0x%llx exits %lu",
		 v->id,
		 (unsigned int)v->hsm_state < 5 ? hsm_names[v->hsm_state] : "?",
		 v->wfi ? " wfi" : "", v->hart, v->in_guest ? " in guest" : "",
		 v->regs.sepc, v->csr.vsie, v->csr.hvip, v->irq_pending,
		 v->irq_mask, (unsigned long long)v->csr.vstimecmp,
		 (unsigned long long)v->timer_deadline, exits);
}

void hyp_dump_state(void)
{
	hyp_info("state at time 0x%llx:",
		 (unsigned long long)csr_read(CSR_TIME));
	for (unsigned int i = 0; i < hyp_nr_harts; i++) {
		const struct hart *h = &hyp_harts[i];

		hyp_info("hart %u:%s%s loaded %s/%d timer 0x%llx slice end "
			 "0x%llx",
			 i, h->online ? "" : " offline", h->idle ? " idle" : "",
			 h->loaded ? h->loaded->vm->name : "-",
			 h->loaded ? (int)h->loaded->id : -1,
			 (unsigned long long)h->timer_armed,
			 (unsigned long long)h->slice_end);
	}
	for (unsigned int g = 0; g < nr_guests; g++) {
		const struct guest *gu = &guests[g];

		hyp_info("guest '%s': %s, %u reboots", gu->name,
			 (unsigned int)gu->state < 4 ? guest_states[gu->state]
						     : "?",
			 gu->reboots);
		for (unsigned int i = 0; i < gu->nr_vcpus; i++)
			dump_vcpu(&gu->vcpus[i]);
	}
}
