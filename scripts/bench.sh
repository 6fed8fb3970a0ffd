#!/usr/bin/env bash
# The benchmarks (speed and quality are measured here, not in tests). Each prints its figures as
# ratios against a baseline measured in the same run. Pass one or more of: engine, tuning, data,
# ensembling (default: engine tuning data). The real data sets come from ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --bench

benches=("$@")
((${#benches[@]})) || benches=(engine tuning data)
for bench in "${benches[@]}"; do
  echo "=== bench: $bench"
  case "$bench" in
    engine) npm run --silent bench -w tfjs-backend-onednn -- ${KILN_BENCH_ENGINE_ARGS:-} ;;
    tuning) node --import tsx packages/kiln/bench/tuning/run.ts ;;
    data) node --import tsx packages/kiln/bench/data/loadDatasets.ts ;;
    ensembling) node --import tsx packages/kiln/bench/ensembling/fashion.ts ;;
    *) echo "bench.sh: unknown benchmark '$bench' (known: engine, tuning, data, ensembling)" >&2; exit 2 ;;
  esac
done
