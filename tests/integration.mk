# tests/integration.mk - the real daemon, CLI and NSS module with the real
# getent and id, in private mount namespaces (need root; skip otherwise).
integration_tests = \
	tests/integration/it_lookup.sh \
	tests/integration/it_visibility.sh \
	tests/integration/it_lifecycle.sh \
	tests/integration/it_daemon.sh \
	tests/integration/it_scale.sh \
	tests/integration/it_pam.sh \
	tests/integration/it_passwd.sh \
	tests/integration/it_session.sh \
	tests/integration/it_session_attack.sh \
	tests/integration/it_nss_hung.sh tests/integration/it_nss_trust.sh \
	tests/integration/it_hostile.sh \
	tests/integration/it_full.sh \
	tests/integration/it_audit.sh \
	tests/integration/it_manage.sh \
	tests/integration/it_tenants.sh
integration_tests += tests/integration/it_mail.sh
TESTS += $(integration_tests)
EXTRA_DIST += $(integration_tests) \
	tests/integration/lib.sh \
	tests/integration/wire.py \
	tests/integration/hostile.py \
	tests/integration/pam_env.sh \
	tests/integration/pty_answer.py \
	tests/integration/demo.sh

# Reading the audit log: list, verify, the syslog lines.
integration_tests += tests/integration/it_audit_read.sh
