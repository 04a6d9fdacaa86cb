// SPDX-License-Identifier: MIT
/* pvring layout against the virtio 1.x split-ring size formulas. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pvring.h"

static uint64_t area[(6 + 8 * 32768) / 8 + 1];

static const unsigned int sizes[] = {1,	  2,   4,    8,	   16,	  64,
				     128, 256, 1024, 4096, 16384, 32768};
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static void test_struct_sizes(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct pvring_desc), 16);
	assert_int_equal(offsetof(struct pvring_desc, addr), 0);
	assert_int_equal(offsetof(struct pvring_desc, len), 8);
	assert_int_equal(offsetof(struct pvring_desc, flags), 12);
	assert_int_equal(offsetof(struct pvring_desc, next), 14);
	assert_int_equal(sizeof(struct pvring_used_elem), 8);
	assert_int_equal(offsetof(struct pvring_used_elem, id), 0);
	assert_int_equal(offsetof(struct pvring_used_elem, len), 4);
	assert_int_equal(offsetof(struct pvring_avail, flags), 0);
	assert_int_equal(offsetof(struct pvring_avail, idx), 2);
	assert_int_equal(offsetof(struct pvring_avail, ring), 4);
	assert_int_equal(offsetof(struct pvring_used, flags), 0);
	assert_int_equal(offsetof(struct pvring_used, idx), 2);
	assert_int_equal(offsetof(struct pvring_used, ring), 4);
	/* alignment the spec requires of each area (2.7 table) */
	assert_int_equal(PVRING_DESC_ALIGN, 16);
	assert_int_equal(PVRING_AVAIL_ALIGN, 2);
	assert_int_equal(PVRING_USED_ALIGN, 4);
	assert_true(_Alignof(struct pvring_avail) <= PVRING_AVAIL_ALIGN);
	assert_true(_Alignof(struct pvring_used) <= PVRING_USED_ALIGN);
}

/* Spec: desc 16*N, avail 6+2*N, used 6+8*N; event fields are the last u16. */
static void test_area_sizes_and_event_offsets(void **state)
{
	unsigned int k;

	(void)state;
	for (k = 0; k < NSIZES; k++) {
		unsigned int n = sizes[k];
		uint8_t *a_base = (uint8_t *)area;
		struct pvring_avail *a = (struct pvring_avail *)a_base;
		struct pvring_used *u = (struct pvring_used *)a_base;

		assert_int_equal(pvring_desc_bytes(n), 16 * (size_t)n);
		assert_int_equal(pvring_avail_bytes(n), 6 + 2 * (size_t)n);
		assert_int_equal(pvring_used_bytes(n), 6 + 8 * (size_t)n);
		assert_int_equal((uint8_t *)pvring_used_event(a, n) - a_base,
				 4 + 2 * (size_t)n);
		assert_int_equal((uint8_t *)pvring_avail_event(u, n) - a_base,
				 4 + 8 * (size_t)n);
		/* the event field is the last two bytes of its area */
		assert_int_equal((uint8_t *)pvring_used_event(a, n) + 2 -
					 a_base,
				 pvring_avail_bytes(n));
		assert_int_equal((uint8_t *)pvring_avail_event(u, n) + 2 -
					 a_base,
				 pvring_used_bytes(n));
	}
}

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) / a * a;
}

/* Contiguous layout: modern (used align 4) and legacy (used align 4096,
 * the virtio 0.9.5 vring_size formula). */
static void test_contig_layout(void **state)
{
	unsigned int k;
	struct pvring_layout l;

	(void)state;
	for (k = 0; k < NSIZES; k++) {
		unsigned int n = sizes[k];

		pvring_layout_contig(n, 4, &l);
		assert_int_equal(l.desc_off, 0);
		assert_int_equal(l.avail_off, 16 * (size_t)n);
		assert_int_equal(l.used_off, align_up(18 * (size_t)n + 6, 4));
		assert_true(l.total >= l.used_off + 6 + 8 * (size_t)n);
		assert_int_equal(l.total % 16, 0);
		assert_int_equal(l.used_off % PVRING_USED_ALIGN, 0);

		pvring_layout_contig(n, 4096, &l);
		assert_int_equal(
			l.used_off,
			align_up(16 * (size_t)n + 6 + 2 * (size_t)n, 4096));
		assert_int_equal(l.used_off % 4096, 0);
	}
	/* a known value: legacy N=256 ring is 2 pages + used */
	pvring_layout_contig(256, 4096, &l);
	assert_int_equal(l.used_off, 8192);
}

static void test_size_valid(void **state)
{
	unsigned int n;
	int count = 0;

	(void)state;
	assert_false(pvring_size_valid(0));
	assert_false(pvring_size_valid(3));
	assert_false(pvring_size_valid(65536));
	assert_false(pvring_size_valid(32769));
	assert_true(pvring_size_valid(32768));
	assert_true(pvring_size_valid(1));
	for (n = 0; n <= 70000; n++)
		count += pvring_size_valid(n);
	assert_int_equal(count, 16); /* 2^0 .. 2^15 */
}

/* need_event against a brute-force statement of the rule: notify iff
 * event lies in [old, new) modulo 2^16. */
static void test_need_event(void **state)
{
	static const uint16_t olds[] = {0, 1, 100, 65530, 65535};
	unsigned int k, d, e;

	(void)state;
	for (k = 0; k < sizeof(olds) / sizeof(olds[0]); k++) {
		for (d = 0; d < 20; d++) {
			uint16_t old = olds[k], nw = (uint16_t)(old + d);

			for (e = 0; e < 40; e++) {
				uint16_t ev = (uint16_t)(old - 10 + e);
				bool want = (uint16_t)(ev - old) < d;

				assert_int_equal(pvring_need_event(ev, nw, old),
						 want);
			}
		}
	}
	/* the examples from the spec's vring_need_event */
	assert_true(pvring_need_event(5, 6, 5));
	assert_false(pvring_need_event(6, 6, 5));
	assert_false(pvring_need_event(4, 6, 5));
}

static void test_feature_bits(void **state)
{
	(void)state;
	assert_true(PVRING_F_INDIRECT_DESC == (1ull << 28));
	assert_true(PVRING_F_EVENT_IDX == (1ull << 29));
	assert_true(PVRING_F_VERSION_1 == (1ull << 32));
	assert_int_equal(PVRING_DESC_F_NEXT, 1);
	assert_int_equal(PVRING_DESC_F_WRITE, 2);
	assert_int_equal(PVRING_DESC_F_INDIRECT, 4);
	assert_int_equal(PVRING_AVAIL_F_NO_INTERRUPT, 1);
	assert_int_equal(PVRING_USED_F_NO_NOTIFY, 1);
}

/* Every error code has its own name; unknown codes do not crash. */
static void test_strerror(void **state)
{
	static const int codes[] = {
		PVRING_ERR_INVAL,	   PVRING_ERR_NOSPC,
		PVRING_ERR_BROKEN,	   PVRING_ERR_AVAIL_IDX,
		PVRING_ERR_HEAD_RANGE,	   PVRING_ERR_NEXT_RANGE,
		PVRING_ERR_LOOP,	   PVRING_ERR_CHAIN_LONG,
		PVRING_ERR_ORDER,	   PVRING_ERR_INDIRECT_NESTED,
		PVRING_ERR_INDIRECT_ALIGN, PVRING_ERR_INDIRECT_LEN,
		PVRING_ERR_INDIRECT_NEXT,  PVRING_ERR_INDIRECT_FEATURE,
		PVRING_ERR_LEN_OVERFLOW,   PVRING_ERR_TRANSLATE,
		PVRING_ERR_INFLIGHT,	   PVRING_ERR_USED_IDX,
		PVRING_ERR_USED_ID,	   PVRING_ERR_USED_LEN,
	};
	const unsigned int n = sizeof(codes) / sizeof(codes[0]);
	unsigned int i, j;

	(void)state;
	for (i = 0; i < n; i++) {
		const char *s = pvring_strerror(codes[i]);

		assert_non_null(s);
		assert_true(strncmp(s, "PVRING_ERR_", 11) == 0);
		for (j = 0; j < i; j++) {
			assert_int_not_equal(codes[i], codes[j]);
			assert_string_not_equal(s, pvring_strerror(codes[j]));
		}
	}
	assert_string_equal(pvring_strerror(PVRING_ERR_LOOP),
			    "PVRING_ERR_LOOP");
	assert_string_equal(pvring_strerror(0), "PVRING_OK");
	assert_string_equal(pvring_strerror(-9999), "PVRING_UNKNOWN");
	assert_string_equal(pvring_strerror(-4), "PVRING_UNKNOWN");
	assert_string_equal(pvring_strerror(7), "PVRING_UNKNOWN");
	assert_string_equal(pvring_strerror(-2147483647 - 1), "PVRING_UNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_struct_sizes),
		cmocka_unit_test(test_area_sizes_and_event_offsets),
		cmocka_unit_test(test_contig_layout),
		cmocka_unit_test(test_size_valid),
		cmocka_unit_test(test_need_event),
		cmocka_unit_test(test_feature_bits),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("pvring_layout", tests, NULL, NULL);
}
