#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs every test suite (the ui
# suite under Xvfb) and ends with the line "N passed, N failed".
#
#   scripts/test.sh [--full] [meson test arguments…]
#
# --full (what CI runs, .ci/run) also runs the core and cli suites under AddressSanitizer,
# LeakSanitizer and UndefinedBehaviorSanitizer (scripts/sanitize.sh) and every libFuzzer harness
# (the five image loaders, safetensors, model, checkpoint, container, stego, rsa) for a bounded
# time (scripts/fuzz.sh, FUZZ_SECONDS each, default 60); each harness counts as one test in the
# closing line.
set -uo pipefail
cd "$(dirname "$0")/.."
full=0
if [ "${1:-}" = "--full" ]; then full=1; shift; fi
./scripts/install-deps.sh || exit 1
./scripts/build.sh || exit 1

status=0
xvfb-run -a -s "-screen 0 1600x1000x24" \
  meson test -C build --print-errorlogs --num-processes "$(nproc)" "$@" || status=$?
logs=(build/meson-logs/testlog.json)
extra=()
if [ "$full" -eq 1 ]; then
  echo "=== core and cli suites under ASan, LSan and UBSan (scripts/sanitize.sh)"
  ./scripts/sanitize.sh || status=1
  [ -f build-asan/meson-logs/testlog.json ] && logs+=(build-asan/meson-logs/testlog.json)
  echo "=== bounded fuzzing (scripts/fuzz.sh, ${FUZZ_SECONDS:-60} s per harness)"
  for h in png jpeg tiff dicom nifti safetensors model checkpoint container stego rsa; do
    if FUZZ_SECONDS=${FUZZ_SECONDS:-60} ./scripts/fuzz.sh "$h"; then
      extra+=(--extra "fuzz-$h=ok")
    else
      extra+=(--extra "fuzz-$h=fail")
      status=1
    fi
  done
fi
/usr/bin/python3 scripts/count-tests.py "${logs[@]}" "${extra[@]}" || status=1
exit $status
