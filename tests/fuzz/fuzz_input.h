/* SPDX-License-Identifier: MIT */
/* What the device fuzzers share: invariants that abort with their place,
 * and the fuzz input read as a stream (zeros once it runs out). */
#ifndef FUZZ_INPUT_H
#define FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)                                                      \
	do {                                                             \
		if (!(cond)) {                                           \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", \
				__FILE__, __LINE__, #cond);              \
			abort();                                         \
		}                                                        \
	} while (0)

struct input {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t take8(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

/* n bytes, most significant first */
static inline uint64_t take_be(struct input *in, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | take8(in);
	return v;
}

#endif
