"""The data side of tools/pytorch/train.py: images and datasets as our C trainer makes them, and
the key-quality probe.

Images → (3, H, W) planes in [-1, 1] (dkg_image_to_planes, src/core/io/dkg-image.c); the
resampling of src/core/base/dkg-resample.c (area average when shrinking, linear when
enlarging); the datasets, random crops and flips, replayed crops and history pool of
src/core/train/dkg-dataset.c and dkg-gan-trainer.c; the probe of
src/core/analysis/dkg-key-quality.c (entropy, standard deviation, χ² p-value, one-pixel NPCR).
"""
import math
import os

import numpy as np
import torch

import deepkeygen_torch as dk

# --------------------------------------------------------------------------------------------
# images and datasets (dkg-dataset.c, dkg-resample.c)

def load_image_planes(path):
    """An image file → (3, H, W) float32 numpy array in [-1, 1] (dkg_image_to_planes): 8-bit
    x/127.5 − 1, 16-bit x/32767.5 − 1, grey replicated to three channels, alpha dropped."""
    return samples_to_planes(*load_image_samples(path))


def load_image_samples(path):
    """An image file → ((H, W, C) integer samples, bit depth), C = 1…4."""
    from PIL import Image
    try:
        im = Image.open(path)
        im.load()
    except Exception as e:  # PIL raises many types
        raise SystemExit(f"train.py: “{path}” is not an image PIL reads ({e}); DICOM and NIfTI "
                         "seeds: convert them to PNG first (PNG, JPEG and TIFF are read here)")
    mode = im.mode
    if mode in ("I;16", "I;16B", "I;16L", "I"):
        a = np.array(im).astype(np.int64)
        if a.min() < 0 or a.max() > 65535:
            raise SystemExit(f"train.py: “{path}”: unsupported 32-bit samples")
        return a.reshape(a.shape[0], a.shape[1], 1), 16
    if mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif mode not in ("L", "LA", "RGB", "RGBA"):
        im = im.convert("RGB" if len(im.getbands()) >= 3 else "L")
    a = np.array(im).astype(np.int64)
    if a.ndim == 2:
        a = a.reshape(a.shape[0], a.shape[1], 1)
    return a, 8


def samples_to_planes(a, bits):
    scale = np.float32(32767.5 if bits == 16 else 127.5)
    v = a.astype(np.float32) / scale - np.float32(1.0)
    if v.shape[2] < 3:
        planes = np.stack([v[..., 0]] * 3)
    else:
        planes = np.ascontiguousarray(v[..., :3].transpose(2, 0, 1))
    return planes.astype(np.float32)


def list_images(folder):
    """Regular, non-hidden files of a folder, by name (dkg_image_dir_load)."""
    names = sorted(n for n in os.listdir(folder)
                   if not n.startswith(".") and os.path.isfile(os.path.join(folder, n)))
    if not names:
        raise SystemExit(f"train.py: The folder “{folder}” holds no images")
    return [os.path.join(folder, n) for n in names]


def _taps(s, d):
    """Per destination index: (first source index, float32 weights) — make_taps in C."""
    taps = []
    for j in range(d):
        if d == s:
            taps.append((j, [np.float32(1.0)]))
        elif d < s:
            lo, hi = j * s / d, (j + 1) * s / d
            i0, i1 = int(lo), min(int(hi) + 1, s)
            w = []
            for i in range(i0, i1):
                a, b = max(lo, float(i)), min(hi, float(i + 1))
                if b <= a:
                    break
                w.append(np.float32((b - a) * d / s))
            taps.append((i0, w))
        else:
            x = (j + 0.5) * s / d - 0.5
            x = max(x, 0.0)
            i0 = int(x)
            if i0 >= s - 1:
                i0 = s - 1
                x = float(i0)
            f = np.float32(x - i0)
            w = [np.float32(1.0) - f]
            if i0 + 1 < s:
                w.append(f)
            taps.append((i0, w))
    return taps


def resample_plane(src, dw, dh):
    """dkg_resample_plane: rows, then columns, float32, the same summation order."""
    sh, sw = src.shape
    if sw == dw and sh == dh:
        return src.copy()
    tmp = np.zeros((sh, dw), np.float32)
    for j, (first, w) in enumerate(_taps(sw, dw)):
        acc = np.zeros(sh, np.float32)
        for k, wt in enumerate(w):
            acc += wt * src[:, first + k]
        tmp[:, j] = acc
    out = np.zeros((dh, dw), np.float32)
    for i, (first, w) in enumerate(_taps(sh, dh)):
        for k, wt in enumerate(w):
            out[i] += wt * tmp[first + k]
    return out


def prepare_item(planes, size, native=False):
    """add_planes in dkg-dataset.c. Seeds: shorter side → 9/8·S (rounded up), aspect kept.
    Domain images (native): kept at their own resolution when both sides are at least S, else
    enlarged to a shorter side of S (resampling a cipher image would blur its bytes)."""
    _, h, w = planes.shape
    if native and w >= size and h >= size:
        return torch.from_numpy(np.ascontiguousarray(planes))
    target = size if native else (size * 9 + 7) // 8
    if w <= h:
        nw, nh = target, max(target, int(h * target / w + 0.5))
    else:
        nh, nw = target, max(target, int(w * target / h + 0.5))
    return torch.from_numpy(np.stack([resample_plane(planes[c], nw, nh) for c in range(3)]))


class Dataset:
    def __init__(self, planes, size, description, native=False):
        self.items = [prepare_item(p, size, native) for p in planes]
        self.size = size
        self.description = description

    def sample(self, gen):
        """One (3, S, S) crop: image, x offset, y offset, horizontal and vertical flip drawn
        from `gen` in that order (dkg_dataset_sample)."""
        S = self.size

        def below(n):
            return int(torch.randint(n, (1,), generator=gen).item())
        it = self.items[below(len(self.items))]
        ox = below(it.shape[2] - S + 1)
        oy = below(it.shape[1] - S + 1)
        hflip, vflip = below(2), below(2)
        crop = it[:, oy:oy + S, ox:ox + S]
        if vflip:
            crop = crop.flip(1)
        if hflip:
            crop = crop.flip(2)
        return crop


class RandomSampler:
    """Batches of this process's share of the global batch, from its own generator."""

    def __init__(self, source, domain, per_rank, gen):
        self.source, self.domain, self.per_rank, self.gen = source, domain, per_rank, gen

    def source_batch(self):
        return torch.stack([self.source.sample(self.gen) for _ in range(self.per_rank)])

    def domain_batch(self):
        return torch.stack([self.domain.sample(self.gen) for _ in range(self.per_rank)])

    def alpha(self):
        return torch.rand(self.per_rank, 1, 1, 1, generator=self.gen)

    def uniform(self):
        return float(torch.rand(1, generator=self.gen).item())

    def below(self, n):
        return int(torch.randint(n, (1,), generator=self.gen).item())


class ReplaySampler:
    """The batches (and α) the C trainer drew, in order, from a recording written by
    tests/pytorch/train-parity-dump: tensors src.<i>, dom.<i>, alpha.<i> (global batches; this
    process takes its rows)."""

    def __init__(self, path, rank, per_rank):
        self.t, self.meta = dk.load_safetensors(path)
        self.lo, self.hi = rank * per_rank, (rank + 1) * per_rank
        self.n = {"src": 0, "dom": 0, "alpha": 0}

    def _next(self, kind):
        name = f"{kind}.{self.n[kind]}"
        if name not in self.t:
            raise SystemExit(f"train.py: the recording has no {name}: it is shorter than the run")
        self.n[kind] += 1
        return self.t[name][self.lo:self.hi].clone()

    def source_batch(self):
        return self._next("src")

    def domain_batch(self):
        return self._next("dom")

    def alpha(self):
        return self._next("alpha").reshape(-1, 1, 1, 1)

    def skip_to(self, iteration, c):
        """Start at the batches of `iteration` (a run started from the C trainer's checkpoint
        of that iteration)."""
        if c["objective"] == "wgan-gp":
            k = c["n_critic"]
            self.n = {"src": iteration * (k + 1), "dom": iteration * k, "alpha": iteration * k}
        else:
            self.n = {"src": iteration, "dom": iteration, "alpha": 0}

    def uniform(self):
        raise SystemExit("train.py: --replay does not record history-pool draws")

    below = uniform


class ImagePool:
    """CycleGAN's history of generated images (Shrivastava et al. 2017): until full, return
    the new image and keep it; then with probability ½ return a stored one and store the new
    one in its place."""

    def __init__(self, size):
        self.size, self.images = size, []

    def query(self, fakes, sampler):
        out = []
        for img in fakes:
            img = img.unsqueeze(0)
            if len(self.images) < self.size:
                self.images.append(img.clone())
                out.append(img)
            elif sampler.uniform() > 0.5:
                k = sampler.below(self.size)
                out.append(self.images[k].clone())
                self.images[k] = img.clone()
            else:
                out.append(img)
        return torch.cat(out)


# --------------------------------------------------------------------------------------------
# key quality on a probe seed (dkg-key-quality.c)

def find_data(relative):
    """dkg_cli_find_data: $DKG_DATA_DIR, the installed data directory, the source tree."""
    here = os.path.dirname(os.path.abspath(__file__))
    installed = relative[5:] if relative.startswith("data/") else relative
    candidates = []
    if os.environ.get("DKG_DATA_DIR"):
        candidates.append(os.path.join(os.environ["DKG_DATA_DIR"], relative))
    for prefix in ("/usr/local/share/deepkeygen", "/usr/share/deepkeygen"):
        candidates.append(os.path.join(prefix, installed))
    candidates.append(os.path.join(here, "..", "..", relative))
    for c in candidates:
        if os.path.exists(c):
            return os.path.normpath(c)
    return None


class KeyProbe:
    """The probe of dkg_key_probe_new(): a seed image and a copy with one sample changed by +1
    (pixel (S/2, S/2) clamped into the image, channel 0), both turned into the network input
    and resampled to the key size as dkg_keygen_generate() does; more seeds
    (dkg_key_probe_add_seed()) judge the generator by its worst key."""

    def __init__(self, paths, size):
        if isinstance(paths, str):
            paths = [paths]
        a, bits = load_image_samples(paths[0])
        self.size = size
        h, w = a.shape[:2]
        b = a.copy()
        x, y = min(size // 2, w - 1), min(size // 2, h - 1)
        b[y, x, 0] = (b[y, x, 0] + 1) % (1 << bits)
        self.inputs = [self._input(a, bits), self._input(b, bits)]
        self.more = [self._input(*load_image_samples(p)) for p in paths[1:]]

    def _input(self, a, bits):
        planes = samples_to_planes(a, bits)
        out = np.stack([resample_plane(planes[c], self.size, self.size) for c in range(3)])
        return torch.from_numpy(out).unsqueeze(0)

    def evaluate(self, g, device, dtype):
        """dkg_key_probe_evaluate: the generator in inference mode on every input; entropy,
        standard deviation and χ² p-value of the probe key's bytes (docs/SPECIFICATION.md §6.1,
        §6.2; with more seeds, of the key with the lowest entropy), NPCR in percent between the
        first seed's key and its changed copy's (§6.6)."""
        was = g.training
        g.eval()
        with torch.no_grad():
            keys = [dk.key_from_output(g(x.to(device, dtype)).float().cpu())
                    for x in self.inputs + self.more]
        g.train(was)
        q = key_quality(keys[0])
        for k in keys[2:]:
            other = key_quality(k)
            if other["entropy"] < q["entropy"]:
                q = other
        q["npcr"] = 100.0 * float((keys[0] != keys[1]).sum()) / keys[0].size
        return q


def key_quality(key):
    """dkg_key_quality_of_key for an (H, W, 3) uint8 key."""
    counts = np.bincount(key.ravel(), minlength=256).astype(np.float64)
    n = float(key.size)
    p = counts[counts > 0] / n
    v = np.arange(256, dtype=np.float64)
    mean = (v * counts).sum() / n
    std = math.sqrt(max((v * v * counts).sum() / n - mean * mean, 0.0))
    chi2 = ((counts * 256 - n) ** 2).sum() / (256.0 * n)
    chi2_p = torch.special.gammaincc(torch.tensor(255 / 2, dtype=torch.float64),
                                     torch.tensor(chi2 / 2, dtype=torch.float64)).item()
    return {"entropy": float(-(p * np.log2(p)).sum()),
            "entropy_ideal": expected_entropy(int(n)),
            "std": std, "chi2_p": chi2_p, "npcr": math.nan}


def expected_entropy(n, bins=256):
    """dkg_entropy_expected: the mean entropy of n uniformly random symbols,
    −B·Σ_x P(x)·(x/n)·log₂(x/n) with x ~ Binomial(n, 1/B) (summed where P matters)."""
    q = 1.0 / bins
    sd = math.sqrt(n * q * (1 - q))
    x = np.arange(max(1, int(n * q - 40 * sd)), min(n, int(n * q + 40 * sd) + 2), dtype=np.float64)
    from math import lgamma
    lg = np.vectorize(lgamma)
    logp = lg(n + 1.0) - lg(x + 1) - lg(n - x + 1) + x * math.log(q) + (n - x) * math.log(1 - q)
    f = x / n
    return float(-bins * (np.exp(logp) * f * np.log2(f)).sum())
