"""A bioimage.io package's pytorch_state_dict as a bioimage.io consumer loads it: torch.load of weights.pt (with
weights_only where torch has it), a network built from the yaml's architecture kwargs (benchmarks/python's
PlainConvUNet, nnU-Net's module names, standing in for nnunetv2's get_network_from_plans, which is not installed
here), load_state_dict with strict=True; the test input preprocessed as the yaml's zero_mean_unit_variance over y and
x; the network's logits equal test_output.npy.

usage: python3 bioimageio_state_dict.py UNPACKED_PACKAGE KWARGS.json BENCHMARKS_PYTHON
"""
import json
import os
import sys

import numpy as np
import torch

package, kwargs_file, benchmarks = sys.argv[1:4]
sys.dont_write_bytecode = True
sys.path.insert(0, benchmarks)
from train_iteration_torch import PlainConvUNet  # noqa: E402

with open(kwargs_file) as f:
    kwargs = json.load(f)
try:
    state = torch.load(os.path.join(package, "weights.pt"), map_location="cpu", weights_only=True)
except TypeError:  # torch before 1.13
    state = torch.load(os.path.join(package, "weights.pt"), map_location="cpu")
net = PlainConvUNet(kwargs["arch_kwargs"], kwargs["input_channels"], kwargs["output_channels"],
                    deep_supervision=False).eval()
net.load_state_dict(state, strict=True)
x = np.load(os.path.join(package, "test_input.npy")).astype(np.float64)
mean = x.mean(axis=(2, 3), keepdims=True)
std = x.std(axis=(2, 3), keepdims=True)
x = ((x - mean) / (std + 1e-6)).astype(np.float32)
with torch.no_grad():
    logits = net(torch.from_numpy(x)).numpy()
expected = np.load(os.path.join(package, "test_output.npy"))
assert logits.shape == expected.shape, f"{logits.shape} != {expected.shape}"
difference = float(np.abs(logits - expected).max())
assert difference < 1e-3, f"logits differ by {difference}"
print(f"reproduced: {len(state)} keys loaded strictly, logits {logits.shape} max difference {difference:.1e}")
