#!/usr/bin/env python3
"""The four networks of DeepKeyGen Studio (docs/SPECIFICATION.md §3) in PyTorch, and safetensors I/O.

Parameter names are those of our C engine (libdeepkeygen), so a model file written by
`deepkeygen train` loads here with `load_state_dict`, and a model trained here with PyTorch
(on a GPU, say) can be saved with `save_safetensors` and used by `deepkeygen keygen`.

    import deepkeygen_torch as dk
    g = dk.build("resnet", n_blocks=6)
    tensors, meta = dk.load_safetensors("model/deepkeygen.safetensors")
    g.load_state_dict(dk.state_dict_from(tensors, g))
    key = dk.key_from_output(g(dk.image_to_input(seed_uint8_hwc)))

Debian's python3-torch has no `safetensors` package; the format (8-byte little-endian header
length, JSON header, raw little-endian data) is read and written here with struct and json.

Command line (used by tests/pytorch and bench/compare-pytorch):
    deepkeygen_torch.py parity FILE.safetensors    compare a dump of our engine with PyTorch
    deepkeygen_torch.py bench [--threads T]         time the passes bench-nn and bench-train time
"""
import argparse
import json
import struct
import sys
import time

import torch
import torch.nn as nn

# --------------------------------------------------------------------------------------------
# networks (docs/SPECIFICATION.md §3): convolutions without bias, InstanceNorm without affine, eps 1e-5


class ResBlock(nn.Module):
    """y = x + ReLU(InstanceNorm(Conv2d(64→64, k3, s1, p1)(x))) — DeepKeyGen Table I, R64."""

    def __init__(self, ch=64):
        super().__init__()
        self.block = nn.Sequential(
            nn.Conv2d(ch, ch, 3, 1, 1, bias=False), nn.InstanceNorm2d(ch), nn.ReLU())

    def forward(self, x):
        return x + self.block(x)


def resnet(n_blocks=6):
    """§3.1, 271,968 parameters at 6 blocks."""
    layers = [
        nn.Conv2d(3, 16, 7, 1, 3, bias=False), nn.InstanceNorm2d(16), nn.ReLU(),
        nn.Conv2d(16, 32, 3, 2, 1, bias=False), nn.InstanceNorm2d(32), nn.ReLU(),
        nn.Conv2d(32, 64, 3, 2, 1, bias=False), nn.InstanceNorm2d(64), nn.ReLU(),
    ]
    layers += [ResBlock(64) for _ in range(n_blocks)]
    layers += [
        nn.ConvTranspose2d(64, 32, 3, 2, 1, output_padding=1, bias=False),
        nn.InstanceNorm2d(32), nn.ReLU(),
        nn.ConvTranspose2d(32, 16, 3, 2, 1, output_padding=1, bias=False),
        nn.InstanceNorm2d(16), nn.ReLU(),
        nn.Conv2d(16, 3, 7, 1, 3, bias=False), nn.Tanh(),
    ]
    return nn.Sequential(*layers)


def patchgan(variant="patchgan"):
    """§3.2: a 30×30 logit map for 256×256. "patchgan" has a bias in the first and last
    convolution (without it D(a·x) = D(x) for a > 0: blind to contrast); "patchgan-nobias" is
    the first release's bias-free network; "patchgan-nonorm" drops InstanceNorm and has a bias
    in every convolution."""
    norm = variant != "patchgan-nonorm"
    bias_all = variant == "patchgan-nonorm"
    bias_ends = variant != "patchgan-nobias"
    ch = [3, 16, 32, 64, 128]
    layers = []
    for k in range(4):
        layers.append(nn.Conv2d(ch[k], ch[k + 1], 4, 2 if k < 3 else 1, 1,
                                bias=bias_all or (k == 0 and bias_ends)))
        if k > 0 and norm:
            layers.append(nn.InstanceNorm2d(ch[k + 1]))
        layers.append(nn.LeakyReLU(0.2))
    layers.append(nn.Conv2d(128, 1, 4, 1, 1, bias=bias_all or bias_ends))
    return nn.Sequential(*layers)


def encdec():
    """§3.3: encoder–decoder with BatchNorm (eps 1e-5, momentum 0.1)."""
    layers = []
    enc = [3, 64, 128, 256, 512]
    for a, b in zip(enc, enc[1:]):
        layers += [nn.Conv2d(a, b, 4, 2, 1, bias=False), nn.BatchNorm2d(b), nn.ReLU()]
    dec = [512, 256, 128, 64]
    for a, b in zip(dec, dec[1:]):
        layers += [nn.ConvTranspose2d(a, b, 4, 2, 1, bias=False), nn.BatchNorm2d(b), nn.ReLU()]
    layers += [nn.ConvTranspose2d(64, 3, 4, 2, 1, bias=False), nn.Tanh()]
    return nn.Sequential(*layers)


class WganCritic(nn.Sequential):
    """§3.4: D(x) = mean of the score map, one value per sample."""

    def __init__(self):
        super().__init__(
            nn.Conv2d(3, 64, 4, 2, 1, bias=False), nn.LeakyReLU(0.2),
            nn.Conv2d(64, 128, 4, 2, 1, bias=False), nn.LeakyReLU(0.2),
            nn.Conv2d(128, 1, 4, 1, 0, bias=False))

    def forward(self, x):
        return super().forward(x).mean(dim=(1, 2, 3)).reshape(-1, 1, 1, 1)


class DeepCritic(nn.Sequential):
    """wgan-critic-deep (training study): four stride-2 4×4 convolutions (64, 128, 256, 512) with
    LeakyReLU, a 4×4 one-channel convolution, D(x) = mean of the map."""

    def __init__(self):
        ch = [3, 64, 128, 256, 512]
        layers = []
        for a, b in zip(ch, ch[1:]):
            layers += [nn.Conv2d(a, b, 4, 2, 1, bias=False), nn.LeakyReLU(0.2)]
        layers.append(nn.Conv2d(512, 1, 4, 1, 0, bias=False))
        super().__init__(*layers)

    def forward(self, x):
        return super().forward(x).mean(dim=(1, 2, 3)).reshape(-1, 1, 1, 1)


def build(arch, n_blocks=6):
    if arch == "resnet":
        return resnet(n_blocks)
    if arch in ("patchgan", "patchgan-nobias", "patchgan-nonorm"):
        return patchgan(arch)
    if arch == "encdec":
        return encdec()
    if arch == "wgan-critic":
        return WganCritic()
    if arch == "wgan-critic-deep":
        return DeepCritic()
    raise ValueError(f"unknown architecture {arch!r}")


# --------------------------------------------------------------------------------------------
# safetensors

_DTYPES = {"F32": (torch.float32, 4), "F64": (torch.float64, 8), "I64": (torch.int64, 8),
           "I32": (torch.int32, 4), "U8": (torch.uint8, 1)}


def load_safetensors(path):
    """Returns ({name: tensor}, {metadata key: value})."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    body = data[8 + n:]
    tensors = {}
    for name, info in header.items():
        dtype, size = _DTYPES[info["dtype"]]
        begin, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(body[begin:end]), dtype=dtype) if end > begin \
            else torch.empty(0, dtype=dtype)
        tensors[name] = t.reshape(info["shape"])
    return tensors, meta


def save_safetensors(path, tensors, metadata=None):
    """Writes {name: tensor} (float32/int64 …) with optional string metadata."""
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    names = sorted(tensors)
    offset = 0
    blobs = []
    rev = {v[0]: k for k, v in _DTYPES.items()}
    for name in names:
        t = tensors[name].detach().contiguous().cpu()
        b = t.numpy().tobytes()
        header[name] = {"dtype": rev[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def state_dict_from(tensors, module, prefix=""):
    """The entries of `tensors` named `prefix + key` for every key of module.state_dict()."""
    sd = {}
    for key, ref in module.state_dict().items():
        t = tensors.get(prefix + key)
        if t is None:
            if key.endswith("num_batches_tracked"):
                t = torch.zeros((), dtype=torch.int64)
            else:
                raise KeyError(f"{prefix + key} missing")
        sd[key] = t.to(ref.dtype)
    return sd


def image_to_input(img):
    """uint8 (H, W) or (H, W, 3) numpy array → (1, 3, H, W) float32 in [-1, 1] (x/127.5 − 1)."""
    t = torch.as_tensor(img).float()
    if t.dim() == 2:
        t = t.unsqueeze(-1).expand(-1, -1, 3)
    return (t / 127.5 - 1.0).permute(2, 0, 1).unsqueeze(0).contiguous()


def key_from_output(y):
    """(1, 3, H, W) in [-1, 1] → uint8 (H, W, 3): round((y + 1)·127.5) clamped (docs/SPECIFICATION.md §5.2)."""
    k = torch.round((y[0].permute(1, 2, 0) + 1.0) * 127.5).clamp(0, 255)
    return k.to(torch.uint8).numpy()


# --------------------------------------------------------------------------------------------
# parity: compare a dump written by tests/pytorch/parity-dump.c


def rel_err(ours, ref):
    """max |ours − ref| / max |ref|: the error relative to the tensor's scale."""
    scale = ref.abs().max().item()
    return (ours.double() - ref).abs().max().item() / max(scale, 1e-30)


def parity(path, out_tol=1e-4, grad_tol=1e-3):
    tensors, meta = load_safetensors(path)
    arch = meta["arch"]
    net = build(arch, int(meta.get("n_blocks", "6"))).double()
    weights = {k[len("weight."):]: v for k, v in tensors.items() if k.startswith("weight.")}
    net.load_state_dict(state_dict_from(weights, net))
    net.train(meta.get("training", "1") == "1")
    x = tensors["input"].double().requires_grad_(True)
    out = net(x)
    loss = (out * tensors["R"].double()).sum()
    loss.backward()
    worst_out = rel_err(tensors["out"], out.detach())
    ok = worst_out <= out_tol
    print(f"{arch}: output rel err {worst_out:.3g} (tolerance {out_tol})")
    worst_grad = rel_err(tensors["dinput"], x.grad)
    print(f"{arch}: input gradient rel err {worst_grad:.3g}")
    ok = ok and worst_grad <= grad_tol
    for name, p in net.named_parameters():
        e = rel_err(tensors["grad." + name], p.grad)
        worst_grad = max(worst_grad, e)
        if e > grad_tol:
            print(f"{arch}: gradient of {name}: rel err {e:.3g} > {grad_tol}")
            ok = False
    for name, b in net.named_buffers():
        if "running" in name and ("buffer." + name) in tensors:
            e = rel_err(tensors["buffer." + name], b)
            print(f"{arch}: {name} after the pass: rel err {e:.3g}")
            ok = ok and e <= out_tol
    print(f"{arch}: worst gradient rel err {worst_grad:.3g} (tolerance {grad_tol})")
    return ok


# --------------------------------------------------------------------------------------------
# benchmarks: the same passes as bench/bench-nn.c and bench/bench-train.c


def _median_ms(fn, reps):
    fn()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    times.sort()
    return times[len(times) // 2]


def bench(threads=1, reps=10, size=256, train=False):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    x = torch.rand(1, 3, size, size) * 2 - 1
    g = resnet(6)
    d = patchgan()
    c = WganCritic()
    res = {"threads": threads}
    with torch.no_grad():
        res["resnet_forward_ms"] = _median_ms(lambda: g(x), reps)

    def fb(net):
        def run():
            net.zero_grad()
            xi = x.clone().requires_grad_(True)
            net(xi).sum().backward()
        return run
    res["resnet_forward_backward_ms"] = _median_ms(fb(g), reps)
    res["patchgan_forward_backward_ms"] = _median_ms(fb(d), reps)
    res["wgan_critic_forward_backward_ms"] = _median_ms(fb(c), reps)
    if train:
        res.update(bench_train(size, max(3, reps // 2)))
    return res


def bench_train(size=256, reps=5):
    """One DeepKeyGen GAN iteration and one WGAN-GP cycle (5 critic steps with the gradient
    penalty through create_graph=True, then a generator step), as src/core/train does."""
    torch.manual_seed(0)
    bce = nn.BCEWithLogitsLoss()
    g, d = resnet(6), patchgan()
    og = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    od = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
    x = torch.rand(1, 3, size, size) * 2 - 1
    y = torch.rand(1, 3, size, size) * 2 - 1

    def gan_iteration():
        fake = g(x)
        od.zero_grad()
        lr, lf = d(y), d(fake.detach())
        loss_d = 0.5 * (bce(lr, torch.ones_like(lr)) + bce(lf, torch.zeros_like(lf)))
        loss_d.backward()
        od.step()
        og.zero_grad()
        lg = d(fake)
        bce(lg, torch.ones_like(lg)).backward()
        og.step()

    e, c = encdec(), WganCritic()
    oe = torch.optim.Adam(e.parameters(), 1e-4, betas=(0.0, 0.9))
    oc = torch.optim.Adam(c.parameters(), 1e-4, betas=(0.0, 0.9))

    def wgan_cycle():
        for _ in range(5):
            with torch.no_grad():
                fake = e(x)
            oc.zero_grad()
            alpha = torch.rand(1, 1, 1, 1)
            xh = (alpha * y + (1 - alpha) * fake).requires_grad_(True)
            grad = torch.autograd.grad(c(xh).sum(), xh, create_graph=True)[0]
            gp = ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()
            loss = c(fake).mean() - c(y).mean() + 10 * gp
            loss.backward()
            oc.step()
        oe.zero_grad()
        (-c(e(x)).mean()).backward()
        oe.step()

    return {"gan_iteration_ms": _median_ms(gan_iteration, reps),
            "wgan_gp_cycle_ms": _median_ms(wgan_cycle, reps)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("parity")
    p.add_argument("files", nargs="+")
    b = sub.add_parser("bench")
    b.add_argument("--threads", type=int, default=1)
    b.add_argument("--reps", type=int, default=10)
    b.add_argument("--train", action="store_true", help="also time training steps")
    args = ap.parse_args()
    if args.cmd == "parity":
        torch.set_num_threads(1)
        ok = all([parity(f) for f in args.files])
        sys.exit(0 if ok else 1)
    if args.cmd == "bench":
        print(json.dumps(bench(args.threads, args.reps, train=args.train)))


if __name__ == "__main__":
    main()
