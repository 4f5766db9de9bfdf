# daemon/: accountsd, built by layer (see HACKING.md).  Each folder is a
# convenience library; libacctd.la joins them so that unit tests link the
# whole daemon without main().
daemon_cppflags = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
daemon_cflags = $(AM_CFLAGS) $(LMDB_CFLAGS) $(SODIUM_CFLAGS) \
	$(LIBEVENT_CFLAGS) -pthread

# store/: LMDB records, indexes, transactions, id allocation, audit chain
noinst_LTLIBRARIES += libacctd_store.la
libacctd_store_la_SOURCES = \
	daemon/store/store.h daemon/store/records.h daemon/store/priv.h \
	daemon/store/env.c daemon/store/decide.c \
	daemon/store/txn.c daemon/store/audit_append.c daemon/store/identity.c \
	daemon/store/wire.h daemon/store/wire.c \
	daemon/store/record.c daemon/store/valid.c daemon/store/alloc.c \
	daemon/store/member.c daemon/store/tenant.c daemon/store/user.c \
	daemon/store/group.c daemon/store/lookup.c daemon/store/role.c \
	daemon/store/lifecycle.h daemon/store/lifecycle.c \
	daemon/store/lockout.c daemon/store/password.c \
	daemon/store/session.c \
	daemon/store/audit.h daemon/store/audit.c
libacctd_store_la_SOURCES += daemon/store/audit_view.c \
	daemon/store/audit_list.c
libacctd_store_la_SOURCES += \
	daemon/store/outbox.h daemon/store/outbox.c \
	daemon/store/token.h daemon/store/token.c \
	daemon/store/token_text.c daemon/store/token_issue.c
libacctd_store_la_SOURCES += daemon/store/email.c daemon/store/open.c
libacctd_store_la_SOURCES += daemon/store/tenant_admin.h \
	daemon/store/signup.c daemon/store/rename.c daemon/store/purge.c \
	daemon/store/deactivate.c
libacctd_store_la_SOURCES += daemon/store/invite.h daemon/store/invite.c
libacctd_store_la_SOURCES += daemon/store/signin.h daemon/store/signin.c
libacctd_store_la_SOURCES += daemon/store/sshkey.h daemon/store/sshkey.c
# plans, subscriptions and budgets (issue 9)
libacctd_store_la_SOURCES += daemon/store/plan.c \
	daemon/store/subscription.c daemon/store/budget.c
libacctd_store_la_SOURCES += daemon/store/apikey.h daemon/store/apikey.c \
	daemon/store/apikey_text.c daemon/store/apikey_rec.c \
	daemon/store/usage.c daemon/store/usage_mem.c
# RFC 9562 version 4 ids for new records (issue 10)
libacctd_store_la_SOURCES += daemon/store/uuid.h daemon/store/uuid.c
# backup, restore, export and import (issue 10)
libacctd_store_la_SOURCES += daemon/store/backup.c daemon/store/idmark.c \
	daemon/store/restore.c daemon/store/import.c
libacctd_store_la_CPPFLAGS = $(daemon_cppflags)
libacctd_store_la_CFLAGS = $(daemon_cflags)

# policy/: pure decisions, no I/O
noinst_LTLIBRARIES += libacctd_policy.la
libacctd_policy_la_SOURCES = \
	daemon/policy/access.h daemon/policy/access.c \
	daemon/policy/permission.h daemon/policy/permission.c \
	daemon/policy/login.h daemon/policy/login.c \
	daemon/policy/lockout.h daemon/policy/lockout.c \
	daemon/policy/rate.h daemon/policy/rate.c \
	daemon/policy/tenant.h daemon/policy/tenant.c \
	daemon/policy/user.h daemon/policy/user.c \
	daemon/policy/lookup.h daemon/policy/lookup.c \
	daemon/policy/password.h daemon/policy/password.c
libacctd_policy_la_SOURCES += daemon/policy/audit.h daemon/policy/audit.c
libacctd_policy_la_SOURCES += \
	daemon/policy/mail.h daemon/policy/mail.c \
	daemon/policy/reset.h daemon/policy/reset.c
libacctd_policy_la_SOURCES += daemon/policy/invite.h daemon/policy/invite.c
libacctd_policy_la_SOURCES += daemon/policy/signin.h daemon/policy/signin.c
# plans, subscriptions and budgets (issue 9)
libacctd_policy_la_SOURCES += \
	daemon/policy/subscription.h daemon/policy/subscription.c \
	daemon/policy/budget.h daemon/policy/budget.c
libacctd_policy_la_SOURCES += daemon/policy/apikey.h daemon/policy/apikey.c
# what STATUS shows a caller (issue 10, ops)
libacctd_policy_la_SOURCES += daemon/policy/status.h daemon/policy/status.c
# the word for where a user stands (issue 10)
libacctd_policy_la_SOURCES += daemon/policy/user_state.h \
	daemon/policy/user_state.c
libacctd_policy_la_CPPFLAGS = $(daemon_cppflags)
libacctd_policy_la_CFLAGS = $(daemon_cflags)

# ops/: request -> policy -> store -> reply, one file per family
noinst_LTLIBRARIES += libacctd_ops.la
libacctd_ops_la_SOURCES = \
	daemon/ops/table.h daemon/ops/table.c \
	daemon/ops/dispatch.h daemon/ops/dispatch.c \
	daemon/ops/reply.h daemon/ops/reply.c \
	daemon/ops/handlers.h daemon/ops/request.c \
	daemon/ops/status.c daemon/ops/lookup.c \
	daemon/ops/lookup_passwd.c daemon/ops/lookup_group.c \
	daemon/ops/tenant.c daemon/ops/user.c daemon/ops/group.c daemon/ops/role.c \
	daemon/ops/lifecycle.c daemon/ops/session.c \
	daemon/ops/pam_common.h daemon/ops/pam_common.c \
	daemon/ops/pam_account.c daemon/ops/pam_auth.c \
	daemon/ops/pam_password.c \
	daemon/ops/password.h daemon/ops/password.c \
	daemon/ops/refusal.h daemon/ops/refusal.c \
	daemon/ops/deferred.h daemon/ops/deferred.c \
	daemon/ops/caller.h daemon/ops/caller.c \
	daemon/ops/pw_job.h daemon/ops/pw_job.c \
	daemon/ops/target.h daemon/ops/target.c \
	daemon/ops/audit.h daemon/ops/audit.c
libacctd_ops_la_SOURCES += daemon/ops/audit_list.c \
	daemon/ops/audit_verify.h daemon/ops/audit_verify.c \
	daemon/ops/audit_syslog.h daemon/ops/audit_syslog.c
# USER recs with the word for where the user stands (issue 10)
libacctd_ops_la_SOURCES += daemon/ops/user_state.h daemon/ops/user_state.c
# a shell set on a user must be listed in /etc/shells (issue 10)
libacctd_ops_la_SOURCES += daemon/ops/shell.h daemon/ops/shell.c
libacctd_ops_la_SOURCES += daemon/ops/reset.c daemon/ops/reset_password.c
libacctd_ops_la_SOURCES += daemon/ops/profile.h daemon/ops/profile.c \
	daemon/ops/me.h daemon/ops/me.c daemon/ops/me_password.c \
	daemon/ops/pw_change.h
libacctd_ops_la_SOURCES += daemon/ops/tenant_admin.c daemon/ops/deactivate.c \
	daemon/ops/home.h daemon/ops/home.c \
	daemon/ops/home_fs.h daemon/ops/home_fs.c
libacctd_ops_la_SOURCES += daemon/ops/invite.c daemon/ops/me_email.c \
	daemon/ops/pam_invite.h daemon/ops/pam_invite.c
libacctd_ops_la_SOURCES += daemon/ops/signin.h daemon/ops/signin_pair.c \
	daemon/ops/signin_login.c daemon/ops/signin_refresh.c
libacctd_ops_la_SOURCES += daemon/ops/sshkey.c
# plans, subscriptions and budgets (issue 9)
libacctd_ops_la_SOURCES += daemon/ops/budget.h daemon/ops/plan.c \
	daemon/ops/subscription.c daemon/ops/budget.c
libacctd_ops_la_SOURCES += daemon/ops/apikey.h daemon/ops/apikey.c \
	daemon/ops/usage.h daemon/ops/usage.c
# home directories made at session open; STATUS's operating fields
# (issue 10, ops)
libacctd_ops_la_SOURCES += daemon/ops/home_make.h daemon/ops/home_make.c \
	daemon/ops/home_session.h daemon/ops/home_session.c \
	daemon/ops/status_ops.h daemon/ops/status_ops.c
# backup, restore, export and import (issue 10)
libacctd_ops_la_SOURCES += daemon/ops/backup.c daemon/ops/export.c \
	daemon/ops/import.c
# homes built under a temporary name, then renamed into place (home2)
libacctd_ops_la_SOURCES += daemon/ops/home_temp.h daemon/ops/home_temp.c
libacctd_ops_la_CPPFLAGS = $(daemon_cppflags)
libacctd_ops_la_CFLAGS = $(daemon_cflags)

# procs/: the processes of sessions: pidfds, sweeping, killing
noinst_LTLIBRARIES += libacctd_procs.la
libacctd_procs_la_SOURCES = \
	daemon/procs/sessions.h daemon/procs/sessions.c \
	daemon/procs/pidfd.h daemon/procs/pidfd.c \
	daemon/procs/sweep.h daemon/procs/sweep.c \
	daemon/procs/kill.h daemon/procs/kill.c
libacctd_procs_la_CPPFLAGS = $(daemon_cppflags)
libacctd_procs_la_CFLAGS = $(daemon_cflags)

# server/: event loop, connections, workers, late replies, config, log
noinst_LTLIBRARIES += libacctd_server.la
libacctd_server_la_SOURCES = \
	daemon/server/ctx.h daemon/server/pending.h \
	daemon/server/config.h daemon/server/config.c \
	daemon/server/config_keys.h daemon/server/config_print.c \
	daemon/server/config_check.h daemon/server/config_check.c \
	daemon/server/log.h daemon/server/log.c \
	daemon/server/host.h daemon/server/host.c \
	daemon/server/map.h daemon/server/map.c \
	daemon/server/worker.h daemon/server/worker.c \
	daemon/server/listen.h daemon/server/listen.c \
	daemon/server/server.h daemon/server/server.c
libacctd_server_la_SOURCES += \
	daemon/server/mail.h daemon/server/mail.c \
	daemon/server/mail_command.h daemon/server/mail_command.c \
	daemon/server/mail_text.h daemon/server/mail_text.c
libacctd_server_la_SOURCES += \
	daemon/server/usage_flush.h daemon/server/usage_flush.c
# /etc/shells, read again when it changes (issue 10)
libacctd_server_la_SOURCES += daemon/server/shells.h daemon/server/shells.c
# readiness for the service manager (issue 10, packaging)
libacctd_server_la_SOURCES += \
	daemon/server/notify.h daemon/server/notify.c \
	daemon/server/service.h daemon/server/service.c
# restore (issue 10): accountsd --restore
libacctd_server_la_SOURCES += daemon/server/restore.h daemon/server/restore.c
libacctd_server_la_CPPFLAGS = $(daemon_cppflags)
libacctd_server_la_CFLAGS = $(daemon_cflags)

noinst_LTLIBRARIES += libacctd.la
libacctd_la_SOURCES =
libacctd_la_LIBADD = libacctd_server.la libacctd_ops.la libacctd_procs.la \
	libacctd_policy.la libacctd_store.la libacctcommon.la \
	$(LMDB_LIBS) $(SODIUM_LIBS) $(LIBEVENT_LIBS) -lpthread
libacctd_la_LIBADD += libacctsshkey.la

sbin_PROGRAMS += accountsd
accountsd_SOURCES = daemon/main.c
accountsd_CPPFLAGS = $(daemon_cppflags)
accountsd_CFLAGS = $(daemon_cflags)
accountsd_LDADD = libacctd.la
