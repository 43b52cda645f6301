# Training steps on a generated PyTorch model: loads a set of weights, runs the batch in training mode
# (batch norm on the batch's statistics, updating its moving ones), takes the spec's loss plus the
# L1/L2 penalty, steps the module's keras_optimizer, as many times as "steps" says, and prints the
# first loss and every weight afterwards by Keras name. Reads [{"file", "model", "run", "inputs":
# [[...]], "labels": [...], "loss", "optimizer": {"name", "lr", "momentum"}, "steps"}] on stdin.
import json
import sys

import torch

from jobs import loaded

out = []
for job in json.load(sys.stdin):
    mod, model = loaded(job)
    model.train()
    x = torch.tensor(job["inputs"], dtype=torch.float32).reshape(-1, *model.input_shape)
    y = torch.tensor(job["labels"], dtype=torch.long)
    optimizer = mod.keras_optimizer(model.parameters(), job["optimizer"])
    losses = []
    for _ in range(job["steps"]):
        loss = mod.keras_loss(job["loss"], model(x), y) + mod.regularization_loss(model)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(float(loss))
    weights = {}
    for layer in model.layers.values():
        for name in layer.weight_names:
            weights["%s/%s" % (layer.layer_name, name)] = getattr(layer, name).detach().reshape(-1).tolist()
    out.append({"loss": losses[0], "weights": weights})
json.dump(out, sys.stdout)
