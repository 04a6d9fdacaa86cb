/* SPDX-License-Identifier: MIT */
/* What the virtio-mmio device types of the registry share (dev_virtio_*.c):
 * the transport's owner callbacks, the MMIO window, reset and the guest DT
 * node. Each type's d->priv starts with its device model, whose first
 * member is the transport (struct vmmio). */
#ifndef DEV_VIRTIO_H
#define DEV_VIRTIO_H

#include <stdbool.h>

#include "dev/vdev.h"
#include "virtio_mmio.h"

/* ctx: the struct vdev. Translate checks the guest's RAM (vdev_gpa); the
 * line goes to the guest's PLIC; a broken rule is printed with the guest,
 * device, window and queue. */
extern const struct vmmio_host_ops dev_virtio_host_ops;
extern const struct mmio_ops dev_virtio_mmio;

void dev_virtio_reset(struct vdev *d);
/* virtio_mmio@<base>: compatible "virtio,mmio", reg, interrupts */
int dev_virtio_fdt(void *fdt, const struct vdev *d);

/* Completions from a host driver arrive from its interrupt handler, or at
 * once from inside its submit call, which runs under d->lock on this hart.
 * dev_virtio_lock takes d->lock unless this hart already holds it there
 * (*submitting is set around the submit call); returns whether it did. */
bool dev_virtio_lock(struct vdev *d, const void *const *submitting);
void dev_virtio_unlock(struct vdev *d, bool locked);
const void *dev_virtio_self(void); /* this hart's token for *submitting */

#endif
