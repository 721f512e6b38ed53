#!/usr/bin/env bash
# Regenerates the screenshots of docs/ui.md: starts a server on a fresh catalogue with the UI tests'
# data (accounts alice, bob and carol, datasets and rules in every state, subscriptions, a rule
# waiting for approval, lifetime exceptions, events), signs in with Debian's Chromium through
# Playwright, and writes PNGs of the main pages in light and dark mode into docs/ui/ (or the
# directory given as argument). Needs /usr/bin/chromium; uses the PostgreSQL of
# LAGUNA_TEST_DATABASE_URL when it is set, else an embedded one.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-docs/ui}")"

if [[ ! -x /usr/bin/chromium ]]; then
  echo "ui-screenshots: Debian's Chromium is needed at /usr/bin/chromium (apt-get install -y chromium)" >&2
  exit 2
fi
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/javac" ]]; then
  for d in /usr/lib/jvm/*/; do
    if [[ -x "$d/bin/javac" ]] && "$d/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
      JAVA_HOME="${d%/}"; export JAVA_HOME
      break
    fi
  done
fi

mkdir -p "$out"
./mvnw -B -o -q verify -pl laguna-server -am -Dtest=UiScreenshots -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false \
  -Dlaguna.ui.screenshots="$out"
report=laguna-server/target/surefire-reports/org.laguna.server.ui.UiScreenshots.txt
if [[ -f "$report" ]] && grep -q "Skipped: [1-9]" "$report"; then
  echo "ui-screenshots: the screenshots were skipped, see $report" >&2
  exit 1
fi
echo "ui-screenshots: $(find "$out" -name '*.png' | wc -l) screenshots in $out ($(du -sh "$out" | cut -f1))"
