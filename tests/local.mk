# tests/: one fragment per area, each owned by the code it tests.
include tests/common.mk
include tests/daemon.mk
include tests/server.mk
include tests/nss.mk
include tests/pam.mk
include tests/integration.mk
include tests/ctl.mk
include tests/profile.mk
include tests/invite.mk
include tests/signin.mk
include tests/sshkey.mk
include tests/plans.mk
include tests/apikey.mk
# issue 10, ops: homes, configuration files, status, accountsd.conf(5)
include tests/ops.mk
include tests/cli.mk
include tests/package.mk
include tests/data.mk
# issue 10, actor: audit records keep the acting uid
include tests/actor.mk
