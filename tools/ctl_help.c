/* ctl_help.c - everything accountsctl says about its own verbs, read from
 * the verb table: the help pages, the "did you mean" of a mistyped word
 * and the words the bash completion offers.  Nothing here knows a verb by
 * name, so none of it can drift from the table. */
#include <string.h>

#include "ctl.h"

/* "noun verb synopsis", wrapped at 80 columns with continuation lines
 * indented under the arguments. */
static void usage_line(FILE *f, const char *lead, const struct ctl_verb *v)
{
	char head[64];
	const char *p = v->synopsis;
	size_t col, indent;

	snprintf(head, sizeof(head), "%s%s%s%s", lead, v->noun,
		 v->name ? " " : "", v->name ? v->name : "");
	fputs(head, f);
	col = indent = strlen(head) + 1;
	while (*p) {
		/* "[--opt ARG]" is one unit: never break inside it */
		size_t w = *p == '[' ? strcspn(p, "]") + 1 : strcspn(p, " ");

		if (p[w - 1] != ']' && *p == '[')
			w = strlen(p);
		if (col + w + 1 > 79 && col > indent) {
			fprintf(f, "\n%*s", (int)indent - 1, "");
			col = indent - 1;
		}
		fprintf(f, " %.*s", (int)w, p);
		col += w + 1;
		p += w;
		while (*p == ' ')
			p++;
	}
	putc('\n', f);
}

static void global_options_help(FILE *f)
{
	fprintf(f,
		"Global options (before the command, or among its "
		"arguments):\n"
		"  --socket PATH  the daemon's socket (default: "
		"$" ACCT_SOCKET_ENV ",\n"
		"                 else " ACCT_DEFAULT_SOCKET ")\n"
		"  --json         machine-readable output, errors "
		"included\n"
		"  --timeout MS   give up after MS milliseconds (default "
		"%d; status: %d)\n"
		"  --token-file FILE  act as the user signed in with the "
		"access token in\n"
		"                 FILE (written by 'login --token-file "
		"FILE'; mode 0600)\n"
		"  --api-key-file FILE  act with the API key in FILE (as its "
		"owner,\n"
		"                 narrowed to its scopes; mode 0600)\n"
		"  --help         show help and exit\n",
		ACCT_CTL_TIMEOUT_MS, ACCT_STATUS_TIMEOUT_MS);
}

void ctl_help_commands(FILE *f, const struct ctl_verbs *t, const char *noun)
{
	fprintf(f,
		"Usage: " CTL_PROG " [--socket PATH] [--json] [--timeout MS] "
		"[--token-file FILE] [--api-key-file FILE] %s%s\n\n",
		noun ? noun : "COMMAND", noun ? " VERB [ARGS]" : " [ARGS]");
	if (noun == NULL)
		fprintf(f, "Manage the accountsd directory of tenants, users "
			   "and groups.\n\n");
	fprintf(f, "Commands:\n");
	for (size_t k = 0; k < t->n; k++)
		if (noun == NULL || strcmp(t->v[k].noun, noun) == 0) {
			usage_line(f, "  ", &t->v[k]);
			fprintf(f, "      %s\n", t->v[k].summary);
		}
	putc('\n', f);
	global_options_help(f);
	if (noun == NULL)
		fprintf(f, "  --version      show the version and exit\n");
	fprintf(f, "\nExit status: 0 done, 1 refused by accountsd, 2 usage "
		   "error,\n3 accountsd unreachable, 4 local failure.  "
		   "See accountsctl(8).\n");
}

void ctl_help_verb(FILE *f, const struct ctl_verb *v)
{
	usage_line(f, "Usage: " CTL_PROG " ", v);
	fprintf(f, "\n  %s\n", v->summary);
	if (v->opts != 0) {
		fprintf(f, "\nOptions:\n");
		for (int o = 0; o < CTL_OPT__COUNT; o++) {
			const struct ctl_optdef *od = ctl_opt_def(o);
			char spec[48];

			if (!(v->opts & CTL_OPT_BIT(o)) || od == NULL)
				continue;
			snprintf(spec, sizeof(spec), "--%s %s", od->name,
				 od->metavar ? od->metavar : "");
			fprintf(f, "  %-20s %s\n", spec, od->help);
		}
	}
	putc('\n', f);
	global_options_help(f);
}

/* ---- did you mean ---- */

/* Levenshtein distance, capped: words longer than this are never close. */
#define SUGGEST_MAX_LEN 32

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[SUGGEST_MAX_LEN + 1];

	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* The word a verb row offers at this place: its noun (noun NULL), or the
 * first word of its name, or, after "ssh", its second. */
static size_t row_word(const struct ctl_verb *v, const char *noun,
		       const char *first, const char **word)
{
	const char *sp;

	if (noun == NULL) {
		*word = v->noun;
		return strlen(v->noun);
	}
	if (strcmp(v->noun, noun) != 0 || v->name == NULL)
		return 0;
	sp = strchr(v->name, ' ');
	if (first == NULL) {
		*word = v->name;
		return sp ? (size_t)(sp - v->name) : strlen(v->name);
	}
	if (sp == NULL ||
	    strncmp(v->name, first, (size_t)(sp - v->name)) != 0 ||
	    first[sp - v->name] != '\0')
		return 0;
	*word = sp + 1;
	return strlen(sp + 1);
}

const char *ctl_suggest(const struct ctl_verbs *t, const char *noun,
			const char *first, const char *typed, char *buf,
			size_t size)
{
	size_t best = SIZE_MAX;

	buf[0] = '\0';
	for (size_t k = 0; k < t->n; k++) {
		const char *w = NULL;
		size_t n = row_word(&t->v[k], noun, first, &w), d;
		char cand[SUGGEST_MAX_LEN + 1];

		if (n == 0 || n > SUGGEST_MAX_LEN)
			continue;
		memcpy(cand, w, n);
		cand[n] = '\0';
		d = edit_distance(typed, cand);
		/* close: at most 2 edits, and fewer than the word is long */
		if (d < best && d <= 2 && d < n && d < strlen(typed)) {
			best = d;
			snprintf(buf, size, "%s", cand);
		}
	}
	return buf[0] ? buf : NULL;
}

/* ---- completion ---- */

/* Each word once, in table order (a noun has many rows, not all
 * together). */
static void put_words(FILE *f, const struct ctl_verbs *t, const char *noun,
		      const char *first)
{
	for (size_t k = 0; k < t->n; k++) {
		const char *w = NULL, *e = NULL;
		size_t n = row_word(&t->v[k], noun, first, &w);
		bool seen = false;

		for (size_t j = 0; j < k && n > 0 && !seen; j++)
			seen = row_word(&t->v[j], noun, first, &e) == n &&
			       strncmp(e, w, n) == 0;
		if (n > 0 && !seen)
			fprintf(f, "%.*s\n", (int)n, w);
	}
}

static void put_options(FILE *f, uint64_t opts)
{
	for (int o = 0; o < CTL_OPT__COUNT; o++) {
		const struct ctl_optdef *od = ctl_opt_def(o);

		if (od != NULL && (opts & CTL_OPT_BIT(o)))
			fprintf(f, "--%s\n", od->name);
	}
}

/* Does word name an option that takes a value? */
static bool takes_value(const char *word)
{
	const struct ctl_optdef *od;

	if (strncmp(word, "--", 2) != 0 || strchr(word, '=') != NULL)
		return false;
	od = ctl_opt_find(word + 2, strlen(word + 2));
	return od != NULL && od->metavar != NULL;
}

static const struct ctl_verb *find_row(const struct ctl_verbs *t,
				       const char *noun, const char *name)
{
	for (size_t k = 0; k < t->n; k++)
		if (strcmp(t->v[k].noun, noun) == 0 &&
		    (t->v[k].name == NULL ||
		     (name != NULL && strcmp(t->v[k].name, name) == 0)))
			return &t->v[k];
	return NULL;
}

void ctl_complete(FILE *f, const struct ctl_verbs *t, int nwords,
		  const char *const *words)
{
	const char *pos[3] = {NULL, NULL, NULL};
	const struct ctl_verb *v = NULL;
	char name[64];
	int npos = 0;

	/* the words before the one being completed: skip options and
	 * their values, keep the first three others */
	for (int k = 0; k < nwords; k++) {
		if (words[k][0] == '-') {
			if (takes_value(words[k]) && k + 1 == nwords)
				return; /* an option's value: the shell's */
			k += takes_value(words[k]);
			continue;
		}
		if (npos < 3)
			pos[npos] = words[k];
		npos++;
	}
	if (npos == 0 || (npos == 1 && strcmp(pos[0], "help") == 0)) {
		put_words(f, t, NULL, NULL);
		if (npos == 0)
			put_options(f, CTL_GLOBAL_OPTS |
					       CTL_OPT_BIT(CTL_OPT_VERSION));
		return;
	}
	if (strcmp(pos[0], "help") == 0) {
		if (npos == 2)
			put_words(f, t, pos[1], NULL);
		else if (npos == 3)
			put_words(f, t, pos[1], pos[2]);
		return;
	}
	v = find_row(t, pos[0], NULL);
	if (v != NULL && v->name == NULL) { /* the noun is the verb */
		put_options(f, v->opts | CTL_GLOBAL_OPTS);
		return;
	}
	if (npos == 1) {
		put_words(f, t, pos[0], NULL);
		return;
	}
	v = find_row(t, pos[0], pos[1]);
	if (v == NULL && npos == 2) {
		put_words(f, t, pos[0], pos[1]); /* "key ssh" -> add, list */
		return;
	}
	if (v == NULL && npos >= 3) {
		snprintf(name, sizeof(name), "%s %s", pos[1], pos[2]);
		v = find_row(t, pos[0], name);
	}
	if (v != NULL)
		put_options(f, v->opts | CTL_GLOBAL_OPTS);
}
