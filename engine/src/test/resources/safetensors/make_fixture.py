#!/usr/bin/python3
"""Writes torch_fixture.safetensors, the test fixture SafetensorsTest reads.

The Hugging Face `safetensors` package is not packaged for Debian bookworm, so this script
uses PyTorch (Debian's python3-torch) for the tensors and writes the format as the
`safetensors` reference serializer does: an 8-byte little-endian header length, a JSON header
(json.dumps, keys sorted, dtype/shape/data_offsets per tensor, string __metadata__) padded with
spaces to a multiple of 8, then the tensors' little-endian row-major bytes in header order.

Run: /usr/bin/python3 make_fixture.py   (from this directory)
"""
import json
import struct

import torch

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}


def save_file(tensors, path, metadata):
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        data = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, sort_keys=True).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


torch.manual_seed(0)
save_file({
    "dense/kernel": torch.arange(12, dtype=torch.float32).reshape(3, 4) / 8 - 0.5,
    "dense/bias": torch.tensor([1.5, -2.25, 3.0e-8, float("inf")], dtype=torch.float32),
    "scalar": torch.tensor(7.0, dtype=torch.float32),
    "steps": torch.tensor([1, 2], dtype=torch.int64),
}, "torch_fixture.safetensors", {"format": "pt", "written_by": "torch " + torch.__version__})
