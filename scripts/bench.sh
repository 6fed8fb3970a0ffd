#!/usr/bin/env bash
# The benchmarks (speed and quality are measured here, not in tests). Each prints its figures as
# ratios against a baseline measured in the same run. Pass one or more of: engine, training, tuning,
# tuningscale, data, ensembling, memory, backup, dashboard, speedrun, yourdata, precision (default: engine training tuning data).
# engine includes precision (bfloat16 vs float32 training steps, on CPUs with native bfloat16).
# The real data sets come from ../shared/data. tuningscale starts a throwaway PostgreSQL server (scripts/postgres-test.sh)
# on $KILN_BENCH_POSTGRES_PORT (default 55532) and passes $KILN_SCALE_ARGS (e.g. "--workers 8 --trials 400") on.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --bench

benches=("$@")
((${#benches[@]})) || benches=(engine training tuning data)
for bench in "${benches[@]}"; do
  echo "=== bench: $bench"
  case "$bench" in
    engine)
      npm run --silent bench -w tfjs-backend-onednn -- ${KILN_BENCH_ENGINE_ARGS:-}
      node --import tsx packages/tfjs-backend-onednn/bench/precision.ts
      ;;
    precision) node --import tsx packages/tfjs-backend-onednn/bench/precision.ts ${KILN_PRECISION_ARGS:-} ;;
    training) node --import tsx packages/kiln/bench/training/fitLoop.ts ;;
    tuning)
      node --import tsx packages/kiln/bench/tuning/run.ts
      node --import tsx packages/kiln/bench/tuning/liar.ts
      node --import tsx packages/kiln/bench/tuning/multiObjective.ts
      ;;
    tuningscale)
      (
        source scripts/postgres-test.sh
        KILN_TEST_POSTGRES_PORT=${KILN_BENCH_POSTGRES_PORT:-55532} start_test_postgres
        trap stop_test_postgres EXIT
        node --import tsx packages/kiln/bench/tuning/scale.ts ${KILN_SCALE_ARGS:-}
      )
      ;;
    data) node --import tsx packages/kiln/bench/data/loadDatasets.ts ;;
    ensembling) node --import tsx packages/kiln/bench/ensembling/fashion.ts ;;
    memory) node --import tsx packages/kiln/bench/training/epochMemory.ts ;;
    backup) node --import tsx packages/kiln/bench/training/backupOverhead.ts ;;
    dashboard) node --import tsx packages/kiln/bench/dashboard/apiResponseTimes.ts ;;
    speedrun) node --import tsx packages/kiln/bench/training/speedrun.ts ${KILN_SPEEDRUN_ARGS:-} ;;
    yourdata)
      node --import tsx packages/kiln/bench/yourData/userModels.ts
      node --import tsx packages/kiln/bench/yourData/imageFolder.ts
      ;;
    *) echo "bench.sh: unknown benchmark '$bench' (known: engine, training, tuning, tuningscale, data, ensembling, memory, backup, dashboard, speedrun, yourdata, precision)" >&2; exit 2 ;;
  esac
done
