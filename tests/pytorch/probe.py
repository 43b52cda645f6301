# Builds models of generated PyTorch modules and reports, per model: trainable parameters, buffers
# (batch-norm running statistics), and each layer's name and output shape from one forward pass.
# Reads [{"file": path, "model": name}, ...] as JSON on stdin, prints a JSON list in the same order.
import json
import sys

import torch

from jobs import module as load


out = []
for job in json.load(sys.stdin):
    torch.manual_seed(0)
    model = load(job["file"]).models[job["model"]]()
    model.eval()
    seen = []
    for layer in model.layers.values():
        layer.register_forward_hook(lambda m, i, o: seen.append([m.layer_name, list(o.shape[1:])]))
    shape = (1, *model.input_shape)
    x = torch.zeros(shape, dtype=torch.long) if model.input_dtype == torch.long else torch.randn(shape)
    with torch.no_grad():
        y = model(x)
    out.append({
        "trainable": sum(p.numel() for p in model.parameters() if p.requires_grad),
        "buffers": sum(b.numel() for b in model.buffers()),
        "layers": seen,
        "output": list(y.shape[1:]),
        "finite": bool(torch.isfinite(y).all()),
    })
    del model
json.dump(out, sys.stdout)
