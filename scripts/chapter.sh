#!/usr/bin/env bash
# The main job: set up, then run the chapter's experiments with `kiln compare` (the separable
# convnet, the regular convnet with RMSprop, the same with Adadelta, then their ensemble).
# Default: all of CIFAR-10 for 2 epochs (a few minutes here), seed 1 unless --seed is given: the
# separable convnet needs a few hundred steps on varied images before it starts to learn, which a
# small subset does not give it. --full: the chapter's 12 epochs. Other flags go to `kiln compare`.
# Data: $KILN_DATA, else ../shared/data/cifar-10-binary.tar.gz if present, else the official download.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

full=0
seeded=0
passthrough=()
for arg in "$@"; do
  case "$arg" in
    --full) full=1 ;;
    --seed|--seed=*) seeded=1; passthrough+=("$arg") ;;
    *) passthrough+=("$arg") ;;
  esac
done

args=()
data=${KILN_DATA:-../shared/data/cifar-10-binary.tar.gz}
[ -e "$data" ] && args+=(--data "$data")
if [ "$full" = 1 ]; then args+=(--epochs 12); else args+=(--epochs 2); fi
[ "$seeded" = 1 ] || args+=(--seed 1)

exec node packages/kiln/dist/cli/main.js compare "${args[@]}" "${passthrough[@]}"
