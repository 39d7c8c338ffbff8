#!/usr/bin/python3
# dicom-conformance.py — our DICOM decoding against pydicom's, file by file
# (docs/SPECIFICATION.md §5.8)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: dicom-conformance.py DUMP_HELPER [--markdown] [DIR]
#
# DIR (default: pydicom's own data/test_files) is walked; every file that is not pydicom's
# documentation (README, .dump, .json) is decoded twice: by tests/core/io/dicom-decode-dump
# (dkg_image_load(), every frame up to MAX_FRAMES) and by pydicom (Dataset.pixel_array; YBR_FULL and
# YBR_FULL_422 converted to RGB with pydicom.pixel_data_handlers.util.convert_color_space, as
# we deliver them). Each file is classified:
#
#   equal       lossless: every sample equal; lossy JPEG (baseline/extended): every sample
#               within LOSSY_TOLERANCE levels (IDCT and colour conversion implementations
#               differ in rounding)
#   refused     we refuse it as unsupported (DkgError "unsupported") while pydicom reads it:
#               the table shows our reason
#   neither     pydicom cannot decode it either (no pixel data, not DICOM, truncated…), and
#               we refuse it too
#   unchecked   we decode it and pydicom has no decoder for it on this system (JPEG extended
#               12-bit, JPEG-LS…) and no twin file holds the same image: not a failure, listed
#   FAIL        a silent difference (shape, signedness, values), or a file pydicom decodes
#               that we call damaged (anything but "unsupported"), or one we decode that
#               pydicom does not (reported, since nothing can vouch for our pixels)
#
# Exit status: 0 when no file is FAIL, 1 otherwise, 77 (meson: skipped) without pydicom/numpy.
import os
import subprocess
import sys
import warnings

try:
    import numpy as np
    import pydicom
    from pydicom.pixel_data_handlers.util import convert_color_space
except ImportError as e:
    print(f"# SKIP pydicom or numpy missing ({e})")
    sys.exit(77)

# Lossy JPEG: largest difference in levels allowed between our decode and pydicom's (Pillow's
# libjpeg-turbo with its own integer YCbCr conversion), per sample.
LOSSY_TOLERANCE = 8
LOSSY_SYNTAXES = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"}
SKIP_SUFFIXES = (".txt", ".dump", ".json")
# Multi-frame files: every frame up to this many is compared.
MAX_FRAMES = 16

# Where pydicom (2.3, with numpy and Pillow only, as Debian 12 ships it) is wrong, the reference
# is corrected, and docs/DICOM-CONFORMANCE.md explains why.
#   SC_rgb_jpeg_lossy_gdcm.dcm: labelled RGB, but its stream subsamples the first component
#   2×1 (a YCbCr 4:2:2 stream written by GDCM's encoder); Pillow is told not to convert and
#   returns Y, Cb, Cr as R, G, B (red comes out as (76, 85, 255)). PS3.5 §8.2.1: lossy JPEG
#   colour data with chrominance subsampled is YCbCr (YBR_FULL_422).
PYDICOM_ERRATA = {
    "SC_rgb_jpeg_lossy_gdcm.dcm": "YBR_FULL",
}

# Files pydicom has no decoder for on Debian 12 (no pylibjpeg, no python3-gdcm): compared with
# pydicom's decode of the same image stored losslessly in another file of the corpus.
TWINS = {
    "MR_small_jpeg_ls_lossless.dcm": "MR_small.dcm",
    "SC_rgb_jpeg_gdcm.dcm": "SC_rgb_rle.dcm",
}

# pydicom's failures that mean "no decoder here", not "bad file".
NO_DECODER = ("NotImplementedError", "The following handlers are available",
              "broken data stream")


def reference(path):
    """pydicom's frames (the first MAX_FRAMES) as int64 arrays (H, W) or (H, W, 3), or raise."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            ds = pydicom.dcmread(path)
        except Exception:
            ds = pydicom.dcmread(path, force=True)
        if "TransferSyntaxUID" not in ds.file_meta:
            # no meta header: the syntax the reader found (pydicom needs it for pixel_array)
            ds.file_meta.TransferSyntaxUID = (
                pydicom.uid.ImplicitVRLittleEndian if ds.is_implicit_VR
                else pydicom.uid.ExplicitVRLittleEndian if ds.is_little_endian
                else pydicom.uid.ExplicitVRBigEndian)
        arr = ds.pixel_array
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    arrs = [arr[k] for k in range(min(frames, MAX_FRAMES))] if frames > 1 else [arr]
    pi = str(getattr(ds, "PhotometricInterpretation", ""))
    name = os.path.basename(path)
    for k, a in enumerate(arrs):
        if pi in ("YBR_FULL", "YBR_FULL_422"):
            a = convert_color_space(a, pi, "RGB")
        if name in PYDICOM_ERRATA:
            a = convert_color_space(a, PYDICOM_ERRATA[name], "RGB")
        arrs[k] = a.astype(np.int64)
    ts = str(ds.file_meta.TransferSyntaxUID) if "TransferSyntaxUID" in getattr(ds, "file_meta", {}) else ""
    return arrs, ts, [str(w.message) for w in caught]


def ours(helper, path, frame=0):
    out = subprocess.run([helper, path, str(frame)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         timeout=120).stdout
    line, _, payload = out.partition(b"\n")
    words = line.decode("utf-8", "replace").split(" ", 3)
    if words[0] != "ok":
        return None, (words[2] if len(words) > 2 else "?"), (words[3] if len(words) > 3 else line)
    w, h, c, bits, signed = (int(x) for x in line.decode().split(" ")[1:6])
    dtype = np.uint8 if bits == 8 else (np.int16 if signed else np.uint16)
    arr = np.frombuffer(payload, dtype=dtype)
    if arr.size != w * h * c:
        return None, "short-output", f"{arr.size} samples for {w}×{h}×{c}"
    arr = arr.reshape((h, w, c) if c > 1 else (h, w)).astype(np.int64)
    return arr, f"{w}×{h}×{c} {bits}-bit{' signed' if signed else ''}", ""


def classify(helper, path):
    """(verdict, detail) for one file."""
    mine, what, message = ours(helper, path)
    try:
        ref, ts, warns = reference(path)
        ref_error = None
    except Exception as e:  # pydicom cannot decode it
        ref, ts, warns, ref_error = None, "", [], f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    twin = TWINS.get(os.path.basename(path))
    if ref is None and twin is not None and any(k in ref_error for k in NO_DECODER):
        ref, _, warns = reference(os.path.join(os.path.dirname(path), twin))
        ts = "twin"
    if ref is None:
        if mine is not None and any(k in ref_error for k in NO_DECODER):
            return "unchecked", f"we decode {what}; pydicom has no decoder for it here ({ref_error[:60]})"
        if mine is None:
            return "neither", f"pydicom: {ref_error[:70]}; we: [{what}] {message}"
        return "FAIL", f"we decode ({what}) what pydicom cannot: {ref_error[:70]}"
    if mine is None:
        if what == "unsupported":
            return "refused", f"[unsupported] {message}"
        return "FAIL", f"pydicom decodes {ref[0].shape}; we refuse it [{what}]: {message}"
    verdict, detail = compare(mine, ref[0], what, ts, warns, twin, path)
    for k in range(1, len(ref)):
        if verdict == "FAIL":
            return verdict, f"frame {k - 1}: {detail}"
        mine_k, what_k, message_k = ours(helper, path, k)
        if mine_k is None:
            return "FAIL", f"frame {k}: we refuse it [{what_k}]: {message_k}"
        verdict, detail = compare(mine_k, ref[k], what, ts, warns, twin, path)
    if verdict == "FAIL" and len(ref) > 1:
        return verdict, f"frame {len(ref) - 1}: {detail}"
    if len(ref) > 1:
        detail += f"; all {len(ref)} frames compared"
    return verdict, detail


def compare(mine, ref, what, ts, warns, twin, path):
    """(verdict, detail) for one frame."""
    if mine.shape != ref.shape:
        return "FAIL", f"shape {mine.shape} ≠ pydicom {ref.shape}"
    diff = np.abs(mine - ref)
    n_diff = int(np.count_nonzero(diff))
    note = " (pydicom warned)" if warns else ""
    if ts == "twin":
        note += f" (against pydicom's decode of {twin})"
    if os.path.basename(path) in PYDICOM_ERRATA:
        note += " (pydicom's reference corrected, see PYDICOM_ERRATA)"
    if n_diff == 0:
        return "equal", f"{what}, bit for bit{note}"
    if ts in LOSSY_SYNTAXES:
        if int(diff.max()) <= LOSSY_TOLERANCE:
            return "equal", (f"{what}, lossy JPEG: {n_diff} of {diff.size} samples differ, "
                             f"max {int(diff.max())}, mean {float(diff.mean()):.3f}{note}")
        return "FAIL", (f"lossy JPEG: {int(np.count_nonzero(diff > LOSSY_TOLERANCE))} samples differ by "
                        f"more than {LOSSY_TOLERANCE} (max {int(diff.max())})")
    pos = np.argwhere(diff)[0]
    return "FAIL", (f"{what}: {n_diff} of {diff.size} samples differ; first at {tuple(int(p) for p in pos)}: "
                    f"ours {int(mine[tuple(pos)])}, pydicom {int(ref[tuple(pos)])}")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    markdown = "--markdown" in sys.argv
    if not args:
        print("usage: dicom-conformance.py DUMP_HELPER [--markdown] [DIR]", file=sys.stderr)
        return 2
    helper = args[0]
    folder = args[1] if len(args) > 1 else os.path.join(os.path.dirname(pydicom.__file__),
                                                         "data", "test_files")
    if not os.path.isdir(folder):
        print(f"# SKIP no pydicom test files in {folder}")
        return 77
    names = sorted(n for n in os.listdir(folder)
                   if os.path.isfile(os.path.join(folder, n)) and not n.endswith(SKIP_SUFFIXES)
                   and n != "README")
    counts = {}
    rows = []
    for name in names:
        verdict, detail = classify(helper, os.path.join(folder, name))
        counts[verdict] = counts.get(verdict, 0) + 1
        rows.append((name, verdict, detail.replace("|", "/")))
    print(f"pydicom {pydicom.__version__}, {len(names)} files in {folder}, lossy JPEG tolerance "
          f"±{LOSSY_TOLERANCE} levels\n")
    print("| File | Verdict | Detail |")
    print("|---|---|---|")
    for name, verdict, detail in rows:
        print(f"| `{name}` | {verdict} | {detail} |")
    print("\nTotals: " + ", ".join(f"{k} {counts[k]}" for k in sorted(counts)))
    return 1 if counts.get("FAIL", 0) else 0


if __name__ == "__main__":
    sys.exit(main())
