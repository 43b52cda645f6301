# Loads a set of weights into generated PyTorch models and predicts in inference mode. Reads
# [{"file", "model", "run", "inputs": [[...flat sample...]]}] as JSON on stdin; prints each job's outputs.
import json
import sys

import torch

from jobs import loaded

out = []
for job in json.load(sys.stdin):
    _, model = loaded(job)
    model.eval()
    x = torch.tensor(job["inputs"], dtype=torch.float32).reshape(-1, *model.input_shape)
    with torch.no_grad():
        out.append(model(x).reshape(x.shape[0], -1).tolist())
json.dump(out, sys.stdout)
