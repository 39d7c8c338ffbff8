#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Independent reference for the transformation-domain cipher (docs/SPECIFICATION.md §4.3).

Written from the definition at the top of src/core/crypto/dkg-chaotic-cipher.c, not from the C
code: Python floats are IEEE-754 doubles and CPython never fuses a multiply and an add, so
every step below is rounded exactly as the definition says. Prints the stored vectors of
tests/core/crypto/test-chaotic-cipher.c as C initialisers:

  - the first 64 keystream bytes for three plaintexts (whose sums s differ);
  - SHA-256 of the full ciphertext of the 64x64 synthetic image, without and with the
    permutation, and the permutation's first 16 entries.

--check-asin (needs python3-mpmath) recomputes asin(sqrt(x)) for every x the vectors use with
200-bit arithmetic, rounds to the nearest double, and reports how many of those differ from
the C library's asin and how many keystream bytes would change: 0 and 0 mean the vectors
hold for any C library whose asin is correctly rounded on these inputs.

Usage: python3 tools/chaotic_reference.py [--check-asin]
"""

import argparse
import hashlib
import math
import sys

X0 = 0.3456789          # DKG_CHAOTIC_PARAMS_DEFAULT
PERM_X0 = 0.7654321
DISCARD = 1000
SIDE = 64


def plain_sum(plain):
    return sum(plain) % 256


def start(x0, s):
    k = s / 255
    return (x0 + k) / 2


def orbit(x0, s, n, discard=DISCARD):
    """The n iterates used after the discarded transient."""
    x = start(x0, s)
    for _ in range(discard):
        x = 4.0 * x * (1.0 - x)
    out = []
    for _ in range(n):
        x = 4.0 * x * (1.0 - x)
        out.append(x)
    return out


def byte_of(x, asin=math.asin):
    y = asin(math.sqrt(x)) / math.pi
    return int(math.floor(y * 1e15)) % 256


def keystream(n, s, x0=X0):
    return bytes(byte_of(x) for x in orbit(x0, s, n))


def permutation(n, s, perm_x0=PERM_X0):
    z = orbit(perm_x0, s, n)
    return sorted(range(n), key=lambda i: (z[i], i))


def encrypt(plain, permute):
    s = plain_sum(plain)
    k = keystream(len(plain), s)
    c = bytes(p ^ q for p, q in zip(plain, k))
    if permute:
        perm = permutation(len(plain), s)
        c = bytes(c[perm[j]] for j in range(len(plain)))
    return s, c


def synthetic():
    """The 64x64 test image: (31 r + 17 c + (r c mod 13)) mod 256 in raster order."""
    return bytes((31 * r + 17 * c + (r * c) % 13) % 256 for r in range(SIDE) for c in range(SIDE))


def plaintexts():
    return [
        ("zeros", bytes(SIDE * SIDE)),
        ("synthetic", synthetic()),
        ("ramp", bytes(i % 256 for i in range(100))),
    ]


def c_bytes(data, indent="    "):
    lines = []
    for i in range(0, len(data), 16):
        lines.append(indent + ", ".join("0x%02x" % b for b in data[i:i + 16]) + ",")
    return "\n".join(lines)


def correctly_rounded_asin(mpmath, x):
    v = mpmath.asin(mpmath.mpf(math.sqrt(x)))   # the sqrt is IEEE (correctly rounded)
    d = float(v)
    best = d
    for cand in (math.nextafter(d, -math.inf), math.nextafter(d, math.inf)):
        if abs(mpmath.mpf(cand) - v) < abs(mpmath.mpf(best) - v):
            best = cand
    return best


def check_asin():
    try:
        import mpmath
    except ImportError:
        print("--check-asin needs mpmath (python3-mpmath)", file=sys.stderr)
        return 1
    mpmath.mp.prec = 200
    # (name, values used by a stored vector): the 64-byte tables, and the whole synthetic image
    # whose ciphertext hash is stored; the zero image's full keystream is checked too.
    used = []
    for name, plain in plaintexts():
        xs = orbit(X0, plain_sum(plain), len(plain))
        stored = len(plain) if name == "synthetic" else 64
        used.append((name, xs, stored))
    total = in_stored = 0
    for name, xs, stored in used:
        asin_diff = byte_diff = stored_diff = 0
        for i, x in enumerate(xs):
            cr = correctly_rounded_asin(mpmath, x)
            if cr != math.asin(math.sqrt(x)):
                asin_diff += 1
                if byte_of(x) != byte_of(x, asin=lambda _: cr):
                    byte_diff += 1
                    stored_diff += i < stored
        total += asin_diff
        in_stored += stored_diff
        print("%s: %d values, %d where the C library's asin is not correctly rounded, "
              "%d keystream bytes that would differ (%d in stored vectors)"
              % (name, len(xs), asin_diff, byte_diff, stored_diff))
    print("stored vectors depend on the C library's asin rounding: %s"
          % ("yes" if in_stored else "no"))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check-asin", action="store_true")
    args = ap.parse_args()
    if args.check_asin:
        return check_asin()

    print("/* x0 = %.17g, perm_x0 = %.17g, discard = %d */" % (X0, PERM_X0, DISCARD))
    for name, plain in plaintexts():
        s = plain_sum(plain)
        print("/* %s: %d pixels, s = %d: first 64 keystream bytes */" % (name, len(plain), s))
        print(c_bytes(keystream(64, s)))
    img = synthetic()
    s, c = encrypt(img, False)
    print("/* synthetic 64x64, s = %d: SHA-256 of the XOR ciphertext */" % s)
    print('"%s"' % hashlib.sha256(c).hexdigest())
    s, c = encrypt(img, True)
    print("/* synthetic 64x64: SHA-256 of the XOR + permutation ciphertext */")
    print('"%s"' % hashlib.sha256(c).hexdigest())
    print("/* synthetic 64x64: permutation, first 16 entries */")
    print("    " + ", ".join(str(i) for i in permutation(len(img), s)[:16]) + ",")
    return 0


if __name__ == "__main__":
    sys.exit(main())
