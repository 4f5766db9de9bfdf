/* restore.h - `accountsd --restore FILE [--id-floor UID[:GID]]` (issue 10). */
#ifndef AD_RESTORE_H
#define AD_RESTORE_H

/* Restore file into state_dir (store/store.h: ad_store_restore), saying
 * what was done on stdout or why not on stderr.  id_floor may be NULL.
 * Returns the exit status: 0, 1 (refused or failed), 2 (bad --id-floor). */
int ad_restore_main(const char *file, const char *state_dir,
		    const char *id_floor);

#endif
