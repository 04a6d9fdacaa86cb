// SPDX-License-Identifier: MIT
/* Guest lifecycle: create (RAM, G-stage), boot (image, initrd, DTB, vCPU 0),
 * stop and reboot. */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "console.h"
#include "guest.h"
#include "guest_fdt.h"
#include "guest_image.h"
#include "guest_mem.h"
#include "hart.h"
#include "host_fdt.h"
#include "page_alloc.h"
#include "power.h"
#include "sched.h"
#include "sbi_abi.h"

struct guest guests[GUEST_MAX];
unsigned int nr_guests;

#define SZ_2M (1ULL << 21)

void *guest_gpa_to_hva(const struct guest *g, uint64_t gpa, uint64_t len)
{
	if (!gpa_range_in(g->ram_gpa, g->ram_size, gpa, len))
		return NULL;
	return g->ram + (gpa - g->ram_gpa);
}

/* Interrupt controllers first: the other devices' interrupts go to them. */
static int guest_create_devices(struct guest *g)
{
	for (int pass = 0; pass < 2; pass++)
		for (unsigned int i = 0; i < g->cfg->nr_devs; i++) {
			const struct vdev_config *dc = &g->cfg->devs[i];
			const struct vdev_type *t =
				vdev_type_find(dc->compatible);
			bool intc = t && t->set_irq;

			if (intc != !pass)
				continue;
			if (vdev_create(g, dc)) {
				hyp_info("guest '%s': cannot create device "
					 "#%u '%s'",
					 g->name, dc->index, dc->compatible);
				return -1;
			}
		}
	return 0;
}

int guest_create(struct guest *g, unsigned int id,
		 const struct guest_config *cfg)
{
	uint64_t hpa;

	memset(g, 0, sizeof(*g));
	g->id = id;
	g->cfg = cfg;
	g->name = cfg->name;
	g->ram_gpa = GUEST_RAM_BASE;
	g->ram_size = cfg->mem_size;
	g->nr_vcpus = cfg->nr_vcpus;
	hpa = page_alloc(g->ram_size >> PAGE_SHIFT, SZ_2M);
	if (!hpa) {
		hyp_info("guest '%s': no %llu MiB of host RAM left (%lu MiB "
			 "free): "
			 "lower its memory or raise HOST_MEM",
			 g->name, (unsigned long long)(g->ram_size >> 20),
			 (unsigned long)(page_alloc_free_pages() >> 8));
		return -1;
	}
	g->ram = (uint8_t *)(uintptr_t)hpa;
	if (gstage_init(&g->gs, id + 1) ||
	    gstage_map(&g->gs, g->ram_gpa, hpa, g->ram_size)) {
		hyp_info("guest '%s': out of memory for its G-stage table",
			 g->name);
		return -1;
	}
	for (unsigned int i = 0; i < g->nr_vcpus; i++)
		vcpu_init(&g->vcpus[i], g, i);
	return guest_create_devices(g);
}

static int guest_place_initrd(struct guest *g, uint64_t load_hi,
			      uint64_t *start, uint64_t *end)
{
	const struct guest_config *cfg = g->cfg;
	uint64_t top = g->dtb_gpa;

	*start = *end = 0;
	if (!cfg->initrd)
		return 0;
	if (cfg->initrd_size > top - load_hi) {
		hyp_info(
			"guest '%s': %llu MiB of RAM cannot hold its image and "
			"a %u-byte initrd: raise its memory size",
			g->name, (unsigned long long)(g->ram_size >> 20),
			cfg->initrd_size);
		return -1;
	}
	*start = (top - cfg->initrd_size) & ~(PAGE_SIZE - 1);
	*end = *start + cfg->initrd_size;
	memcpy(g->ram + (*start - g->ram_gpa), cfg->initrd, cfg->initrd_size);
	return 0;
}

static int guest_fdt_devices(void *fdt, void *arg)
{
	return vdev_fdt_all(fdt, arg);
}

/* /chosen stdout-path: the emulated UART, where the guest has one */
static const char *guest_stdout_path(const struct guest *g, char *buf,
				     size_t len)
{
	for (unsigned int i = 0; i < g->nr_devs; i++)
		if (!strcmp(g->devs[i].type->compatible, "ns16550a")) {
			snprintf(buf, len, "/serial@%llx",
				 (unsigned long long)g->devs[i].base);
			return buf;
		}
	return NULL;
}

int guest_boot(struct guest *g)
{
	const struct guest_config *cfg = g->cfg;
	struct guest_image_info info;
	struct guest_fdt_params p;
	char err[200], isa[sizeof(host.isa)], stdout_path[40];
	void *dtb;
	int n;

	memset(g->ram, 0, g->ram_size);
	vdev_reset_all(g);
	guest_console_reset(g);
	if (guest_image_load(cfg->image, cfg->image_size, g->ram, g->ram_gpa,
			     g->ram_size, &info, err, sizeof(err))) {
		hyp_info("guest '%s': cannot load its image: %s", g->name, err);
		return -1;
	}
	g->entry = info.entry;
	g->dtb_gpa = g->ram_gpa + g->ram_size - GUEST_DTB_MAX;
	if (info.load_hi > g->dtb_gpa) {
		hyp_info("guest '%s': image ends at 0x%llx, over the DTB at "
			 "0x%llx: raise its memory size",
			 g->name, (unsigned long long)info.load_hi,
			 (unsigned long long)g->dtb_gpa);
		return -1;
	}
	memset(&p, 0, sizeof(p));
	if (guest_place_initrd(g, info.load_hi, &p.initrd_start, &p.initrd_end))
		return -1;
	if (guest_fdt_isa_from_host(host.isa, isa, sizeof(isa))) {
		hyp_info("guest '%s': cannot derive its riscv,isa from the "
			 "host's '%s'",
			 g->name, host.isa);
		return -1;
	}
	p.name = g->name;
	p.ram_base = g->ram_gpa;
	p.ram_size = g->ram_size;
	p.nr_vcpus = g->nr_vcpus;
	p.timebase_hz = host.timebase_hz;
	p.isa = isa;
	p.mmu_type = host.mmu_type;
	p.bootargs = cfg->bootargs;
	p.stdout_path = guest_stdout_path(g, stdout_path, sizeof(stdout_path));
	p.add_nodes = guest_fdt_devices;
	p.add_nodes_arg = g;
	dtb = g->ram + (g->dtb_gpa - g->ram_gpa);
	n = guest_fdt_build(dtb, GUEST_DTB_MAX, &p);
	/* The rest of the DTB's 64 KiB becomes free space inside the blob,
	 * as QEMU leaves in its own: a boot loader edits the tree in place
	 * (U-Boot's bootm adds /chosen properties to its copy, sized by
	 * totalsize, and would otherwise write past it). */
	if (n >= 0)
		n = fdt_open_into(dtb, dtb, GUEST_DTB_MAX);
	if (n < 0) {
		hyp_info("guest '%s': cannot build its device tree (error %d)",
			 g->name, n);
		return -1;
	}
	for (unsigned int i = 0; i < g->nr_vcpus; i++) {
		struct vcpu *v = &g->vcpus[i];

		vcpu_reset(v, g->entry, i, g->dtb_gpa);
		v->hsm_state =
			i ? SBI_HSM_STATE_STOPPED : SBI_HSM_STATE_STARTED;
	}
	g->state = GUEST_RUNNING;
	hyp_info(
		"guest '%s': %llu MiB RAM at host 0x%llx, %u vCPU(s), %s image "
		"%u bytes, entry 0x%llx, DTB 0x%llx%s",
		g->name, (unsigned long long)(g->ram_size >> 20),
		(unsigned long long)(uintptr_t)g->ram, g->nr_vcpus,
		info.is_elf ? "ELF" : "raw", cfg->image_size,
		(unsigned long long)g->entry, (unsigned long long)g->dtb_gpa,
		cfg->initrd ? ", initrd" : "");
	return 0;
}

/* Take every vCPU of g off the harts: ours directly, others' by a kick
 * (their scheduler puts vCPUs of a guest that is no longer running). */
static void guest_put_vcpus(struct guest *g)
{
	struct hart *h = this_hart();
	bool waiting;

	do {
		waiting = false;
		for (unsigned int i = 0; i < g->nr_vcpus; i++) {
			struct vcpu *v = &g->vcpus[i];

			if (v->hart == (int)h->index)
				vcpu_put(v);
			else if (v->hart >= 0) {
				vcpu_kick(v);
				waiting = true;
			}
		}
		if (waiting)
			sched_relax();
	} while (waiting);
}

static void guest_print_exits(struct guest *g)
{
	static const char *const irq_names[16] = {
		[IRQ_S_SOFT] = "host-ipi",
		[IRQ_S_TIMER] = "host-timer",
		[IRQ_S_EXT] = "host-external",
	};
	uint64_t sum[CAUSE_NR_EXCEPTIONS + 16] = {0}, total = 0, ginsn = 0;
	uint64_t hinsn = 0;
	char line[400];
	int len;

	for (unsigned int i = 0; i < g->nr_vcpus; i++) {
		ginsn += g->vcpus[i].guest_instret;
		hinsn += g->vcpus[i].stats.hyp_instret;
		for (unsigned int c = 0; c < CAUSE_NR_EXCEPTIONS + 16; c++)
			sum[c] += g->vcpus[i].exits[c];
	}
	for (unsigned int c = 0; c < CAUSE_NR_EXCEPTIONS + 16; c++)
		total += sum[c];
	len = snprintf(line, sizeof(line), "guest '%s' exits: %llu total",
		       g->name, (unsigned long long)total);
	for (unsigned int c = 0; c < CAUSE_NR_EXCEPTIONS + 16; c++) {
		const char *nm = c < CAUSE_NR_EXCEPTIONS
					 ? vcpu_cause_name(c)
					 : irq_names[c - CAUSE_NR_EXCEPTIONS];

		if (!sum[c] || len >= (int)sizeof(line))
			continue;
		len += snprintf(line + len, sizeof(line) - len, "; %s %llu",
				nm ? nm : "irq", (unsigned long long)sum[c]);
	}
	hyp_info("%s", line);
	/* instret counts every mode: meaningful as instructions under -icount */
	hyp_info("guest '%s' instret: %llu in the guest (all vCPUs), %llu in "
		 "the hypervisor for it",
		 g->name, (unsigned long long)ginsn, (unsigned long long)hinsn);
}

void guest_stop(struct guest *g, int status)
{
	if (g->state != GUEST_RUNNING)
		return;
	g->state = GUEST_REBOOTING; /* not runnable, still alive */
	guest_put_vcpus(g);
	for (unsigned int i = 0; i < g->nr_vcpus; i++) {
		g->vcpus[i].hsm_state = SBI_HSM_STATE_STOPPED;
		g->vcpus[i].timer_deadline = UINT64_MAX;
	}
	g->state = GUEST_STOPPED;
	g->exit_status = status;
	hyp_info("guest '%s' stopped with status %d", g->name, status);
	guest_print_exits(g);
}

void guest_reboot(struct guest *g)
{
	/* One reboot at a time, and none of a guest that is stopping: vCPUs
	 * asking at once all get here, the first one does it. */
	if (g->state != GUEST_RUNNING)
		return;
	g->state = GUEST_REBOOTING;
	guest_put_vcpus(g);
	g->reboots++;
	hyp_info("guest '%s' reboots (%u)", g->name, g->reboots);
	if (guest_boot(g)) {
		g->state = GUEST_RUNNING; /* so that stop reports it */
		guest_stop(g, POWER_HYP_ERROR);
	}
}

bool guest_any_running(void)
{
	for (unsigned int i = 0; i < nr_guests; i++)
		if (guests[i].state == GUEST_RUNNING ||
		    guests[i].state == GUEST_REBOOTING)
			return true;
	return false;
}

int guest_final_status(void)
{
	int st = 0;

	for (unsigned int i = 0; i < nr_guests; i++)
		if (guests[i].exit_status > st)
			st = guests[i].exit_status;
	return st;
}
