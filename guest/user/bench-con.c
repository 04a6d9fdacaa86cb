/* SPDX-License-Identifier: MIT */
/* Console output cost: BYTES written to each named character device in
 * writes of CHUNK bytes (a line of text each 64 bytes), with the kernel's
 * and the hypervisor's counters (GK_OP_STATS) around each:
 *
 *   bench-con [bytes=65536] [chunk=1024] LABEL:/dev/NAME...
 *   e.g. bench-con virtio:/dev/hvc0 uart:/dev/ttyS0
 *
 * One line per device:
 *   bench-con: device=L bytes=B writes=W hv=1 exits=E guest_instr=G
 *     hyp_instr=H irqs=I exits_load=... exits_store=...
 * (totals, less what a pair of snapshots costs alone). */
#include "ulib.h"

#define MAX_CHUNK 4096

static char text[MAX_CHUNK];

static void snap(struct gk_stats *s)
{
	getstats(s);
}

static uint64_t sub0(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

int main(int argc, char **argv)
{
	uint64_t bytes = 65536, chunk = 1024;
	struct gk_stats a, b;

	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "bytes=", 6))
			bytes = (uint64_t)atol_u(argv[i] + 6);
		else if (!strncmp(argv[i], "chunk=", 6))
			chunk = (uint64_t)atol_u(argv[i] + 6);
	}
	if (!chunk || chunk > MAX_CHUNK) {
		printf("bench-con: chunk must be 1..%d\n", MAX_CHUNK);
		return 2;
	}
	for (unsigned i = 0; i < MAX_CHUNK; i++)
		text[i] = i % 64 == 63 ? '\n' : (char)('a' + i % 26);
	/* a pair of snapshots alone */
	snap(&a);
	snap(&b);
	uint64_t base_exits = b.hv_exits - a.hv_exits;
	uint64_t base_guest = b.hv_guest_instret - a.hv_guest_instret;
	uint64_t base_hyp = b.hv_hyp_instret - a.hv_hyp_instret;
	for (int i = 1; i < argc; i++) {
		char *spec = argv[i], *dev = strchr(spec, ':');
		if (!dev)
			continue;
		*dev++ = 0;
		long fd = open(dev, O_WRONLY);
		if (fd < 0) {
			printf("bench-con: cannot open %s: %s\n", dev,
			       strerr(fd));
			return 1;
		}
		uint64_t done = 0, writes = 0;
		snap(&a);
		while (done < bytes) {
			uint64_t n =
				bytes - done < chunk ? bytes - done : chunk;
			long r = write((int)fd, text, n);
			if (r <= 0) {
				snap(&b);
				printf("\nbench-con: %s: write failed: %s\n",
				       dev, strerr(r));
				return 1;
			}
			done += (uint64_t)r;
			writes++;
		}
		snap(&b);
		close((int)fd);
		printf("\nbench-con: device=%s bytes=%lu writes=%lu hv=%lu "
		       "exits=%lu guest_instr=%lu hyp_instr=%lu irqs=%lu "
		       "exits_load=%lu exits_store=%lu exits_ecall=%lu "
		       "exits_vinsn=%lu exits_irq=%lu\n",
		       spec, (unsigned long)done, (unsigned long)writes,
		       (unsigned long)b.hv_valid,
		       (unsigned long)sub0(b.hv_exits - a.hv_exits, base_exits),
		       (unsigned long)sub0(b.hv_guest_instret -
						   a.hv_guest_instret,
					   base_guest),
		       (unsigned long)sub0(b.hv_hyp_instret - a.hv_hyp_instret,
					   base_hyp),
		       (unsigned long)(b.irqs_dev - a.irqs_dev),
		       (unsigned long)(b.hv_exits_load - a.hv_exits_load),
		       (unsigned long)(b.hv_exits_store - a.hv_exits_store),
		       (unsigned long)(b.hv_exits_ecall - a.hv_exits_ecall),
		       (unsigned long)(b.hv_exits_vinsn - a.hv_exits_vinsn),
		       (unsigned long)(b.hv_exits_irq - a.hv_exits_irq));
	}
	return 0;
}
