#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs every test suite (the ui
# suite under Xvfb) and ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh || exit 1
./scripts/build.sh || exit 1

status=0
xvfb-run -a -s "-screen 0 1600x1000x24" \
  meson test -C build --print-errorlogs --num-processes "$(nproc)" "$@" || status=$?
/usr/bin/python3 scripts/count-tests.py build/meson-logs/testlog.json || status=1
exit $status
