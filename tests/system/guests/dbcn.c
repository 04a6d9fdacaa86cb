/* SPDX-License-Identifier: MIT */
/* DBCN: write, read, write_byte and the buffer checks (entirely inside
 * guest RAM, base_hi == 0). The script types "tg-in" once the guest says it
 * is waiting for input, and looks for the "tg-dbcn: ..." lines written here in QEMU's output. */
#include <string.h>
#include "tg.h"

const char tg_name[] = "dbcn";

#define NR_TESTS 21

static struct sbiret dbcn(unsigned long fid, unsigned long len,
			  unsigned long lo, unsigned long hi)
{
	return sbi_ecall(SBI_EXT_DBCN, fid, len, lo, hi, 0, 0, 0);
}

/* DBCN write may write less than asked (the spec allows partial writes):
 * write all of it as an OS would. False if a call failed or claimed 0 or
 * more than was left; the script checks the text arrived exactly once. */
static bool write_all(const char *buf, unsigned long len, struct sbiret *last)
{
	unsigned long done = 0;
	unsigned int calls = 0;

	while (done < len && calls++ < 1000) {
		*last = dbcn(SBI_DBCN_CONSOLE_WRITE, len - done,
			     (uintptr_t)(buf + done), 0);
		if (last->error || last->value <= 0 ||
		    (unsigned long)last->value > len - done)
			return false;
		done += (unsigned long)last->value;
	}
	return done == len;
}

static bool is_err(struct sbiret r, long err)
{
	return r.error == err;
}

#define EXPECT_ERR(r, err, ...) tg_ok(is_err(r, err), __VA_ARGS__)

static void test_write(void)
{
	static const char msg[] = "tg-dbcn: write ok\n";
	static const char bytes[] = "tg-dbcn: byte ok\n";
	static const char endmsg[] = "tg-dbcn: end ok\n";
	uint64_t ram_end = tg_ram_base + tg_ram_size;
	char *tail = (char *)(uintptr_t)(ram_end - (sizeof(endmsg) - 1));
	char saved[sizeof(endmsg)];
	struct sbiret r;
	bool ok = true;
	unsigned int i;

	tg_ok(write_all(msg, sizeof(msg) - 1, &r),
	      "write of %u bytes: each call returns the bytes written # last "
	      "error %ld value %ld",
	      (unsigned int)sizeof(msg) - 1, r.error, r.value);
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, 0, (uintptr_t)msg, 0);
	tg_ok(r.error == 0 && r.value == 0,
	      "zero-length write -> 0 bytes # error %ld value %ld", r.error,
	      r.value);
	for (i = 0; bytes[i]; i++) {
		r = sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE,
			      (unsigned char)bytes[i], 0, 0, 0, 0, 0);
		if (r.error || r.value)
			ok = false;
	}
	tg_ok(ok,
	      "write_byte returns (0, 0) for each byte # last error %ld "
	      "value %ld",
	      r.error, r.value);

	/* a buffer that ends exactly at the end of RAM is valid */
	memcpy(saved, tail, sizeof(endmsg) - 1);
	memcpy(tail, endmsg, sizeof(endmsg) - 1);
	ok = write_all(tail, sizeof(endmsg) - 1, &r);
	memcpy(tail, saved, sizeof(endmsg) - 1);
	tg_ok(ok,
	      "write ending at the RAM end (%#lx) succeeds # last error %ld "
	      "value %ld",
	      (unsigned long)ram_end, r.error, r.value);

	r = dbcn(SBI_DBCN_CONSOLE_WRITE, 4, 0x1000, 0);
	EXPECT_ERR(r, SBI_ERR_INVALID_PARAM,
		   "write from 0x1000 (outside RAM) -> INVALID_PARAM # "
		   "error %ld",
		   r.error);
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, 8, ram_end - 4, 0);
	EXPECT_ERR(r, SBI_ERR_INVALID_PARAM,
		   "write straddling the RAM end -> INVALID_PARAM # error %ld",
		   r.error);
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, 8, tg_ram_base - 4, 0);
	EXPECT_ERR(r, SBI_ERR_INVALID_PARAM,
		   "write straddling the RAM start -> INVALID_PARAM # "
		   "error %ld",
		   r.error);
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, sizeof(msg) - 1, (uintptr_t)msg, 1);
	EXPECT_ERR(r, SBI_ERR_INVALID_PARAM,
		   "write with base_hi = 1 -> INVALID_PARAM # error %ld",
		   r.error);
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, ~0UL, (uintptr_t)msg, 0);
	EXPECT_ERR(r, SBI_ERR_INVALID_PARAM,
		   "write of ~0 bytes (wraps) -> INVALID_PARAM # error %ld",
		   r.error);
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, tg_ram_size + 1, tg_ram_base, 0);
	EXPECT_ERR(r, SBI_ERR_INVALID_PARAM,
		   "write of RAM size + 1 bytes -> INVALID_PARAM # error %ld",
		   r.error);
}

static bool got_char;
static long last_char;

static bool poll_getchar(void)
{
	last_char = sbi_legacy_getchar();
	got_char = last_char != -1;
	return got_char;
}

static void test_input(void)
{
	char buf[8];
	unsigned int have = 0;
	uint64_t deadline = tg_time() + tg_ms(5000);
	struct sbiret r = {0, 0};
	bool guard_ok = true;

	/* input typed before the guest runs may be dropped (UART resets):
	 * the script sends it only after this line */
	tg_printf("tg: dbcn waiting for input\n");
	tg_wait_until(poll_getchar, deadline);
	tg_eqi(last_char, 't', "legacy getchar returns the first input byte");

	/* read 2 bytes at a time; the bytes after them must stay untouched */
	while (have < 4 && tg_time() < deadline) {
		memset(buf + have, '#', sizeof(buf) - have);
		r = dbcn(SBI_DBCN_CONSOLE_READ, 2, (uintptr_t)(buf + have), 0);
		if (r.error || r.value < 0 || r.value > 2)
			break;
		for (unsigned int i = have + r.value; i < sizeof(buf); i++)
			if (buf[i] != '#')
				guard_ok = false;
		have += r.value;
	}
	tg_ok(have == 4 && !memcmp(buf, "g-in", 4),
	      "DBCN read returns the rest of the input # got %u bytes "
	      "'%.*s', last error %ld value %ld",
	      have, (int)have, buf, r.error, r.value);
	tg_ok(guard_ok, "DBCN read writes no more than num_bytes");
	r = dbcn(SBI_DBCN_CONSOLE_READ, sizeof(buf), (uintptr_t)buf, 0);
	tg_ok(r.error == 0 && r.value == 0,
	      "DBCN read without input -> 0 bytes # error %ld value %ld",
	      r.error, r.value);
	tg_eqi(sbi_legacy_getchar(), -1, "legacy getchar without input -> -1");
}

static void test_read_errors(void)
{
	uint64_t ram_end = tg_ram_base + tg_ram_size;
	char buf[4];
	struct sbiret r;

	r = dbcn(SBI_DBCN_CONSOLE_READ, 0, (uintptr_t)buf, 0);
	tg_ok(r.error == 0 && r.value == 0,
	      "zero-length read -> 0 bytes # error %ld value %ld", r.error,
	      r.value);
	r = dbcn(SBI_DBCN_CONSOLE_READ, 4, 0x1000, 0);
	EXPECT_ERR(r, SBI_ERR_INVALID_PARAM,
		   "read into 0x1000 (outside RAM) -> INVALID_PARAM # "
		   "error %ld",
		   r.error);
	r = dbcn(SBI_DBCN_CONSOLE_READ, 8, ram_end - 4, 0);
	EXPECT_ERR(r, SBI_ERR_INVALID_PARAM,
		   "read straddling the RAM end -> INVALID_PARAM # error %ld",
		   r.error);
	r = dbcn(SBI_DBCN_CONSOLE_READ, sizeof(buf), (uintptr_t)buf, 1);
	EXPECT_ERR(r, SBI_ERR_INVALID_PARAM,
		   "read with base_hi = 1 -> INVALID_PARAM # error %ld",
		   r.error);
	r = dbcn(SBI_DBCN_CONSOLE_READ, ~0UL, (uintptr_t)buf, 0);
	EXPECT_ERR(r, SBI_ERR_INVALID_PARAM,
		   "read of ~0 bytes (wraps) -> INVALID_PARAM # error %ld",
		   r.error);
}

void tg_main(void)
{
	tg_plan(NR_TESTS);
	tg_ok(tg_ram_size != 0, "guest RAM known from the DTB (%#lx + %#lx)",
	      (unsigned long)tg_ram_base, (unsigned long)tg_ram_size);
	test_write();
	test_input();
	test_read_errors();
}
