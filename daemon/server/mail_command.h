/*
 * mail_command.h - running the configured mail command for one message:
 * mail_command split on blanks (no shell: no quoting, no expansion), the
 * first word an absolute path, the message on its standard input, its
 * output discarded (it may repeat the message, which may hold a token),
 * its exit status the verdict, and a deadline after which it is killed.
 */
#ifndef AD_MAIL_COMMAND_H
#define AD_MAIL_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

#define AD_MAIL_MAX_ARGS 16 /* words of mail_command, the program included */

/*
 * Split cmd into argv (NULL-terminated; the words are copied into buf,
 * bufsize > strlen(cmd)).  Returns the number of words, or -1 with *why
 * (a static string): empty, a control character, the first word not an
 * absolute path, more than AD_MAIL_MAX_ARGS words, buf too small.
 */
int ad_mail_split(const char *cmd, char *buf, size_t bufsize,
		  char *argv[AD_MAIL_MAX_ARGS + 1], const char **why);

/* What became of one run: delivered, or why not in one line (no part of
 * the message in it). */
struct ad_mail_outcome {
	bool delivered;
	char why[160];
};

/*
 * Run argv (from ad_mail_split) with msg/len on its standard input, in a
 * process group of its own, with a minimal environment, signals at their
 * defaults; kill the group after timeout_ms.  Exit status 0 with the
 * whole message read is delivered.  Blocks: call it on a worker thread.
 */
void ad_mail_run(char *const argv[], const void *msg, size_t len,
		 unsigned timeout_ms, struct ad_mail_outcome *out);

#endif
