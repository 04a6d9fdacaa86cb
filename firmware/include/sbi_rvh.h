/* SPDX-License-Identifier: MIT */
/* SBI_EXT_RVH (sbi_abi.h), the hypervisor's own extension. The counters
 * of a guest, read by the guest itself: function SBI_RVH_COUNTERS, a0 =
 * guest-physical address, a1 = bytes there. The hypervisor writes at most
 * a1 bytes of struct rvh_counters (summed over the caller's vCPUs) and
 * returns the size of the struct as value; a buffer not wholly in guest
 * RAM is SBI_ERR_INVALID_ADDRESS. Meant for benchmarks: take a snapshot
 * before and after a phase (the second call's own exit is in the
 * difference). Instruction counts are instret deltas: instructions only
 * under QEMU's -icount (otherwise host ticks). */
#ifndef SBI_RVH_H
#define SBI_RVH_H

#include <stdint.h>

#define SBI_RVH_COUNTERS 0

struct rvh_counters {
	uint64_t exits; /* every exit of the guest's vCPUs */
	uint64_t exits_ecall; /* SBI calls */
	uint64_t exits_load; /* load guest-page faults (MMIO reads) */
	uint64_t exits_store; /* store guest-page faults (MMIO writes) */
	uint64_t exits_vinsn; /* virtual instruction (WFI, counter reads) */
	uint64_t exits_irq; /* host interrupts while in the guest */
	/* instructions retired in the guest, the world switch left out */
	uint64_t guest_instret;
	/* hypervisor instructions from each exit to the next entry of the
	 * vCPU (world switch included, the hart's idle WFI left out) */
	uint64_t hyp_instret;
};

#endif
