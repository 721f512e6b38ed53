#!/usr/bin/env bash
# The three authorization models of INFN's data lake (seed 000, "AuthZ model") with the unmodified
# Rucio 41 client against a Laguna server running each example policy file in turn:
#   group-based  group B can not erase group A's dataset, a member of group A can;
#   scope-based  a token carrying storage.modify:/user/jdoe writes in user.jdoe and nowhere else;
#   rse-based    only members of tape-operators add a rule on type=TAPE.
#
#   scripts/rucio-authz-models.sh RUCIO_SOURCE_TREE
#
# RUCIO_SOURCE_TREE is a checkout of rucio/rucio at tag 41.0.0, run on Debian's /usr/bin/python3
# (the packages of scripts/rucio-client-check.sh, plus python3-jwt and python3-cryptography, which
# play the identity provider: a key set on loopback and RS256 tokens). Exits non-zero at the first
# outcome that is not the expected one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tree="${1:?give the path of a Rucio 41 source tree}"
work="$(mktemp -d)"
password="authz-$RANDOM$RANDOM"
policies="$root/laguna-core/src/main/resources/org/laguna/core/permission/policies"
export PYTHONPATH="$tree/lib"

# the identity provider: discovery document and key set on a free loopback port, tokens minted here
/usr/bin/python3 - "$work" <<'PY' &
import json, sys, http.server, jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import serialization
work = sys.argv[1]
key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
open(work + "/idp.pem", "wb").write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption()))
jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
jwk.update(kid="authz", use="sig", alg="RS256")
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        base = "http://127.0.0.1:%d" % self.server.server_port
        body = {"/.well-known/openid-configuration": {"issuer": base, "jwks_uri": base + "/jwks"},
                "/jwks": {"keys": [jwk]}}.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(body or {}).encode())
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
open(work + "/idp.url", "w").write("http://127.0.0.1:%d" % server.server_port)
server.serve_forever()
PY
idp=$!
for _ in $(seq 1 50); do [[ -s "$work/idp.url" ]] && break; sleep 0.2; done
issuer="$(cat "$work/idp.url")"

mkdir -p "$work/home"
cp "$policies/group-based.yaml" "$work/home/policy.yaml"
cat > "$work/home/laguna.properties" <<PROPS
policy.file=policy.yaml
auth.oidc.issuers=iam
auth.oidc.iam.issuer=$issuer
auth.oidc.iam.audiences=rucio
PROPS
LAGUNA_ROOT_PASSWORD="$password" "$root/laguna" server --port 0 --home "$work/home" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server $idp 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "Laguna serves" "$work/server.log" 2>/dev/null && break; sleep 1; done
url="$(grep -o 'http://[^ ]*' "$work/server.log" | head -1)"
echo "Laguna at $url, identity provider at $issuer"

cat > "$work/rucio.cfg" <<CFG
[client]
rucio_host = $url
auth_host = $url
auth_type = userpass
username = root
password = $password
account = root
request_retries = 1
CFG
export RUCIO_CONFIG="$work/rucio.cfg" LAGUNA_URL="$url" LAGUNA_USERNAME=root LAGUNA_PASSWORD="$password"
laguna() { echo "+ laguna $*"; "$root/laguna" "$@"; }
use_policy() {
  echo "== policy $1"
  cp "$policies/$1" "$work/home/policy.yaml.new" && mv "$work/home/policy.yaml.new" "$work/home/policy.yaml"
  sleep 2  # the server looks at the file at most once a second
}
# rucio AS [PASSWORD|--token TOKEN] ARGS...: the rucio command line as another account
rucio_as() {
  local account="$1"; shift
  local auth=(--account "$account" -u "$account" --password "secret-$account" -S userpass)
  if [[ "$1" == "--token" ]]; then auth=(--account "$account" -S oidc); export BEARER_TOKEN="$2"; shift 2; fi
  echo "+ rucio (as $account) $*"
  /usr/bin/python3 "$tree/bin/rucio" "${auth[@]}" "$@"
  local status=$?
  unset BEARER_TOKEN
  return $status
}
# EXPECTED=STATEMENT expect_refused COMMAND...: the command is refused, naming the policy statement
# that decided (rucio did remove only warns and exits 0; its -v output carries the server's message)
expect_refused() {
  echo "+ (a refusal expected) ${*#rucio_as }"
  "$@" > "$work/out" 2>&1 || true
  grep -q "$EXPECTED" "$work/out" || { cat "$work/out"; echo "FAILED: no refusal naming $EXPECTED"; exit 1; }
  echo "   refused, as expected: $(grep -o "[^:]*$EXPECTED[^)]*)" "$work/out" | head -1)"
}

echo "+ rucio (as root): accounts, identities, scopes"
/usr/bin/python3 - "$issuer" <<'PY'
import sys
from rucio.client import Client
c = Client()
for account, kind in [("groupa", "GROUP"), ("groupb", "GROUP"), ("tape-operators", "GROUP"),
                      ("alice", "USER"), ("anna", "USER"), ("bob", "USER"), ("jdoe", "USER"), ("olga", "USER")]:
    c.add_account(account, kind, account + "@example.org")
    if kind == "USER":
        c.add_identity(account, account, "USERPASS", account + "@example.org", password="secret-" + account)
c.add_identity("jdoe", "SUB=jdoe-sub, ISS=" + sys.argv[1], "OIDC", "jdoe@example.org")
for scope, owner in [("group.a", "groupa"), ("group.b", "groupb"), ("user.jdoe", "jdoe"), ("user.olga", "olga"), ("user.alice", "alice")]:
    c.add_scope(owner, scope)
c.add_rse("INFN_TAPE", rse_type="TAPE")
c.add_rse("INFN_DISK")
c.add_rse_attribute("INFN_TAPE", "type", "TAPE")
c.add_rse_attribute("INFN_DISK", "type", "DISK")
for account in ("olga", "alice"):
    for rse in ("INFN_TAPE", "INFN_DISK"):
        c.set_local_account_limit(account, rse, 10**12)
print("set up: 3 groups, 5 users, 5 scopes, 2 RSEs")
PY
laguna account member add groupa alice
laguna account member add groupa anna
laguna account member add groupb bob
laguna account member add tape-operators olga
laguna account member list groupa

use_policy group-based.yaml
rucio_as alice did add --type dataset group.a:run7
rucio_as bob did add --type dataset group.b:calib
EXPECTED=other-groups-data expect_refused rucio_as bob -v did remove group.a:run7
EXPECTED=other-groups-data expect_refused rucio_as bob -v did content add --to-did group.a:run7 group.b:calib
rucio_as anna did remove group.a:run7
rucio_as alice did show group.a:run7

use_policy scope-based.yaml
token="$(/usr/bin/python3 - "$work/idp.pem" "$issuer" <<'PY'
import sys, time, jwt
key = open(sys.argv[1]).read()
now = int(time.time())
print(jwt.encode({"iss": sys.argv[2], "sub": "jdoe-sub", "aud": "rucio", "iat": now, "nbf": now, "exp": now + 3600,
                  "scope": "openid storage.read:/ storage.modify:/user/jdoe", "wlcg.ver": "1.0"},
                 key, algorithm="RS256", headers={"kid": "authz"}))
PY
)"
rucio_as jdoe --token "$token" whoami
rucio_as jdoe --token "$token" did add --type dataset user.jdoe:mine
EXPECTED=writes-need-a-token-scope expect_refused rucio_as jdoe --token "$token" -v did add --type dataset group.a:intruder
EXPECTED=writes-need-a-token-scope expect_refused rucio_as jdoe -v did add --type dataset user.jdoe:with-password
rucio_as jdoe --token "$token" did show group.a:run7 > /dev/null && echo "   jdoe reads group.a:run7"

use_policy rse-based.yaml
rucio_as olga did add --type dataset user.olga:raw
rucio_as alice did add --type dataset user.alice:raw
rucio_as olga rule add user.olga:raw --copies 1 --rses 'type=TAPE'
EXPECTED=tape-needs-operators expect_refused rucio_as alice -v rule add user.alice:raw --copies 1 --rses 'type=TAPE'
rucio_as alice rule add user.alice:raw --copies 1 --rses 'type=DISK'
laguna account member delete tape-operators olga
rucio_as olga did add --type dataset user.olga:raw2
EXPECTED=tape-needs-operators expect_refused rucio_as olga -v rule add user.olga:raw2 --copies 1 --rses 'type=TAPE'
echo "all three models behave as the seed describes"
