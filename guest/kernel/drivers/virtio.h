/* SPDX-License-Identifier: MIT */
/* The virtio devices of the DTB's virtio,mmio slots, each handed to the
 * driver its device ID names (a table, one line per device type). */
#ifndef GK_VIRTIO_H
#define GK_VIRTIO_H

/* Probes every slot; returns how many devices were taken. */
unsigned virtio_probe_all(void);

#endif
