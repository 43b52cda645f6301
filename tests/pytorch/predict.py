# Loads a set of weights into generated PyTorch models and predicts in inference mode. Reads
# [{"file", "model", "run", "inputs": [[...flat sample...]]}] as JSON on stdin; prints each job's outputs.
import importlib.util
import json
import sys

import torch

out = []
for i, job in enumerate(json.load(sys.stdin)):
    spec = importlib.util.spec_from_file_location("m%d" % i, job["file"])
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    model = mod.load_nnspec_run(mod.models[job["model"]](), job["run"])
    model.eval()
    x = torch.tensor(job["inputs"], dtype=torch.float32).reshape(-1, *model.input_shape)
    with torch.no_grad():
        out.append(model(x).reshape(x.shape[0], -1).tolist())
json.dump(out, sys.stdout)
