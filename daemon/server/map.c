/*
 * map.c - the hash map of map.h.  Deleting shifts the
 * entries after the hole back (no tombstones), so lookups stay short
 * after any number of deletes.
 */
#include <stdlib.h>

#include "server/map.h"

#define MIN_CAP 64

struct ad_map_slot {
	uint64_t key;
	uintptr_t val;
	bool used;
};

/* Fibonacci hashing: the multiply spreads sequential ids and uids. */
static size_t home(const struct ad_map *m, uint64_t key)
{
	return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 32) &
	       (m->cap - 1);
}

static struct ad_map_slot *find(const struct ad_map *m, uint64_t key)
{
	if (m->cap == 0)
		return NULL;
	for (size_t i = home(m, key);; i = (i + 1) & (m->cap - 1)) {
		if (!m->slots[i].used)
			return NULL;
		if (m->slots[i].key == key)
			return &m->slots[i];
	}
}

static void insert_new(struct ad_map *m, uint64_t key, uintptr_t val)
{
	size_t i = home(m, key);

	while (m->slots[i].used)
		i = (i + 1) & (m->cap - 1);
	m->slots[i].key = key;
	m->slots[i].val = val;
	m->slots[i].used = true;
	m->n++;
}

static int grow(struct ad_map *m)
{
	size_t cap = m->cap != 0 ? 2 * m->cap : MIN_CAP, old_cap = m->cap;
	struct ad_map_slot *old = m->slots;
	struct ad_map_slot *slots = calloc(cap, sizeof(*slots));

	if (slots == NULL)
		return -1;
	m->slots = slots;
	m->cap = cap;
	m->n = 0;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].used)
			insert_new(m, old[i].key, old[i].val);
	free(old);
	return 0;
}

int ad_map_put(struct ad_map *m, uint64_t key, uintptr_t val)
{
	struct ad_map_slot *s = find(m, key);

	if (s != NULL) {
		s->val = val;
		return 0;
	}
	/* at most half full: probes stay short */
	if (2 * (m->n + 1) > m->cap && grow(m) < 0)
		return -1;
	insert_new(m, key, val);
	return 0;
}

bool ad_map_get(const struct ad_map *m, uint64_t key, uintptr_t *val)
{
	const struct ad_map_slot *s = find(m, key);

	if (s == NULL)
		return false;
	if (val != NULL)
		*val = s->val;
	return true;
}

/* Is slot j's home cyclically outside (hole, j]?  Then it may move into
 * the hole. */
static bool may_fill(const struct ad_map *m, size_t hole, size_t j)
{
	size_t h = home(m, m->slots[j].key);

	if (hole <= j)
		return h <= hole || h > j;
	return h <= hole && h > j;
}

void ad_map_del(struct ad_map *m, uint64_t key)
{
	struct ad_map_slot *s = find(m, key);
	size_t hole, j;

	if (s == NULL)
		return;
	hole = (size_t)(s - m->slots);
	j = hole;
	for (;;) {
		j = (j + 1) & (m->cap - 1);
		if (!m->slots[j].used)
			break;
		if (may_fill(m, hole, j)) {
			m->slots[hole] = m->slots[j];
			hole = j;
		}
	}
	m->slots[hole].used = false;
	m->n--;
}

void ad_map_free(struct ad_map *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}
