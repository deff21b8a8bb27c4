"""Python's torch.load of a checkpoint jnnunet wrote against the one nnU-Net wrote: the same dict, tensor for tensor,
the aliases of a parameter sharing its storage, every storage record at a 64-byte boundary as torch writes them.

usage: python3 same_checkpoint.py ORIGINAL.pth WRITTEN.pth
"""
import struct
import sys
import zipfile

import torch


def aligned(path):
    with zipfile.ZipFile(path) as z, open(path, "rb") as f:
        for info in z.infolist():
            f.seek(info.header_offset)
            name_length, extra_length = struct.unpack("<HH", f.read(30)[26:30])
            start = info.header_offset + 30 + name_length + extra_length
            assert info.compress_type == zipfile.ZIP_STORED, info.filename
            assert start % 64 == 0, f"{info.filename} starts at {start}"


def same(a, b, where):
    if isinstance(a, torch.Tensor):
        assert isinstance(b, torch.Tensor) and a.dtype == b.dtype and torch.equal(a, b), where
    elif isinstance(a, dict):
        assert list(a.keys()) == list(b.keys()), f"{where}: keys {list(a.keys())[:5]} != {list(b.keys())[:5]}"
        for k in a:
            same(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, (list, tuple)):
        assert type(a) == type(b) and len(a) == len(b), f"{where}: {a} != {b}"
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{where}[{i}]")
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


original, written = (torch.load(p, map_location="cpu") for p in sys.argv[1:3])
same(original, written, "checkpoint")
weights = written["network_weights"]
for key, tensor in original["network_weights"].items():
    first = next(k for k, t in original["network_weights"].items() if t.data_ptr() == tensor.data_ptr())
    assert weights[key].data_ptr() == weights[first].data_ptr(), f"{key} is not an alias of {first}"
aligned(sys.argv[2])
print(f"same: {len(weights)} weights, {len(written['optimizer_state']['state'])} momentum buffers")
