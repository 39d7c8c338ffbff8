#!/usr/bin/env bash
# The training study of docs/TRAINING-STUDY.md: trains each recipe with `deepkeygen train`,
# resuming its checkpoint to each iteration count, and measures the keys of three seeds the
# models were not trained on with build/bench/key-study (256×256 keys). Runnable in parts:
#
#   scripts/training-study.sh TRAIN_DIR OUT_DIR [PART…]   PART: disc domain loss size noise wgan (wgan-deep alone: its last rows)
#
# TRAIN_DIR: the seed images (the shipped models used the 7 images of ../shared/data listed in
# model/MODEL_CARD.md). Rows are appended to OUT_DIR/results.tsv (one per seed) and
# OUT_DIR/table.md (one per model, means over the seeds); each row names its command.
# One OpenBLAS thread; the CPU time each model took is in OUT_DIR/*/times (the "train s"
# column: wall seconds, measured on a machine shared with other jobs).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dk="$here/build/src/cli/deepkeygen"
study="$here/build/bench/key-study"
train_dir="$(cd "$1" && pwd)"; out="$2"; shift 2
parts=("$@"); [ ${#parts[@]} -gt 0 ] || parts=(disc domain loss size noise wgan)
seeds=("$here/data/samples/colin27_ch2_axial_z090_8bit.png" "$here/data/samples/CT_small.dcm"
       "$here/data/samples/MR_small.dcm")
mkdir -p "$out"
[ -f "$out/results.tsv" ] || printf 'recipe\tcrop\titerations\twall_s\t%s\n' \
  "$("$study" 2>/dev/null | head -1 || true)" > "$out/results.tsv"
if [ ! -f "$out/table.md" ]; then
  cat > "$out/table.md" <<'TXT'
| recipe | crop | iterations | train s | key entropy min / mean | key std | χ² p | local H (pass) | NIST pass | key NPCR / UACI % | XOR-cipher UACI % (pass) |
|---|---|---|---|---|---|---|---|---|---|---|
TXT
fi

# run NAME CROP "ITERATIONS…" TRAIN_ARGS…: trains to each iteration count in turn (resuming).
run () {
  local name="$1" crop="$2" its="$3"; shift 3
  local dir="$out/$name-$crop" prev=0 start end
  mkdir -p "$dir"
  for n in $its; do
    local model="$dir/it$n.safetensors"
    if [ ! -f "$model" ]; then
      start=$(date +%s.%N)
      if [ "$prev" -eq 0 ]; then
        "$dk" train --source "$train_dir" --size "$crop" --iterations "$n" --threads 1 -q \
          --seed 20261206 --eval-every 0 --checkpoint "$dir/run.ckpt" -k 0 "$@" -o "$model"
      else
        "$dk" train --resume "$dir/run.ckpt" --iterations "$n" --threads 1 -q --eval-every 0 \
          --checkpoint "$dir/run.ckpt" -k 0 -o "$model"
      fi
      end=$(date +%s.%N)
      echo "$n $(echo "$end - $start" | bc)" >> "$dir/times"
    fi
    local wall; wall=$(awk -v n="$n" '$1 <= n { s += $2 } END { printf "%.0f", s }' "$dir/times")
    "$study" "$model" "${seeds[@]}" | tail -n +2 | while IFS= read -r row; do
      printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$crop" "$n" "$wall" "$row"
    done > "$dir/it$n.tsv"
    cat "$dir/it$n.tsv" >> "$out/results.tsv"
    awk -F'\t' -v name="$name" -v crop="$crop" -v n="$n" -v wall="$wall" -v cmd="$*" '
      { k++; e = $6; if (k == 1 || e < emin) emin = e; es += e; sd += $7; p += $8; lh += $9;
        lp += ($10 == "pass"); np += $11; na = $12; kn += $13; ku += $14; cu += $16; cp += ($17 == "pass") }
      END { printf "| %s | %d | %d | %d | %.4f / %.4f | %.1f | %.2g | %.4f (%d/%d) | %.1f / %d | %.3f / %.4f | %.2f (%d/%d) |\n",
              name, crop, n, wall, emin, es / k, sd / k, p / k, lh / k, lp, k, np / k, na, kn / k, ku / k, cu / k, cp, k }' \
      "$dir/it$n.tsv" >> "$out/table.md"
    echo "  $name crop $crop: $n iterations done ($(tail -1 "$out/table.md"))" >&2
    prev=$n
  done
  echo "\`deepkeygen train --source TRAIN_DIR --size $crop --iterations N --threads 1 --seed 20261206 $*\`" > "$dir/command"
}

gan=(--arch deepkeygen --chaotic-domain)
for part in "${parts[@]}"; do
  case "$part" in
    disc)    # the discriminator: first release (no bias), fixed (biases), no InstanceNorm
      run d-nobias 64 "1500 3000 6000" "${gan[@]}" --discriminator patchgan-nobias
      run d-patchgan 64 "1500 3000 6000" "${gan[@]}"
      run d-nonorm 64 "1500 3000 6000" "${gan[@]}" --discriminator patchgan-nonorm ;;
    domain)  # the first release's domain (encrypted, then resized) against the fixed one
      run dom-resized-nobias 64 "1500 3000" "${gan[@]}" --chaotic-domain-resized --discriminator patchgan-nobias
      run dom-resized 64 "1500 3000" "${gan[@]}" --chaotic-domain-resized ;;
    loss)    # the authors' code: LSGAN with real label 0.9, a 50-image history pool
      run lsgan 64 "1500 3000" "${gan[@]}" --gan-loss lsgan --real-label 0.9
      run pool50 64 "1500 3000" "${gan[@]}" --pool-size 50
      run lsgan-pool50 64 "1500 3000" "${gan[@]}" --gan-loss lsgan --real-label 0.9 --pool-size 50
      run lsgan-pool50-nobias 64 "1500 3000" "${gan[@]}" --gan-loss lsgan --real-label 0.9 --pool-size 50 --discriminator patchgan-nobias ;;
    size)    # crop size
      run d-patchgan 128 "1500 3000 6000" "${gan[@]}"
      run d-patchgan 256 "1500 3000" "${gan[@]}" ;;
    wgan)    # the WGAN-GP variant: default, batch 8, n_critic, learning rate
      wg=(--arch wgan-gp --chaotic-domain)
      run wgan 64 "400 800 1600" "${wg[@]}"
      run wgan-b8 64 "400 800" "${wg[@]}" --batch 8
      run wgan-ncritic2 64 "400 800 1600" "${wg[@]}" --n-critic 2
      run wgan-lr2e-4 64 "400 800 1600" "${wg[@]}" --lr 2e-4 ;&
    wgan-deep)  # the critic of Gulrajani et al.'s code shape; the shipped model's recipe at 128
      wg=(--arch wgan-gp --chaotic-domain)
      run wgan-deep 64 "400 800 1600" "${wg[@]}" --discriminator wgan-critic-deep
      run wgan-deep 128 "450 900" "${wg[@]}" --discriminator wgan-critic-deep ;;
    noise)   # run-to-run spread: the fixed recipe with two more seeds
      run d-patchgan-seed1 64 "1500 3000" "${gan[@]}" --seed 1
      run d-patchgan-seed2 64 "1500 3000" "${gan[@]}" --seed 2 ;;
    *) echo "unknown part $part" >&2; exit 2 ;;
  esac
done
