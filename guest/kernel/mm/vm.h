/* SPDX-License-Identifier: MIT */
/* Sv39 address spaces. The kernel is identity mapped below 4 GiB (root
 * entries 0..3, shared by every address space through common level-1
 * tables); user space is [USER_BASE, USER_TOP) (root entries 4..255). */
#ifndef GK_VM_H
#define GK_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "riscv_csr.h"

#define USER_BASE 0x100000000ull
#define USER_TOP 0x4000000000ull
#define PTE_OWNED BIT(8) /* RSW: the page belongs to this address space */

typedef uint64_t pte_t;

struct vmspace {
	pte_t *root;
	uint64_t satp;
	uint32_t unmap_gen; /* bumped by every unmap: caches of translations
			       made before it are stale */
};

extern struct vmspace kernel_vm;

/* Builds the kernel tables and turns paging on for this vCPU. */
void vm_init_kernel(void);
/* Turns paging on (kernel space) on a secondary vCPU. */
void vm_enable_cpu(void);
void vm_map_device(uint64_t pa, uint64_t size);
void vm_switch(const struct vmspace *vs);

int vm_space_init(struct vmspace *vs);
void vm_space_destroy(struct vmspace *vs);

/* Maps pages [va, va+size) -> [pa, ...) with perm (PTE_R/W/X/U/OWNED);
 * 0 or -ENOMEM / -EINVAL / -EEXIST. */
int vm_map(struct vmspace *vs, uint64_t va, uint64_t pa, uint64_t size,
	   uint64_t perm);
/* Allocates zeroed memory and maps it at va (owned by the space); on
 * failure what was mapped stays mapped and *done (if given) says how much
 * from va. */
int vm_map_anon(struct vmspace *vs, uint64_t va, uint64_t size, uint64_t perm,
		uint64_t *done);
/* Unmaps [va, va+size), freeing owned pages. */
void vm_unmap(struct vmspace *vs, uint64_t va, uint64_t size);

/* Kernel pointer for user range [va, va+len) if it is mapped with U and the
 * needed permission and physically contiguous; NULL otherwise. */
void *vm_user_ptr(const struct vmspace *vs, uint64_t va, uint64_t len,
		  bool write);
/* Whole user range mapped with the right permission (any contiguity). */
bool vm_user_range_ok(const struct vmspace *vs, uint64_t va, uint64_t len,
		      bool write);
/* Page-by-page copies; 0 or -EFAULT. */
int copy_from_user(const struct vmspace *vs, void *dst, uint64_t src,
		   uint64_t len);
int copy_to_user(const struct vmspace *vs, uint64_t dst, const void *src,
		 uint64_t len);
/* Kernel writes into any user page (loading read-only text). */
int copy_to_user_force(const struct vmspace *vs, uint64_t dst, const void *src,
		       uint64_t len);
/* Copies a NUL-terminated string of at most size-1 chars; its length,
 * -EFAULT, or -ENAMETOOLONG. */
long strncpy_from_user(const struct vmspace *vs, char *dst, uint64_t src,
		       uint64_t size);

#endif
