#!/usr/bin/env python3
# sanitizer-triage.py — sorts sanitizer report files (ASAN_OPTIONS/UBSAN_OPTIONS log_path) into
# ours and the DICOM decoder child's third-party ones; used by scripts/sanitize.sh and
# scripts/fuzz.sh.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: sanitizer-triage.py [--main-pid PID] REPORT…   Prints every report of ours in full and
# a one-line summary of each third-party one; exits 1 if any report is ours, 0 otherwise.
#
# GDCM (and OpenJPEG, CharLS, its JPEG codecs) is not safe on hostile input, which is why
# src/core/io/dkg-dicom-gdcm.cc runs it in a forked child whose death becomes a GError. In a
# sanitizer build that child still runs under AddressSanitizer's allocator, so a heap error
# inside those libraries (a bad free, corrupted chunk headers) is reported there. Such a report
# is third-party exactly when it happened in the decoder child and either
#   - its innermost frame outside the sanitizer and libFuzzer runtimes and the C++ standard
#     library's templates is in a system library (/lib, /usr/lib), not in our code — this
#     includes an allocation GDCM makes over libFuzzer's -malloc_limit_mb — or
#   - it is an error the allocator finds when memory is freed (bad-free, double-free,
#     alloc-dealloc-mismatch, a failed heap-metadata CHECK): GDCM's codecs are not instrumented,
#     so their out-of-bounds writes go unseen until a later free — often of one of our buffers —
#     trips over the damage.
# Everything else — any access error in our code, in the child or not, any leak, any UBSan
# report — is ours and fails the run.
#
# "In the decoder child": the stack passes through run_in_child(), or — with --main-pid, which
# scripts/fuzz.sh gives because a libFuzzer harness forks nothing but decoder children — the
# report's file (log_path.PID) belongs to another process than the fuzzer's. The second rule
# is needed for the threads OpenJPEG starts inside the child: their stacks begin at clone(),
# and the allocator's CHECK fires when such a thread exits and returns its cache of chunks.
import re
import sys

# Frames that are neither ours nor the third party's: the sanitizer and libFuzzer runtimes, the
# allocator, and C++ standard library templates (a std::vector that GDCM grows is compiled
# into whichever object instantiated it first, often ours).
RUNTIME = re.compile(
    r"^in (__asan|__sanitizer|__interceptor|__lsan|__ubsan|__msan|__tsan|fuzzer::|"
    r"(malloc|free|calloc|realloc|posix_memalign|aligned_alloc|memalign) |"
    r"operator new|operator delete)")
RUNTIME_FILES = re.compile(r"(libsanitizer|compiler-rt|/asan_|/sanitizer_|/ubsan_|/lsan_|"
                           r"asan_rtl|libasan\.so|libubsan\.so|liblsan\.so|/include/c\+\+/)")
FRAME = re.compile(r"^\s*#\d+ 0x[0-9a-f]+ (.*)$")


def frames(text):
    return [m.group(1) for m in map(FRAME.match, text.splitlines()) if m]


# glibc's thread start and exit (a thread's stack begins there)
LIBC_THREAD = re.compile(r"^in (__GI_|start_thread|clone3?|__libc_start)")


def is_runtime(frame):
    return bool(RUNTIME.match(frame) or RUNTIME_FILES.search(frame) or LIBC_THREAD.match(frame))


def system_library(frame):
    m = re.search(r"\((/(?:usr/)?lib/[^)]*?)\+0x[0-9a-f]+\)", frame)
    return m.group(1) if m else None


def frame_name(frame):
    """the function of a frame, or its library when it has no symbol"""
    if frame.startswith("in "):
        return frame[3:].split(" (")[0]
    return system_library(frame) or frame.split(" (")[0] or "?"


HEAP_DAMAGE = re.compile(r"AddressSanitizer: (attempting free on address which was not malloc|"
                         r"attempting double-free|alloc-dealloc-mismatch|CHECK failed: asan_allocator)")
# headline of a report that has no "ERROR:" line (libFuzzer's malloc limit prints only a stack)
MALLOC_LIMIT = "fuzzer::MallocHook"


def report_pid(path):
    m = re.search(r"\.(\d+)$", path)
    return int(m.group(1)) if m else None


def classify(text, other_process=False):
    fs = frames(text)
    if "LeakSanitizer" in text:
        return "ours", None
    if not other_process and not any("run_in_child" in f for f in fs):
        return "ours", None
    if HEAP_DAMAGE.search(text):
        first = next((f for f in fs if not is_runtime(f)), None)
        if first is None:
            return "third-party", "heap damage found by the allocator as a thread exited"
        return "third-party", "heap damage found at %s" % frame_name(first)
    for f in fs:
        if is_runtime(f):
            continue
        lib = system_library(f)
        if lib is None:
            return "ours", None
        return "third-party", "%s in %s" % (frame_name(f), lib)
    return "ours", None


def headline(text):
    for line in text.splitlines():
        if "ERROR:" in line or "CHECK failed" in line or "runtime error" in line:
            return line.strip()
    if MALLOC_LIMIT in text:
        return "an allocation over libFuzzer's -malloc_limit_mb"
    return text.strip().splitlines()[0] if text.strip() else "(empty report)"


def main(args):
    main_pid = None
    if args[:1] == ["--main-pid"]:
        main_pid, args = int(args[1]), args[2:]
    ours = 0
    for path in args:
        text = open(path, errors="replace").read()
        pid = report_pid(path)
        kind, where = classify(text, main_pid is not None and pid is not None and pid != main_pid)
        if kind == "ours":
            ours += 1
            print("--- %s" % path)
            print(text)
        else:
            print("third-party, in the DICOM decoder child: %s: %s (%s)" % (where, headline(text), path))
    return 1 if ours else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
