#!/usr/bin/env bash
# Runs Rucio 41's own client test suite (SUITE=client) against a fresh Laguna server.
#
#   scripts/rucio-client-suite.sh RUCIO_TREE SQLALCHEMY_TREE ALEMBIC_TREE TYPING_EXTENSIONS_TREE [PYTEST_ARGS...]
#
# RUCIO_TREE is rucio/rucio at tag 41.0.0; the three others are sqlalchemy/sqlalchemy at rel_2_0_51,
# sqlalchemy/alembic at rel_1_16_5 and python/typing_extensions at 4.15.0 (the test modules import
# Rucio's server packages, which need SQLAlchemy 2). Nothing is fetched at run time: the suite runs on
# Debian's /usr/bin/python3 with the packages listed in docs/rucio-compatibility.md. Rucio's tests
# are run as they are; the state Rucio's test bootstrap makes is made here through the REST API.
# Extra arguments go to pytest (e.g. `-k test_upload` or `-x`). Prints "passed N of M".
# LAGUNA_SUITE_SERVER_ARGS is added to the `laguna server` command line; by default it is
# "--without conveyor", so that, as in Rucio's own test environment, no daemon copies files behind the
# tests' backs (set it to "" to run every daemon).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage="usage: $0 RUCIO_TREE SQLALCHEMY_TREE ALEMBIC_TREE TYPING_EXTENSIONS_TREE [PYTEST_ARGS...]"
tree="$(cd "${1:?$usage}" && pwd)"
sqlalchemy="$(cd "${2:?$usage}" && pwd)"
alembic="$(cd "${3:?$usage}" && pwd)"
typing_extensions="$(cd "${4:?$usage}" && pwd)"
shift 4
for f in "$tree/tests/test_clients.py" "$sqlalchemy/lib/sqlalchemy/__init__.py" "$alembic/alembic/__init__.py" \
         "$typing_extensions/src/typing_extensions.py"; do
  [[ -f "$f" ]] || { echo "$0: $f is missing; $usage" >&2; exit 2; }
done
work="$(mktemp -d)"
password="suite-$RANDOM$RANDOM"

server_args="${LAGUNA_SUITE_SERVER_ARGS---without conveyor}"
# shellcheck disable=SC2086
LAGUNA_ROOT_PASSWORD="$password" "$root/laguna" server --port 0 --home "$work/home" $server_args > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do grep -q "Laguna serves" "$work/server.log" 2>/dev/null && break; sleep 1; done
url="$(grep -o 'http://[^ ]*' "$work/server.log" | head -1)"
[[ -n "$url" ]] || { echo "$0: the server did not start; see $work/server.log" >&2; exit 1; }
echo "Laguna at $url (work directory $work)"

# The test modules import rucio.core.oidc, whose OpenID Connect libraries (pyoidc, pyjwkest) Debian does
# not ship: placeholders with the imported names let the import succeed (no test uses them).
stubs="$work/stubs"
mkdir -p "$stubs/jwkest" "$stubs/oic/oic" "$stubs/oic/utils/authn"
echo 'class JWS: pass' > "$stubs/jwkest/jws.py"
echo 'class JWT: pass' > "$stubs/jwkest/jwt.py"
touch "$stubs/jwkest/__init__.py" "$stubs/oic/utils/__init__.py" "$stubs/oic/utils/time_util.py" "$stubs/oic/utils/authn/__init__.py"
echo 'def rndstr(size=16): return "x" * size' > "$stubs/oic/__init__.py"
printf 'class Client: pass\nclass Grant: pass\nclass Token: pass\n' > "$stubs/oic/oic/__init__.py"
printf 'class AccessTokenResponse: pass\nclass AuthorizationResponse: pass\nclass RegistrationResponse: pass\n' > "$stubs/oic/oic/message.py"
echo 'CLIENT_AUTHN_METHOD = {}' > "$stubs/oic/utils/authn/client.py"
# The tests run `python`, `rucio` and `bin/rucio` (#!/usr/bin/env python3): all must be Debian's python.
mkdir -p "$work/bin"
ln -s /usr/bin/python3 "$work/bin/python"
ln -s /usr/bin/python3 "$work/bin/python3"
for cli in rucio rucio-admin; do
  printf '#!/bin/sh\nexec /usr/bin/python3 "%s/bin/%s" "$@"\n' "$tree" "$cli" > "$work/bin/$cli"
  chmod +x "$work/bin/$cli"
done
export PATH="$work/bin:$PATH"
export PYTHONPATH="$sqlalchemy/lib:$alembic:$typing_extensions/src:$tree/lib:$tree:$stubs"
export PYTEST_DISABLE_PLUGIN_AUTOLOAD=True SUITE=client RUCIO_CONFIG="$work/rucio.cfg"

write_config() { # $1 username, $2 password
  cat > "$work/rucio.cfg" <<CFG
[common]
loglevel = INFO

[client]
rucio_host = $url
auth_host = $url
auth_type = userpass
username = $1
password = $2
account = root
request_retries = 1
client_x509_proxy = $work/x509up

[policy]
permission = generic
schema = generic
lfn2pfn_algorithm_default = hash

[test]
cacert = $tree/etc/certs/rucio_ca.pem
usercert = $tree/etc/certs/ruciouser.pem
userkey = $tree/etc/certs/ruciouser.key.pem
CFG
}

echo "+ bootstrap: identity ddmlab/secret for root, accounts jdoe and panda, scopes mock and archive"
write_config root "$password"
/usr/bin/python3 - <<'PY'
from rucio.client import Client
from rucio.common.exception import Duplicate
c = Client()
def once(call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except Duplicate:
        pass
once(c.add_identity, account="root", identity="ddmlab", authtype="USERPASS", email="root@email.com", password="secret")
once(c.add_account, "jdoe", "SERVICE", "jdoe@email.com")
once(c.add_account, "panda", "SERVICE", "panda@email.com")
c.add_account_attribute("panda", "admin", True)
once(c.add_scope, "jdoe", "mock")
once(c.add_scope, "root", "archive")
PY
write_config ddmlab secret

echo "+ bootstrap: tools/sync_rses.py, tools/sync_meta.py, local limits for root and jdoe"
(cd "$tree" && /usr/bin/python3 tools/sync_rses.py > "$work/sync_rses.log" 2>&1) \
  || { echo "$0: tools/sync_rses.py failed; see $work/sync_rses.log" >&2; exit 1; }
(cd "$tree" && /usr/bin/python3 tools/sync_meta.py > "$work/sync_meta.log" 2>&1) || true
/usr/bin/python3 - <<'PY'
from rucio.client import Client
c = Client()
for rse in c.list_rses():
    for account in ("root", "jdoe"):
        c.set_local_account_limit(account, rse["rse"], -1)
PY

echo "+ pytest (Rucio 41 client suite)"
set +e
(cd "$tree" && /usr/bin/python3 -m pytest -c tools/pytest.ini -p pytest_timeout -q -rfE --timeout=300 \
  --junitxml="$work/suite.xml" tests/test_clients.py tests/test_bin_rucio.py tests/test_module_import.py "$@") \
  > "$work/suite.log" 2>&1
set -e
grep -E '^(FAILED|ERROR) ' "$work/suite.log" || true
/usr/bin/python3 - "$work/suite.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET
outcomes = {}
for case in ET.parse(sys.argv[1]).getroot().iter("testcase"):
    kinds = {child.tag for child in case} & {"failure", "error", "skipped"}
    key = (case.get("classname"), case.get("name"))
    outcomes[key] = outcomes.get(key, set()) | kinds
run = [k for k, kinds in outcomes.items() if "skipped" not in kinds]
passed = [k for k in run if not outcomes[k]]
print(f"passed {len(passed)} of {len(run)} (skipped {len(outcomes) - len(run)})")
PY
echo "full log: $work/suite.log, server log: $work/server.log"
