"""torch.load of a state dict jnnunet wrote (TorchCheckpoint.writeStateDict) gives the network_weights of the
nnU-Net checkpoint it came from: the same keys, aliases included, in the same order, with equal tensors.

usage: python3 same_state_dict.py CHECKPOINT.pth STATE_DICT.pt
"""
import sys

import torch

original = torch.load(sys.argv[1], map_location="cpu")["network_weights"]
try:
    written = torch.load(sys.argv[2], map_location="cpu", weights_only=True)
except TypeError:  # torch before 1.13
    written = torch.load(sys.argv[2], map_location="cpu")
assert list(written) == list(original), "keys differ"
for key, value in original.items():
    assert torch.equal(written[key], value), key
print(f"same: {len(written)} weights")
