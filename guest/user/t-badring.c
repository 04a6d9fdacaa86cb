/* SPDX-License-Identifier: MIT */
/* Malformed syscall rings. Each variant runs in its own child process,
 * which corrupts its ring in one way and checks that its ring (only) is
 * failed: GK_OP_RING_ENTER says -EIO, the control page names the pvring
 * error, and the trap path still works. The parent keeps a healthy ring
 * busy meanwhile: the kernel and other processes go on. */
#include "ulib.h"
#include "uring.h"

static const struct variant {
	const char *name;
	int err, alt; /* expected pvring error (alt: also acceptable) */
} variants[] = {
	{"head", PVRING_ERR_HEAD_RANGE, 0},
	{"idx", PVRING_ERR_AVAIL_IDX, 0},
	{"loop", PVRING_ERR_LOOP, PVRING_ERR_CHAIN_LONG},
	{"addr", PVRING_ERR_TRANSLATE, 0},
	{"kaddr", PVRING_ERR_TRANSLATE, 0},
	/* a chain the kernel has served (its pages now in the kernel's
	 * translation cache), then rewritten and posted again: to an
	 * unmapped address, to writable on a read-only page (same address and
	 * length), to a next out of range */
	{"stale", PVRING_ERR_TRANSLATE, 0},
	{"wflip", PVRING_ERR_TRANSLATE, 0},
	{"snext", PVRING_ERR_NEXT_RANGE, 0},
};

#define NV (int)(sizeof(variants) / sizeof(variants[0]))

static int corrupt(const char *how)
{
	struct uring r;
	static char data[64];

	if (uring_init(&r, 4))
		return 10;
	struct pvring_desc *d = (void *)(uintptr_t)r.prm.desc;
	struct pvring_avail *a = (void *)(uintptr_t)r.prm.avail;
	uint16_t idx = a->idx;
	d[0].addr = (uintptr_t)data;
	d[0].len = sizeof(data);
	d[0].flags = 0;
	d[0].next = 0;
	if (!strcmp(how, "stale") || !strcmp(how, "wflip") ||
	    !strcmp(how, "snext")) {
		/* served once as it is: a read-only page read, a chain of
		 * two when testing next */
		if (!strcmp(how, "wflip"))
			d[0].addr = (uintptr_t)&corrupt; /* our text */
		if (!strcmp(how, "snext")) {
			d[0].flags = PVRING_DESC_F_NEXT;
			d[0].next = 1;
			d[1].addr = (uintptr_t)data;
			d[1].len = 8;
			d[1].flags = 0;
			d[1].next = 0;
		}
		for (int round = 0; round < 2; round++) {
			a->ring[idx % 4] = 0;
			__asm__ volatile("fence rw,rw" ::: "memory");
			a->idx = ++idx;
			__asm__ volatile("fence rw,rw" ::: "memory");
			if (ring_enter(GK_ENTER_GETEVENTS, idx))
				return 18;
			if (r.ctl->flags & GK_RING_CTL_BROKEN)
				return 19;
		}
		if (!strcmp(how, "stale"))
			d[0].addr = 0x200000000ull;
		else if (!strcmp(how, "wflip"))
			d[0].flags = PVRING_DESC_F_WRITE;
		else
			d[0].next = 4;
		a->ring[idx % 4] = 0;
	} else if (!strcmp(how, "head")) {
		a->ring[idx % 4] = 4 + 3;
	} else if (!strcmp(how, "idx")) {
		idx += 100; /* claims 101 new chains in a ring of 4 */
	} else if (!strcmp(how, "loop")) {
		d[0].flags = PVRING_DESC_F_NEXT;
		d[0].next = 0;
		a->ring[idx % 4] = 0;
	} else if (!strcmp(how, "addr")) {
		d[0].addr = 0x200000000ull; /* unmapped user address */
		a->ring[idx % 4] = 0;
	} else if (!strcmp(how, "kaddr")) {
		d[0].addr = 0x80200000ull; /* the kernel's text */
		d[0].flags = PVRING_DESC_F_WRITE;
		a->ring[idx % 4] = 0;
	} else {
		return 11;
	}
	__asm__ volatile("fence rw,rw" ::: "memory");
	a->idx = (uint16_t)(idx + 1);
	__asm__ volatile("fence rw,rw" ::: "memory");
	long e = ring_enter(GK_ENTER_GETEVENTS, (uint16_t)(idx + 1));
	if (e != -EIO)
		return 12;
	if (!(r.ctl->flags & GK_RING_CTL_BROKEN))
		return 13;
	int err = r.ctl->error;
	for (int i = 0; i < NV; i++)
		if (!strcmp(variants[i].name, how) && err != variants[i].err &&
		    (!variants[i].alt || err != variants[i].alt))
			return 14;
	if (ring_enter(0, 0) != -EIO)
		return 15; /* stays failed */
	/* the trap path is unaffected */
	if (getpid() <= 0 || write(1, "", 0) != 0)
		return 16;
	long fd = open("/etc/motd", O_RDONLY);
	char c;
	if (fd < 0 || read((int)fd, &c, 1) != 1 || c != 'W')
		return 17;
	return 0;
}

int main(int argc, char **argv)
{
	struct uring r;
	struct uring_cqe c = {0};

	if (argc > 1)
		return corrupt(argv[1]);
	tap_plan(NV + 3);
	tap_ok(uring_init(&r, 16) == 0, "parent ring set up");
	for (int i = 0; i < NV; i++) {
		const char *av[] = {"t-badring", variants[i].name, 0};
		long pid = spawn("/bin/t-badring", av);
		/* keep our own ring busy while the child breaks its ring */
		for (int k = 0; k < 4; k++)
			uring_prep_nop(&r, (uint64_t)k, 0);
		int e = uring_submit_and_wait(&r, 4);
		int got = 0;
		while (uring_reap(&r, &c) == 1)
			got++;
		int st = -1;
		long w = waitpid(pid, &st);
		tap_ok(w == pid && st == 0 && e == 0 && got == 4,
		       "%s: child's ring fails alone (status %d), parent ring "
		       "works (%d)",
		       variants[i].name, st, got);
	}
	tap_ok(!uring_broken(&r), "parent ring never broken");
	/* and a fresh process gets a working ring after all that */
	static const char args[] = "/bin/child\0child\0exit\0"
				   "0";
	uring_prep_spawn(&r, args, sizeof(args), 1, 0);
	uring_submit_and_wait(&r, 1);
	int ok = uring_reap(&r, &c) == 1 && c.result > 0;
	uring_prep_wait(&r, (int)c.result, 2, 0);
	uring_submit_and_wait(&r, 1);
	ok = ok && uring_reap(&r, &c) == 1 && c.aux == 0;
	tap_ok(ok, "spawn and wait through the ring still work");
	return tap_done();
}
