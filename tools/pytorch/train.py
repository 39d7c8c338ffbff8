#!/usr/bin/env python3
"""Train a DeepKeyGen key generator with PyTorch: CPU, one CUDA GPU, or several with DDP.

The recipes of our C trainer (src/core/train/dkg-gan-trainer.c, docs/SPECIFICATION.md §4), the
same files out: the generator as our safetensors model file with the C trainer's metadata
(`deepkeygen info`, `keygen`, `report` and the app's model menu read it), and a metrics CSV with
the C trainer's columns (`deepkeygen curves`, Open Metrics… on the app's Training page).

    # one GPU (or the CPU: --device cpu)
    train.py --arch deepkeygen --source seeds/ --chaotic-domain -n 20000 -o model.safetensors \\
             --metrics metrics.csv --device cuda --seed 1
    # four GPUs of one machine (--batch is the global batch, split over the processes)
    torchrun --nproc_per_node 4 train.py --arch deepkeygen --batch 4 ...

GAN (§4.1): per iteration x ∈ X and y ∈ Y (random crops and flips), a D step on
½·[BCE(D(y), 1) + BCE(D(G(x)), 0)], then a G step on BCE(D(G(x)), 1) = −log σ(D(G(x))) through
the updated D; Adam 2e-4, β (0.5, 0.999). WGAN-GP (§4.2): n_critic critic steps on
mean D(G(x)) − mean D(y) + λ·GP (fresh x, y, α each; GP through create_graph=True), then a
generator step on −mean D(G(x)); Adam 1e-4, β (0, 0.9). Weights N(0, 0.02), biases 0, BatchNorm
γ ~ N(1, 0.02). GAN options as `deepkeygen train`: --discriminator, --gan-loss lsgan,
--real-label, --pool-size. Data (dkg-dataset.c): every seed's shorter side resampled to 9/8 of
the crop size S as dkg-resample.c does (area average when shrinking, linear when enlarging);
domain images cropped at their own resolution; the chaotic domain made from the resized seeds
by our C cipher (`deepkeygen domain`); then random S×S crops, random horizontal and vertical
flips. Key quality on a probe seed every --eval-every iterations (entropy, standard deviation,
χ² p-value, one-pixel NPCR: the CSV's key_* columns), --keep-best entropy.

Randomness comes from torch.Generator objects (one per process), not from our C RNG: a run
here and a run of `deepkeygen train` with the same --seed are different runs of the same recipe.
tests/pytorch/train-parity-dump.c records the C trainer's crops and initial weights, and
`--replay` feeds them to this trainer: that is how the parity test compares the two.

Checkpoints (torch.save, written atomically) hold both networks, both Adam states, the
iteration, every process's generator state and history pool: `--resume` continues exactly
(on the same device type and number of processes; on CUDA with the default deterministic
cuDNN settings).
"""
import argparse
import datetime
import io
import math
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deepkeygen_torch as dk  # noqa: E402
from train_data import (  # noqa: E402
    load_image_planes,
    list_images,
    Dataset,
    RandomSampler,
    ReplaySampler,
    ImagePool,
    find_data,
    KeyProbe,
)

CSV_HEADER = ("iteration,loss_g,loss_d,d_real,d_fake,d_accuracy,wasserstein,gp,"
              "its_per_sec,elapsed_s,key_entropy,key_std,key_chi2_p,key_npcr")
DEFAULT_PROBE = "data/samples/colin27_ch2_axial_z090_8bit.png"
CHECKPOINT_FORMAT = "deepkeygen-torch-checkpoint"
CHECKPOINT_VERSION = 1
MODEL_FORMAT = "deepkeygen-model"
MODEL_FORMAT_VERSION = "1"
CHAOTIC_X0 = "0.3456789"


# --------------------------------------------------------------------------------------------
# configuration (DkgTrainConfig, dkg_train_config_init)

def default_config(objective):
    c = dict(objective=objective, n_blocks=6, size=256, batch=1, n_critic=5, lambda_gp=10.0,
             seeded=False, seed=0, gan_loss="bce", real_label=1.0, pool_size=0)
    if objective == "deepkeygen":
        c.update(generator="resnet", discriminator="patchgan", lr_g=2e-4, lr_d=2e-4,
                 beta1=0.5, beta2=0.999)
    else:
        c.update(generator="encdec", discriminator="wgan-critic", lr_g=1e-4, lr_d=1e-4,
                 beta1=0.0, beta2=0.9)
    return c


def check_config(c):
    multiple = 16 if c["generator"] == "encdec" else 4
    why = None
    if c["generator"] not in ("resnet", "encdec"):
        why = "the generator must be resnet or encdec"
    elif not (32 <= c["size"] <= 4096 and c["size"] % multiple == 0):
        why = "the training size must be 32..4096 and a multiple of 4 (resnet) or 16 (encdec)"
    elif not 1 <= c["batch"] <= 256:
        why = "the batch size must be 1..256"
    elif c["generator"] == "resnet" and not 1 <= c["n_blocks"] <= 64:
        why = "a resnet generator has 1..64 residual blocks"
    elif not (0 < c["lr_g"] < 1 and 0 < c["lr_d"] < 1):
        why = "learning rates must be in (0, 1)"
    elif not (0 <= c["beta1"] < 1 and 0 <= c["beta2"] < 1):
        why = "Adam betas must be in [0, 1)"
    elif c["objective"] == "wgan-gp" and not 1 <= c["n_critic"] <= 100:
        why = "n_critic must be 1..100"
    elif c["objective"] == "wgan-gp" and c["discriminator"] not in ("wgan-critic",
                                                                     "wgan-critic-deep"):
        why = "the WGAN-GP critic must be wgan-critic or wgan-critic-deep"
    elif c["discriminator"] == "wgan-critic-deep" and c["size"] < 64:
        why = "the wgan-critic-deep critic needs a training size of at least 64"
    elif c["objective"] == "deepkeygen" and c["discriminator"] not in (
            "patchgan", "patchgan-nobias", "patchgan-nonorm"):
        why = "the discriminator must be patchgan, patchgan-nobias or patchgan-nonorm"
    elif c["gan_loss"] not in ("bce", "lsgan"):
        why = "the GAN loss must be bce or lsgan"
    elif not 0.5 <= c["real_label"] <= 1:
        why = "the real label must be in [0.5, 1]"
    elif not 0 <= c["pool_size"] <= 200:
        why = "the image pool holds 0..200 images"
    if why:
        raise SystemExit(f"train.py: Invalid training settings: {why}")


def float_text(v):
    """The shortest decimal that parses back to the same float32 (set_meta_float in C)."""
    f = np.float32(v)
    for p in range(1, 10):
        s = "%.*g" % (p, f)
        if np.float32(float(s)) == f:
            return s
    return "%.9g" % f


# --------------------------------------------------------------------------------------------
# networks

def init_weights(net, gen):
    """dkg_net_init_weights: convolution weights N(0, 0.02), biases 0, BatchNorm γ ~ N(1, 0.02),
    β 0, running statistics (0, 1); drawn in state_dict order."""
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
                m.weight.copy_(torch.randn(m.weight.shape, generator=gen) * 0.02)
                if m.bias is not None:
                    m.bias.zero_()
            elif isinstance(m, nn.BatchNorm2d):
                m.weight.copy_(1.0 + torch.randn(m.weight.shape, generator=gen) * 0.02)
                m.bias.zero_()
                m.reset_running_stats()


def build_networks(c):
    g = dk.build(c["generator"], c["n_blocks"])
    d = dk.build(c["discriminator"])
    return g, d


# --------------------------------------------------------------------------------------------
# the trainer

def _unwrap(m):
    return m.module if hasattr(m, "module") else m


class Trainer:
    def __init__(self, c, device, sampler, amp=False, world=1, rank=0):
        self.c, self.device, self.sampler = c, device, sampler
        self.world, self.rank = world, rank
        self.g, self.d = build_networks(c)
        self.dtype = torch.get_default_dtype()
        self.g.to(device)
        self.d.to(device)
        self.iteration = 0
        self.elapsed_before = 0.0
        self.pool = ImagePool(c["pool_size"]) if c["pool_size"] > 0 else None
        self.amp = amp
        self.amp_dtype = None
        if amp:
            self.amp_dtype = torch.float16 if device.type == "cuda" else torch.bfloat16
        use_scaler = amp and device.type == "cuda"
        self.scaler_g = torch.cuda.amp.GradScaler(enabled=use_scaler)
        self.scaler_d = torch.cuda.amp.GradScaler(enabled=use_scaler)
        self.last = dict(loss_g=math.nan, loss_d=math.nan, d_real=math.nan, d_fake=math.nan,
                         d_accuracy=math.nan, wasserstein=math.nan, gp=math.nan)

    def make_optimizers(self):
        """After the weights are final and the networks wrapped."""
        c = self.c
        betas = (c["beta1"], c["beta2"])
        self.opt_g = torch.optim.Adam(self.g.parameters(), c["lr_g"], betas=betas, eps=1e-8)
        self.opt_d = torch.optim.Adam(self.d.parameters(), c["lr_d"], betas=betas, eps=1e-8)

    def wrap_ddp(self):
        from torch.nn.parallel import DistributedDataParallel as DDP
        if self.device.type == "cuda" and self.c["generator"] == "encdec":
            # batch statistics over the global batch, as one process with --batch B has them
            self.g = nn.SyncBatchNorm.convert_sync_batchnorm(self.g)
        ids = [self.device.index] if self.device.type == "cuda" else None
        self.g = DDP(self.g, device_ids=ids)
        self.d = DDP(self.d, device_ids=ids)

    def autocast(self):
        if not self.amp:
            return torch.autocast(self.device.type, enabled=False)
        return torch.autocast(self.device.type, dtype=self.amp_dtype)

    def _batch(self, fn):
        return fn().to(self.device, self.dtype, non_blocking=True)

    def _adversarial(self, logits, target):
        t = torch.full_like(logits, target)
        if self.c["gan_loss"] == "lsgan":
            return F.mse_loss(logits.to(self.dtype), t.to(self.dtype))
        return F.binary_cross_entropy_with_logits(logits.to(self.dtype), t.to(self.dtype))

    def _step(self, loss, opt, scaler):
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()

    def step_gan(self):
        c = self.c
        x = self._batch(self.sampler.source_batch)
        y = self._batch(self.sampler.domain_batch)
        with self.autocast():
            fake = self.g(x)
        fake_d = fake.detach()
        if self.pool is not None:
            fake_d = self.pool.query(fake_d, self.sampler)

        # D step: ½·[L(D(y), real_label) + L(D(G(x)), 0)]
        self.opt_d.zero_grad(set_to_none=False)
        with self.autocast():
            lr = self.d(y)
            lf = self.d(fake_d)
        lr, lf = lr.to(self.dtype), lf.to(self.dtype)
        loss_real = self._adversarial(lr, c["real_label"])
        loss_fake = self._adversarial(lf, 0.0)
        loss_d = 0.5 * (loss_real + loss_fake)
        self._step(loss_d, self.opt_d, self.scaler_d)

        # G step through the updated D: L(D(G(x)), 1); D's weights get no gradient
        d = _unwrap(self.d)
        for p in d.parameters():
            p.requires_grad_(False)
        self.opt_g.zero_grad(set_to_none=False)
        with self.autocast():
            lg = d(fake)
        # the generator's target is the real label too (dkg-gan-trainer.c; BCE with label 1:
        # the non-saturating −log σ(D(G(x))))
        loss_g = self._adversarial(lg.to(self.dtype), c["real_label"])
        self._step(loss_g, self.opt_g, self.scaler_g)
        for p in d.parameters():
            p.requires_grad_(True)

        with torch.no_grad():
            if c["gan_loss"] == "bce":
                d_real, d_fake = torch.sigmoid(lr).mean(), torch.sigmoid(lf).mean()
                threshold = 0.0
            else:
                d_real, d_fake = lr.mean(), lf.mean()
                threshold = 0.5 * c["real_label"]
            acc = ((lr > threshold).sum() + (lf < threshold).sum()).double() / (2 * lr.numel())
        self.last.update(loss_g=loss_g.item(), loss_d=loss_d.item(), d_real=d_real.item(),
                         d_fake=d_fake.item(), d_accuracy=acc.item())

    def _gradient_penalty(self, xhat, scaler):
        """mean over the batch of (‖∇_x̂ D(x̂)‖₂ − 1)², with create_graph=True so that its
        gradient reaches the critic's weights (docs/SPECIFICATION.md §4.2)."""
        xhat.requires_grad_(True)
        with self.autocast():
            out = self.d(xhat)
        out = out.to(self.dtype).sum()
        if scaler.is_enabled():
            # the gradient penalty recipe of torch.cuda.amp's documentation
            grad, = torch.autograd.grad(scaler.scale(out), xhat, create_graph=True)
            grad = grad / scaler.get_scale()
        else:
            grad, = torch.autograd.grad(out, xhat, create_graph=True)
        return ((grad.to(self.dtype).flatten(1).norm(2, dim=1) - 1.0) ** 2).mean()

    def step_wgan_gp(self):
        c = self.c
        for _ in range(c["n_critic"]):
            x = self._batch(self.sampler.source_batch)
            y = self._batch(self.sampler.domain_batch)
            with torch.no_grad(), self.autocast():
                fake = self.g(x).to(self.dtype)
            alpha = self._batch(self.sampler.alpha)
            self.opt_d.zero_grad(set_to_none=False)
            with self.autocast():
                real_mean = self.d(y).to(self.dtype).mean()
                fake_mean = self.d(fake).to(self.dtype).mean()
            xhat = (alpha * y + (1.0 - alpha) * fake).detach()
            gp = self._gradient_penalty(xhat, self.scaler_d)
            loss_d = fake_mean - real_mean + c["lambda_gp"] * gp
            self._step(loss_d, self.opt_d, self.scaler_d)
        x = self._batch(self.sampler.source_batch)
        d = _unwrap(self.d)
        for p in d.parameters():
            p.requires_grad_(False)
        self.opt_g.zero_grad(set_to_none=False)
        with self.autocast():
            loss_g = -d(self.g(x)).to(self.dtype).mean()
        self._step(loss_g, self.opt_g, self.scaler_g)
        for p in d.parameters():
            p.requires_grad_(True)
        rm, fm = real_mean.item(), fake_mean.item()
        self.last.update(loss_g=loss_g.item(), loss_d=loss_d.item(), d_real=rm, d_fake=fm,
                         wasserstein=rm - fm, gp=gp.item())

    def step(self):
        if self.c["objective"] == "deepkeygen":
            self.step_gan()
        else:
            self.step_wgan_gp()
        self.iteration += 1
        if self.world > 1:
            keys = ["loss_g", "loss_d", "d_real", "d_fake", "d_accuracy", "wasserstein", "gp"]
            v = torch.tensor([self.last[k] for k in keys], dtype=torch.float64)
            if self.device.type == "cuda":
                v = v.to(self.device)
            dist.all_reduce(v)
            v = (v / self.world).cpu().tolist()
            self.last.update(dict(zip(keys, v)))
        bad = not (math.isfinite(self.last["loss_g"]) and math.isfinite(self.last["loss_d"]))
        if not bad:
            with torch.no_grad():
                for net in (self.g, self.d):
                    for p in net.parameters():
                        if not torch.isfinite(p).all():
                            bad = True
                            break
        return not bad


# --------------------------------------------------------------------------------------------
# files: metrics CSV, model file, checkpoints

def csv_field(v):
    return "%.7g" % v if v is not None and math.isfinite(v) else ""


class MetricsFile:
    """The C trainer's CSV: one row per iteration; an existing file is continued, dropping rows
    past the resumed iteration and a torn last line (dkg_trainer_set_metrics_path)."""

    def __init__(self, path, iteration):
        kept = [CSV_HEADER]
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            for line in lines[1:-1]:
                head = line.split(",", 1)[0]
                it = int(head) if head.isdigit() else 0
                if 1 <= it <= iteration and "," in line:
                    kept.append(line)
        atomic_write(path, ("\n".join(kept) + "\n").encode("utf-8"))
        self.f = open(path, "a", encoding="utf-8")

    def log(self, it, last, its_per_sec, elapsed, key=None):
        """key: the key-quality evaluation of this iteration, or None (empty columns)."""
        row = [str(it)] + [csv_field(last[k]) for k in (
            "loss_g", "loss_d", "d_real", "d_fake", "d_accuracy", "wasserstein", "gp")]
        row += [csv_field(its_per_sec), csv_field(elapsed)]
        if key is not None and key["iteration"] == it:
            row += [csv_field(key[k]) for k in ("entropy", "std", "chi2_p", "npcr")]
        else:
            row += ["", "", "", ""]
        self.f.write(",".join(row) + "\n")

    def flush(self):
        self.f.flush()


def atomic_write(path, data):
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=d)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def config_metadata(run):
    """config_to_metadata in dkg-gan-trainer.c, plus what only this trainer has."""
    c, t = run.c, run.trainer
    m = {"objective": c["objective"], "generator": c["generator"],
         "discriminator": c["discriminator"], "n_blocks": str(c["n_blocks"]),
         "size": str(c["size"]), "batch": str(c["batch"]),
         "lr_g": float_text(c["lr_g"]), "lr_d": float_text(c["lr_d"]),
         "beta1": float_text(c["beta1"]), "beta2": float_text(c["beta2"])}
    if c["objective"] == "deepkeygen":
        m["gan_loss"] = c["gan_loss"]
        m["real_label"] = float_text(c["real_label"])
        m["pool_size"] = str(c["pool_size"])
    if run.key_last is not None:
        m["key_quality_iteration"] = str(run.key_last["iteration"])
        m["key_entropy"] = repr(run.key_last["entropy"])
        m["key_std"] = repr(run.key_last["std"])
    if run.key_best is not None:
        m["best_key_iteration"] = str(run.key_best["iteration"])
        m["best_key_entropy"] = repr(run.key_best["entropy"])
        m["best_key_std"] = repr(run.key_best["std"])
    if c["objective"] == "wgan-gp":
        m["n_critic"] = str(c["n_critic"])
        m["lambda_gp"] = float_text(c["lambda_gp"])
    m["seed"] = str(c["seed"]) if c["seeded"] else "csprng"
    m["iterations"] = str(t.iteration)
    m["training_seconds"] = repr(float(run.elapsed))
    m["source"] = run.source_desc
    m["domain"] = run.domain_desc
    if run.source_dir:
        m["source_dir"] = run.source_dir
    if run.domain_dir:
        m["domain_dir"] = run.domain_dir
    m["software"] = f"deepkeygen tools/pytorch/train.py (PyTorch {torch.__version__})"
    m["trainer"] = "pytorch"
    m["device"] = run.device_desc
    m["processes"] = str(t.world)
    m["amp"] = str(t.amp_dtype).replace("torch.", "") if t.amp else "off"
    return m


def export_generator(run, path):
    """The model file of dkg_trainer_export_generator(): the generator's state_dict and the
    training metadata; format, format_version, arch and n_blocks as dkg_model_save() sets them
    (n_blocks 0 for encdec)."""
    g = _unwrap(run.trainer.g)
    meta = config_metadata(run)
    meta["created"] = datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ")
    meta["format"] = MODEL_FORMAT
    meta["format_version"] = MODEL_FORMAT_VERSION
    meta["arch"] = run.c["generator"]
    meta["n_blocks"] = str(run.c["n_blocks"] if run.c["generator"] == "resnet" else 0)
    sd = {k: v.detach().float().cpu() if v.is_floating_point() else v.detach().cpu()
          for k, v in g.state_dict().items()}
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=d)
    os.close(fd)
    try:
        dk.save_safetensors(tmp, sd, meta)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _gather(obj, world):
    if world == 1:
        return [obj]
    out = [None] * world
    dist.all_gather_object(out, obj)
    return out


def save_checkpoint(run, path):
    """Collective under DDP (every process's generator state and pool are gathered); rank 0
    writes."""
    t = run.trainer
    rng = _gather(run.gen.get_state(), t.world)
    pools = _gather([p.cpu() for p in t.pool.images] if t.pool else [], t.world)
    if t.rank != 0:
        return
    state = {
        "format": CHECKPOINT_FORMAT, "format_version": CHECKPOINT_VERSION,
        "config": run.c, "iteration": t.iteration, "elapsed": run.elapsed,
        "generator": _unwrap(t.g).state_dict(), "discriminator": _unwrap(t.d).state_dict(),
        "opt_g": t.opt_g.state_dict(), "opt_d": t.opt_d.state_dict(),
        "scaler_g": t.scaler_g.state_dict(), "scaler_d": t.scaler_d.state_dict(),
        "rng": rng, "pools": pools, "world": t.world, "amp": t.amp,
        "device_type": t.device.type,
        "source_dir": run.source_dir, "domain_dir": run.domain_dir,
        "source_desc": run.source_desc, "domain_desc": run.domain_desc,
        "key_last": run.key_last, "key_best": run.key_best,
    }
    buf = io.BytesIO()
    torch.save(state, buf)
    atomic_write(path, buf.getvalue())
    if run.metrics:
        run.metrics.flush()


def load_checkpoint(path):
    try:
        state = torch.load(path, map_location="cpu")
    except Exception as e:
        raise SystemExit(f"train.py: could not read the checkpoint “{path}”: {e}")
    if not isinstance(state, dict) or state.get("format") != CHECKPOINT_FORMAT:
        raise SystemExit(f"train.py: “{path}” is not a checkpoint of train.py (a checkpoint of "
                         "`deepkeygen train` can start a run with --init-from)")
    if state.get("format_version") != CHECKPOINT_VERSION:
        raise SystemExit(f"train.py: checkpoint “{path}” has format version "
                         f"{state.get('format_version')}; this program reads {CHECKPOINT_VERSION}")
    return state


def load_c_checkpoint(path, trainer):
    """Weights and Adam states of a `deepkeygen train` checkpoint (generator.*,
    discriminator.*, the flat Adam moments in parameter order, the step counts, the image
    pool). Its generator state is not used: the run continues with train.py's own randomness."""
    tensors, meta = dk.load_safetensors(path)
    if meta.get("format") != "deepkeygen-checkpoint":
        raise SystemExit(f"train.py: “{path}” is not a checkpoint of deepkeygen train")
    for prefix, net, opt in (("generator.", trainer.g, trainer.opt_g),
                             ("discriminator.", trainer.d, trainer.opt_d)):
        net = _unwrap(net)
        net.load_state_dict(dk.state_dict_from(tensors, net, prefix))
        name = prefix.rstrip(".")
        m, v = tensors[name + "_adam_m"], tensors[name + "_adam_v"]
        steps = int(meta[name + "_adam_t"])
        off = 0
        for p in net.parameters():
            n = p.numel()
            if steps > 0:
                opt.state[p] = {"step": torch.tensor(float(steps)),
                                "exp_avg": m[off:off + n].reshape(p.shape).to(p.device, p.dtype),
                                "exp_avg_sq": v[off:off + n].reshape(p.shape).to(p.device, p.dtype)}
            off += n
        if off != m.numel():
            raise SystemExit(f"train.py: “{path}”: Adam state of {off} parameters expected, "
                             f"{m.numel()} found")
    if trainer.pool is not None and "image_pool" in tensors:
        S = trainer.c["size"]
        pool = tensors["image_pool"].reshape(-1, 3, S, S)
        trainer.pool.images = [pool[i:i + 1].clone().to(trainer.device, trainer.dtype)
                               for i in range(min(pool.shape[0], trainer.pool.size))]
    trainer.iteration = int(meta["iterations"])
    return meta


# --------------------------------------------------------------------------------------------
# the run

class Run:
    pass


def chaotic_domain_planes(source, deepkeygen, workdir):
    """The chaotic domain at the training resolution (dkg_dataset_new_chaotic_domain): each
    seed as the dataset holds it (resized for crops of S), quantised to 8-bit grey (the mean of
    the three planes, rounded half to even as lrintf), encrypted by our C logistic-map cipher —
    `deepkeygen domain` on these grey images is dkg_domain_image_new() on each — and never
    resampled after."""
    from PIL import Image
    exe = deepkeygen or shutil.which("deepkeygen")
    if exe is None:
        raise SystemExit("train.py: --chaotic-domain needs the deepkeygen program for the "
                         "logistic-map cipher (give --deepkeygen PATH)")
    grey_dir = os.path.join(workdir, "grey")
    out = os.path.join(workdir, "chaotic")
    os.mkdir(grey_dir)
    for i, it in enumerate(source.items):
        p = it.numpy()
        v = (p[0] + p[1] + p[2]) / np.float32(3.0)
        g = np.clip(np.rint((v + np.float32(1.0)) * np.float32(127.5)), 0, 255).astype(np.uint8)
        Image.fromarray(g, "L").save(os.path.join(grey_dir, f"{i:06d}.png"))
    r = subprocess.run([exe, "domain", "--source", grey_dir, "-o", out],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise SystemExit(f"train.py: deepkeygen domain failed: {r.stderr.strip()}")
    return [load_image_planes(p) for p in list_images(out)]


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Train a DeepKeyGen key generator with PyTorch (the recipes of "
                    "`deepkeygen train`; CPU, CUDA, DDP with torchrun)")
    a = ap.add_argument
    a("--arch", "-a", choices=["deepkeygen", "gan", "wgan-gp"],
      help="deepkeygen (GAN, §4.1) or wgan-gp (§4.2)")
    a("--source", "-s", help="folder of seed images (domain X)")
    a("--domain", "-d", help="folder of transformation-domain images (Y)")
    a("--chaotic-domain", action="store_true",
      help="make Y from the seeds with `deepkeygen domain` (the logistic-map cipher, §4.3)")
    a("--deepkeygen", help="the deepkeygen program for --chaotic-domain (default: from PATH)")
    a("--iterations", "-n", type=int, help="train until this many iterations (generator steps)")
    a("--output", "-o", help="model file to write (the generator, safetensors)")
    a("--size", type=int, help="training crop size (default 256)")
    a("--batch", "-b", type=int, help="global batch size (default 1); a multiple of the number "
                                      "of processes")
    a("--generator", choices=["resnet", "encdec"])
    a("--discriminator", choices=["patchgan", "patchgan-nobias", "patchgan-nonorm",
                                  "wgan-critic", "wgan-critic-deep"],
      help="GAN: patchgan (default), or the study variants patchgan-nobias, patchgan-nonorm; "
           "WGAN-GP: wgan-critic (default) or wgan-critic-deep")
    a("--blocks", type=int, help="residual blocks of a resnet generator (default 6)")
    a("--lr", type=float, help="learning rate of both networks (default 2e-4 / 1e-4)")
    a("--gan-loss", choices=["bce", "lsgan"], help="GAN only (default bce)")
    a("--real-label", type=float, help="GAN only: D's target for real images (default 1.0)")
    a("--pool-size", type=int, help="GAN only: history pool of generated images (default 0)")
    a("--n-critic", type=int, help="WGAN-GP: critic steps per generator step (default 5)")
    a("--resume", "-r", help="continue from a checkpoint of train.py")
    a("--init-from", help="start from the weights and Adam states of a `deepkeygen train` "
                          "checkpoint (its settings are used)")
    a("--checkpoint", help="checkpoint file (default MODEL.pt)")
    a("--checkpoint-every", "-k", type=int, default=100,
      help="write the checkpoint every K iterations (default 100; 0: only at the end)")
    a("--metrics", "-m", help="log every iteration to this CSV file")
    a("--seed", type=int, help="reproducible run from this seed (default: OS randomness)")
    a("--threads", "-t", type=int, help="CPU threads (torch.set_num_threads)")
    a("--device", default=None,
      help="cpu, cuda, cuda:N (default: cuda if available, else cpu; under torchrun the "
           "process's LOCAL_RANK GPU)")
    a("--amp", action="store_true",
      help="mixed precision (float16 on CUDA with loss scaling, bfloat16 on CPU); off by "
           "default: it changes the trained weights, so it is recorded in the model file")
    a("--nondeterministic", action="store_true",
      help="CUDA: let cuDNN pick the fastest (non-deterministic) algorithms; a resumed run "
           "then no longer repeats an uninterrupted one exactly")
    a("--probe", action="append",
      help="probe seed for key quality (default: the shipped Colin27 sample); repeat it to "
           "judge by the worst of several")
    a("--probe-size", type=int, default=256, help="probe key size in pixels (default 256)")
    a("--eval-every", type=int, default=100,
      help="measure the probe key every N iterations and at the last (default 100; 0: never)")
    a("--keep-best", choices=["entropy"],
      help="entropy: also write MODEL-best.safetensors, the generator of the best probe-key "
           "entropy")
    a("--replay", help="(testing) take the batches from a recording of "
                       "tests/pytorch/train-parity-dump instead of sampling them")
    a("--quiet", "-q", action="store_true")
    args = ap.parse_args(argv)
    if args.output is None:
        ap.error("-o MODEL is required")
    if args.iterations is None or args.iterations <= 0:
        ap.error("--iterations N (N ≥ 1) is required")
    if args.chaotic_domain and args.domain:
        ap.error("give either --domain or --chaotic-domain, not both")
    if args.keep_best and args.eval_every <= 0:
        ap.error("--keep-best needs key-quality evaluations (--eval-every N ≥ 1)")
    if not (16 <= args.probe_size <= 4096 and args.probe_size % 16 == 0):
        ap.error("--probe-size must be a multiple of 16 in 16..4096")
    return args


def setup_distributed(args):
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local = int(os.environ.get("LOCAL_RANK", "0"))
    if args.device is None:
        args.device = "cuda" if torch.cuda.is_available() else "cpu"
    device = torch.device(args.device)
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise SystemExit("train.py: --device cuda, but PyTorch sees no CUDA GPU")
        if device.index is None:
            device = torch.device("cuda", local if world > 1 else torch.cuda.current_device())
        torch.cuda.set_device(device)
        torch.backends.cudnn.deterministic = not args.nondeterministic
        torch.backends.cudnn.benchmark = args.nondeterministic
        # float32 convolutions and products in full precision: no TF32 unless asked for
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    if world > 1:
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return world, rank, device


def finish_distributed(world, rank, code):
    """Ends a DDP process with exit status `code`, without Python's teardown: with PyTorch 1.13
    and gloo, destroying DistributedDataParallel's reducer at exit joins the process group's
    worker thread while that thread waits for the interpreter lock to free a tensor — a
    deadlock seen here about once in twenty runs. Every file is written and closed by then;
    rank 0 hosts the rendezvous store, so it goes last."""
    store = dist.distributed_c10d._get_default_store()
    dist.barrier()
    if rank == 0:
        store.wait([f"deepkeygen-left-{r}" for r in range(1, world)])
    else:
        store.set(f"deepkeygen-left-{rank}", "1")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    world, rank, device = setup_distributed(args)
    quiet = args.quiet or rank != 0
    run = Run()
    run.key_last = run.key_best = None
    resume_state = None
    c_meta = None

    if args.resume:
        resume_state = load_checkpoint(args.resume)
        c = dict(resume_state["config"])
        if resume_state["world"] != world:
            print(f"train.py: warning: the checkpoint was written by {resume_state['world']} "
                  f"processes, this run has {world}: it continues, but not exactly as an "
                  "uninterrupted run would", file=sys.stderr)
        run.source_dir = args.source or resume_state["source_dir"]
        if args.chaotic_domain or args.domain:
            run.domain_dir = "chaotic" if args.chaotic_domain else args.domain
        else:
            run.domain_dir = resume_state["domain_dir"]
    elif args.init_from:
        _, c_meta = dk.load_safetensors(args.init_from)
        if c_meta.get("format") != "deepkeygen-checkpoint":
            raise SystemExit(f"train.py: “{args.init_from}” is not a checkpoint of "
                             "deepkeygen train")
        c = default_config(c_meta["objective"])
        c["generator"] = c_meta["generator"]
        c["discriminator"] = c_meta.get("discriminator", c["discriminator"])
        if c_meta.get("format_version") == "1" and c["objective"] == "deepkeygen":
            # version 1: the first release's bias-free PatchGAN (open_checkpoint in C)
            c["discriminator"] = "patchgan-nobias"
        for k in ("n_blocks", "size", "batch", "n_critic"):
            if k in c_meta:
                c[k] = int(c_meta[k])
        for k in ("lr_g", "lr_d", "beta1", "beta2", "lambda_gp", "real_label"):
            if k in c_meta:
                c[k] = float(c_meta[k])
        c["gan_loss"] = c_meta.get("gan_loss", c["gan_loss"])
        c["pool_size"] = int(c_meta.get("pool_size", c["pool_size"]))
        c["seeded"] = c_meta.get("seed", "csprng") != "csprng"
        c["seed"] = int(c_meta["seed"]) if c["seeded"] else 0
        run.source_dir = args.source or c_meta.get("source_dir")
        run.domain_dir = ("chaotic" if args.chaotic_domain else args.domain) \
            or c_meta.get("domain_dir")
    else:
        if args.arch is None:
            raise SystemExit("train.py: --arch must be deepkeygen or wgan-gp")
        c = default_config("wgan-gp" if args.arch == "wgan-gp" else "deepkeygen")
        if args.generator:
            c["generator"] = args.generator
        if args.discriminator:
            c["discriminator"] = args.discriminator
        for k, v in (("size", args.size), ("batch", args.batch), ("n_blocks", args.blocks),
                     ("gan_loss", args.gan_loss), ("real_label", args.real_label),
                     ("pool_size", args.pool_size), ("n_critic", args.n_critic)):
            if v is not None:
                c[k] = v
        if args.lr:
            c["lr_g"] = c["lr_d"] = args.lr
        if args.seed is not None:
            c["seeded"], c["seed"] = True, args.seed
        else:
            c["seed"] = secrets.randbits(63)
        run.source_dir = args.source
        run.domain_dir = "chaotic" if args.chaotic_domain else args.domain
    check_config(c)
    if c["batch"] % world != 0:
        raise SystemExit(f"train.py: the batch ({c['batch']}) must be a multiple of the number "
                         f"of processes ({world})")
    per_rank = c["batch"] // world
    if world > 1 and device.type != "cuda" and c["generator"] == "encdec" and not quiet:
        print("train.py: note: on CPU (gloo) each process's BatchNorm uses its own share of the "
              "batch (SyncBatchNorm needs CUDA)", file=sys.stderr)
    run.c = c
    checkpoint = args.checkpoint or args.output + ".pt"
    best_path = None
    if args.keep_best:
        stem = args.output[:-len(".safetensors")] if args.output.endswith(".safetensors") \
            else args.output
        best_path = stem + "-best.safetensors"
    probe = None
    if args.eval_every > 0 and rank == 0:
        pp = args.probe or ([find_data(DEFAULT_PROBE)] if find_data(DEFAULT_PROBE) else None)
        if pp is None:
            raise SystemExit(f"train.py: the default probe seed ({DEFAULT_PROBE}) is not "
                             "installed: give --probe IMG")
        probe = KeyProbe(pp, args.probe_size)
    for a_, b_ in ((args.output, checkpoint), (args.metrics, args.output),
                   (args.metrics, checkpoint), (args.resume, args.output)):
        if a_ and b_ and os.path.abspath(a_) == os.path.abspath(b_):
            raise SystemExit("train.py: -o MODEL, --checkpoint, --metrics and --resume must "
                             "name different files (the checkpoint may be the one resumed)")

    # data
    run.gen = torch.Generator()
    run.gen.manual_seed(((c["seed"] ^ 0x5DEECE66D) + 1000003 * rank) % (1 << 63))
    tmpdir = None
    if args.replay:
        sampler = ReplaySampler(args.replay, rank, per_rank)
        run.source_desc = sampler.meta.get("source", "replay")
        run.domain_desc = sampler.meta.get("domain", "replay")
    else:
        if not run.source_dir or not run.domain_dir:
            raise SystemExit("train.py: --source and --domain (or --chaotic-domain) are required")
        # dkg_dataset_new_pair
        dom_dir = run.domain_dir
        src_paths = list_images(run.source_dir)
        run.source_desc = f"{len(src_paths)} images from {run.source_dir}"
        source = Dataset([load_image_planes(p) for p in src_paths], c["size"], run.source_desc)
        if dom_dir == "chaotic":
            tmpdir = tempfile.mkdtemp(prefix="deepkeygen-domain-")
            try:
                planes = chaotic_domain_planes(source, args.deepkeygen, tmpdir)
            finally:
                shutil.rmtree(tmpdir, ignore_errors=True)
            run.domain_desc = (f"{len(src_paths)} images of {run.source_dir} encrypted by the "
                               "logistic-map cipher at the training resolution "
                               f"(docs/SPECIFICATION.md §4.3, x0 {CHAOTIC_X0})")
        else:
            dom_paths = list_images(dom_dir)
            planes = [load_image_planes(p) for p in dom_paths]
            run.domain_desc = (f"{len(dom_paths)} images from {dom_dir} (crops at their own "
                               "resolution)")
        domain = Dataset(planes, c["size"], run.domain_desc, native=True)
        sampler = RandomSampler(source, domain, per_rank, run.gen)

    t = Trainer(c, device, sampler, amp=args.amp, world=world, rank=rank)
    run.trainer = t
    run.device_desc = (torch.cuda.get_device_name(device) if device.type == "cuda"
                       else "cpu") + (f" ×{world}" if world > 1 else "")
    init_gen = torch.Generator()
    init_gen.manual_seed(c["seed"])
    init_weights(t.g, init_gen)
    init_weights(t.d, init_gen)
    if world > 1:
        t.wrap_ddp()
    t.make_optimizers()
    run.elapsed = 0.0
    if resume_state is not None:
        _unwrap(t.g).load_state_dict(resume_state["generator"])
        _unwrap(t.d).load_state_dict(resume_state["discriminator"])
        t.opt_g.load_state_dict(resume_state["opt_g"])
        t.opt_d.load_state_dict(resume_state["opt_d"])
        t.scaler_g.load_state_dict(resume_state["scaler_g"])
        t.scaler_d.load_state_dict(resume_state["scaler_d"])
        t.iteration = resume_state["iteration"]
        run.elapsed = t.elapsed_before = resume_state["elapsed"]
        run.key_last = resume_state.get("key_last")
        run.key_best = resume_state.get("key_best")
        if resume_state["world"] == world:
            run.gen.set_state(resume_state["rng"][rank])
            if t.pool is not None:
                t.pool.images = [p.to(device) for p in resume_state["pools"][rank]]
        if resume_state["amp"] != args.amp and not quiet:
            print(f"train.py: warning: the checkpoint was trained with --amp "
                  f"{'on' if resume_state['amp'] else 'off'}, this run has it "
                  f"{'on' if args.amp else 'off'}", file=sys.stderr)
    elif args.init_from:
        load_c_checkpoint(args.init_from, t)
        if args.replay:
            sampler.skip_to(t.iteration, c)

    run.metrics = MetricsFile(args.metrics, t.iteration) if args.metrics and rank == 0 else None
    total = args.iterations
    if t.iteration >= total:
        if rank == 0:
            export_generator(run, args.output)
            print(f"The checkpoint is at iteration {t.iteration} (≥ {total}): wrote its "
                  f"generator to {args.output}", file=sys.stderr)
        return 0
    if not quiet:
        n_params = sum(p.numel() for p in _unwrap(t.g).parameters())
        print(f"Training {c['objective']}: {c['generator']} generator ({n_params} parameters) "
              f"vs {c['discriminator']}, size {c['size']}, batch {c['batch']}, "
              f"{'seeded' if c['seeded'] else 'OS randomness'}, on {run.device_desc}"
              f"{', AMP ' + str(t.amp_dtype) if t.amp else ''}, from iteration {t.iteration} "
              f"to {total}; checkpoint {checkpoint}", file=sys.stderr)

    interrupted = []
    previous = signal.signal(signal.SIGINT, lambda *_: interrupted.append(1))
    try:
        start = time.monotonic()
        first = t.iteration
        t.g.train()
        t.d.train()
        while t.iteration < total:
            stop = bool(interrupted)
            if world > 1:
                # Ctrl+C reaches every process, not necessarily between the same iterations
                flag = torch.tensor([1.0 if stop else 0.0],
                                    device=device if device.type == "cuda" else "cpu")
                dist.all_reduce(flag, op=dist.ReduceOp.MAX)
                stop = flag.item() > 0
            if stop:
                if t.iteration > first:
                    save_checkpoint(run, checkpoint)
                if rank == 0:
                    print(f"Stopped at iteration {t.iteration}; continue with --resume "
                          f"{checkpoint}", file=sys.stderr)
                if world > 1:
                    finish_distributed(world, rank, 130)
                return 130
            if not t.step():
                raise SystemExit(
                    f"train.py: Training diverged at iteration {t.iteration} (loss_G = "
                    f"{t.last['loss_g']:g}, loss_D = {t.last['loss_d']:g}): NaN or infinite values"
                    + (f"; the last good checkpoint is {checkpoint}" if os.path.exists(checkpoint)
                       else ""))
            key_now = None
            if probe is not None and (t.iteration % args.eval_every == 0 or t.iteration == total):
                key_now = probe.evaluate(_unwrap(t.g), device, t.dtype)
                key_now["iteration"] = t.iteration
                run.key_last = key_now
                if math.isfinite(key_now["entropy"]) and (
                        run.key_best is None or key_now["entropy"] > run.key_best["entropy"]):
                    run.key_best = key_now
                    if best_path:
                        run.elapsed = t.elapsed_before + time.monotonic() - start
                        export_generator(run, best_path)
                if not quiet:
                    q = key_now
                    print(f"iteration {t.iteration}: probe key entropy {q['entropy']:.5f} (ideal "
                          f"{q['entropy_ideal']:.5f}), std {q['std']:.2f} (uniform 73.90), χ² p "
                          f"{q['chi2_p']:.3g}, one-pixel NPCR {q['npcr']:.4f}%", file=sys.stderr)
            run_s = time.monotonic() - start
            its = (t.iteration - first) / max(run_s, 1e-9)
            run.elapsed = t.elapsed_before + run_s
            if run.metrics:
                run.metrics.log(t.iteration, t.last, its, run.elapsed, key_now)
            if not quiet and (t.iteration % 50 == 0 or t.iteration == total):
                eta = (total - t.iteration) / max(its, 1e-9)
                print(f"iteration {t.iteration}/{total} loss_G {t.last['loss_g']:.4f} loss_D "
                      f"{t.last['loss_d']:.4f} {its:.2f} it/s ETA {eta:.0f} s", file=sys.stderr)
            if (args.checkpoint_every > 0 and t.iteration % args.checkpoint_every == 0) \
                    or t.iteration == total:
                save_checkpoint(run, checkpoint)
        if run.metrics:
            run.metrics.flush()
        if rank == 0:
            export_generator(run, args.output)
            if not quiet:
                print(f"Wrote {args.output} (generator) and {checkpoint} (checkpoint)",
                      file=sys.stderr)
                if best_path and run.key_last is not None:
                    print(f"Wrote {best_path}: the generator of the best probe-key entropy "
                          "so far", file=sys.stderr)
        if world > 1:
            finish_distributed(world, rank, 0)
        return 0
    finally:
        signal.signal(signal.SIGINT, previous)


if __name__ == "__main__":
    sys.exit(main())
