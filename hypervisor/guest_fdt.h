/* SPDX-License-Identifier: MIT */
/* Builds the device tree a guest boots with (libfdt sequential-write). */
#ifndef GUEST_FDT_H
#define GUEST_FDT_H

#include <stddef.h>
#include <stdint.h>

struct guest_fdt_params {
	const char *name; /* guest name: /model */
	uint64_t ram_base; /* GPA */
	uint64_t ram_size;
	uint32_t nr_vcpus;
	uint32_t timebase_hz;
	const char
		*isa; /* riscv,isa for each cpu, e.g. "rv64imafdc_zicsr_sstc" */
	const char *mmu_type; /* e.g. "riscv,sv39" */
	const char *bootargs; /* may be NULL */
	uint64_t initrd_start; /* GPA; initrd_end == initrd_start means none */
	uint64_t initrd_end;
	const char *stdout_path; /* /chosen stdout-path; may be NULL */
	/* Optional: called inside the root node (after /cpus and /memory,
	 * before /chosen) to add device nodes with the sequential-write API
	 * (fdt_begin_node ... fdt_end_node). Returns 0 or a -FDT_ERR_* code.
	 * Use phandles from GUEST_FDT_PHANDLE_FREE up. */
	int (*add_nodes)(void *fdt, void *arg);
	void *add_nodes_arg;
};

/* Phandle of vCPU n's "riscv,cpu-intc" node (for interrupts-extended). */
#define GUEST_FDT_PHANDLE_INTC(n) (1u + (uint32_t)(n))
/* First phandle free for nodes added by add_nodes. */
#define GUEST_FDT_PHANDLE_FREE 0x100u

/* Write the guest DTB into buf. Returns the total size, or a negative libfdt
 * error (-FDT_ERR_NOSPACE if buf is too small). */
int guest_fdt_build(void *buf, size_t size, const struct guest_fdt_params *p);

/* The guest's riscv,isa from the host's: drops the H extension (single letter
 * 'h' before the first '_' and any "_h..." multi-letter entries are kept only
 * if not the hypervisor extension). Returns 0, or -1 if out is too small
 * or host_isa does not start with "rv<xlen>" (out is then ""). */
int guest_fdt_isa_from_host(const char *host_isa, char *out, size_t outlen);

#endif
