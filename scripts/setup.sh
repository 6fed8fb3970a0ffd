#!/usr/bin/env bash
# Installs what Kiln needs on Debian 12 / Node 20, idempotently:
#   system packages (oneDNN for the native engine; with --test also PostgreSQL for the storage tests,
#   Chromium for the browser tests, and the two Debian data packages the README's "your data" examples
#   read, since the test command runs every README line; with --bench also Optuna and its PostgreSQL
#   driver psycopg2, the baseline the tuning benchmarks compare against),
#   the npm packages, the native addon and the TypeScript build.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libdnnl-dev)
for arg in "$@"; do
  case "$arg" in
    --test) packages+=(postgresql chromium dataset-fashion-mnist python3-vega-datasets) ;;
    --bench) packages+=(python3-optuna python3-psycopg2) ;;
    *) echo "setup.sh: unknown option '$arg' (known: --test, --bench)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "kiln setup: installing ${missing[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "kiln setup: missing system packages: ${missing[*]}" >&2
    echo "kiln setup: install them with: sudo apt-get install ${missing[*]}" >&2
    echo "kiln setup: (without libdnnl-dev Kiln still runs, on tfjs' slow 'cpu' backend)" >&2
  fi
fi

# npm ci only when the lock file changed since the last install: it rebuilds native modules.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# The native engine is built by its package's install script; rebuild it if that was skipped
# (for example oneDNN was installed after the npm packages).
[ -f packages/tfjs-backend-onednn/build/Release/onednn.node ] || npm rebuild tfjs-backend-onednn || true
npm run --silent build
# npm links the `kiln` command when it installs. Installs made while its target was the built
# dist/cli/main.js (absent at install time, not executable after a build) lack a working link.
[ "$(readlink -f node_modules/.bin/kiln 2>/dev/null)" = "$PWD/packages/kiln/bin/kiln.js" ] ||
  npm rebuild --ignore-scripts kiln >/dev/null
