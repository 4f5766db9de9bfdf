/* usage_flush.c - writing counted key uses in batches (usage_flush.h). */
#include "server/log.h"
#include "server/usage_flush.h"
#include "store/apikey.h"

void ad_usage_flush_now(struct ad_store *st)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	uint32_t n = 0;

	if (ad_store_usage_flush(st, &n, &err) != ACCT_ST_OK)
		ad_log(LOG_ERR,
		       "cannot write the key usage counts: %s (kept "
		       "for the next try)",
		       err.msg);
	else if (n > 0)
		ad_log(LOG_DEBUG, "wrote %u key usage counts", n);
}

static void on_flush(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	ad_usage_flush_now(arg);
}

struct event *ad_usage_flush_start(struct event_base *base, struct ad_store *st,
				   const struct ad_config *cfg)
{
	struct timeval tv = {.tv_sec = (time_t)cfg->usage_flush_s,
			     .tv_usec = 0};
	struct event *ev = event_new(base, -1, EV_PERSIST, on_flush, st);

	if (ev != NULL && event_add(ev, &tv) < 0) {
		event_free(ev);
		ev = NULL;
	}
	return ev;
}
