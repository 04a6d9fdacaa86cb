/* SPDX-License-Identifier: MIT */
/* Small-object allocator: size classes carved from pages; larger requests
 * go to the page allocator. Memory is zeroed. */
#ifndef GK_KMALLOC_H
#define GK_KMALLOC_H

#include <stddef.h>
#include <stdint.h>

void *kmalloc(size_t size);
void kfree(void *p);
/* Bytes handed out and not freed (by size class, not by request). */
uint64_t kmalloc_bytes_in_use(void);
/* Pages carved into size classes (kept, never returned). */
uint64_t kmalloc_slab_pages(void);

#endif
