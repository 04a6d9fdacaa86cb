/* SPDX-License-Identifier: MIT */
/* Block I/O cost per request on any block device (virtio-blk "vda",
 * rvh,emu-blk by DMA "eda" or by PIO "eda-pio"): sequential and random
 * reads and writes of each size at each queue depth. Depth 1 goes
 * through the trap path (pread/pwrite), deeper ones through the
 * system-call ring with that many requests in flight.
 *
 *   bench-blk [span=BYTES] [n=REQS] [maxbytes=BYTES]
 *             [sizes=512,4096,65536] [qds=1,16,64]
 *             [ops=read,write,randread,randwrite]
 *             LABEL:DEV:TAG:BASE...
 *   e.g. bench-blk virtio:/dev/vda:v:0 emu-pio:/dev/eda-pio:p:8192
 * Each device spec is measured in turn: LABEL names it in the output,
 * TAG (one character) goes into its data pattern, BASE is the first
 * sector of its span.
 *
 * Per phase it takes the kernel's and the hypervisor's counters
 * (GK_OP_STATS) before and after, less what a pair of snapshots costs
 * alone, and prints one line:
 *   bench-blk: device=L op=O size=S qd=Q requests=N exits=E
 *     guest_instr=G hyp_instr=H irqs=I ticks=T exits_load=...
 * (totals over the phase; hv=0 when no hypervisor counters are there).
 * A phase has n requests, fewer when n * size exceeds maxbytes, but at
 * least qd.
 *
 * Data: before measuring, the span [base, base + span) is written with a
 * pattern that depends on the sector and tag only (sector_pattern), so
 * every write phase writes the same bytes again and the host can check
 * the image afterwards; at the end the span is read back and compared
 * ("bench-blk: verify ok"). */
#include "ulib.h"
#include "uring.h"

#define SECTOR 512
#define MAX_QD 64
#define MAX_SIZE 65536
#define MAX_LIST 8

struct cfg {
	const char *dev, *label;
	char tag;
	uint64_t base; /* sector */
	uint64_t span; /* bytes, a multiple of MAX_SIZE */
	uint64_t n, maxbytes;
	uint64_t sizes[MAX_LIST], qds[MAX_LIST];
	unsigned nsizes, nqds;
	const char *ops[MAX_LIST];
	unsigned nops;
};

static struct cfg cfg = {
	.label = "dev",
	.tag = 'x',
	.span = 1 << 20,
	.n = 256,
	.maxbytes = 4 << 20,
};
static struct uring ring;
static int ring_ok;
static uint8_t *image; /* the span's pattern, span bytes (one sbrk) */
static uint8_t *rbuf; /* read buffers, MAX_QD * MAX_SIZE (one sbrk) */

/* byte i of sector s: "rvhbench", s (8 bytes LE), the tag, then a ramp */
static void sector_pattern(uint8_t *p, uint64_t s, char tag)
{
	static const char magic[8] = "rvhbench";

	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)magic[i];
	for (int i = 0; i < 8; i++)
		p[8 + i] = (uint8_t)(s >> (8 * i));
	p[16] = (uint8_t)tag;
	for (int i = 17; i < SECTOR; i++)
		p[i] = (uint8_t)(s + (uint64_t)i);
}

static unsigned parse_list(const char *s, uint64_t *out)
{
	unsigned n = 0;

	while (*s && n < MAX_LIST) {
		out[n++] = (uint64_t)atol_u(s);
		while (*s && *s != ',')
			s++;
		if (*s == ',')
			s++;
	}
	return n;
}

static unsigned parse_words(char *s, const char **out)
{
	unsigned n = 0;

	while (*s && n < MAX_LIST) {
		out[n++] = s;
		while (*s && *s != ',')
			s++;
		if (*s == ',')
			*s++ = 0;
	}
	return n;
}

static int parse_args(int argc, char **argv)
{
	cfg.nsizes = parse_list("512,4096,65536", cfg.sizes);
	cfg.nqds = parse_list("1,16,64", cfg.qds);
	static char ops[] = "read,write,randread,randwrite";
	cfg.nops = parse_words(ops, cfg.ops);
	for (int i = 1; i < argc; i++) {
		char *a = argv[i], *v = a;
		while (*v && *v != '=')
			v++;
		if (!*v)
			continue; /* a device spec */
		*v++ = 0;
		if (!strcmp(a, "span"))
			cfg.span = (uint64_t)atol_u(v);
		else if (!strcmp(a, "n"))
			cfg.n = (uint64_t)atol_u(v);
		else if (!strcmp(a, "maxbytes"))
			cfg.maxbytes = (uint64_t)atol_u(v);
		else if (!strcmp(a, "sizes"))
			cfg.nsizes = parse_list(v, cfg.sizes);
		else if (!strcmp(a, "qds"))
			cfg.nqds = parse_list(v, cfg.qds);
		else if (!strcmp(a, "ops"))
			cfg.nops = parse_words(v, cfg.ops);
		else {
			printf("bench-blk: unknown argument '%s'\n", a);
			return -1;
		}
	}
	if (!cfg.span || cfg.span % MAX_SIZE) {
		printf("bench-blk: span must be a multiple of %d\n", MAX_SIZE);
		return -1;
	}
	for (unsigned i = 0; i < cfg.nsizes; i++)
		if (!cfg.sizes[i] || cfg.sizes[i] % SECTOR ||
		    cfg.sizes[i] > MAX_SIZE || MAX_SIZE % cfg.sizes[i]) {
			printf("bench-blk: size %lu: use 512-byte multiples "
			       "dividing %d\n",
			       (unsigned long)cfg.sizes[i], MAX_SIZE);
			return -1;
		}
	for (unsigned i = 0; i < cfg.nqds; i++)
		if (!cfg.qds[i] || cfg.qds[i] > MAX_QD) {
			printf("bench-blk: queue depth %lu: use 1..%d\n",
			       (unsigned long)cfg.qds[i], MAX_QD);
			return -1;
		}
	return 0;
}

struct snap {
	struct gk_stats st;
	uint64_t time;
};

static void snap(struct snap *s)
{
	getstats(&s->st);
	s->time = rdtime();
}

struct delta {
	uint64_t exits, guest, hyp, irqs, ticks;
	uint64_t load, store, ecall, vinsn, hirq;
};

static void diff(const struct snap *a, const struct snap *b, struct delta *d)
{
	d->exits = b->st.hv_exits - a->st.hv_exits;
	d->guest = b->st.hv_guest_instret - a->st.hv_guest_instret;
	d->hyp = b->st.hv_hyp_instret - a->st.hv_hyp_instret;
	d->irqs = b->st.irqs_dev - a->st.irqs_dev;
	d->ticks = b->time - a->time;
	d->load = b->st.hv_exits_load - a->st.hv_exits_load;
	d->store = b->st.hv_exits_store - a->st.hv_exits_store;
	d->ecall = b->st.hv_exits_ecall - a->st.hv_exits_ecall;
	d->vinsn = b->st.hv_exits_vinsn - a->st.hv_exits_vinsn;
	d->hirq = b->st.hv_exits_irq - a->st.hv_exits_irq;
}

static uint64_t sub0(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

static struct delta base_cost; /* two snapshots with nothing between */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng_next(void)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return rng_state >> 33;
}

/* byte offset in the span of request i */
static uint64_t req_off(uint64_t i, uint64_t size, int rnd)
{
	uint64_t slots = cfg.span / size;

	return (rnd ? rng_next() % slots : i % slots) * size;
}

static int phase_trap(long fd, int write, int rnd, uint64_t size, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		uint64_t off = req_off(i, size, rnd);
		uint64_t at = cfg.base * SECTOR + off;
		long r = write ? pwrite((int)fd, image + off, size, at)
			       : pread((int)fd, rbuf, size, at);
		if (r != (long)size) {
			printf("bench-blk: %s %s at %lu: %s\n", cfg.label,
			       write ? "write" : "read", (unsigned long)at,
			       r < 0 ? strerr(r) : "short");
			return -1;
		}
	}
	return 0;
}

static int phase_ring(long fd, int write, int rnd, uint64_t size, uint64_t n,
		      uint64_t qd)
{
	unsigned free_slots[MAX_QD], nfree = 0;
	uint64_t issued = 0, done = 0;

	for (unsigned s = 0; s < qd; s++)
		free_slots[nfree++] = s;
	while (done < n) {
		while (issued < n && nfree) {
			unsigned slot = free_slots[--nfree];
			uint64_t off = req_off(issued, size, rnd);
			struct pvring_buf b = {
				(uintptr_t)(write ? image + off
						  : rbuf + slot * MAX_SIZE),
				(uint32_t)size};
			int e = uring_prep(
				&ring, write ? GK_OP_WRITE : GK_OP_READ,
				(int32_t)fd, cfg.base * SECTOR + off,
				GK_REQ_F_OFFSET, issued, &b, write ? 1 : 0,
				write ? 0 : 1, (void *)(uintptr_t)slot);
			if (e) {
				printf("bench-blk: ring prep failed (%d)\n", e);
				return -1;
			}
			issued++;
		}
		if (uring_submit_and_wait(&ring, 1) < 0) {
			printf("bench-blk: ring failed\n");
			return -1;
		}
		struct uring_cqe c;
		int e;
		while ((e = uring_reap(&ring, &c)) == 1) {
			if (c.result != (int64_t)size) {
				printf("bench-blk: %s ring %s: %s\n", cfg.label,
				       write ? "write" : "read",
				       c.result < 0 ? strerr(c.result)
						    : "short");
				return -1;
			}
			free_slots[nfree++] = (unsigned)(uintptr_t)c.token;
			done++;
		}
		if (e < 0)
			return -1;
	}
	return 0;
}

static int run_phase(long fd, const char *op, uint64_t size, uint64_t qd)
{
	int write = !strcmp(op, "write") || !strcmp(op, "randwrite");
	int rnd = !strncmp(op, "rand", 4);
	uint64_t n = cfg.n;

	if (n * size > cfg.maxbytes)
		n = cfg.maxbytes / size;
	if (n < qd)
		n = qd;
	if (qd > 1 && !ring_ok)
		return 0;
	struct snap a, b;
	struct delta d;
	snap(&a);
	int e = qd == 1 ? phase_trap(fd, write, rnd, size, n)
			: phase_ring(fd, write, rnd, size, n, qd);
	snap(&b);
	if (e)
		return e;
	diff(&a, &b, &d);
	printf("bench-blk: device=%s op=%s size=%lu qd=%lu requests=%lu "
	       "hv=%lu exits=%lu guest_instr=%lu hyp_instr=%lu irqs=%lu "
	       "ticks=%lu exits_load=%lu exits_store=%lu exits_ecall=%lu "
	       "exits_vinsn=%lu exits_irq=%lu\n",
	       cfg.label, op, (unsigned long)size, (unsigned long)qd,
	       (unsigned long)n, (unsigned long)b.st.hv_valid,
	       (unsigned long)sub0(d.exits, base_cost.exits),
	       (unsigned long)sub0(d.guest, base_cost.guest),
	       (unsigned long)sub0(d.hyp, base_cost.hyp),
	       (unsigned long)sub0(d.irqs, base_cost.irqs),
	       (unsigned long)d.ticks,
	       (unsigned long)sub0(d.load, base_cost.load),
	       (unsigned long)sub0(d.store, base_cost.store),
	       (unsigned long)sub0(d.ecall, base_cost.ecall),
	       (unsigned long)sub0(d.vinsn, base_cost.vinsn),
	       (unsigned long)sub0(d.hirq, base_cost.hirq));
	return 0;
}

/* Writes the pattern over the whole span, 64 KiB at a time. */
static int fill(long fd)
{
	for (uint64_t off = 0; off < cfg.span; off += MAX_SIZE) {
		long r = pwrite((int)fd, image + off, MAX_SIZE,
				cfg.base * SECTOR + off);
		if (r != MAX_SIZE) {
			printf("bench-blk: %s: filling the span at %lu: %s\n",
			       cfg.label, (unsigned long)off,
			       r < 0 ? strerr(r) : "short");
			return -1;
		}
	}
	return 0;
}

/* Reads the span back and compares it with the pattern. */
static int verify(long fd)
{
	for (uint64_t off = 0; off < cfg.span; off += MAX_SIZE) {
		long r =
			pread((int)fd, rbuf, MAX_SIZE, cfg.base * SECTOR + off);
		if (r != MAX_SIZE || memcmp(rbuf, image + off, MAX_SIZE)) {
			printf("bench-blk: verify FAILED: %s at byte %lu of "
			       "the span (%s)\n",
			       cfg.label, (unsigned long)off,
			       r < 0 ? strerr(r) : "data differ");
			return -1;
		}
	}
	printf("bench-blk: verify ok: %s, %lu bytes at sector %lu\n", cfg.label,
	       (unsigned long)cfg.span, (unsigned long)cfg.base);
	return 0;
}

/* LABEL:DEV:TAG:BASE into cfg; -1 if malformed */
static int parse_spec(char *w)
{
	char *f[4];
	int n = 0;

	f[n++] = w;
	for (char *p = w; *p && n < 4; p++)
		if (*p == ':') {
			*p = 0;
			f[n++] = p + 1;
		}
	if (n != 4 || !*f[0] || strncmp(f[1], "/dev/", 5) || !*f[2])
		return -1;
	cfg.label = f[0];
	cfg.dev = f[1];
	cfg.tag = f[2][0];
	cfg.base = (uint64_t)atol_u(f[3]);
	return 0;
}

static int bench_device(void);

int main(int argc, char **argv)
{
	int specs = 0;

	if (parse_args(argc, argv))
		return 2;
	long a = sbrk((long)cfg.span), b = sbrk(MAX_QD * MAX_SIZE);
	if (a < 0 || b < 0) {
		printf("bench-blk: no memory for %lu bytes of buffers\n",
		       (unsigned long)(cfg.span + MAX_QD * MAX_SIZE));
		return 1;
	}
	image = (uint8_t *)a;
	rbuf = (uint8_t *)b;
	ring_ok = !uring_init(&ring, 256); /* 64 chains of 3 */
	if (!ring_ok)
		printf("bench-blk: no system-call ring: depth 1 only\n");
	for (int i = 1; i < argc; i++) {
		if (!strchr(argv[i], ':'))
			continue;
		if (parse_spec(argv[i])) {
			printf("bench-blk: '%s' is not "
			       "LABEL:/dev/NAME:TAG:BASE\n",
			       argv[i]);
			return 2;
		}
		specs++;
		if (bench_device())
			return 1;
	}
	if (!specs) {
		printf("bench-blk: no device (LABEL:/dev/NAME:TAG:BASE)\n");
		return 2;
	}
	printf("bench-blk: done\n");
	return 0;
}

static int bench_device(void)
{
	long fd = open(cfg.dev, O_RDWR);
	if (fd < 0) {
		printf("bench-blk: cannot open %s: %s\n", cfg.dev, strerr(fd));
		return 1;
	}
	for (uint64_t s = 0; s < cfg.span / SECTOR; s++)
		sector_pattern(image + s * SECTOR, cfg.base + s, cfg.tag);
	if (fill(fd))
		return 1;
	/* what a pair of snapshots costs by itself (the smallest of 3) */
	for (int i = 0; i < 3; i++) {
		struct snap x, y;
		struct delta d;
		snap(&x);
		snap(&y);
		diff(&x, &y, &d);
		if (!i || d.exits + d.guest + d.hyp < base_cost.exits +
							      base_cost.guest +
							      base_cost.hyp)
			base_cost = d;
	}
	base_cost.irqs = 0; /* an interrupt in between is not the call's */
	printf("bench-blk: %s: %s, base sector %lu, span %lu, snapshot pair "
	       "%lu exits %lu guest %lu hypervisor instructions\n",
	       cfg.label, cfg.dev, (unsigned long)cfg.base,
	       (unsigned long)cfg.span, (unsigned long)base_cost.exits,
	       (unsigned long)base_cost.guest, (unsigned long)base_cost.hyp);
	for (unsigned o = 0; o < cfg.nops; o++)
		for (unsigned s = 0; s < cfg.nsizes; s++)
			for (unsigned q = 0; q < cfg.nqds; q++)
				if (run_phase(fd, cfg.ops[o], cfg.sizes[s],
					      cfg.qds[q])) {
					close((int)fd);
					return 1;
				}
	int e = verify(fd);
	close((int)fd);
	return e;
}
