#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz/ with clang 14 (-fsanitize=fuzzer,address,undefined)
# and runs each for a bounded time (docs/SPECIFICATION.md §10). Exits non-zero if any harness finds
# a crash, a leak, a sanitizer report, an assertion, a timeout or an out-of-memory; the input that
# did it is left in build-fuzz/artifacts/HARNESS/ and named in the output.
#
# Usage: scripts/fuzz.sh [HARNESS…]        (default: all of them)
# Environment:
#   FUZZ_SECONDS   seconds per harness (default 60)
#   FUZZ_JOBS      compile jobs (default 2)
#   FUZZ_BUILDDIR  build directory (default build-fuzz)
#
# The core is compiled by meson in FUZZ_BUILDDIR with clang, ASan, UBSan and
# -fsanitize=fuzzer-no-link (coverage for the fuzzer); each harness is then linked by hand with
# libFuzzer's main. Seeds: tests/fuzz/corpus/HARNESS/ and tests/data/bad/ (plus the shipped
# samples for dicom and the shipped model for model), read only; what the fuzzer learns goes to
# FUZZ_BUILDDIR/corpus/HARNESS/, which later runs start from.
set -uo pipefail
cd "$(dirname "$0")/.."

root=$(pwd)
builddir=${FUZZ_BUILDDIR:-build-fuzz}
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
all=(png jpeg tiff dicom nifti safetensors model checkpoint container stego rsa)
if [ $# -gt 0 ]; then harnesses=("$@"); else harnesses=("${all[@]}"); fi

for tool in clang-14 clang++-14 pkg-config meson; do
  command -v "$tool" >/dev/null || { echo "fuzz: $tool is missing (Debian: clang-14 libfuzzer-14-dev)" >&2; exit 1; }
done

san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
if [ ! -f "$builddir/build.ninja" ]; then
  # werror=false and -Wno-error=format-nonliteral: the project's warnings are enforced by the
  # gcc build; clang's differ (it flags the vsnprintf of libtiff's error handler).
  CC=clang-14 CXX=clang++-14 meson setup "$builddir" -Dgui=false -Dwerror=false \
    --buildtype=debugoptimized -Db_lundef=false \
    -Dc_args="$san -fsanitize=fuzzer-no-link -Wno-error=format-nonliteral" \
    -Dcpp_args="$san -fsanitize=fuzzer-no-link" \
    >&2 || exit 1
fi

# The core's objects: built by ninja with clang (coverage for the fuzzer, ASan, UBSan), except
# the numeric kernels of src/core/nn/, which use GCC's __builtin_shuffle and target_clones
# (clang 14 rejects the one and leaves the other's symbols local): those, and any other file
# clang cannot compile, are compiled with gcc and their flags minus the sanitizers, and linked
# like a system library, uninstrumented. They are no parsers. All objects go into one archive.
lib_targets=$(ninja -C "$builddir" -t targets all | grep -o '^src/core/[^:]*\.a' | sort -u)
# shellcheck disable=SC2086
ninja -C "$builddir" -k 0 -j "$jobs" $lib_targets >"$builddir/core-build.log" 2>&1
mkdir -p "$builddir/fuzz"
python3 - "$builddir" <<'PY' || exit 1
import json, os, re, shlex, subprocess, sys
builddir = sys.argv[1]
gccdir = os.path.join(builddir, "fuzz", "gcc")
os.makedirs(gccdir, exist_ok=True)

def fresh(obj, dep):
    """obj exists and is newer than every file its gcc depfile names"""
    if not (os.path.exists(obj) and os.path.exists(dep)):
        return False
    names = re.sub(r"\\\n", " ", open(dep).read()).split(":", 1)[1].split()
    names = [os.path.join(builddir, n) for n in names]
    t = os.path.getmtime(obj)
    return all(os.path.exists(n) and os.path.getmtime(n) <= t for n in names)

objects, fallbacks = [], []
for c in json.load(open(os.path.join(builddir, "compile_commands.json"))):
    if not c["output"].startswith("src/core/"):
        continue
    out = os.path.join(builddir, c["output"])
    src = os.path.abspath(os.path.join(builddir, c["file"]))
    if "/src/core/nn/" in src or not os.path.exists(out):
        out = os.path.join(gccdir, os.path.basename(c["output"]))
        dep = out + ".d"
        if not fresh(out, dep):
            args = shlex.split(c["command"])
            args[0] = "gcc" if args[0].startswith("clang-") else "g++"
            args = [a for a in args
                    if not a.startswith(("-fsanitize", "-fno-sanitize", "-fcolor-diagnostics",
                                         "-Wno-error=format-nonliteral"))]
            i = args.index("-o")
            args[i + 1] = os.path.abspath(out)
            args = [a for a in args if a not in ("-MD",)]
            if "-MF" in args:
                j = args.index("-MF")
                del args[j:j + 2]
            if "-MQ" in args:
                j = args.index("-MQ")
                del args[j:j + 2]
            args += ["-MD", "-MF", os.path.abspath(dep)]
            if subprocess.call(args, cwd=builddir) != 0:
                sys.exit("fuzz: %s compiles neither with clang nor with gcc" % c["file"])
        fallbacks.append(c["file"])
    objects.append(out)
lib = os.path.join(builddir, "fuzz", "libcore-fuzz.a")
if os.path.exists(lib):
    os.remove(lib)
subprocess.check_call(["ar", "rcs", lib] + objects)
print("fuzz: compiled with gcc, not instrumented: %s" % " ".join(sorted(os.path.basename(f) for f in fallbacks)),
      file=sys.stderr)
PY
core_libs="$root/$builddir/fuzz/libcore-fuzz.a"

pkgs="glib-2.0 gio-2.0 json-glib-1.0 cairo libpng libgcrypt openblas libjpeg libtiff-4 zlib"
# The core's headers live in one folder per area (src/core/meson.build); a harness sees them all.
core_incs=$(find "$root/src/core" -name '*.h' -printf '-I%h\n' | sort -u | tr '\n' ' ')
cflags="-g -O1 $san -fsanitize=fuzzer -DG_LOG_DOMAIN=\"dkg-fuzz\" -UG_DISABLE_ASSERT -D_GNU_SOURCE
  -DDKG_SOURCE_ROOT=\"$root\"
  $core_incs -I$root/$builddir -I$root/tests -I$root/tests/fuzz -I$root/tests/core/crypto
  -isystem /usr/include/nifti $(pkg-config --cflags $pkgs)"
gdcm_libs="-lgdcmMSFF -lgdcmIOD -lgdcmDSED -lgdcmDICT -lgdcmCommon"
libs="$core_libs $(pkg-config --libs $pkgs) -lgsl -lniftiio -lznz
  $gdcm_libs -lm -lstdc++"

source_of () {
  case "$1" in
    jpeg|tiff|dicom|nifti) echo "tests/fuzz/fuzz-image-file.c" ;;
    rsa) echo "tests/core/crypto/fuzz-rsa.c" ;;   # the RSA engineer's harness, built for libFuzzer
    *) echo "tests/fuzz/fuzz-$1.c" ;;
  esac
}
suffix_of () {
  case "$1" in jpeg) echo .jpg ;; tiff) echo .tif ;; dicom) echo .dcm ;; nifti) echo .nii ;; *) echo "" ;; esac
}
max_len_of () {
  case "$1" in
    model) echo 1200000 ;;                    # the shipped model is 1.1 MB
    dicom) echo 200000 ;;                     # the shipped samples go up to 197 kB
    png|jpeg|tiff|nifti|container|stego) echo 65536 ;;
    rsa) echo 131072 ;;                       # tests/data/rsa/wrapped-container.png is 57 kB
    *) echo 16384 ;;
  esac
}
extra_seeds_of () {
  case "$1" in dicom) echo data/samples ;; model) echo model ;; rsa) echo tests/data/rsa ;; *) echo "" ;; esac
}

status=0
summary=()
for h in "${harnesses[@]}"; do
  src=$(source_of "$h")
  [ -f "$src" ] || { echo "fuzz: unknown harness $h" >&2; exit 2; }
  bin="$builddir/fuzz/fuzz-$h"
  extra=""
  [ "$h" = container ] && extra="tests/core/crypto/crypto-test.c"
  suffix=$(suffix_of "$h")
  objs=()
  for c in "$src" tests/fuzz/fuzz-common.c $extra tests/dkg-test-util.c; do
    o="$builddir/fuzz/$h-$(basename "$c" .c).o"
    # shellcheck disable=SC2086
    clang-14 $cflags -DDKG_LIBFUZZER ${suffix:+-DFUZZ_SUFFIX=\"$suffix\"} -c -o "$o" "$c" \
      || { echo "fuzz: compiling $c for $h failed" >&2; exit 1; }
    objs+=("$o")
  done
  # clang++ links: GDCM's adapter is C++ and UBSan's C++ checks need their runtime
  # shellcheck disable=SC2086
  clang++-14 $san -fsanitize=fuzzer -o "$bin" "${objs[@]}" $libs \
    || { echo "fuzz: linking $h failed" >&2; exit 1; }

  work="$builddir/corpus/$h"
  artifacts="$builddir/artifacts/$h/"
  mkdir -p "$work" "$artifacts"
  log="$builddir/fuzz/fuzz-$h.log"
  reports="$builddir/fuzz/reports/$h"
  rm -rf "$reports"
  mkdir -p "$reports"
  n_before=$(find "$artifacts" -maxdepth 1 -type f | wc -l)
  touch "$log.start"
  echo "=== fuzz-$h: $seconds s" >&2
  # -timeout: one input may take at most 30 s; -rss_limit_mb / -malloc_limit_mb: 2 GiB (the
  # harnesses cap image decodes at 64 MiB). Sanitizer reports go to files, one per process,
  # so that the DICOM decoder child's are seen too (see tests/fuzz/sanitizer-triage.py).
  # shellcheck disable=SC2046
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:allocator_may_return_null=1:log_path=$root/$reports/asan" \
  UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$root/$reports/ubsan" \
  OPENBLAS_NUM_THREADS=1 G_DEBUG=fatal-criticals \
  "$bin" -max_total_time="$seconds" -max_len="$(max_len_of "$h")" -rss_limit_mb=2048 \
    -malloc_limit_mb=2048 -timeout=30 -print_final_stats=1 -artifact_prefix="$artifacts" \
    "$work" "tests/fuzz/corpus/$h" tests/data/bad $(extra_seeds_of "$h") >"$log" 2>&1 &
  fuzzer_pid=$!
  wait "$fuzzer_pid"
  rc=$?
  # Reports: ours fail the run; third-party ones from inside the DICOM decoder child are
  # counted. A harness forks nothing but decoder children, so a report file of another PID than
  # the fuzzer's is one of theirs (--main-pid). Inputs that only made that child fail are kept
  # apart in artifacts/HARNESS/third-party/.
  third=0
  if [ -n "$(ls -A "$reports")" ]; then
    if ! python3 tests/fuzz/sanitizer-triage.py --main-pid "$fuzzer_pid" "$reports"/* \
         >"$builddir/fuzz/triage-$h.txt" \
       && [ "$rc" -eq 0 ]; then
      rc=98
    fi
    third=$(grep -c '^third-party' "$builddir/fuzz/triage-$h.txt")
  fi
  n_after=$(find "$artifacts" -maxdepth 1 -type f | wc -l)
  if [ "$n_after" -gt "$n_before" ] && [ "$rc" -eq 0 ]; then
    mkdir -p "$artifacts/third-party"
    find "$artifacts" -maxdepth 1 -type f -newer "$log.start" -exec mv {} "$artifacts/third-party/" \;
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  if [ "$rc" -ne 0 ]; then
    status=1
    found=$(find "$artifacts" -maxdepth 1 -type f -newer "$log.start" | head -1)
    echo "fuzz-$h: FAILED (exit $rc); input: ${found:-none saved}; log: $log" >&2
    grep -E 'ERROR|SUMMARY|Assertion|assertion|GLib|Test unit' "$log" | head -20 >&2
    [ -f "$builddir/fuzz/triage-$h.txt" ] && grep -v '^third-party' "$builddir/fuzz/triage-$h.txt" | head -60 >&2
    summary+=("fuzz-$h: FAILED after ${execs:-?} executions: ${found:-see $log}")
  else
    summary+=("fuzz-$h: ok, ${execs:-?} executions in $seconds s, coverage ${cov:-?} edges, corpus $(ls "$work" | wc -l) inputs, $third third-party reports in the DICOM decoder child")
  fi
done
printf '%s\n' "${summary[@]}"
exit $status
