/* SPDX-License-Identifier: MIT */
/* virtio-console (one port, no MULTIPORT) over virtio-mmio as a character
 * device ("hvc0", "hvc1"...): receive buffers stay posted and feed
 * chardev_input, writes complete by interrupt. */
#ifndef GK_VIRTIO_CONSOLE_H
#define GK_VIRTIO_CONSOLE_H

struct vio_dev;
struct chardev;

/* Takes over d (a VIRTIO_ID_CONSOLE device); its chardev or NULL. */
struct chardev *virtio_console_attach(struct vio_dev *d);

#endif
