#!/usr/bin/env bash
# Checks Laguna against the unmodified Rucio Python client and CLI.
#
#   scripts/rucio-client-check.sh RUCIO_SOURCE_TREE
#
# RUCIO_SOURCE_TREE is a checkout of rucio/rucio at tag 41.0.0. The client runs on Debian's
# /usr/bin/python3 with python3-requests, -urllib3, -dogpile.cache, -tabulate, -jsonschema,
# -packaging, -dateutil, -rich, -click and -typing-extensions installed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tree="${1:?give the path of a Rucio 41 source tree}"
work="$(mktemp -d)"
password="check-$RANDOM$RANDOM"

LAGUNA_ROOT_PASSWORD="$password" "$root/laguna" server --port 0 --home "$work/home" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "Laguna serves" "$work/server.log" 2>/dev/null && break; sleep 1; done
url="$(grep -o 'http://[^ ]*' "$work/server.log" | head -1)"
echo "Laguna at $url"

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
export RUCIO_CONFIG="$work/rucio.cfg" PYTHONPATH="$tree/lib"
rucio() { echo "+ rucio $*"; /usr/bin/python3 "$tree/bin/rucio" "$@"; }

mkdir -p "$work/rse/CHECK_DISK"
rucio whoami
rucio scope add check --account root
rucio scope list
rucio rse add CHECK_DISK
rucio rse attribute set CHECK_DISK --key country --value IT
rucio rse protocol add CHECK_DISK --hostname localhost --scheme file --prefix "$work/rse/CHECK_DISK/" \
  --impl rucio.rse.protocols.posix.Default \
  --domain-json '{"wan": {"read": 1, "write": 1, "delete": 1, "third_party_copy_read": 1, "third_party_copy_write": 1}, "lan": {"read": 1, "write": 1, "delete": 1}}'
rucio rse list --rses 'country=IT'
rucio rse show CHECK_DISK
rucio did add --type dataset check:dataset1
rucio did metadata set check:dataset1 --key run_number --value 42

echo "+ python client: replicas, attach, metadata, search"
/usr/bin/python3 - <<PY
from rucio.client import Client
c = Client()
print("whoami:", c.whoami()["account"])
files = [{"scope": "check", "name": "file%d" % i, "bytes": 100 + i, "adler32": "0000000%d" % i} for i in range(3)]
c.add_replicas(rse="CHECK_DISK", files=files)
c.attach_dids(scope="check", name="dataset1", dids=[{"scope": "check", "name": f["name"]} for f in files])
c.set_metadata(scope="check", name="dataset1", key="detector", value="LIME")
print("metadata:", {k: v for k, v in c.get_metadata("check", "dataset1").items() if k in ("run_number", "length", "bytes")},
      c.get_metadata("check", "dataset1", plugin="JSON"))
print("content:", sorted(d["name"] for d in c.list_content("check", "dataset1")))
print("search run_number>40:", list(c.list_dids("check", filters=[{"run_number.gt": 40}], did_type="dataset")))
print("search detector=LIME:", list(c.list_dids("check", filters=[{"detector": "LIME"}], did_type="all")))
reps = list(c.list_replicas([{"scope": "check", "name": "dataset1"}]))
print("replicas:", len(reps), sorted(r["name"] for r in reps))
print("pfn:", reps[0]["rses"]["CHECK_DISK"][0])
print("rses:", [r["rse"] for r in c.list_rses("country=IT")])
PY
rucio did list "check:*" --filter "type=all"
rucio did content list check:dataset1
rucio replica list file check:file1
echo "+ laguna upload, then rucio download (Metalink listing, file protocol, checksum check)"
echo "bytes for the Rucio downloader" > "$work/payload.txt"
"$root/laguna" upload --rse CHECK_DISK --scope check "$work/payload.txt" --url "$url" --username root --password "$password"
rucio download --dir "$work/downloads" check:payload.txt
cmp "$work/payload.txt" "$work/downloads/check/payload.txt"
echo "+ rucio upload (file protocol: the client writes the bytes, Laguna registers them and adds a rule)"
echo "bytes written by the Rucio uploader" > "$work/rucio-up.txt"
rucio upload --rse CHECK_DISK --scope check "$work/rucio-up.txt"
test -f "$work/rse/CHECK_DISK/check/"*/*/rucio-up.txt
rucio rule list --did check:rucio-up.txt
/usr/bin/python3 -c '
from rucio.client import Client
states = [r["state"] for r in Client().list_did_rules("check", "rucio-up.txt")]
assert states == ["OK"], states
print("the upload rule is OK once the client marked the replica AVAILABLE")'
rucio download --dir "$work/downloads2" check:rucio-up.txt
cmp "$work/rucio-up.txt" "$work/downloads2/check/rucio-up.txt"

echo "+ rules: add, show, list, locks, update, remove"
rucio rse add CHECK_DISK2
rucio rse attribute set CHECK_DISK2 --key country --value IT
rucio rse protocol add CHECK_DISK2 --hostname localhost --scheme file --prefix "$work/rse/CHECK_DISK2/" \
  --impl rucio.rse.protocols.posix.Default --domain-json '{"wan": {"read": 1, "write": 1, "delete": 1}, "lan": {"read": 1, "write": 1, "delete": 1}}'
rucio rule add --copies 2 --rses 'country=IT' check:dataset1
/usr/bin/python3 - <<PY
from rucio.client import Client
from rucio.common.exception import DuplicateRule, InvalidRSEExpression, RuleNotFound, InsufficientTargetRSEs
c = Client()
rules = list(c.list_did_rules("check", "dataset1"))
print("rules on dataset1:", [(r["rse_expression"], r["copies"], r["state"]) for r in rules])
rule = [r for r in rules if r["copies"] == 2][0]
assert rule["state"] in ("REPLICATING", "OK"), rule
got = c.get_replication_rule(rule["id"])
print("rule:", got["id"], got["state"], got["locks_ok_cnt"], got["locks_replicating_cnt"])
locks = list(c.list_replica_locks(rule["id"]))
print("locks:", sorted((l["name"], l["rse"], l["state"]) for l in locks))
c.update_replication_rule(rule["id"], {"lifetime": 3600, "comment": "checked"})
assert c.get_replication_rule(rule["id"])["comments"] == "checked"
for bad, exc in (({"rse_expression": "country=XX"}, InvalidRSEExpression), ({"copies": 3}, InsufficientTargetRSEs)):
    try:
        c.add_replication_rule([{"scope": "check", "name": "dataset1"}], bad.get("copies", 1), bad.get("rse_expression", "CHECK_DISK"))
        raise SystemExit("expected %s" % exc.__name__)
    except exc as e:
        print("refused as expected:", type(e).__name__)
try:
    c.add_replication_rule([{"scope": "check", "name": "dataset1"}], 2, "country=IT")
    raise SystemExit("expected DuplicateRule")
except DuplicateRule:
    print("refused as expected: DuplicateRule")
print("account rules:", len(list(c.list_account_rules("root"))))
c.delete_replication_rule(rule["id"])
# Rucio's soft delete: the rule stays readable and expires within the hour
expiring = c.get_replication_rule(rule["id"])
assert expiring["expires_at"] is not None, expiring
print("deleted: expires at", expiring["expires_at"])
PY
echo "+ a rule that needs a copy: Laguna's conveyor moves the bytes and the rule becomes OK"
rucio rule add --copies 1 --rses CHECK_DISK2 check:rucio-up.txt
/usr/bin/python3 - <<PY
import time
from rucio.client import Client
c = Client()
rule = [r for r in c.list_did_rules("check", "rucio-up.txt") if r["rse_expression"] == "CHECK_DISK2"][0]
for _ in range(120):
    state = c.get_replication_rule(rule["id"])["state"]
    if state == "OK":
        break
    time.sleep(0.5)
print("rule on CHECK_DISK2:", state)
assert state == "OK", state
reps = list(c.list_replicas([{"scope": "check", "name": "rucio-up.txt"}]))
assert set(reps[0]["rses"]) == {"CHECK_DISK", "CHECK_DISK2"}, reps[0]["rses"]
PY
cmp "$work/rucio-up.txt" "$(find "$work/rse/CHECK_DISK2" -name rucio-up.txt)"
echo "+ transfer limits and request metrics"
/usr/bin/python3 - <<PY
from rucio.client.requestclient import RequestClient
c = RequestClient()
assert c.set_transfer_limit("CHECK_DISK2", max_transfers=100) is True
assert c.set_transfer_limit("CHECK_DISK2", activity="Express", max_transfers=5) is True
limits = list(c.list_transfer_limits())
print("limits:", sorted((l["rse_expression"], l["activity"], l["max_transfers"]) for l in limits))
assert {(l["activity"], l["max_transfers"]) for l in limits} == {("all_activities", 100), ("Express", 5)}, limits
assert c.delete_transfer_limit("CHECK_DISK2", activity="Express") is True
assert c.delete_transfer_limit("CHECK_DISK2") is True
assert list(c.list_transfer_limits()) == []
import json
from rucio.common.constants import HTTPMethod
from rucio.common.utils import build_url
r = c._send_request(build_url(c.host, path="requests/metrics", params={"dst_rse": "CHECK_DISK2"}), method=HTTPMethod.GET)
assert r.status_code == 200, r.text
metrics = [json.loads(line) for line in r.text.splitlines() if line]
print("metrics:", metrics)
assert any(m["src_rse"] == "CHECK_DISK" and m["files"]["done-total-1h"] >= 1 for m in metrics), metrics
PY
echo "+ archives, metadata of many DIDs, DIRAC's bulk add"
/usr/bin/python3 - <<PY
from rucio.client import Client
from rucio.client.diracclient import DiracClient
c = Client()
c.add_replicas(rse="CHECK_DISK", files=[{"scope": "check", "name": "bundle.zip", "bytes": 300, "adler32": "0000012c"}])
c.add_files_to_archive("check", "bundle.zip", [{"scope": "check", "name": "in%d.txt" % i, "bytes": 10 + i, "adler32": "0000000%d" % i}
                                                for i in range(2)])
content = sorted(f["name"] for f in c.list_archive_content("check", "bundle.zip"))
print("archive content:", content)
assert content == ["in0.txt", "in1.txt"], content
rep = list(c.list_replicas([{"scope": "check", "name": "in0.txt"}]))[0]
print("constituent pfns:", rep["pfns"])
assert all("xrdcl.unzip=in0.txt" in pfn and v["client_extract"] for pfn, v in rep["pfns"].items()) and rep["pfns"], rep
assert c.set_dids_metadata_bulk([{"scope": "check", "name": "dataset1", "meta": {"campaign": "bulk"}},
                                 {"scope": "check", "name": "file0", "meta": {"colour": "green"}}]) is True
assert c.get_metadata("check", "dataset1")["campaign"] == "bulk"
c.add_rse_attribute("CHECK_DISK", "ANY", True)
assert DiracClient().add_files([{"lfn": "/check/check/dirac/ds/f1", "rse": "CHECK_DISK", "bytes": 1, "adler32": "0cc737eb"}]) is True
files = [r["name"] for r in c.list_replicas([{"scope": "check", "name": "/check/check/dirac/ds"}])]
print("dirac dataset files:", files)
assert files == ["/check/check/dirac/ds/f1"], files
PY
echo "All Rucio client checks passed."
