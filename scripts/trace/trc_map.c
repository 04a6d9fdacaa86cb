// SPDX-License-Identifier: MIT
/*
 * A hash map from u64 to u64 with linear probing: the converter keys
 * requests, rings, names and tracks by small integers and must stay linear
 * in the trace size even on hostile input.
 */
#include <stdlib.h>

#include "trc.h"

static size_t slot(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdull;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

static bool find(const struct trc_map *m, uint64_t key, size_t *at)
{
	size_t i;

	if (!m->cap)
		return false;
	for (i = slot(key, m->cap); m->used[i]; i = (i + 1) & (m->cap - 1))
		if (m->key[i] == key) {
			*at = i;
			return true;
		}
	*at = i;
	return false;
}

bool trc_map_get(const struct trc_map *m, uint64_t key, uint64_t *val)
{
	size_t i;

	if (!find(m, key, &i))
		return false;
	*val = m->val[i];
	return true;
}

static int grow(struct trc_map *m)
{
	struct trc_map b = {0};

	b.cap = m->cap ? m->cap * 2 : 64;
	b.key = malloc(b.cap * sizeof(*b.key));
	b.val = malloc(b.cap * sizeof(*b.val));
	b.used = calloc(b.cap, 1);
	if (!b.key || !b.val || !b.used) {
		trc_map_free(&b);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->used[i]) {
			size_t j;

			find(&b, m->key[i], &j);
			b.used[j] = 1;
			b.key[j] = m->key[i];
			b.val[j] = m->val[i];
			b.n++;
		}
	trc_map_free(m);
	*m = b;
	return 0;
}

int trc_map_put(struct trc_map *m, uint64_t key, uint64_t val)
{
	size_t i;

	if (find(m, key, &i)) {
		m->val[i] = val;
		return 0;
	}
	if ((m->n + 1) * 2 > m->cap) {
		if (grow(m))
			return -1;
		find(m, key, &i);
	}
	m->used[i] = 1;
	m->key[i] = key;
	m->val[i] = val;
	m->n++;
	return 0;
}

/* backward-shift deletion keeps every probe chain unbroken */
void trc_map_del(struct trc_map *m, uint64_t key)
{
	size_t i, j, home;

	if (!find(m, key, &i))
		return;
	m->used[i] = 0;
	m->n--;
	for (j = (i + 1) & (m->cap - 1); m->used[j];
	     j = (j + 1) & (m->cap - 1)) {
		home = slot(m->key[j], m->cap);
		/* move j into the hole at i unless its home lies in (i, j] */
		if ((j > i && (home <= i || home > j)) ||
		    (j < i && home <= i && home > j)) {
			m->used[i] = 1;
			m->key[i] = m->key[j];
			m->val[i] = m->val[j];
			m->used[j] = 0;
			i = j;
		}
	}
}

void trc_map_free(struct trc_map *m)
{
	free(m->key);
	free(m->val);
	free(m->used);
	m->key = m->val = NULL;
	m->used = NULL;
	m->cap = m->n = 0;
}
