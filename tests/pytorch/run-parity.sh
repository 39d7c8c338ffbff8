#!/bin/sh
# PyTorch parity (issue "Core engine"): for each network, the same weights and input through
# our engine and through PyTorch (float64): outputs within 1e-4 and every gradient within 1e-3,
# relative to the tensor's largest magnitude. Prints TAP.
# usage: run-parity.sh PARITY_DUMP PYTHON TOOLS_DIR
set -u
dump="$1"; python="$2"; tools="$3"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "1..7"
i=0; status=0
for spec in "resnet 2 16 20" "patchgan 2 40 32" "patchgan-nobias 2 40 32" "patchgan-nonorm 2 40 32" "encdec 3 32 48" "wgan-critic 2 24 20" "wgan-critic-deep 1 64 64"; do
  i=$((i + 1)); set -- $spec
  if "$dump" "$1" "$2" "$3" "$4" "$tmp/$1.safetensors" >"$tmp/log" 2>&1 \
     && "$python" "$tools/deepkeygen_torch.py" parity "$tmp/$1.safetensors" >>"$tmp/log" 2>&1; then
    sed 's/^/# /' "$tmp/log"; echo "ok $i /pytorch/parity/$1"
  else
    sed 's/^/# /' "$tmp/log"; echo "not ok $i /pytorch/parity/$1"; status=1
  fi
done
exit $status
