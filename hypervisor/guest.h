/* SPDX-License-Identifier: MIT */
/* A guest (virtual machine): RAM, G-stage table, vCPUs, lifecycle. */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "bundle.h"
#include "dev/vdev.h"
#include "gstage.h"
#include "guest_console.h"
#include "mmio.h"
#include "vcpu.h"

#define GUEST_RAM_BASE 0x80000000ULL
#define GUEST_DTB_MAX 0x10000 /* the guest DTB sits in the last 64 KiB */

#define GUEST_PHANDLE_PLIC 0x100 /* GUEST_FDT_PHANDLE_FREE */

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
	unsigned int nr_devs;
	struct vdev devs[GUEST_DEVS_MAX];
	struct vdev *intc; /* the device that takes the others' interrupts */
	struct guest_console console;
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

/* host pointer for [gpa, gpa + len) if it lies entirely in guest RAM */
void *guest_gpa_to_hva(const struct guest *g, uint64_t gpa, uint64_t len);

#endif
