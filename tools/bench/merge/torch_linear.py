"""The reference merge of bench:merge: what mergekit's `linear` method does with `dtype: float32` and
`out_dtype: bfloat16`, in torch. Every tensor is read from every model with safetensors' `safe_open`,
cast to f32 and stacked; the soup is `(weights * stacked).sum(dim=0) / weights.sum(dim=0)` (mergekit
normalises unless told not to), cast to bf16, and written with safetensors' `save_file` as one shard
(mergekit buffers a whole shard, up to 5 GB by default, before writing it).

Usage: python torch_linear.py '{"models": [...], "weights": [...], "out": DIR, "remove": [PATHS], "settle": SECONDS}'
Deletes `remove`, waits `settle` seconds, then merges, timed; prints {"seconds", "user", "system",
"maxRssBytes", "bytesMoved"} as JSON.
"""
import json
import os
import resource
import shutil
import sys
import time

import torch
from safetensors import safe_open
from safetensors.torch import save_file


def weight_files(model):
    return sorted(os.path.join(model, name) for name in os.listdir(model) if name.endswith(".safetensors"))


def main():
    args = json.loads(sys.argv[1])
    for path in args["remove"]:
        shutil.rmtree(path, ignore_errors=True)
    time.sleep(args["settle"])

    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_SELF)
    handles = []
    for model in args["models"]:
        names = {}
        for path in weight_files(model):
            handle = safe_open(path, framework="pt")
            for name in handle.keys():
                names[name] = handle
        handles.append(names)
    weights = torch.tensor(args["weights"], dtype=torch.float32)
    soup = {}
    bytes_read = 0
    for name in handles[0]:
        tensors = [model[name].get_tensor(name) for model in handles]
        bytes_read += sum(t.numel() * t.element_size() for t in tensors)
        stacked = torch.stack([t.to(torch.float32) for t in tensors], dim=0)
        w = weights.view(-1, *([1] * (stacked.dim() - 1)))
        soup[name] = ((w * stacked).sum(dim=0) / w.sum(dim=0)).to(torch.bfloat16)
    os.makedirs(args["out"])
    save_file(soup, os.path.join(args["out"], "model.safetensors"), metadata={"format": "pt"})
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    written = os.path.getsize(os.path.join(args["out"], "model.safetensors"))
    print(json.dumps({
        "seconds": seconds,
        "user": after.ru_utime - before.ru_utime,
        "system": after.ru_stime - before.ru_stime,
        "maxRssBytes": after.ru_maxrss * 1024,
        "bytesMoved": bytes_read + written,
    }))


main()
