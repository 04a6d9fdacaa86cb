/* SPDX-License-Identifier: MIT */
#ifndef GK_BOOTINFO_H
#define GK_BOOTINFO_H

#include <stdint.h>

#define GK_MAX_CPUS 8
#define GK_BOOTARGS_MAX 256
#define GK_MAX_VIRTIO 8

/* What the kernel learns from the DTB at boot. */
struct bootinfo {
	uint64_t mem_base, mem_size;
	uint64_t timebase;
	unsigned ncpus;
	unsigned long hartids[GK_MAX_CPUS];
	uint64_t initrd_start, initrd_end;
	uint64_t uart_base, uart_size;
	uint32_t uart_irq;
	uint64_t plic_base, plic_size;
	int32_t plic_sctx[GK_MAX_CPUS]; /* S-mode context per cpu index, -1 */
	struct {
		uint64_t base, size;
		uint32_t irq;
	} virtio[GK_MAX_VIRTIO]; /* "virtio,mmio" nodes, in tree order */
	unsigned nvirtio;
	char bootargs[GK_BOOTARGS_MAX];
	uint64_t dtb_pa, dtb_size;
};

extern struct bootinfo bootinfo;

/* Fills bootinfo from the DTB; returns 0 or a negative libfdt error. */
int bootinfo_parse(const void *dtb);

/* Value of "key=value" in bootargs, copied into buf; NULL if absent. */
const char *bootargs_get(const char *key, char *buf, unsigned long size);

#endif
