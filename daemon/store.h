/*
 * store.h - the LMDB store.  (The store helper extends this header; the
 * server relies only on the functions below.)
 */
#ifndef AD_STORE_H
#define AD_STORE_H

#include <stddef.h>
#include <stdint.h>

struct ad_store;

#define AD_SCHEMA_VERSION 1

/*
 * Open (creating if needed) the environment in dir with the given map size.
 * Refuses a schema newer than AD_SCHEMA_VERSION.  Runs mdb_reader_check.
 * Returns 0, or -1 with a message in err.
 */
int ad_store_open(struct ad_store **out, const char *dir, uint64_t map_size,
		  char *err, size_t errlen);
void ad_store_close(struct ad_store *st);

/* Clear stale reader slots; call periodically.  Returns slots cleared. */
int ad_store_reader_check(struct ad_store *st);

#endif
