#!/usr/bin/env bash
# Checks the unmodified Rucio 41 client against Laguna's HTTPS listener with X.509 logins:
# auth_type = x509 (user certificate and key) and auth_type = x509_proxy (an RFC 3820 proxy).
#
#   scripts/rucio-client-x509.sh RUCIO_SOURCE_TREE
#
# A CA, a host certificate for localhost/127.0.0.1, a user certificate and a proxy of it are made
# with openssl at run time in a temporary directory. The client runs on Debian's /usr/bin/python3
# with the packages scripts/rucio-client-check.sh names.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tree="${1:?give the path of a Rucio 41 source tree}"
work="$(mktemp -d)"
pki="$work/pki"
password="x509-$RANDOM$RANDOM"
dn_base="/DC=org/DC=laguna-test"
user_dn="$dn_base/OU=Users/CN=Alice Doe"
mkdir -p "$pki/certificates" "$work/home" "$work/rse/X509_DISK" "$work/rse/X509_DISK2"

echo "+ certificates (openssl $(openssl version | cut -d' ' -f2))"
quiet() { "$@" 2> "$work/openssl.err" || { cat "$work/openssl.err"; exit 1; }; }
quiet openssl req -x509 -newkey rsa:2048 -nodes -keyout "$pki/ca.key" -out "$pki/certificates/laguna-test-ca.pem" -days 2 \
  -subj "$dn_base/CN=Laguna Test CA" -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign"
ca="$pki/certificates/laguna-test-ca.pem"
sign() { # csr, issuer cert, issuer key, serial, extensions, out
  printf "%b" "$5" > "$work/ext.cnf"
  quiet openssl x509 -req -in "$1" -CA "$2" -CAkey "$3" -set_serial "$4" -days 1 -out "$6" -extfile "$work/ext.cnf"
}
quiet openssl req -newkey rsa:2048 -nodes -keyout "$pki/host.key" -out "$pki/host.csr" -subj "$dn_base/CN=localhost"
sign "$pki/host.csr" "$ca" "$pki/ca.key" 1 "basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n" "$pki/host.pem"
quiet openssl req -newkey rsa:2048 -nodes -keyout "$pki/user.key" -out "$pki/user.csr" -subj "$user_dn"
sign "$pki/user.csr" "$ca" "$pki/ca.key" 2 "basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n" "$pki/user.pem"
chmod 600 "$pki/user.key"
serial="$((RANDOM * 32768 + RANDOM))"
quiet openssl req -newkey rsa:2048 -nodes -keyout "$pki/proxy.key" -out "$pki/proxy.csr" -subj "$user_dn/CN=$serial"
sign "$pki/proxy.csr" "$pki/user.pem" "$pki/user.key" "$serial" "basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature,keyEncipherment\nproxyCertInfo=critical,language:id-ppl-inheritAll\n" "$pki/proxy.pem"
cat "$pki/proxy.pem" "$pki/proxy.key" "$pki/user.pem" > "$work/x509up"
chmod 600 "$work/x509up"
openssl verify -CAfile "$ca" -allow_proxy_certs -untrusted "$pki/user.pem" "$pki/proxy.pem"

cat > "$work/home/laguna.properties" <<PROPS
server.https-port=0
server.tls.certificate=$pki/host.pem
server.tls.key=$pki/host.key
server.tls.ca-directory=$pki/certificates
PROPS
LAGUNA_ROOT_PASSWORD="$password" "$root/laguna" server --port 0 --home "$work/home" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "Laguna serves" "$work/server.log" 2>/dev/null && break; sleep 1; done
url="$(grep -o 'http://[^ ]*' "$work/server.log" | head -1)"
https_port="$(grep -o 'https://[^ ]*' "$work/server.log" | head -1 | sed 's/.*://')"
https="https://localhost:$https_port"
echo "Laguna at $url and $https"

config() { # name, auth lines
  cat > "$work/$1.cfg" <<CFG
[client]
rucio_host = $2
auth_host = $2
ca_cert = $ca
request_retries = 1
auth_token_file_path = $work/tokens-$1/token
$3
CFG
}
config root "$url" "auth_type = userpass
username = root
password = $password
account = root"
config x509 "$https" "auth_type = x509
account = alice
client_cert = $pki/user.pem
client_key = $pki/user.key"
config proxy "$https" "auth_type = x509_proxy
account = alice
client_x509_proxy = $work/x509up"
export PYTHONPATH="$tree/lib"
rucio() { echo "+ rucio $*"; /usr/bin/python3 "$tree/bin/rucio" "$@"; }

echo "+ as root (userpass): account alice with the certificate's DN, scope, two RSEs, a quota"
RUCIO_CONFIG="$work/root.cfg" /usr/bin/python3 - <<PY
from rucio.client import Client
c = Client()
c.add_account("alice", "USER", "alice@example.org")
c.add_identity(account="alice", identity="$user_dn", authtype="X509", email="alice@example.org")
c.add_scope("alice", "user.alice")
for rse in ("X509_DISK", "X509_DISK2"):
    c.add_rse(rse)
    c.add_protocol(rse, {"scheme": "file", "hostname": "localhost", "port": 0, "prefix": "$work/rse/%s/" % rse,
                         "impl": "rucio.rse.protocols.posix.Default",
                         "domains": {"wan": {"read": 1, "write": 1, "delete": 1, "third_party_copy_read": 1, "third_party_copy_write": 1},
                                     "lan": {"read": 1, "write": 1, "delete": 1}}})
    c.set_local_account_limit("alice", rse, 10**12)
print("alice holds", [i["identity"] for i in c.list_identities("alice")])
PY

check() { # config name, file stem
  export RUCIO_CONFIG="$work/$1.cfg"
  echo "== auth_type $(grep auth_type "$RUCIO_CONFIG" | cut -d' ' -f3) against $https"
  rucio whoami
  echo "bytes uploaded with $1" > "$work/$2.txt"
  rucio upload --rse X509_DISK --scope user.alice "$work/$2.txt"
  rucio did list "user.alice:*" --filter "type=all"
  rucio download --dir "$work/downloads-$1" "user.alice:$2.txt"
  cmp "$work/$2.txt" "$work/downloads-$1/user.alice/$2.txt"
  rucio rule add --copies 1 --rses X509_DISK2 "user.alice:$2.txt"
  /usr/bin/python3 - <<PY
import time
from rucio.client import Client
c = Client()
assert c.whoami()["account"] == "alice"
rule = [r for r in c.list_did_rules("user.alice", "$2.txt") if r["rse_expression"] == "X509_DISK2"][0]
for _ in range(120):
    state = c.get_replication_rule(rule["id"])["state"]
    if state == "OK":
        break
    time.sleep(0.5)
print("rule", rule["id"], "on X509_DISK2:", state)
assert state == "OK", state
from rucio.common.constants import HTTPMethod
from rucio.common.utils import build_url
validate = c._send_request(build_url(c.auth_host, path="auth/validate"), method=HTTPMethod.GET)
print("token of", validate.json()["account"], "for identity", validate.json()["identity"])
PY
}
check x509 cert-file
check proxy proxy-file
test "$(ls "$work/tokens-x509")" && test "$(ls "$work/tokens-proxy")"
echo "All Rucio client X.509 checks passed."
