/* SPDX-License-Identifier: MIT */
#include "drivers/sbi_console.h"

#include "drivers/chardev.h"
#include "sbi_call.h"

static struct spinlock sbi_out_lock;
static struct chardev sbi_cd;

void sbi_console_put_early(const char *s, unsigned long len)
{
	unsigned long f = spin_lock_irqsave(&sbi_out_lock);

	for (unsigned long i = 0; i < len; i++) {
		if (s[i] == '\n')
			sbi_legacy_putchar('\r');
		sbi_legacy_putchar((unsigned char)s[i]);
	}
	spin_unlock_irqrestore(&sbi_out_lock, f);
}

static void sbi_put(struct chardev *cd, const char *s, unsigned long len)
{
	(void)cd;
	sbi_console_put_early(s, len);
}

static int sbi_write(struct chardev *cd, struct dev_req *req)
{
	sbi_put(cd, req->buf, req->len);
	req->result = req->len;
	req->done = 1;
	return 1;
}

static void sbi_poll_input(struct chardev *cd)
{
	char b[16];
	unsigned n = 0;

	for (;;) {
		long c = sbi_legacy_getchar();
		if (c < 0)
			break;
		b[n++] = (char)c;
		if (n == sizeof(b)) {
			chardev_input(cd, b, n);
			n = 0;
		}
	}
	if (n)
		chardev_input(cd, b, n);
}

static const struct chardev_ops sbi_ops = {
	.write = sbi_write,
	.put = sbi_put,
	.poll_input = sbi_poll_input,
};

struct chardev *sbi_console_probe(void)
{
	sbi_cd.name = "sbi";
	sbi_cd.ops = &sbi_ops;
	chardev_register(&sbi_cd);
	return &sbi_cd;
}
