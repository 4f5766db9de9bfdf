/* mail.c - the back-off of failed mail deliveries (see mail.h).  Pure. */
#include "policy/mail.h"

uint64_t ad_mail_retry_after(uint32_t attempts)
{
	uint64_t wait = AD_MAIL_RETRY_FIRST_S;

	if (attempts == 0)
		return 0;
	/* doubling stops at the cap, long before it could overflow */
	for (uint32_t i = 1; i < attempts && wait < AD_MAIL_RETRY_MAX_S; i++)
		wait *= 2;
	return wait < AD_MAIL_RETRY_MAX_S ? wait : AD_MAIL_RETRY_MAX_S;
}
