#!/usr/bin/env bash
# Says which real servers the test suite will use (or used) on this machine, and what is skipped
# for want of one.  `./laguna test` runs it before and after the suite; with a surefire reports
# directory tree as argument (the repository root) it also counts the tests reported as skipped.
set -uo pipefail

nginx="${LAGUNA_TEST_NGINX:-/usr/sbin/nginx}"
dav_ext=/usr/lib/nginx/modules/ngx_http_dav_ext_module.so

echo "laguna test: real servers for the tests"
if [[ -n "${LAGUNA_TEST_DATABASE_URL:-}" ]]; then
  echo "  PostgreSQL     : the server at LAGUNA_TEST_DATABASE_URL (${LAGUNA_TEST_DATABASE_URL%%\?*})"
else
  echo "  PostgreSQL     : embedded (one per test JVM; set LAGUNA_TEST_DATABASE_URL to use another server)"
fi
if [[ -x "$nginx" && -e "$dav_ext" ]]; then
  echo "  nginx (WebDAV) : found ($nginx with the DAV module)"
else
  echo "  nginx (WebDAV) : NOT FOUND ($nginx with $dav_ext): the WebDAV tests are reported as skipped (.ci/run installs it)"
fi
echo "  s3proxy (S3)   : in-process, from the test dependencies (always)"
echo "  FTS3           : loopback stand-in servers in the tests (no real FTS3)"

if [[ $# -gt 0 ]]; then
  total=0 skipped=0 classes=()
  while IFS= read -r report; do
    line=$(grep -m1 -o '<testsuite [^>]*>' "$report") || continue
    t=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$line"); s=$(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<<"$line")
    total=$((total + ${t:-0})); skipped=$((skipped + ${s:-0}))
    if [[ "${s:-0}" -gt 0 ]]; then classes+=("$(sed -n 's/.* name="\([^"]*\)".*/\1/p' <<<"$line" | sed 's/.*\.//') (${s})"); fi
  done < <(find "$1" -path '*/target/surefire-reports/TEST-*.xml' 2>/dev/null | sort)
  echo "  tests run: $total, reported as skipped: $skipped${classes:+ in ${classes[*]}}"
fi
