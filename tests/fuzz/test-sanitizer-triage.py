#!/usr/bin/env python3
# test-sanitizer-triage.py — the triage that decides whether a sanitizer report fails CI
# (tests/fuzz/sanitizer-triage.py) on real and synthetic reports (tests/fuzz/triage/README.md).
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TRIAGE = os.path.join(HERE, "sanitizer-triage.py")
FIXTURES = os.path.join(HERE, "triage")
MAIN_PID = "7001"

# (file, with --main-pid?, expected exit status, text the summary must contain)
CASES = [
    ("thread-exit-check.2417", True, 0,
     "third-party, in the DICOM decoder child: heap damage found by the allocator as a thread exited"),
    ("thread-exit-check.2417", False, 1, "kAllocBegMagic"),
    ("gdcm-bad-free.10031", True, 0,
     "heap damage found at gdcm::JPEG2000Codec::Decode"),
    ("gdcm-bad-free.10031", False, 0,   # its stack passes through run_in_child
     "heap damage found at gdcm::JPEG2000Codec::Decode"),
    ("synthetic-child-overflow-in-our-code.7700", True, 1, "heap-buffer-overflow"),
    ("synthetic-leak-in-child.7800", True, 1, "LeakSanitizer"),
    ("synthetic-ubsan-in-main.7001", True, 1, "runtime error: left shift"),
]


def run(files, main_pid):
    args = [sys.executable, TRIAGE] + (["--main-pid", MAIN_PID] if main_pid else [])
    args += [os.path.join(FIXTURES, f) for f in files]
    p = subprocess.run(args, stdout=subprocess.PIPE, universal_newlines=True)
    return p.returncode, p.stdout


def main():
    failed = 0
    print("1..%d" % (len(CASES) + 1))
    for n, (name, main_pid, want_rc, want_text) in enumerate(CASES, 1):
        rc, out = run([name], main_pid)
        ok = rc == want_rc and want_text in out
        failed += not ok
        print("%s %d - %s %s: exit %d (want %d)" % ("ok" if ok else "not ok", n, name,
              "--main-pid" if main_pid else "alone", rc, want_rc))
        if not ok:
            print("# " + out.replace("\n", "\n# "))
    # all together: one report of ours among third-party ones fails the run
    third = sorted({c[0] for c in CASES if c[2] == 0})
    rc, out = run(third + ["synthetic-leak-in-child.7800"], True)
    ok = rc == 1 and out.count("third-party") == len(third)
    failed += not ok
    print("%s %d - mixed reports: exit %d (want 1)" % ("ok" if ok else "not ok", len(CASES) + 1, rc))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
