/* SPDX-License-Identifier: MIT */
/* virtio-console (virtio 1.2 section 5.3) without MULTIPORT: queue 0
 * receives (device to driver), queue 1 transmits. */
#ifndef HW_VIRTIO_CONSOLE_H
#define HW_VIRTIO_CONSOLE_H

#include <stdint.h>

#define VIRTIO_CONSOLE_F_SIZE 0
#define VIRTIO_CONSOLE_F_MULTIPORT 1
#define VIRTIO_CONSOLE_F_EMERG_WRITE 2

#define VIRTIO_CONSOLE_RX_QUEUE 0
#define VIRTIO_CONSOLE_TX_QUEUE 1

struct virtio_console_config {
	uint16_t cols;
	uint16_t rows;
	uint32_t max_nr_ports;
	uint32_t emerg_wr;
} __attribute__((packed));
_Static_assert(sizeof(struct virtio_console_config) == 12, "console config");

/* virtio-rng (section 5.4): one queue of device-writable buffers */
#define VIRTIO_RNG_REQUEST_QUEUE 0

#endif
