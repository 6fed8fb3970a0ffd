#!/usr/bin/env bash
# The main job: set up, then run the chapter's experiments with `kiln compare` (the separable
# convnet, the regular convnet with RMSprop, the same with Adadelta, then their ensemble).
# Default: a balanced 5,000-image subset of CIFAR-10 for 3 epochs, to see it work in minutes.
# --full: all 50,000 training images and the chapter's 12 epochs. Other flags go to `kiln compare`.
# Data: $KILN_DATA, else ../shared/data/cifar-10-binary.tar.gz if present, else the official download.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

full=0
passthrough=()
for arg in "$@"; do
  if [ "$arg" = --full ]; then full=1; else passthrough+=("$arg"); fi
done

args=()
data=${KILN_DATA:-../shared/data/cifar-10-binary.tar.gz}
[ -e "$data" ] && args+=(--data "$data")
if [ "$full" = 1 ]; then args+=(--epochs 12); else args+=(--limit 5000 --epochs 3); fi

exec node packages/kiln/dist/cli/main.js compare "${args[@]}" "${passthrough[@]}"
