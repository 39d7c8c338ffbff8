#!/usr/bin/env python3
"""Prints the closing line 'N passed, N failed' of a test run.

    count-tests.py TESTLOG.json [TESTLOG.json …] [--extra NAME=ok|fail …]

Each TESTLOG.json is meson's log of one `meson test` run (the normal build, the sanitizer
build). A meson test is one test program running many GLib test cases (TAP): its 'ok N' /
'not ok N' lines are counted; a program that crashed or timed out before printing its plan
counts as one failure. --extra adds whole steps that are one check each (the bounded fuzzing
run). Exits 1 if anything failed.
"""
import json
import re
import sys

passed = failed = skipped = 0
programs_failed = []
logs, extras = [], []
args = sys.argv[1:]
while args:
    a = args.pop(0)
    if a == "--extra":
        extras.append(args.pop(0))
    else:
        logs.append(a)

for path in logs:
    with open(path, encoding="utf-8") as f:
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
                programs_failed.append(f"{t.get('name')} ({path})")
            if ok == 0 and bad == 0 and result == "OK":
                ok = 1
            passed += ok
            failed += bad
            skipped += sk
for e in extras:
    name, _, status = e.partition("=")
    if status == "ok":
        passed += 1
    else:
        failed += 1
        programs_failed.append(name)
if programs_failed:
    print("failed: " + ", ".join(programs_failed))
if skipped:
    print(f"{skipped} skipped (counted in neither)")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
