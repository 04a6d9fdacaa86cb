// SPDX-License-Identifier: MIT
/* A guest that drives the hypervisor's virtio-blk (virtio-mmio version 2)
 * with pvring's driver role, as Linux's driver would: negotiation, one
 * queue, requests of every type, many in flight, and a broken ring that the
 * device must refuse (DEVICE_NEEDS_RESET) and recover from after a reset.
 *   tg.mode=io      write the pattern (tg.seed, tg.sectors), flush, read
 *                   it back, check errors; the host checks the image
 *   tg.mode=hostile break the ring, reset, and go on with I/O
 *   tg.mode=qd      exits per 4 KiB read at depth 1 and 32 (bench) */
#include <libfdt.h>
#include <string.h>

#include "hw/virtio.h"
#include "hw/virtio_blk.h"
#include "hw/virtio_mmio.h"
#include "pvring.h"
#include "tg.h"

const char tg_name[] = "vblk";

#define QSIZE 128
#define SECTOR VIRTIO_BLK_SECTOR_SIZE

static volatile uint32_t *mmio;
static struct pvring_drv q;
static struct pvring_drv_slot slots[QSIZE];
static uint8_t ring_mem[16384] __attribute__((aligned(4096)));
static uint8_t data[64][4096] __attribute__((aligned(4096)));
static struct virtio_blk_req_hdr hdrs[64];
static uint8_t status[64];
static uint64_t capacity;

static uint32_t rd(unsigned int off)
{
	return mmio[off / 4];
}

static void wr(unsigned int off, uint32_t v)
{
	mmio[off / 4] = v;
}

/* the first virtio,mmio node whose device is a block device */
static bool find_blk(void)
{
	int node;

	fdt_for_each_subnode(node, tg_dtb, 0)
	{
		const fdt64_t *reg;
		const char *c = fdt_getprop(tg_dtb, node, "compatible", NULL);
		volatile uint32_t *m;

		if (!c || strcmp(c, "virtio,mmio"))
			continue;
		reg = fdt_getprop(tg_dtb, node, "reg", NULL);
		if (!reg)
			continue;
		m = (volatile uint32_t *)(uintptr_t)fdt64_to_cpu(reg[0]);
		if (m[VIRTIO_MMIO_DEVICE_ID / 4] == VIRTIO_ID_BLOCK) {
			mmio = m;
			return true;
		}
	}
	return false;
}

static uint64_t dev_features(void)
{
	uint64_t f;

	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	f = (uint64_t)rd(VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	return f | rd(VIRTIO_MMIO_DEVICE_FEATURES);
}

static void drv_features(uint64_t f)
{
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
}

/* reset, negotiate features, set up queue 0; the driver's status bits */
static bool dev_init(uint64_t want, bool quiet)
{
	struct pvring_layout l;
	uint64_t feats, base = (uintptr_t)ring_mem;
	uint32_t st;

	wr(VIRTIO_MMIO_STATUS, 0);
	if (rd(VIRTIO_MMIO_STATUS) != 0)
		return false;
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr(VIRTIO_MMIO_STATUS,
	   VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	feats = dev_features() & want;
	drv_features(feats);
	st = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
	     VIRTIO_STATUS_FEATURES_OK;
	wr(VIRTIO_MMIO_STATUS, st);
	if (!(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
		return false;
	wr(VIRTIO_MMIO_QUEUE_SEL, 0);
	if (rd(VIRTIO_MMIO_QUEUE_NUM_MAX) < QSIZE)
		return false;
	wr(VIRTIO_MMIO_QUEUE_NUM, QSIZE);
	pvring_layout_contig(QSIZE, 4, &l);
	if (l.total > sizeof(ring_mem) ||
	    pvring_drv_init(&q, QSIZE, ring_mem + l.desc_off,
			    ring_mem + l.avail_off, ring_mem + l.used_off,
			    slots, feats, 0))
		return false;
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)(base + l.desc_off));
	wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)((base + l.desc_off) >> 32));
	wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)(base + l.avail_off));
	wr(VIRTIO_MMIO_QUEUE_DRIVER_HIGH,
	   (uint32_t)((base + l.avail_off) >> 32));
	wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)(base + l.used_off));
	wr(VIRTIO_MMIO_QUEUE_DEVICE_HIGH,
	   (uint32_t)((base + l.used_off) >> 32));
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	wr(VIRTIO_MMIO_STATUS, st | VIRTIO_STATUS_DRIVER_OK);
	if (!quiet)
		tg_diag("virtio-blk features 0x%llx",
			(unsigned long long)feats);
	return rd(VIRTIO_MMIO_STATUS) == (st | VIRTIO_STATUS_DRIVER_OK);
}

/* queue request k (header, data, status) without notifying */
static int req_add(unsigned int k, uint32_t type, uint64_t sector, void *buf,
		   uint32_t len)
{
	struct pvring_buf b[3];
	unsigned int n = 0;
	bool in = type == VIRTIO_BLK_T_IN || type == VIRTIO_BLK_T_GET_ID;

	hdrs[k] = (struct virtio_blk_req_hdr){.type = type, .sector = sector};
	status[k] = 0xff;
	b[n++] = (struct pvring_buf){(uintptr_t)&hdrs[k], sizeof(hdrs[k])};
	if (len)
		b[n++] = (struct pvring_buf){(uintptr_t)buf, len};
	b[n++] = (struct pvring_buf){(uintptr_t)&status[k], 1};
	if (len && !in)
		return pvring_drv_add(&q, b, 2, 1, &status[k]);
	return pvring_drv_add(&q, b, 1, n - 1, &status[k]);
}

static void kick(void)
{
	if (pvring_drv_kick_prepare(&q))
		wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

static uint32_t irq_seen;

/* reap `count` completions (any order); false on timeout or a bad ring */
static bool reap(unsigned int count)
{
	uint64_t end = tg_time() + tg_ms(5000);

	while (count && tg_time() < end) {
		void *tok;
		uint32_t isr = rd(VIRTIO_MMIO_INTERRUPT_STATUS);
		int r = 0;

		if (isr) {
			irq_seen |= isr;
			wr(VIRTIO_MMIO_INTERRUPT_ACK, isr);
		}
		while (count && (r = pvring_drv_get_used(&q, &tok, NULL)) > 0)
			count--;
		if (r < 0)
			return false;
	}
	return !count;
}

/* one request, waited for; its status byte (0xff: none came) */
static int req_sync(uint32_t type, uint64_t sector, void *buf, uint32_t len)
{
	if (req_add(0, type, sector, buf, len) < 0)
		return -1;
	kick();
	if (!reap(1))
		return -1;
	return status[0];
}

static uint8_t pattern(uint64_t seed, uint64_t sector, unsigned int i)
{
	return (uint8_t)(seed * 131 + sector * 7 + i * 13 + (i >> 8));
}

static void mode_io(void)
{
	uint64_t seed = tg_arg_ul("tg.seed", 1);
	uint64_t nsec = tg_arg_ul("tg.sectors", 64);
	char serial[VIRTIO_BLK_ID_BYTES + 1] = {0}, want[32] = "";
	bool same = true;
	unsigned int k;

	/* write the pattern 4 KiB at a time, 16 requests in flight */
	for (uint64_t s = 0; s < nsec; s += 8 * 16) {
		unsigned int n = 0;

		for (k = 0; k < 16 && s + 8 * k < nsec; k++, n++) {
			for (unsigned int i = 0; i < 4096; i++)
				data[k][i] =
					pattern(seed, s + 8 * k + i / SECTOR,
						i % SECTOR);
			req_add(k, VIRTIO_BLK_T_OUT, s + 8 * k, data[k], 4096);
		}
		kick();
		if (!reap(n)) {
			tg_ok(false, "writes complete");
			tg_done();
		}
		for (k = 0; k < n; k++)
			same &= status[k] == VIRTIO_BLK_S_OK;
	}
	tg_ok(same, "%llu sectors written, every status OK",
	      (unsigned long long)nsec);
	tg_eqi(req_sync(VIRTIO_BLK_T_FLUSH, 0, NULL, 0), VIRTIO_BLK_S_OK,
	       "FLUSH completes OK");
	same = true;
	for (uint64_t s = 0; s < nsec; s += 8) {
		memset(data[0], 0, 4096);
		if (req_sync(VIRTIO_BLK_T_IN, s, data[0], 4096) !=
		    VIRTIO_BLK_S_OK) {
			same = false;
			break;
		}
		for (unsigned int i = 0; i < 4096; i++)
			same &= data[0][i] ==
				pattern(seed, s + i / SECTOR, i % SECTOR);
	}
	tg_ok(same, "every sector reads back as written");
	tg_ok(irq_seen & VIRTIO_MMIO_INT_VRING,
	      "used-buffer interrupts are signalled (InterruptStatus)");
	tg_eqi(req_sync(VIRTIO_BLK_T_GET_ID, 0, serial, VIRTIO_BLK_ID_BYTES),
	       VIRTIO_BLK_S_OK, "GET_ID completes OK");
	tg_arg("tg.serial", want, sizeof(want));
	tg_ok(!strcmp(serial, want), "GET_ID gives the serial '%s' (got '%s')",
	      want, serial);
	tg_eqi(req_sync(VIRTIO_BLK_T_IN, capacity, data[0], 512),
	       VIRTIO_BLK_S_IOERR, "a read past the end is IOERR");
	tg_eqi(req_sync(VIRTIO_BLK_T_IN, capacity - 1, data[0], 1024),
	       VIRTIO_BLK_S_IOERR, "a read across the end is IOERR");
	tg_eqi(req_sync(42, 0, data[0], 512), VIRTIO_BLK_S_UNSUPP,
	       "an unknown request type is UNSUPP");
}

/* a chain whose data lies outside guest RAM breaks the device; a reset
 * brings it back */
static void mode_hostile(void)
{
	struct pvring_buf b[3] = {
		{(uintptr_t)&hdrs[0], sizeof(hdrs[0])},
		{0x1000, 512}, /* below guest RAM */
		{(uintptr_t)&status[0], 1},
	};
	uint64_t end;

	hdrs[0] = (struct virtio_blk_req_hdr){.type = VIRTIO_BLK_T_IN};
	pvring_drv_add(&q, b, 1, 2, NULL);
	kick();
	end = tg_time() + tg_ms(2000);
	while (!(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET) &&
	       tg_time() < end)
		;
	tg_ok(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET,
	      "a buffer outside guest RAM sets DEVICE_NEEDS_RESET");
	tg_ok(rd(VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_MMIO_INT_CONFIG,
	      "and raises a configuration-change interrupt");
	tg_ok(dev_init(VIRTIO_BIT(VIRTIO_F_VERSION_1), true),
	      "after a reset the device sets up again");
	memset(data[1], 0x5a, 512);
	tg_eqi(req_sync(VIRTIO_BLK_T_OUT, 1, data[1], 512), VIRTIO_BLK_S_OK,
	       "and serves a write");
	memset(data[0], 0, 512);
	tg_eqi(req_sync(VIRTIO_BLK_T_IN, 1, data[0], 512), VIRTIO_BLK_S_OK,
	       "and a read");
	tg_ok(!memcmp(data[0], data[1], 512), "which returns what was written");
}

/* 4 KiB reads at depth 1 and 32: the hypervisor's exit count per request
 * is read from its report at guest stop (bench) */
static void mode_qd(void)
{
	unsigned int depth = (unsigned int)tg_arg_ul("tg.depth", 1);
	unsigned int reqs = (unsigned int)tg_arg_ul("tg.reqs", 1024), done = 0;
	bool ok = true;

	if (depth > 32)
		depth = 32;
	while (done < reqs && ok) {
		unsigned int n = reqs - done < depth ? reqs - done : depth;

		for (unsigned int k = 0; k < n; k++)
			req_add(k, VIRTIO_BLK_T_IN, 8 * ((done + k) % 1024),
				data[k], 4096);
		kick();
		ok = reap(n);
		done += n;
	}
	tg_ok(ok, "%u reads of 4 KiB at depth %u", reqs, depth);
}

void tg_main(void)
{
	char mode[16] = "io";

	tg_arg("tg.mode", mode, sizeof(mode));
	tg_plan(!strcmp(mode, "io") ? 15 : !strcmp(mode, "hostile") ? 12 : 7);
	if (!tg_ok(find_blk(), "a virtio,mmio node with a block device"))
		tg_done();
	tg_eqx(rd(VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC, "magic");
	tg_eqx(rd(VIRTIO_MMIO_VERSION), 2, "version 2 (modern)");
	tg_ok(dev_features() & VIRTIO_BIT(VIRTIO_F_VERSION_1),
	      "VIRTIO_F_VERSION_1 offered");
	tg_ok(!dev_init(0, true),
	      "FEATURES_OK is refused without VIRTIO_F_VERSION_1");
	if (!tg_ok(dev_init(VIRTIO_BIT(VIRTIO_F_VERSION_1) |
				    VIRTIO_BIT(VIRTIO_F_EVENT_IDX) |
				    VIRTIO_BIT(VIRTIO_BLK_F_FLUSH),
			    false),
		   "negotiation and queue set-up reach DRIVER_OK"))
		tg_done();
	capacity = rd(VIRTIO_MMIO_CONFIG) | (uint64_t)rd(VIRTIO_MMIO_CONFIG + 4)
						    << 32;
	tg_diag("capacity %llu sectors", (unsigned long long)capacity);
	if (!strcmp(mode, "io"))
		mode_io();
	else if (!strcmp(mode, "hostile"))
		mode_hostile();
	else
		mode_qd();
	tg_done();
}
