# One training step of plain SGD on a generated PyTorch model: loads a set of weights, runs the batch
# in training mode (batch norm on the batch's statistics, updating its moving ones), takes the spec's
# loss plus the L1/L2 penalty, steps, and prints the loss and every weight afterwards by Keras name.
# Reads [{"file", "model", "run", "inputs": [[...]], "labels": [...], "loss", "lr"}] as JSON on stdin.
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
    model.train()
    x = torch.tensor(job["inputs"], dtype=torch.float32).reshape(-1, *model.input_shape)
    y = torch.tensor(job["labels"], dtype=torch.long)
    optimizer = torch.optim.SGD(model.parameters(), lr=job["lr"])
    loss = mod.keras_loss(job["loss"], model(x), y) + mod.regularization_loss(model)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    weights = {}
    for layer in model.layers.values():
        for name in layer.weight_names:
            weights["%s/%s" % (layer.layer_name, name)] = getattr(layer, name).detach().reshape(-1).tolist()
    out.append({"loss": float(loss), "weights": weights})
json.dump(out, sys.stdout)
