# tests/data.mk - backup, restore, export and import (issue 10).

# The real daemon and accountsctl: backup files and who may make them,
# descriptors on requests, restore and its refusals, ids never handed out
# twice (root, in private namespaces; skip otherwise).
TESTS += tests/integration/it_backup.sh
EXTRA_DIST += tests/integration/it_backup.sh
