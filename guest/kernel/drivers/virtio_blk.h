/* SPDX-License-Identifier: MIT */
/* virtio-blk over virtio-mmio: a block device per disk ("vda", "vdb"...,
 * in slot order), requests through one queue, completions by interrupt. */
#ifndef GK_VIRTIO_BLK_H
#define GK_VIRTIO_BLK_H

struct vio_dev;

/* Takes over d (a VIRTIO_ID_BLOCK device); 0 or -errno. */
int virtio_blk_attach(struct vio_dev *d);

#endif
