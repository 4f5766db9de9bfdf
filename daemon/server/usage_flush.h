/*
 * usage_flush.h - the timer that writes the key uses counted in memory
 * (store/apikey.h) every usage_flush_s seconds, and the last flush at
 * shutdown.  A crash loses at most one interval of counts.
 */
#ifndef AD_USAGE_FLUSH_H
#define AD_USAGE_FLUSH_H

#include <event2/event.h>

#include "server/config.h"

struct ad_store;

/* Start flushing st every cfg->usage_flush_s seconds: the timer's event
 * (free it with event_free), or NULL when it cannot be set up. */
struct event *ad_usage_flush_start(struct event_base *base, struct ad_store *st,
				   const struct ad_config *cfg);

/* Flush now (logged on failure): at shutdown, before the store closes. */
void ad_usage_flush_now(struct ad_store *st);

#endif
