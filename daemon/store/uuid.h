/* uuid.h - identifiers of new records. */
#ifndef AD_STORE_UUID_H
#define AD_STORE_UUID_H

#include <stdint.h>

#include "store/records.h" /* AD_UUID_LEN */

/*
 * A new random UUID, RFC 9562 version 4: 122 random bits, the version
 * nibble 0100 and the variant bits 10.  Version 4 rather than 7: records
 * are found by name and uid, never by id, so a time-ordered id would buy
 * no locality and would only publish the creation time.  Records made
 * before this kept the 16 random bytes they were given: an id is an
 * identity, and rewriting it at open would change it under whoever keeps
 * it (see README, "UUIDs").
 */
void st_uuid_new(uint8_t out[AD_UUID_LEN]);

#endif
