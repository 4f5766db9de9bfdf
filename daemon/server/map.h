/*
 * map.h - a small hash map from u64 keys to pointer-sized values, so that
 * the daemon finds a session by id and counts sessions and connections
 * per uid in O(1), whatever their number.  Open addressing
 * with linear probing; it grows as needed and never shrinks.  Not thread
 * safe (the loop thread owns it).
 */
#ifndef AD_MAP_H
#define AD_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ad_map_slot;

struct ad_map {
	struct ad_map_slot *slots;
	size_t cap; /* slots: 0 or a power of two */
	size_t n;   /* keys held */
};

#define AD_MAP_INIT                                                            \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Set key to val (added or replaced).  0, or -1 when out of memory (the
 * map is unchanged then). */
int ad_map_put(struct ad_map *m, uint64_t key, uintptr_t val);

/* Is key there?  Its value into *val (may be NULL). */
bool ad_map_get(const struct ad_map *m, uint64_t key, uintptr_t *val);

/* Remove key (absent is fine). */
void ad_map_del(struct ad_map *m, uint64_t key);

void ad_map_free(struct ad_map *m);

#endif
