# tools/: accountsctl.  Everything but main() is a convenience library so
# that the unit tests can link the output, parsing and import code.
noinst_LTLIBRARIES += libacctctl.la
libacctctl_la_SOURCES = \
	tools/ctl.h \
	tools/ctl_args.c \
	tools/ctl_check.c \
	tools/ctl_report.c \
	tools/ctl_request.c \
	tools/ctl_show.c \
	tools/ctl_list.c \
	tools/ctl_output.h tools/ctl_output.c \
	tools/ctl_record.h tools/ctl_record.c \
	tools/ctl_import.h tools/ctl_import.c \
	tools/ctl_status.c \
	tools/ctl_tenant.c \
	tools/ctl_user.c \
	tools/ctl_user_import.c \
	tools/ctl_group.c tools/ctl_role.c \
	tools/ctl_lifecycle.c \
	tools/ctl_passwd.c
libacctctl_la_SOURCES += tools/ctl_unlock.c
libacctctl_la_SOURCES += tools/ctl_session.c
libacctctl_la_SOURCES += tools/ctl_audit.c tools/ctl_time.c
libacctctl_la_SOURCES += tools/ctl_reset.c
libacctctl_la_SOURCES += tools/ctl_profile.c tools/ctl_me.c
libacctctl_la_SOURCES += tools/ctl_tenant_admin.c
libacctctl_la_SOURCES += tools/ctl_invite.c
libacctctl_la_SOURCES += tools/ctl_token.c tools/ctl_signin.c
# plans, subscriptions and budgets (issue 9)
libacctctl_la_SOURCES += tools/ctl_plan.c tools/ctl_budget.c
libacctctl_la_SOURCES += tools/ctl_key.c tools/ctl_usage.c
libacctctl_la_LIBADD = libacctcommon.la
libacctctl_la_SOURCES += tools/ctl_key_ssh.c
# backup, restore, export and import (issue 10)
libacctctl_la_SOURCES += tools/ctl_backup.c tools/ctl_export.c \
	tools/ctl_jsonl.h tools/ctl_jsonl.c tools/ctl_import_dir.c
libacctctl_la_LIBADD += libacctsshkey.la
# help, "did you mean" and completion, read from the verb table (issue 10)
libacctctl_la_SOURCES += tools/ctl_help.c
# an audit actor in parts for --json (issue 10)
libacctctl_la_SOURCES += tools/ctl_actor.c

bin_PROGRAMS += accountsctl
accountsctl_SOURCES = tools/accountsctl.c
accountsctl_LDADD = libacctctl.la

dist_man8_MANS += packaging/accountsctl.8

# accounts-ssh-keys: sshd's AuthorizedKeysCommand (libc and the client
# code only: it runs inside every SSH connection attempt)
bin_PROGRAMS += accounts-ssh-keys
accounts_ssh_keys_SOURCES = tools/accounts_ssh_keys.c
accounts_ssh_keys_LDADD = libacctcommon.la
dist_man8_MANS += packaging/accounts-ssh-keys.8

# bash completion (issue 10), installed as "accountsctl" where
# bash-completion loads it on demand
bashcompletion_DATA = packaging/accountsctl
CLEANFILES += packaging/accountsctl
EXTRA_DIST += packaging/accountsctl.bash
packaging/accountsctl: packaging/accountsctl.bash
	$(AM_V_GEN)$(MKDIR_P) packaging && cp $(srcdir)/packaging/accountsctl.bash $@
