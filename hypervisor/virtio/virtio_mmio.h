/* SPDX-License-Identifier: MIT */
/* virtio-mmio version 2 transport (virtio 1.2 section 4.2.2), device side.
 * A pure state machine: no hardware access, no globals. The owner routes
 * the guest's accesses to a device window to vmmio_read/vmmio_write and
 * gives three callbacks (struct vmmio_host_ops): a guest-RAM check that
 * turns a guest-physical range into a host pointer, the interrupt line, and
 * a report of a broken rule. A device model (virtio_blk.c, ...) sits on top
 * through struct vmmio_dev_ops and takes its requests from the queues with
 * vmmio_pop / vmmio_push.
 *
 * Every queue's device side is pvring's device role, attached when the
 * driver sets QueueReady after its three areas passed the checks. A ring
 * the driver breaks, a bad queue set-up or a device-level rule broken sets
 * DEVICE_NEEDS_RESET with a configuration-change interrupt; the rule is
 * reported once until the driver resets the device (Status = 0).
 *
 * Requests that complete after the queue they came from was reset (async
 * backends) carry the queue generation they were popped under; vmmio_push
 * drops them, so nothing is written into a ring the driver set up anew.
 *
 * Not thread-safe: the owner serialises every call on one transport and
 * its device (a per-device lock). Callbacks run synchronously and must not
 * call back into the transport. */
#ifndef VIRTIO_MMIO_H
#define VIRTIO_MMIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/virtio.h"
#include "hw/virtio_mmio.h"
#include "pvring.h"

#define VMMIO_QUEUES_MAX 2 /* console: receiveq and transmitq */
#define VMMIO_VENDOR_ID 0x00687672 /* "rvh": ours, not QEMU's */

/* transport features every device offers */
#define VMMIO_F_TRANSPORT                                                  \
	(VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_EVENT_IDX) | \
	 VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC))

/* Return codes of vmmio_read/vmmio_write; the owner turns errors into an
 * access fault for the guest. */
#define VMMIO_OK 0
#define VMMIO_ERR_WIDTH -1 /* width the register does not allow */
#define VMMIO_ERR_ALIGN -2 /* not naturally aligned */
#define VMMIO_ERR_OFFSET -3 /* outside the window or the config space */

struct vmmio_host_ops {
	/* guest-physical [gpa, gpa + len) -> host pointer, NULL unless the
	 * whole range is the guest's RAM (given to pvring as is) */
	pvring_translate_fn translate;
	/* the device's interrupt line changed to `level` */
	void (*irq)(void *ctx, bool level);
	/* a rule the driver broke (queue -1: not a queue's); once per reset */
	void (*report)(void *ctx, int queue, const char *rule);
};

struct vmmio_dev_ops {
	uint32_t device_id; /* VIRTIO_ID_* */
	unsigned int nqueues; /* 1..VMMIO_QUEUES_MAX */
	uint16_t queue_max; /* QueueNumMax, a power of two */
	/* device-specific configuration space, offset from 0x100; return
	 * VMMIO_OK or an error code. write may be NULL (read-only space). */
	int (*config_read)(void *ctx, uint64_t off, unsigned int width,
			   uint64_t *val);
	int (*config_write)(void *ctx, uint64_t off, unsigned int width,
			    uint64_t val);
	/* the driver made buffers available on queue q (QueueNotify, or the
	 * device became live with the queue ready) */
	void (*notify)(void *ctx, unsigned int q);
	/* the device was reset: forget requests (their completions are
	 * dropped by vmmio_push) and go back to the initial state */
	void (*reset)(void *ctx);
};

struct vmmio_queue {
	uint32_t num; /* QueueNum */
	bool ready; /* QueueReady as the driver sees it */
	uint64_t desc, driver, device; /* guest-physical areas */
	uint32_t gen; /* generation of the attached ring */
	bool trace_pushed; /* tracing: used entries since the last decision */
	struct pvring_dev ring;
};

struct vmmio_stats {
	uint64_t notifies; /* QueueNotify writes */
	uint64_t interrupts; /* used-buffer notifications raised */
	uint64_t suppressed; /* pushes the driver asked not to hear of */
	uint64_t dropped; /* completions of an older generation dropped */
	uint64_t errors; /* rules broken (reported or not) */
};

/* Treat as opaque; fields are visible only so that the owner can embed it. */
struct vmmio {
	const struct vmmio_dev_ops *dev;
	void *dev_ctx;
	const struct vmmio_host_ops *host;
	void *host_ctx;
	uint64_t offered; /* device features incl. VMMIO_F_TRANSPORT */
	uint64_t driver_features;
	bool driver_features_high; /* a bit above 63 was written */
	uint32_t dev_features_sel, drv_features_sel, queue_sel;
	uint32_t status;
	uint32_t int_status;
	uint32_t config_gen;
	uint32_t gen_next; /* never reset: generations stay unique */
	bool irq_level;
	bool reported; /* a broken rule was reported since the last reset */
	struct vmmio_queue q[VMMIO_QUEUES_MAX];
	struct vmmio_stats stats;
	/* tracing: the guest's index and TRACE_RING_DEV(window, 0) */
	unsigned int trace_guest;
	uint16_t trace_ring;
};

/* Name the device in trace records: guest index, ring id of queue 0. */
void vmmio_trace_id(struct vmmio *t, unsigned int guest, uint16_t ring);

/* Power-on state. features: the device's own feature bits (the transport
 * adds VMMIO_F_TRANSPORT). */
void vmmio_init(struct vmmio *t, const struct vmmio_dev_ops *dev, void *dev_ctx,
		const struct vmmio_host_ops *host, void *host_ctx,
		uint64_t features);
/* Device reset (Status = 0, or a guest reboot): queues detached, status,
 * features and interrupts cleared (the line drops), then dev->reset. */
void vmmio_reset(struct vmmio *t);

/* Guest accesses to the window, offsets from its base. Common registers:
 * 32-bit aligned only; config space (0x100 on): as the device allows. */
int vmmio_read(struct vmmio *t, uint64_t off, unsigned int width,
	       uint64_t *val);
int vmmio_write(struct vmmio *t, uint64_t off, unsigned int width,
		uint64_t val);

/* ---- for device models ------------------------------------------------- */

/* DRIVER_OK set and DEVICE_NEEDS_RESET clear: the device may use queues. */
bool vmmio_live(const struct vmmio *t);
/* negotiated features (valid once FEATURES_OK is set) */
uint64_t vmmio_features(const struct vmmio *t);
/* generation of queue q's ring; a request remembers it for vmmio_push */
uint32_t vmmio_queue_gen(const struct vmmio *t, unsigned int q);

/* Next chain of queue q: 1 (filled in), 0 (none, or the queue is not
 * usable), negative PVRING_ERR_* (the driver broke the ring: the device
 * now needs reset and the rule has been reported; stop using the queue). */
int vmmio_pop(struct vmmio *t, unsigned int q, struct pvring_seg *segs,
	      unsigned int max_segs, struct pvring_chain *chain);
/* Give back a chain popped under generation gen with len bytes written.
 * false (nothing written) if the queue was reset since, or is broken. */
bool vmmio_push(struct vmmio *t, unsigned int q, uint32_t gen, uint16_t head,
		uint32_t len);
/* After pushes: publish and raise the used-buffer interrupt unless the
 * driver suppressed it (NO_INTERRUPT / EVENT_IDX). */
void vmmio_used(struct vmmio *t, unsigned int q);
/* Ask for the next notification on q (EVENT_IDX: avail_event); true if
 * chains arrived meanwhile and the device should pop again. */
bool vmmio_arm(struct vmmio *t, unsigned int q);
/* The driver broke a device-level rule: DEVICE_NEEDS_RESET, reported once.
 * q: the queue concerned or -1. */
void vmmio_fail(struct vmmio *t, int q, const char *rule);
/* The device changed its configuration space (generation, interrupt). */
void vmmio_config_changed(struct vmmio *t);

/* Config space helper: read `width` bytes (1, 2 or 4, naturally aligned)
 * at off of a little-endian structure of size bytes. */
int vmmio_config_bytes(const void *cfg, size_t size, uint64_t off,
		       unsigned int width, uint64_t *val);

/* What broke, as a sentence for the report, for a PVRING_ERR_* code. */
const char *vmmio_ring_rule(int err);

#endif
