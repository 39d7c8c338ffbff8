#!/usr/bin/env bash
# Measures a trained generator's key quality on seeds it was not trained on (the shipped samples),
# with the project's own code: `deepkeygen report` (Tables III, IV, cipher statistics, NIST on the
# keys, attacks, baselines) plus 256×256 keys analysed alone. This is what model/MODEL_CARD.md
# quotes.
#   usage: scripts/evaluate-model.sh MODEL.safetensors OUTDIR [METRICS.csv]
set -euo pipefail
model="$1"; out="$2"; metrics="${3:-}"
here="$(cd "$(dirname "$0")/.." && pwd)"
dk="$here/build/src/cli/deepkeygen"
mkdir -p "$out"
"$dk" report -m "$model" -o "$out/report"
for seed in "$here"/data/samples/colin27_ch2_axial_z090_8bit.png "$here"/data/samples/CT_small.dcm \
            "$here"/data/samples/MR_small.dcm; do
  name="$(basename "${seed%.*}")"
  "$dk" keygen -m "$model" --seed "$seed" --size 256x256 -o "$out/key256-$name.png" >/dev/null
  echo "== $name: 256×256 key"
  "$dk" analyze --key "$out/key256-$name.png" | grep -E "entropy|χ²|correlation"
  "$dk" nist --key "$out/key256-$name.png" | tail -1
done
if [ -n "$metrics" ]; then
  "$dk" curves "$metrics" -o "$out/curves.png"
fi
