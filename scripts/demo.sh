#!/usr/bin/env bash
# Installs driftgate and runs it on the bundled samples: a clean repository, then one with mistakes.
set -uo pipefail
cd "$(dirname "$0")/.."

npm ci --no-fund --no-audit >&2 || exit 2

echo "== driftgate validate samples/repo (a clean desired-state repository)"
node bin/driftgate.js validate samples/repo
clean=$?

echo
echo "== driftgate validate samples/broken (realistic mistakes, one or more per rule)"
node bin/driftgate.js validate samples/broken
broken=$?

echo
echo "exit codes: samples/repo $clean (0 expected), samples/broken $broken (1 expected)"
[ "$clean" = 0 ] && [ "$broken" = 1 ]
