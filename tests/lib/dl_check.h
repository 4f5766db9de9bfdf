/*
 * dl_check.h - loading a built module the way its host does (dlopen with
 * RTLD_NOW) and checking which symbols it shows: for check_dlopen (NSS)
 * and check_pam_dlopen (PAM).  Each prints what is wrong on stderr.
 */
#ifndef DL_CHECK_H
#define DL_CHECK_H

#include <stddef.h>

/* dlopen the module named by the environment variable env, or by path
 * when that is unset or empty.  NULL when it does not load. */
void *dl_check_open(const char *env, const char *path);
/* 0 when every exported name resolves and no hidden one does, else 1. */
int dl_check_symbols(void *h, const char *const *exported, size_t nexported,
		     const char *const *hidden, size_t nhidden);
/* 0 when the module unloads, else 1. */
int dl_check_close(void *h);

#define DL_CHECK_N(a) (sizeof(a) / sizeof((a)[0]))

#endif
