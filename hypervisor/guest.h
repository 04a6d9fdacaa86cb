/* SPDX-License-Identifier: MIT */
/* A guest (virtual machine): RAM, G-stage table, vCPUs, lifecycle. */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "bundle.h"
#include "gstage.h"
#include "mmio.h"
#include "vcpu.h"
#include "vplic.h"
#include "vuart.h"

#define GUEST_RAM_BASE 0x80000000ULL
#define GUEST_DTB_MAX 0x10000 /* the guest DTB sits in the last 64 KiB */

/* emulated devices, where QEMU virt has them (docs/architecture.md) */
#define GUEST_UART_BASE 0x10000000ULL
#define GUEST_UART_SIZE 0x100
#define GUEST_UART_IRQ 10
#define GUEST_PLIC_BASE 0x0c000000ULL
#define GUEST_PLIC_NDEV 95
#define GUEST_UART_NODE "/serial@10000000" /* /chosen stdout-path */
#define GUEST_PHANDLE_PLIC 0x100 /* GUEST_FDT_PHANDLE_FREE */
#define GUEST_INPUT_SIZE 256

enum guest_state { GUEST_EMPTY, GUEST_RUNNING, GUEST_REBOOTING, GUEST_STOPPED };

struct guest {
	unsigned int id;
	const struct guest_config *cfg;
	const char *name;
	enum guest_state state;
	int exit_status; /* POWER_* once stopped */
	uint64_t ram_gpa, ram_size;
	uint8_t *ram; /* host address of guest RAM (identity-mapped HPA) */
	struct gstage gs;
	uint64_t entry, dtb_gpa;
	unsigned int nr_vcpus;
	unsigned int reboots;
	unsigned int nr_mmio;
	struct mmio_region mmio[GUEST_MMIO_MAX];
	struct vuart uart;
	struct vplic plic;
	/* host console input for this guest, not yet taken by it */
	uint8_t input[GUEST_INPUT_SIZE];
	unsigned int input_head, input_count;
	bool uart_in_use; /* input goes to the UART once the guest touched it */
	struct vcpu vcpus[GUEST_VCPUS_MAX];
};

extern struct guest guests[GUEST_MAX];
extern unsigned int nr_guests;

int guest_create(struct guest *g, unsigned int id,
		 const struct guest_config *cfg);
int guest_boot(struct guest *g);
void guest_stop(struct guest *g, int status);
void guest_reboot(struct guest *g);
bool guest_any_running(void);
int guest_final_status(void);

/* dev_uart.c, dev_plic.c: the emulated devices of a guest */
int dev_plic_create(struct guest *g);
int dev_uart_create(struct guest *g);
void dev_uart_feed(struct guest *g);
int dev_plic_fdt(void *fdt, const struct guest *g);
int dev_uart_fdt(void *fdt, const struct guest *g);

/* host pointer for [gpa, gpa + len) if it lies entirely in guest RAM */
void *guest_gpa_to_hva(const struct guest *g, uint64_t gpa, uint64_t len);

#endif
