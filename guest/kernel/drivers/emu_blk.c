/* SPDX-License-Identifier: MIT */
/* One request at a time per controller (the hardware takes one command);
 * others wait in a FIFO per mode (so that the mode needs no field of the
 * request: its tag is the file layer's) and start from the interrupt
 * handler, the two FIFOs taking turns. A request
 * longer than MAX_COUNT sectors is several commands. PIO moves a sector
 * per DRQ interrupt inside the handler. Kernel memory is identity
 * mapped, so a buffer's address is what the controller's DMA sees. */
#include "drivers/emu_blk.h"

#include <libfdt.h>
#include <string.h>

#include "arch/spinlock.h"
#include "base/bootinfo.h"
#include "base/errno.h"
#include "base/printk.h"
#include "drivers/blkdev.h"
#include "drivers/emu_blk_cmd.h"
#include "drivers/plic.h"
#include "hw/emu_blk.h"
#include "mm/kmalloc.h"
#include "mm/vm.h"

#define EMU_BLK_MAX_CTRL 4

struct emu_blk;

/* a block device: the controller in one transfer mode */
struct emu_view {
	struct blkdev bd;
	struct emu_blk *e;
	uint32_t pio; /* 0 or EMU_BLK_CMD_PIO */
	char name[12];
};

struct emu_blk {
	uint64_t base;
	uint32_t irq, features, max_count;
	struct spinlock lock;
	/* per mode (DMA, PIO); head[cur] is the request in flight */
	struct dev_req *head[2], **tail[2];
	struct emu_cmd cmd; /* the command in flight (emu_blk_cmd.h) */
	int busy, cur;
	struct emu_view view[2]; /* DMA, PIO */
};

static inline volatile void *eb_reg(const struct emu_blk *e, unsigned off)
{
	return (volatile void *)(uintptr_t)(e->base + off);
}

static inline uint32_t eb_rd32(const struct emu_blk *e, unsigned off)
{
	return *(volatile uint32_t *)eb_reg(e, off);
}

static inline void eb_wr32(const struct emu_blk *e, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)eb_reg(e, off) = v;
}

static inline void eb_wr64(const struct emu_blk *e, unsigned off, uint64_t v)
{
	*(volatile uint64_t *)eb_reg(e, off) = v;
}

/* Writes the registers of the command cmd says is next; with e->lock. */
static void eb_issue(struct emu_blk *e)
{
	struct emu_cmd *c = &e->cmd;
	uint32_t count;
	uint64_t sector = emu_cmd_next(c, &count);

	if (c->op == EMU_BLK_CMD_FLUSH) {
		eb_wr32(e, EMU_BLK_COMMAND, EMU_BLK_CMD_FLUSH);
		return;
	}
	eb_wr64(e, EMU_BLK_SECTOR, sector);
	eb_wr32(e, EMU_BLK_COUNT, count);
	if (!c->pio)
		eb_wr64(e, EMU_BLK_BUFFER, (uintptr_t)(c->buf + c->done));
	eb_wr32(e, EMU_BLK_COMMAND, c->op | c->pio);
}

/* Starts the next request, if idle: the other mode's FIFO first, so
 * neither mode waits for the other's whole queue; with e->lock. */
static void eb_start(struct emu_blk *e)
{
	if (e->busy)
		return;
	int m = e->head[!e->cur] ? !e->cur : e->cur;
	struct dev_req *r = e->head[m];
	if (!r)
		return;
	e->cur = m;
	uint32_t op = r->op == DEV_READ	   ? EMU_BLK_CMD_READ
		      : r->op == DEV_WRITE ? EMU_BLK_CMD_WRITE
					   : EMU_BLK_CMD_FLUSH;
	emu_cmd_init(&e->cmd, op, r->buf, r->len, r->sector,
		     m ? EMU_BLK_CMD_PIO : 0, e->max_count);
	e->busy = 1;
	eb_issue(e);
}

static int eb_submit(struct blkdev *bd, struct dev_req *req)
{
	struct emu_view *ev = bd->priv;
	struct emu_blk *e = ev->e;

	if (req->op == DEV_FLUSH && !(e->features & EMU_BLK_F_FLUSH)) {
		req->result = 0; /* no write cache to flush */
		req->done = 1;
		return 1;
	}
	int m = ev->pio ? 1 : 0;
	req->next = 0;
	unsigned long f = spin_lock_irqsave(&e->lock);
	*e->tail[m] = req;
	e->tail[m] = &req->next;
	eb_start(e);
	spin_unlock_irqrestore(&e->lock, f);
	return 0;
}

static const struct blkdev_ops eb_ops = {.submit = eb_submit};

/* PIO: one sector through DATA, 64 accesses (64 exits) */
static void eb_pio_sector(struct emu_blk *e, struct emu_cmd *c)
{
	uint64_t *p = emu_cmd_pio_next(c);
	volatile uint64_t *data = eb_reg(e, EMU_BLK_DATA);

	if (!p)
		return; /* a DRQ the command has no data for: DONE says */
	if (c->op == EMU_BLK_CMD_WRITE)
		for (unsigned i = 0; i < BLK_SECTOR / 8; i++)
			*data = p[i];
	else
		for (unsigned i = 0; i < BLK_SECTOR / 8; i++)
			p[i] = *data;
}

/* DONE: the command's result; the next command of the request, or the
 * request completed and the next one started. Returns the finished
 * request, if any; with e->lock. */
static struct dev_req *eb_done(struct emu_blk *e)
{
	uint32_t st = eb_rd32(e, EMU_BLK_STATUS);
	int next = emu_cmd_done(&e->cmd, st);

	if (next == EMU_CMD_AGAIN) {
		eb_issue(e);
		return 0;
	}
	int m = e->cur;
	struct dev_req *r = e->head[m];
	e->head[m] = r->next;
	if (!e->head[m])
		e->tail[m] = &e->head[m];
	r->result = e->cmd.result;
	e->busy = 0;
	eb_start(e);
	return r;
}

static void eb_irq(void *arg)
{
	struct emu_blk *e = arg;
	struct dev_req *done = 0, **dt = &done;

	unsigned long f = spin_lock_irqsave(&e->lock);
	for (;;) {
		uint32_t is = eb_rd32(e, EMU_BLK_INT_STATUS);
		if (!is)
			break;
		eb_wr32(e, EMU_BLK_INT_ACK, is);
		if (!e->busy)
			continue; /* left over from before a reset */
		if (is & EMU_BLK_INT_DRQ)
			eb_pio_sector(e, &e->cmd);
		if (is & EMU_BLK_INT_DONE) {
			struct dev_req *r = eb_done(e);
			if (r) {
				r->next = 0;
				*dt = r;
				dt = &r->next;
			}
		}
	}
	spin_unlock_irqrestore(&e->lock, f);
	while (done) {
		struct dev_req *r = done;
		done = r->next;
		dev_req_complete(r, r->result);
	}
}

static unsigned eb_count;

static void eb_view(struct emu_blk *e, unsigned v, unsigned idx, uint64_t cap)
{
	struct emu_view *ev = &e->view[v];
	char *n = ev->name;

	ev->e = e;
	ev->pio = v ? EMU_BLK_CMD_PIO : 0;
	n[0] = 'e';
	n[1] = 'd';
	n[2] = (char)('a' + idx);
	n[3] = 0;
	if (v)
		strcpy(n + 3, "-pio");
	ev->bd.name = n;
	ev->bd.ops = &eb_ops;
	ev->bd.priv = ev;
	ev->bd.sectors = cap;
	ev->bd.read_only = !!(e->features & EMU_BLK_F_READ_ONLY);
	blkdev_register(&ev->bd);
}

static int eb_attach(uint64_t base, uint64_t size, uint32_t irq)
{
	if (size < EMU_BLK_MMIO_SIZE)
		return -EINVAL;
	vm_map_device(base, EMU_BLK_MMIO_SIZE);
	struct emu_blk *e = kmalloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	memset(e, 0, sizeof(*e));
	e->base = base;
	e->irq = irq;
	e->tail[0] = &e->head[0];
	e->tail[1] = &e->head[1];
	if (eb_rd32(e, EMU_BLK_MAGIC) != EMU_BLK_MAGIC_VALUE ||
	    eb_rd32(e, EMU_BLK_VERSION) != EMU_BLK_VERSION_VALUE) {
		kprintf("gk: rvh,emu-blk at 0x%lx: bad magic or version; left "
			"alone\n",
			(unsigned long)base);
		kfree(e);
		return -ENODEV;
	}
	eb_wr32(e, EMU_BLK_CONTROL, EMU_BLK_CTL_RESET);
	uint64_t cap = *(volatile uint64_t *)eb_reg(e, EMU_BLK_CAPACITY);
	e->features = eb_rd32(e, EMU_BLK_FEATURES);
	e->max_count = eb_rd32(e, EMU_BLK_MAX_COUNT);
	if (!e->max_count)
		e->max_count = 1;
	unsigned idx = eb_count;
	if (plic_enable(irq, 0, eb_irq, e)) {
		kprintf("gk: rvh,emu-blk at 0x%lx: no interrupt (irq %u); "
			"disk not used\n",
			(unsigned long)base, irq);
		kfree(e);
		return -ENODEV;
	}
	eb_wr32(e, EMU_BLK_INT_ENABLE, EMU_BLK_INT_DONE | EMU_BLK_INT_DRQ);
	eb_count++;
	eb_view(e, 0, idx, cap);
	eb_view(e, 1, idx, cap);
	kprintf("gk: %s, %s: rvh,emu-blk at 0x%lx irq %u, %lu sectors (%lu "
		"KiB)%s, DMA and PIO\n",
		e->view[0].name, e->view[1].name, (unsigned long)base, irq,
		(unsigned long)cap, (unsigned long)(cap / 2),
		e->view[0].bd.read_only ? ", read-only" : "");
	return 0;
}

static uint64_t eb_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

unsigned emu_blk_probe_all(void)
{
	const void *fdt = (const void *)(uintptr_t)bootinfo.dtb_pa;
	unsigned n = 0;

	if (!fdt)
		return 0;
	for (int node = fdt_node_offset_by_compatible(fdt, -1, "rvh,emu-blk");
	     node >= 0 && n < EMU_BLK_MAX_CTRL;
	     node = fdt_node_offset_by_compatible(fdt, node, "rvh,emu-blk")) {
		int parent = fdt_parent_offset(fdt, node);
		int ac = fdt_address_cells(fdt, parent);
		int sc = fdt_size_cells(fdt, parent);
		int len;
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
		const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", 0);
		if (ac < 1 || ac > 2 || sc < 1 || sc > 2 || !reg || !irq ||
		    len < (int)sizeof(*reg) * (ac + sc))
			continue;
		if (!eb_attach(eb_cells(reg, ac), eb_cells(reg + ac, sc),
			       fdt32_to_cpu(*irq)))
			n++;
	}
	return n;
}
