/* SPDX-License-Identifier: MIT */
#include "drivers/virtio.h"

#include "base/bootinfo.h"
#include "base/errno.h"
#include "base/printk.h"
#include "drivers/virtio_blk.h"
#include "drivers/virtio_console.h"
#include "drivers/virtio_mmio.h"
#include "hw/virtio.h"

static int virtio_console_take(struct vio_dev *d)
{
	return virtio_console_attach(d) ? 0 : -EIO;
}

static const struct {
	uint32_t id;
	int (*attach)(struct vio_dev *d);
} virtio_drivers[] = {
	{VIRTIO_ID_BLOCK, virtio_blk_attach},
	{VIRTIO_ID_CONSOLE, virtio_console_take},
};

unsigned virtio_probe_all(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < bootinfo.nvirtio; i++) {
		struct vio_dev d;
		if (vio_probe(i, &d))
			continue;
		unsigned k = 0;
		while (k < sizeof(virtio_drivers) / sizeof(virtio_drivers[0]) &&
		       virtio_drivers[k].id != d.device_id)
			k++;
		if (k == sizeof(virtio_drivers) / sizeof(virtio_drivers[0])) {
			kprintf("gk: virtio-mmio at 0x%lx: device %u has no "
				"driver here; left alone\n",
				(unsigned long)d.base, d.device_id);
			continue;
		}
		if (!virtio_drivers[k].attach(&d))
			n++;
	}
	return n;
}
