/* SPDX-License-Identifier: MIT */
/* What the hypervisor learns from the host DTB that OpenSBI hands it. */
#ifndef HOST_FDT_H
#define HOST_FDT_H

#include <stdbool.h>
#include <stdint.h>

#include "hart.h"

#define HOST_VIRTIO_MAX 8

struct host_info {
	uint64_t ram_base, ram_size;
	unsigned int nr_harts;
	unsigned long hartids[HYP_MAX_HARTS];
	uint32_t timebase_hz;
	char isa[256]; /* riscv,isa of the boot hart */
	char mmu_type[24];
	bool has_sstc;
	uint64_t uart_base;
	uint32_t uart_irq;
	uint64_t plic_base, plic_size;
	uint64_t test_base;
	unsigned int nr_virtio; /* virtio-mmio slots, lowest address first */
	uint64_t virtio_base[HOST_VIRTIO_MAX];
	uint32_t virtio_irq[HOST_VIRTIO_MAX]; /* PLIC source, 0 if none */
	uint64_t initrd_start, initrd_end;
	uint64_t fdt_base, fdt_size;
};

/* Returns 0, or -1 after printing what is wrong with the DTB. */
int host_fdt_parse(const void *fdt, struct host_info *hi);

extern struct host_info host; /* main.c: the machine we run on */
bool hyp_has_sstc(void);

#endif
