/* SPDX-License-Identifier: MIT */
/* The device registry: device types by compatible, device instances of a
 * guest. Adding a device is one file with a `const struct vdev_type` and
 * one line in vdev_types[] (dev/vdev.c). */
#ifndef VDEV_H
#define VDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bundle.h"
#include "mmio.h"
#include "spinlock.h"

struct guest;
struct vdev;

#define VDEV_ABSENT 1

struct vdev_type {
	const char *compatible; /* registry key, as in the bundle */
	size_t priv_size; /* bytes of zeroed state at d->priv */
	/* Place the device (window, interrupt) and set up its state; 0, or -1
	 * after printing what is wrong with its configuration. A device the
	 * guest did not ask for (cfg->implicit) whose host backend is missing
	 * returns VDEV_ABSENT and is left out. */
	int (*create)(struct vdev *d, const struct vdev_config *cfg);
	/* guest accesses to [base, base + size): called with d->lock held */
	const struct mmio_ops *mmio;
	/* back to power-on state on a guest (re)boot; d->lock held */
	void (*reset)(struct vdev *d);
	/* write the device's node into the guest DT (at the root) */
	int (*fdt)(void *fdt, const struct vdev *d);
	/* interrupt controllers only: drive source irq; d->lock held */
	void (*set_irq)(struct vdev *d, unsigned int irq, bool level);
};

struct vdev {
	const struct vdev_type *type;
	struct guest *g;
	uint64_t base, size; /* MMIO window in guest-physical space */
	unsigned int irq; /* source on the guest's PLIC, 0 if none */
	struct spinlock lock; /* serialises MMIO, reset and async completion */
	void *priv;
	const char *name; /* its bundle node's name (in the bundle), or NULL */
};

/* QEMU virt's virtio-mmio slots, where Linux and U-Boot look for them */
#define VDEV_VIRTIO_BASE 0x10001000ULL
#define VDEV_VIRTIO_SLOTS 8
#define VDEV_VIRTIO_IRQ0 1 /* slot n raises PLIC source 1 + n */

const struct vdev_type *vdev_type_find(const char *compatible);
/* Create a device of cfg->compatible in g; 0 or -1 (reported). */
int vdev_create(struct guest *g, const struct vdev_config *cfg);
/* The window [base, base + size) with the device's interrupt irq; fails if
 * it overlaps another window of the guest. */
int vdev_place(struct vdev *d, uint64_t base, uint64_t size, unsigned int irq);
/* Next free virtio-mmio slot of the guest (window and interrupt). */
int vdev_place_virtio(struct vdev *d);
/* Drive the device's interrupt line on the guest's PLIC. */
void vdev_irq_set(struct vdev *d, bool level);
/* The guest's first device of a type, or NULL. */
struct vdev *vdev_find(struct guest *g, const struct vdev_type *t);
/* Host pointer for [gpa, gpa + len) if it lies entirely in the guest's RAM,
 * else NULL: the one check every device makes before touching memory. */
void *vdev_gpa(const struct vdev *d, uint64_t gpa, uint64_t len);

/* A guest disk's node: `serial` names one of QEMU's virtio-blk devices
 * (host/host_blk.h, matched by GET_ID), optional `read-only`. */
struct host_blk;
struct vdev_disk {
	struct host_blk *hb; /* NULL: no such host disk, every request fails */
	const char *serial; /* NUL-terminated, printable, in the bundle */
	bool ro;
};
/* 0 (a missing host disk is reported: the guest gets an empty disk),
 * VDEV_ABSENT (an implicit device without one), or -1 (reported). */
int vdev_disk_open(struct vdev *d, const struct vdev_config *cfg,
		   struct vdev_disk *disk);

void vdev_reset_all(struct guest *g);
int vdev_fdt_all(void *fdt, const struct guest *g);

#endif
