"""The reference side of benchmarks/train-iteration.sh: one nnU-Net training iteration in plain PyTorch.

Builds nnU-Net's PlainConvUNet (conv - InstanceNorm(eps 1e-5, affine) - LeakyReLU(0.01) blocks, strided-conv
downsampling, transposed-conv upsampling, deep-supervision heads; nnU-Net's module names, so that its state dicts
load) from a plans file's architecture, and times
forward + Dice/CE loss with deep supervision + backward + gradient clipping (12) + SGD step (Nesterov 0.99,
weight decay 3e-5) on random data of the planned batch and patch. Runs as reference_side.py's child process: ``run N``
times N iterations and answers their seconds and the last loss.

usage: python3 train_iteration_torch.py PLANS.json CONFIGURATION THREADS [BATCH]
"""
import json
import os
import sys
import time

import torch
from torch import nn

# PRECISION=bf16: the forward pass under autocast, as benchmarks/train-iteration.sh asks both sides
BF16 = os.environ.get("PRECISION", "") == "bf16"


class ConvDropoutNormReLU(nn.Module):
    """conv - InstanceNorm(eps 1e-5, affine) - LeakyReLU(0.01), registered under dynamic-network-architectures'
    names (conv, norm, nonlin and all_modules) so that nnU-Net's state dicts load with strict=True."""

    def __init__(self, dim, cin, cout, kernel, stride):
        super().__init__()
        self.conv = (nn.Conv2d if dim == 2 else nn.Conv3d)(cin, cout, kernel, stride, [k // 2 for k in kernel],
                                                            bias=True)
        self.norm = (nn.InstanceNorm2d if dim == 2 else nn.InstanceNorm3d)(cout, eps=1e-5, affine=True)
        self.nonlin = nn.LeakyReLU(0.01, inplace=True)
        self.all_modules = nn.Sequential(self.conv, self.norm, self.nonlin)

    def forward(self, x):
        return self.all_modules(x)


class StackedConvBlocks(nn.Module):
    def __init__(self, dim, n, cin, cout, kernel, stride):
        super().__init__()
        self.convs = nn.Sequential(ConvDropoutNormReLU(dim, cin, cout, kernel, stride),
                                   *[ConvDropoutNormReLU(dim, cout, cout, kernel, [1] * dim) for _ in range(n - 1)])

    def forward(self, x):
        return self.convs(x)


class PlainConvUNet(nn.Module):
    """nnU-Net's PlainConvUNet with its module names (encoder.stages.s.0.convs.k, decoder.encoder, decoder.stages,
    decoder.transpconvs, decoder.seg_layers). deep_supervision=False computes only the full-resolution head, as
    nnU-Net's network does at inference."""

    def __init__(self, kw, cin, nout, deep_supervision=True):
        super().__init__()
        self.deep_supervision = deep_supervision
        dim = len(kw["kernel_sizes"][0])
        f, ks, st = kw["features_per_stage"], kw["kernel_sizes"], kw["strides"]
        self.encoder = nn.Module()
        self.encoder.stages = nn.Sequential(*[nn.Sequential(StackedConvBlocks(
            dim, kw["n_conv_per_stage"][s], cin if s == 0 else f[s - 1], f[s], ks[s], st[s]))
            for s in range(kw["n_stages"])])
        tconv = nn.ConvTranspose2d if dim == 2 else nn.ConvTranspose3d
        head = nn.Conv2d if dim == 2 else nn.Conv3d
        self.decoder = nn.Module()
        self.decoder.encoder = self.encoder
        below = range(kw["n_stages"] - 2, -1, -1)
        self.decoder.stages = nn.ModuleList([StackedConvBlocks(
            dim, kw["n_conv_per_stage_decoder"][kw["n_stages"] - 2 - s], 2 * f[s], f[s], ks[s], [1] * dim)
            for s in below])
        self.decoder.transpconvs = nn.ModuleList([tconv(f[s + 1], f[s], st[s + 1], st[s + 1], bias=True)
                                                  for s in below])
        self.decoder.seg_layers = nn.ModuleList([head(f[s], nout, 1, 1, 0, bias=True) for s in below])

    def forward(self, x):
        skips = []
        for stage in self.encoder.stages:
            x = stage(x)
            skips.append(x)
        x = skips[-1]
        outputs = []
        decoder = self.decoder
        for i, (up, dec, hd) in enumerate(zip(decoder.transpconvs, decoder.stages, decoder.seg_layers)):
            x = dec(torch.cat((up(x), skips[-(i + 2)]), 1))
            if self.deep_supervision:
                outputs.append(hd(x))
        return outputs[::-1] if self.deep_supervision else decoder.seg_layers[-1](x)


def dice_ce(logits, target, nout):
    ce = nn.functional.cross_entropy(logits, target[:, 0].long())
    probs = torch.softmax(logits, 1)[:, 1:]
    onehot = nn.functional.one_hot(target[:, 0].long(), nout).movedim(-1, 1)[:, 1:].float()
    axes = [0] + list(range(2, logits.ndim))
    tp = (probs * onehot).sum(axes)
    dice = (2 * tp + 1e-5) / (probs.sum(axes) + onehot.sum(axes) + 1e-5)
    return ce - dice.mean()


def training_step(plans_file, config, batch=None):
    """nnU-Net's iteration on random data of the plan's batch and patch: returns (step, batch, patch), step() running
    one iteration and returning its loss."""
    plan = json.load(open(plans_file))["configurations"][config]
    kw = plan["architecture"]["arch_kwargs"]
    batch = batch or plan["batch_size"]
    patch = plan["patch_size"]
    nout = 2
    net = PlainConvUNet(kw, 1, nout)
    opt = torch.optim.SGD(net.parameters(), 1e-2, momentum=0.99, nesterov=True, weight_decay=3e-5)
    x = torch.randn(batch, 1, *patch)
    outputs = net(x)
    targets = [torch.randint(0, nout, (batch, 1, *o.shape[2:])).float() for o in outputs]
    weights = [1 / 2 ** i for i in range(len(outputs))]
    weights[-1] = 0
    total = sum(weights)
    weights = [w / total for w in weights]

    def step():
        opt.zero_grad(set_to_none=True)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=BF16):
            out = net(x)
        loss = sum(w * dice_ce(o.float(), t, nout) for w, o, t in zip(weights, out, targets) if w > 0)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 12)
        opt.step()
        return loss.item()

    step.parameters = sum(p.numel() for p in net.parameters())
    return step, batch, patch


def main():
    plans_file, config, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    torch.set_num_threads(threads)
    step, batch, patch = training_step(plans_file, config, int(sys.argv[4]) if len(sys.argv) > 4 else None)

    def iterations(args):
        times = []
        loss = None
        for _ in range(int(args[0])):
            start = time.perf_counter()
            loss = step()
            times.append(time.perf_counter() - start)
        return {"seconds": times, "loss": loss}

    serve(threads, {"batch": batch, "patch": patch, "parameters": step.parameters}, iterations)


if __name__ == "__main__":
    sys.dont_write_bytecode = True  # no __pycache__ in the repository
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from reference_side import serve  # noqa: E402
    main()
