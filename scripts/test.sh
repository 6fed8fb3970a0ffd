#!/usr/bin/env bash
# The test command: installs what the tests need, checks the formatting, lints, type-checks the tests
# (the build type-checks only the sources), starts a throwaway PostgreSQL server for the storage tests,
# runs every *.test.ts with node's test runner, then every command line of README.md on tiny data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test

if ! npx --no-install prettier --check . >/dev/null 2>&1; then
  echo "test.sh: these files are not formatted (run 'npm run format'):" >&2
  npx --no-install prettier --list-different . >&2 || true
  exit 1
fi

if ! npx --no-install eslint . >&2; then
  echo "test.sh: ESLint found the problems above (run 'npm run lint')" >&2
  exit 1
fi

if ! npm run --silent typecheck >&2; then
  echo "test.sh: the tests do not type-check (the errors above; run 'npm run typecheck')" >&2
  exit 1
fi

source scripts/postgres-test.sh
start_test_postgres
trap stop_test_postgres EXIT

mapfile -t files < <(find packages -name '*.test.ts' -not -path '*/node_modules/*' | sort)
node --import tsx --test --test-reporter=spec "${files[@]}"

# Every command line of README.md as written, on tiny data (scripts/readme-commands.ts says how).
node --import tsx scripts/readme-commands.ts
