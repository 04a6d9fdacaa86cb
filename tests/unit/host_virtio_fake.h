/* SPDX-License-Identifier: MIT */
/* A stand-in for hypervisor/host/host_virtio.c in host tests: the slots
 * hold fake QEMU devices (virtio-blk over an in-memory disk, virtio-rng)
 * that serve their ring with pvring's device role, so host_blk.c and
 * host_rng.c run unchanged against them. Also the hypervisor services
 * they call (console, host_irq_register, the time CSR, host). */
#ifndef HOST_VIRTIO_FAKE_H
#define HOST_VIRTIO_FAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/virtio_blk.h"
#include "pvring.h"

#define FAKE_SLOTS 8

enum fake_mode {
	FAKE_AT_KICK, /* serve the ring when notified (probe polls it) */
	FAKE_LATER, /* serve only when the test calls fake_serve */
	FAKE_MUTE, /* never serve */
};

struct fake_dev {
	/* set by the test before init */
	uint32_t device_id; /* 0: empty slot */
	uint64_t offered;
	unsigned int qnum_max;
	char serial[VIRTIO_BLK_ID_BYTES];
	uint8_t *disk;
	uint64_t sectors;
	uint32_t seg_max;
	enum fake_mode mode;
	uint64_t ioerr_sector; /* IN/OUT touching it: IOERR (0: none) */
	/* state */
	bool queue_ready, driver_ok, failed, needs_reset;
	uint64_t features;
	unsigned int num;
	struct pvring_dev dq;
	struct pvring_used *used; /* to corrupt it */
	uint32_t isr;
	unsigned int kicks, served, flushes, get_ids;
	uint8_t rng_byte;
};

extern struct fake_dev fake_devs[FAKE_SLOTS];

/* Serve every available chain of slot s; returns how many. Raises the
 * (recorded) interrupt when the ring asks for one. */
unsigned int fake_serve(unsigned int s);
/* The host PLIC offers slot s's interrupt: its handler runs, again while
 * the device has unacknowledged interrupt status (a level line). */
void fake_irq(unsigned int s);
/* The device writes a used entry that names no outstanding chain. */
void fake_corrupt_used(unsigned int s);
/* The device needs a reset (and says so with a config interrupt). */
void fake_needs_reset(unsigned int s);

/* hyp_info/hyp_printf output since the last fake_log_clear */
extern char fake_log[8192];
void fake_log_clear(void);
int fake_log_count(const char *needle);

#endif
