"""A fold jnnunet trained, written as checkpoint_final.pth, loaded as nnU-Net loads it: torch.load, the network built
from the plans and dataset.json of init_args (benchmarks/python's PlainConvUNet, nnU-Net's module names), its state
dict loaded with strict=True and SGD's state into torch's SGD; the tensors are jnnunet's, and the network's logits
on an input are jnnunet's.

usage: python3 nnunet_loads_pth.py CHECKPOINT.pth EXPECTED_FOLDER BENCHMARKS_PYTHON INPUT.npy LOGITS.npy
"""
import os
import sys

import numpy as np
import torch

pth, expected, benchmarks, input_file, logits_file = sys.argv[1:6]
sys.dont_write_bytecode = True
sys.path.insert(0, benchmarks)
from train_iteration_torch import PlainConvUNet  # noqa: E402

checkpoint = torch.load(pth, map_location="cpu")
init = checkpoint["init_args"]
plan = init["plans"]["configurations"][init["configuration"]]
labels = [name for name in init["dataset_json"]["labels"] if name != "ignore"]
net = PlainConvUNet(plan["architecture"]["arch_kwargs"], len(init["dataset_json"]["channel_names"]), len(labels),
                    deep_supervision=False).eval()
net.load_state_dict(checkpoint["network_weights"], strict=True)
group = checkpoint["optimizer_state"]["param_groups"][0]
optimizer = torch.optim.SGD(net.parameters(), group["lr"], momentum=group["momentum"], nesterov=group["nesterov"],
                            weight_decay=group["weight_decay"])
optimizer.load_state_dict(checkpoint["optimizer_state"])
state = net.state_dict()
files = sorted(os.listdir(expected))
for file in files:
    name, value = file[:-len(".npy")], torch.from_numpy(np.load(os.path.join(expected, file)))
    assert torch.equal(checkpoint["network_weights"][name], value), name
    assert torch.equal(state[name], value), name
with torch.no_grad():
    logits = net(torch.from_numpy(np.load(input_file)))
difference = float((logits - torch.from_numpy(np.load(logits_file))).abs().max())
assert difference < 1e-4, f"logits differ by {difference}"
print(f"loaded: {len(checkpoint['network_weights'])} keys, {len(files)} tensors equal,"
      f" {len(optimizer.state_dict()['state'])} momentum buffers, trainer {checkpoint['trainer_name']},"
      f" epoch {checkpoint['current_epoch']}, logits max difference {difference:.1e}")
