/* SPDX-License-Identifier: MIT */
/* virtio-console device model (virtio 1.2 section 5.3), one port, no
 * MULTIPORT: receiveq 0 (host to guest) and transmitq 1. Pure: no globals.
 *
 * Transmit: every readable byte of a transmit chain goes to ops->tx in
 * order; the chain is then returned with length 0. Receive: the owner
 * pushes host bytes with vcons_rx_push, which fills the receive buffers the
 * driver has posted and returns how many bytes it took; when the driver
 * posts new buffers, ops->rx_wanted tells the owner to push again. */
#ifndef VIRTIO_CONSOLE_MODEL_H
#define VIRTIO_CONSOLE_MODEL_H

#include "hw/virtio_console.h"
#include "virtio_mmio.h"

#define VCONS_QUEUE_MAX 64
#define VCONS_CHAIN_MAX 16 /* segments per chain (more: needs reset) */

struct vcons_ops {
	/* bytes the guest wrote; the pointer is only valid for the call */
	void (*tx)(void *ctx, const uint8_t *buf, size_t n);
	/* receive buffers were posted: the owner may call vcons_rx_push */
	void (*rx_wanted)(void *ctx);
};

struct vcons_stats {
	uint64_t tx_bytes, rx_bytes;
};

/* Treat as opaque; fields are visible only so that the owner can embed it. */
struct vcons {
	struct vmmio t;
	const struct vcons_ops *ops;
	void *ctx;
	struct virtio_console_config cfg;
	struct pvring_seg segs[VCONS_CHAIN_MAX];
	struct vcons_stats stats;
};

void vcons_init(struct vcons *c, const struct vcons_ops *ops, void *ctx,
		const struct vmmio_host_ops *host, void *host_ctx);
/* Fill posted receive buffers with up to n bytes; returns how many were
 * taken (0 when no buffer is posted or the device is not live). */
size_t vcons_rx_push(struct vcons *c, const uint8_t *buf, size_t n);

#endif
