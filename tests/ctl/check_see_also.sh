#!/bin/sh
# check_see_also.sh - the SEE ALSO sections of our man pages
# (packaging/*.[58]): every page of ours that one names exists, each page
# names the pages it relates to (the table below), and naming is mutual
# between our pages.
set -u
top=${top_srcdir:-../..}
command -v python3 >/dev/null || exit 77
exec python3 - "$top/packaging" <<'PY'
import os, re, sys

pkg = sys.argv[1]
ours = {"accountsd.8", "accountsctl.8", "pam_accounts.8",
        "accounts-ssh-keys.8", "nss_accounts.5", "nss_accounts.conf.5",
        "accountsd.conf.5"}
may_be_missing = set()
# what each page must name, besides naming back whoever names it
related = {
    "accountsd.8": {"accountsctl.8", "accountsd.conf.5", "nss_accounts.5",
                    "pam_accounts.8", "accounts-ssh-keys.8"},
    "accountsctl.8": {"accountsd.8", "accountsd.conf.5"},
    "pam_accounts.8": {"accountsd.8", "accountsctl.8", "accountsd.conf.5",
                       "nss_accounts.5"},
    "accounts-ssh-keys.8": {"accountsd.8", "accountsctl.8"},
    "nss_accounts.5": {"nss_accounts.conf.5", "accountsd.8",
                       "accountsd.conf.5", "pam_accounts.8"},
    "nss_accounts.conf.5": {"nss_accounts.5", "accountsd.8"},
    "accountsd.conf.5": {"accountsd.8", "nss_accounts.conf.5"},
}

def see_also(path):
    text = open(path).read()
    m = re.search(r"^\.SH SEE ALSO\n(.*?)(?=^\.SH |\Z)", text, re.S | re.M)
    if not m:
        return None
    return {"%s.%s" % (n.replace("\\-", "-"), s) for n, s in
            re.findall(r"^\.BR\s+(\S+)\s+\((\d)\)", m.group(1), re.M)}

fails = []
present = {f for f in os.listdir(pkg) if f in ours}
for page in sorted(ours - present - may_be_missing):
    fails.append("%s is missing from packaging/" % page)
names = {}
for page in sorted(present):
    named = see_also(os.path.join(pkg, page))
    if named is None:
        fails.append("%s has no SEE ALSO section" % page)
        continue
    names[page] = named
    for other in sorted(named & ours):
        if other not in present and other not in may_be_missing:
            fails.append("%s names %s, which does not exist" % (page, other))
    for other in sorted(related.get(page, set()) - named):
        fails.append("%s does not name %s" % (page, other))
for page, named in sorted(names.items()):
    for other in sorted(named & set(names)):
        if page not in names[other]:
            fails.append("%s names %s, which does not name it back"
                         % (page, other))
for f in fails:
    print("FAIL:", f)
if not fails:
    print("PASS: SEE ALSO of %d pages" % len(names))
sys.exit(1 if fails else 0)
PY
