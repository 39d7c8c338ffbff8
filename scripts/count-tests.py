#!/usr/bin/env python3
"""Reads meson's testlog.json and prints the closing line 'N passed, N failed'.

A meson test is one test program; each program runs many GLib test cases (TAP). The line
counts test cases: a program's TAP lines 'ok N' / 'not ok N' are counted from its stdout; a
program that crashed or timed out before printing its plan counts as one failure.
"""
import json
import re
import sys

passed = failed = skipped = 0
programs_failed = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        t = json.loads(line)
        out = t.get("stdout") or ""
        ok = len(re.findall(r"^ok \d+(?! # SKIP)", out, re.M))
        sk = len(re.findall(r"^ok \d+ # SKIP", out, re.M))
        bad = len(re.findall(r"^not ok \d+", out, re.M))
        result = t.get("result")
        if result not in ("OK", "SKIP", "EXPECTEDFAIL") and bad == 0:
            bad = 1
        if result in ("FAIL", "TIMEOUT", "ERROR", "UNEXPECTEDPASS") or bad:
            programs_failed.append(t.get("name"))
        if ok == 0 and bad == 0 and result == "OK":
            ok = 1
        passed += ok
        failed += bad
        skipped += sk
if programs_failed:
    print("failed programs: " + ", ".join(programs_failed))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
