#!/usr/bin/env python3
"""Fails when an area's library of the core needs a function that only a higher area defines.

Usage: check-layers.py NM STAMP LIB... (the libraries in layer order, lowest first)

The areas are linked in one order (src/core/meson.build); an include of a higher area's header
already fails to compile. This catches what an include does not: a prototype written by hand,
or a call through a header that was copied. Writes STAMP when every library is clean.
"""
import os
import subprocess
import sys

# Libraries that belong to an area under another name.
ALIASES = {"chaotic": "crypto"}


def area_of(path):
    name = os.path.basename(path)
    name = name[len("libdkg-"):-len(".a")] if name.startswith("libdkg-") else name
    return ALIASES.get(name, name)


def symbols(nm, path, flag):
    out = subprocess.run([nm, "-g", "-P", flag, path], check=True, capture_output=True,
                         text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and not parts[0].endswith(":"):
            names.add(parts[0])
    return names


def main():
    nm, stamp, libs = sys.argv[1], sys.argv[2], sys.argv[3:]
    areas = []
    for lib in libs:
        if area_of(lib) not in areas:
            areas.append(area_of(lib))
    defined_in = {}
    for lib in libs:
        for sym in symbols(nm, lib, "--defined-only"):
            defined_in.setdefault(sym, area_of(lib))
    problems = []
    for lib in libs:
        here = areas.index(area_of(lib))
        for sym in sorted(symbols(nm, lib, "--undefined-only")):
            there = defined_in.get(sym)
            if there is not None and areas.index(there) > here:
                problems.append(f"{area_of(lib)} (below) calls {sym} of {there} (above)")
    if problems:
        print("check-layers: the core's layers are broken "
              "(order: " + " → ".join(areas) + "):", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    with open(stamp, "w") as f:
        f.write(" → ".join(areas) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
