/*
 * mail.h - when a mail whose delivery failed is tried again: back off
 * exponentially, so that a broken mail command costs little, yet a short
 * outage delays a reset mail by seconds, not hours.  Pure.
 */
#ifndef AD_POLICY_MAIL_H
#define AD_POLICY_MAIL_H

#include <stdint.h>

#define AD_MAIL_RETRY_FIRST_S 30u
#define AD_MAIL_RETRY_MAX_S 3600u

/*
 * Seconds to wait after the attempts-th failed delivery of a mail (1:
 * the first failure): AD_MAIL_RETRY_FIRST_S, doubling with each further
 * failure, at most AD_MAIL_RETRY_MAX_S.  0 attempts: 0 (due now).
 */
uint64_t ad_mail_retry_after(uint32_t attempts);

#endif
