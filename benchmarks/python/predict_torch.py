"""The reference side of benchmarks/predict.sh: nnU-Net's sliding-window prediction of one image in plain PyTorch.

The same work as jnnunet's SlidingWindowPredictor: the image z-scored and, where smaller than the patch, zero-padded
centred; tiles at nnU-Net's steps; each tile's logits weighted by nnU-Net's Gaussian; with mirroring the tile and its
3 flipped copies go through the network as one batch of 4 and are flipped back and averaged, without mirroring 4
tiles make a batch. The network is train_iteration_torch.py's PlainConvUNet (random weights) with only its
full-resolution head. Runs as reference_side.py's child process: ``run MIRRORING N`` (MIRRORING ``mirroring`` or
``plain``) predicts the image N times and answers the seconds of each and the forward passes of one.

usage: python3 predict_torch.py PLANS.json CONFIGURATION THREADS IMAGE.png OUTPUTS
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
from PIL import Image

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_side import serve  # noqa: E402
from train_iteration_torch import PlainConvUNet  # noqa: E402

BATCH = 4  # arrays per forward pass at most, as SlidingWindowPredictor.BATCH
VOXELS_PER_PASS = 1 << 19  # and voxels, as SlidingWindowPredictor.VOXELS_PER_PASS


def gaussian(tile):
    """nnU-Net's compute_gaussian without scipy: a delta filtered by a separable kernel is the product of the
    normalised 1-D kernels (sigma = tile / 8, truncate 4) centred at tile // 2; maximum 10, zeros -> smallest value."""
    kernels = []
    for size in tile:
        sigma = size / 8
        radius = int(4 * sigma + 0.5)
        x = np.arange(-radius, radius + 1)
        kernel = np.exp(-0.5 * x * x / (sigma * sigma))
        kernel /= kernel.sum()
        offsets = np.arange(size) - size // 2
        kernels.append(np.where(np.abs(offsets) <= radius, kernel[np.clip(offsets + radius, 0, 2 * radius)], 0))
    g = np.outer(kernels[0], kernels[1])
    g = (g / g.max() * 10).astype(np.float32)
    g[g == 0] = g[g > 0].min()
    return torch.from_numpy(g)


def steps(size, tile, step_size):
    """compute_steps_for_sliding_window."""
    n = math.ceil((size - tile) / (tile * step_size)) + 1
    actual = (size - tile) / (n - 1) if n > 1 else 99999999999
    return [int(np.round(actual * i)) for i in range(n)]


def predict(net, image, tile, nout, mirroring):
    """Logits (nout, H, W) of a (1, H, W) image and the number of forward passes."""
    size = image.shape[1:]
    padded = [max(s, t) for s, t in zip(size, tile)]
    before = [max(0, t - s) // 2 for s, t in zip(size, tile)]
    data = torch.zeros((image.shape[0], *padded))
    data[:, before[0]:before[0] + size[0], before[1]:before[1] + size[1]] = image
    g = gaussian(tile)
    logits = torch.zeros((nout, *padded))
    weights = torch.zeros(padded)
    flips = [(), (1,), (2,), (1, 2)] if mirroring else [()]
    positions = [(x, y) for x in steps(padded[0], tile[0], 0.5) for y in steps(padded[1], tile[1], 0.5)]
    per_pass = max(1, min(BATCH, VOXELS_PER_PASS // (tile[0] * tile[1])))
    per_group = max(1, per_pass // len(flips))
    passes = 0
    for start in range(0, len(positions), per_group):
        group = positions[start:start + per_group]
        items = [(x, y, f) for x, y in group for f in flips]
        for first in range(0, len(items), per_pass):
            chunk = items[first:first + per_pass]
            out = net(torch.stack([data[:, x:x + tile[0], y:y + tile[1]].flip(f) if f
                                   else data[:, x:x + tile[0], y:y + tile[1]] for x, y, f in chunk]))
            passes += 1
            for o, (x, y, f) in zip(out, chunk):
                o = o.float()
                logits[:, x:x + tile[0], y:y + tile[1]] += (o.flip(f) if f else o) / len(flips) * g
        for x, y in group:
            weights[x:x + tile[0], y:y + tile[1]] += g
    logits /= weights
    logits = logits[:, before[0]:before[0] + size[0], before[1]:before[1] + size[1]]
    if not torch.isfinite(logits).all():
        raise ArithmeticError("the prediction is not finite (inf or NaN logits)")
    return logits, passes


def main():
    plans_file, config, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    image_file, nout = sys.argv[4], int(sys.argv[5])
    torch.set_num_threads(threads)
    plan = json.load(open(plans_file))["configurations"][config]
    pixels = np.array(Image.open(image_file), dtype=np.float64)
    if pixels.ndim != 2:
        raise ValueError(f"{image_file}: expected one grey channel, got shape {pixels.shape}")
    image = torch.from_numpy(((pixels - pixels.mean()) / max(pixels.std(), 1e-8)).astype(np.float32))[None]
    net = PlainConvUNet(plan["architecture"]["arch_kwargs"], 1, nout, deep_supervision=False).eval()

    def predictions(args):
        times = []
        passes = 0
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16,
                                                    enabled=os.environ.get("PRECISION", "") == "bf16"):
            for _ in range(int(args[1])):
                start = time.perf_counter()
                _, passes = predict(net, image, plan["patch_size"], nout, args[0] == "mirroring")
                times.append(time.perf_counter() - start)
        return {"seconds": times, "passes": passes}

    serve(threads, {}, predictions)


if __name__ == "__main__":
    main()
