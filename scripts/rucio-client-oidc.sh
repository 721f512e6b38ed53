#!/usr/bin/env bash
# Logs the unmodified Rucio 41 client in to Laguna through an OIDC provider, as a user would with
# auth_type = oidc and oidc_polling = True, then runs whoami, did list, upload, download and rule add.
#
#   scripts/rucio-client-oidc.sh RUCIO_SOURCE_TREE
#
# RUCIO_SOURCE_TREE is a checkout of rucio/rucio at tag 41.0.0; the client runs on Debian's
# /usr/bin/python3 with the packages scripts/rucio-client-check.sh lists. The provider
# (mock-oauth2-server) and Laguna run on loopback inside the test RucioClientOidcTest, which also
# plays the browser: it opens the URL the client prints. Needs PostgreSQL as the other integration
# tests do (LAGUNA_TEST_DATABASE_URL) or falls back to the embedded one. Prints the client's output.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tree="$(cd "${1:?give the path of a Rucio 41 source tree}" && pwd)"
[[ -f "$tree/bin/rucio" ]] || { echo "$0: $tree/bin/rucio is missing" >&2; exit 2; }
cd "$root"
export RUCIO_SOURCE_TREE="$tree"
status=0
./mvnw -B -o -q verify -pl laguna-server -am -Dtest=RucioClientOidcTest -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false \
  -Djacoco.skip=true || status=$?
out="laguna-server/target/surefire-reports/org.laguna.server.auth.RucioClientOidcTest-output.txt"
[[ -f "$out" ]] && cat "$out"
cat laguna-server/target/surefire-reports/org.laguna.server.auth.RucioClientOidcTest.txt
exit $status
