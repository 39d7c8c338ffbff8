#!/usr/bin/env bash
# The core and cli test suites under AddressSanitizer, LeakSanitizer and
# UndefinedBehaviorSanitizer (docs/SPECIFICATION.md §10). Any report fails the run, also one from a
# child process whose failure a test expected (a CLI call that should exit 2, a g_test_trap
# subprocess): reports go to files under build-asan/sanitizer-logs/, one per process, and each
# one fails the run — except third-party reports from inside the DICOM decoder's child process
# (see tests/fuzz/sanitizer-triage.py), which are listed. Exits non-zero on a failed test or
# on a report of ours; prints meson's summary.
#
# Usage: scripts/sanitize.sh [extra `meson test` arguments, e.g. test names]
# Environment:
#   SANITIZE_BUILDDIR      build directory (default build-asan)
#   SANITIZE_JOBS          compile jobs and test processes (default 2)
#   SANITIZE_TIMEOUT_MULT  meson test --timeout-multiplier (default 4: ASan costs 2–3× and the
#                          CI machine is shared)
#
# The build uses the default compiler (gcc 12 on Debian 12): its ASan runtime works with GDCM's
# C++ adapter and with OpenBLAS, and -Db_lundef=false is what meson needs to link sanitized
# code with --as-needed. -fno-sanitize-recover=all turns every UBSan finding into an error at
# the point it happens, on top of halt_on_error.
set -uo pipefail
cd "$(dirname "$0")/.."

builddir=${SANITIZE_BUILDDIR:-build-asan}
jobs=${SANITIZE_JOBS:-2}
mult=${SANITIZE_TIMEOUT_MULT:-4}
root=$(pwd)

options=(-Db_sanitize=address,undefined -Db_lundef=false -Dgui=false --buildtype=debugoptimized
         -Dc_args=-fno-sanitize-recover=all -Dcpp_args=-fno-sanitize-recover=all)
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "${options[@]}" >&2 || exit 1
else
  meson configure "$builddir" "${options[@]}" >&2 || exit 1
fi
meson compile -C "$builddir" -j "$jobs" >&2 || exit 1

logdir="$root/$builddir/sanitizer-logs"
rm -rf "$logdir"
mkdir -p "$logdir"

# halt_on_error / abort_on_error: the first report kills the process with SIGABRT, which meson
# counts as a failure. log_path: every process writes its reports to its own file.
# detect_leaks=1: LeakSanitizer at exit. Suppressions: third-party leaks only, each justified
# in the file.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:detect_leaks=1:\
check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=0:\
log_path=$logdir/asan"
export LSAN_OPTIONS="suppressions=$root/scripts/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:log_path=$logdir/ubsan"

status=0
meson test -C "$builddir" --no-rebuild --suite core --suite cli --print-errorlogs \
  --num-processes "$jobs" --timeout-multiplier "$mult" "$@" || status=$?

# Every report fails the run, except third-party ones from inside the DICOM decoder child
# (GDCM and its codecs on damaged files, which is why they run in a child whose death is a
# GError): tests/fuzz/sanitizer-triage.py tells them apart and lists them.
reports=$(find "$logdir" -type f | sort)
if [ -n "$reports" ]; then
  echo "=== sanitizer reports: $(echo "$reports" | wc -l) files in $logdir"
  # shellcheck disable=SC2086
  python3 tests/fuzz/sanitizer-triage.py $reports || status=1
fi
if [ "$status" -eq 0 ]; then
  echo "sanitize: no sanitizer report, every test passed"
else
  echo "sanitize: FAILED (see the reports and meson's summary above)"
fi
exit $status
