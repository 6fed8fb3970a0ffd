#!/usr/bin/env bash
# Makes the README's pictures with Kiln's own commands, on small subsets (several minutes): a
# compare run on CIFAR-10 and its report, a tuning study on Fashion-MNIST and its report, an
# ensemble of the study's best trials and its report, and a screenshot of the dashboard on the
# study (Debian's chromium, headless). The PNGs land in docs/; everything else in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
cifar=${KILN_DOCS_CIFAR:-../shared/data/cifar-10-binary.tar.gz}
fashion=${KILN_DOCS_FASHION:-../shared/data/fashion-mnist}
work=$(mktemp -d /tmp/kiln-docs.XXXXXX)
trap 'kill "${dashboard_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
kiln() { node packages/kiln/dist/cli/main.js "$@"; }
common=(--data "$fashion" --dataset fashion-mnist --limit 1500 --seed 1 --verbose 0)
storage="sqlite:$work/studies.db"

kiln compare separable regular --data "$cifar" --dataset cifar10 --limit 4000 --seed 1 --verbose 0 --epochs 5 \
  --out "$work/compare"
kiln report "$work/compare"
kiln tune "${common[@]}" --epochs 2 --trials 8 --study docs --storage "$storage" --out "$work/trials" --max-depth 2
kiln report --study docs --storage "$storage" --out "$work/study-report"
kiln ensemble --study docs --storage "$storage" --top 4 --method select "${common[@]}" --out "$work/ensemble"
kiln report "$work/ensemble"

kiln dashboard --storage "$storage" --port 8765 >"$work/dashboard.log" &
dashboard_pid=$!
for _ in $(seq 50); do grep -q 'at http' "$work/dashboard.log" && break; sleep 0.2; done
profile="$work/chromium-profile"
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --window-size=1400,1900 --virtual-time-budget=15000 --screenshot="$work/dashboard.png" \
  'http://127.0.0.1:8765/#/studies/1' 2>/dev/null

mkdir -p docs
cp "$work/dashboard.png" docs/dashboard.png
cp "$work/compare/report/charts/learning-curves.png" docs/learning-curves.png
cp "$work/compare/report/charts/confusion-2-regular.png" docs/confusion-matrix.png
for chart in optimization-history param-importances parallel-coordinates contour timeline; do
  cp "$work/study-report/charts/$chart.png" "docs/$chart.png"
done
cp "$work/ensemble/report/charts/reliability.png" docs/reliability.png
ls -la docs
