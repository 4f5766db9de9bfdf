/* uuid.c - RFC 9562 version 4 UUIDs for new records (see uuid.h). */
#include <sodium.h>

#include "store/uuid.h"

void st_uuid_new(uint8_t out[AD_UUID_LEN])
{
	randombytes_buf(out, AD_UUID_LEN);
	out[6] = (uint8_t)((out[6] & 0x0f) | 0x40); /* version 4 */
	out[8] = (uint8_t)((out[8] & 0x3f) | 0x80); /* variant 10 */
}
