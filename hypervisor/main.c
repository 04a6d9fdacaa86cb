// SPDX-License-Identifier: MIT
/* Boot: host DTB, console, memory, then the guests of the bundle. */
#include <string.h>

#include "bundle.h"
#include "console.h"
#include "guest.h"
#include "hart.h"
#include "host_fdt.h"
#include "host/host_blk.h"
#include "host/host_rng.h"
#include "host_irq.h"
#include "page_alloc.h"
#include "power.h"
#include "riscv_csr.h"
#include "sbi_call.h"
#include "sched.h"
#include "trace/trace_export.h"
#include "vcpu_sbi.h"
#include "version.h"

struct host_info host;
static struct guest_config guest_cfgs[GUEST_MAX];
extern char _hyp_start[], _hyp_end[];

void hyp_main(unsigned long hartid, const void *fdt);
void hyp_secondary_main(unsigned long hartid, unsigned long index);
void _secondary_start(void);

bool hyp_has_sstc(void)
{
	return host.has_sstc;
}

/* single-letter extensions come before the first '_' */
static bool isa_has_letter(const char *isa, char ext)
{
	if (strncmp(isa, "rv64", 4))
		return false;
	for (const char *p = isa + 4; *p && *p != '_'; p++)
		if (*p == ext)
			return true;
	return false;
}

static void print_banner(void)
{
	hyp_printf("\nrvh hypervisor %s: %u hart(s), RAM 0x%llx %llu MiB, "
		   "timebase %u Hz\n",
		   RVH_VERSION_STRING, host.nr_harts,
		   (unsigned long long)host.ram_base,
		   (unsigned long long)(host.ram_size >> 20), host.timebase_hz);
	hyp_info("isa %s, Sstc %s, VMID bits %u", host.isa,
		 host.has_sstc ? "yes" : "no", gstage_vmid_bits());
	hyp_info("devices: uart@0x%llx irq %u, plic@0x%llx, test@0x%llx, "
		 "%u virtio-mmio slots",
		 (unsigned long long)host.uart_base, host.uart_irq,
		 (unsigned long long)host.plic_base,
		 (unsigned long long)host.test_base, host.nr_virtio);
}

static void memory_init(void)
{
	page_alloc_init(host.ram_base, host.ram_size);
	/* firmware below us, then the hypervisor image */
	page_alloc_reserve(host.ram_base, (uintptr_t)_hyp_end - host.ram_base);
	page_alloc_reserve(host.fdt_base, host.fdt_size);
	if (host.initrd_end > host.initrd_start)
		page_alloc_reserve(host.initrd_start,
				   host.initrd_end - host.initrd_start);
}

static void guests_start(void)
{
	char err[200];
	int n;

	if (host.initrd_end <= host.initrd_start)
		hyp_panic("no guest bundle: pass one with -initrd "
			  "(make run builds it; see docs/running-guests.md)");
	n = bundle_parse((const void *)(uintptr_t)host.initrd_start,
			 host.initrd_end - host.initrd_start, guest_cfgs,
			 GUEST_MAX, err, sizeof(err));
	if (n <= 0)
		hyp_panic("bad guest bundle: %s", n ? err : "no guests in it");
	hyp_info("bundle: %d guest(s)", n);
	for (int i = 0; i < n; i++) {
		if (guest_create(&guests[i], (unsigned int)i, &guest_cfgs[i]))
			hyp_panic("cannot create guest '%s'",
				  guest_cfgs[i].name);
		nr_guests = (unsigned int)i + 1;
		if (guest_boot(&guests[i]))
			hyp_panic("cannot boot guest '%s'", guest_cfgs[i].name);
	}
}

static void hart_setup(void)
{
	csr_write(CSR_SIE, MIP_STIP | MIP_SSIP);
	this_hart()->timer_armed = UINT64_MAX;
	this_hart()->online = true;
}

/* Slot 0 is the boot hart; the others follow in DTB order. */
static void harts_start(unsigned long boot_hartid)
{
	unsigned int n = 1;

	for (unsigned int i = 0; i < host.nr_harts; i++) {
		struct hart *h = &hyp_harts[n];
		struct sbiret r;

		if (host.hartids[i] == boot_hartid)
			continue;
		h->hartid = host.hartids[i];
		h->index = n;
		hyp_nr_harts = n + 1;
		r = sbi_hart_start(h->hartid, (uintptr_t)_secondary_start, n);
		if (r.error) {
			hyp_info("hart %lu did not start (SBI error %ld)",
				 h->hartid, r.error);
			hyp_nr_harts = n;
			continue;
		}
		n++;
	}
}

void hyp_secondary_main(unsigned long hartid, unsigned long index)
{
	(void)hartid;
	(void)index;
	hart_setup();
	sched_loop();
}

extern unsigned long hyp_booted;

void hyp_main(unsigned long hartid, const void *fdt)
{
	struct hart *h = this_hart();

	h->hartid = hartid;
	h->index = 0;
	/* slots of harts not started yet must not match any hartid */
	for (unsigned int i = 1; i < HYP_MAX_HARTS; i++)
		hyp_harts[i].hartid = ~0UL;
	__atomic_store_n(&hyp_booted, 1, __ATOMIC_RELEASE);
	if (host_fdt_parse(fdt, &host))
		power_off(POWER_HYP_ERROR);
	console_init(host.uart_base);
	power_init(host.test_base);
	if (!isa_has_letter(host.isa, 'h'))
		hyp_panic("CPU has no H extension (isa %s): run QEMU with -cpu "
			  "rv64 (H is on by default in QEMU 7.2)",
			  host.isa);
	gstage_detect_vmid_bits();
	print_banner();
	memory_init();
	vcpu_sbi_base_init();
	hart_setup();
	host_irq_init();
	host_blk_init();
	host_rng_init();
	guests_start();
	trace_start();
	/* the benchmarks count from here (scripts/bench-trace.sh) */
	hyp_info("hart 0: %llu instructions retired (all modes) at guest start",
		 (unsigned long long)csr_read(CSR_INSTRET));
	harts_start(hartid);
	sched_loop();
}
