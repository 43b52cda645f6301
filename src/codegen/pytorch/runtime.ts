// The Python every generated PyTorch module starts with: Keras-semantics layers over channels-last
// tensors, a graph builder that names layers as the IR does, the Keras regularization loss, and the
// loader of an nnspec run folder. Fixed text: the spec-specific part follows it.
// Weights keep Keras's names and shapes (a Conv2D kernel is (kh, kw, in, out)), so parameter counts
// equal the IR's and a TF.js run loads by name; each layer permutes to PyTorch's layout for its op.

export const RUNTIME_PY = String.raw`import json
import math
import os
import re

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


# ---- Keras initializers ----

def _fans(shape):
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = math.prod(shape[:-2]) if len(shape) > 2 else 1
    return shape[-2] * receptive, shape[-1] * receptive


def glorot_uniform(shape):
    fan_in, fan_out = _fans(shape)
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    return torch.empty(shape).uniform_(-limit, limit)


def orthogonal(shape):
    flat = torch.empty(math.prod(shape[:-1]), shape[-1])
    nn.init.orthogonal_(flat)
    return flat.reshape(shape)


def zeros(shape):
    return torch.zeros(shape)


def ones(shape):
    return torch.ones(shape)


def embedding_uniform(shape):
    return torch.empty(shape).uniform_(-0.05, 0.05)


# ---- activations (TF.js's definitions) ----

ACTIVATIONS = {
    "linear": lambda x: x,
    "relu": torch.relu,
    "relu6": lambda x: torch.clamp(x, 0.0, 6.0),
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "softmax": lambda x: torch.softmax(x, dim=-1),
    "softplus": F.softplus,
    "softsign": F.softsign,
    "elu": F.elu,
    "selu": F.selu,
    "swish": F.silu,
    "gelu": F.gelu,
}


def hard_sigmoid(x):
    """TF.js's recurrent gate activation: clip(0.2 x + 0.5, 0, 1)."""
    return torch.clamp(0.2 * x + 0.5, 0.0, 1.0)


def _tuple(value, rank):
    return tuple(value) if isinstance(value, (list, tuple)) else (value,) * rank


def _ints(value):
    """Whole numbers an expression made floats (filters / 2) back to ints."""
    if isinstance(value, (list, tuple)):
        return tuple(_ints(v) for v in value)
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _first(x):
    """Channels-last (N, ..., C) to PyTorch's (N, C, ...)."""
    return x.permute(0, x.dim() - 1, *range(1, x.dim() - 1))


def _last(x):
    """PyTorch's (N, C, ...) back to channels-last (N, ..., C)."""
    return x.permute(0, *range(2, x.dim()), 1)


def _same_pad(x, kernel, stride, dilation, value=0.0):
    """Keras "same" padding of a channels-first tensor: the odd pixel goes right/bottom."""
    pads = []
    for i in reversed(range(len(kernel))):
        n = x.shape[2 + i]
        out = -(-n // stride[i])
        total = max((out - 1) * stride[i] + (kernel[i] - 1) * dilation[i] + 1 - n, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads, value=value) if any(pads) else x


def l1l2(l1=0.0, l2=0.0):
    """A kernel regularizer as the spec's l1/l2/l1l2 modifiers give it."""
    return {"l1": l1, "l2": l2}


# ---- layers: weights in Keras's names and shapes, tensors channels-last ----

class Layer(nn.Module):
    def __init__(self, kind, name, attrs, inputs):
        super().__init__()
        self.kind = kind
        self.layer_name = name
        self.attrs = attrs
        self.weight_names = []
        self.regularized = []
        self.build(*inputs)

    def build(self, *inputs):
        pass

    def add_weight(self, name, shape, init, trainable=True):
        value = init(tuple(shape))
        if trainable:
            self.register_parameter(name, nn.Parameter(value))
        else:
            self.register_buffer(name, value)
        self.weight_names.append(name)

    def kernel_weights(self, *names):
        if self.attrs.get("regularizer"):
            self.regularized = list(names)

    def activate(self, y):
        return ACTIVATIONS[self.attrs.get("activation", "linear")](y)


class Dense(Layer):
    def build(self, shape):
        self.add_weight("kernel", (shape[-1], self.attrs["units"]), glorot_uniform)
        if self.attrs["bias"]:
            self.add_weight("bias", (self.attrs["units"],), zeros)
        self.kernel_weights("kernel")

    def forward(self, x):
        y = torch.matmul(x, self.kernel)
        return self.activate(y + self.bias if self.attrs["bias"] else y)


_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}


class Conv(Layer):
    def build(self, shape):
        a = self.attrs
        self.rank = len(shape) - 1
        self.ksize = _tuple(a["kernel"], self.rank)
        self.stride = _tuple(a["stride"], self.rank)
        self.dilation = _tuple(a["dilation"], self.rank)
        self.add_weight("kernel", (*self.ksize, shape[-1], a["filters"]), glorot_uniform)
        if a["bias"]:
            self.add_weight("bias", (a["filters"],), zeros)
        self.kernel_weights("kernel")

    def forward(self, x):
        x = _first(x)
        if self.attrs["padding"] == "same":
            x = _same_pad(x, self.ksize, self.stride, self.dilation)
        r = self.rank
        w = self.kernel.permute(r + 1, r, *range(r))
        y = _last(_CONV[r](x, w, None, self.stride, 0, self.dilation))
        return self.activate(y + self.bias if self.attrs["bias"] else y)


class DepthwiseConv(Layer):
    def build(self, shape):
        a = self.attrs
        self.ksize = _tuple(a["kernel"], 2)
        self.stride = _tuple(a["stride"], 2)
        self.dilation = _tuple(a.get("dilation", 1), 2)
        self.channels = shape[-1]
        self.add_weight("depthwise_kernel", (*self.ksize, shape[-1], a["multiplier"]), glorot_uniform)
        self.build_rest(shape)

    def build_rest(self, shape):
        if self.attrs["bias"]:
            self.add_weight("bias", (self.channels * self.attrs["multiplier"],), zeros)
        self.kernel_weights("depthwise_kernel")

    def depthwise(self, x):
        x = _first(x)
        if self.attrs["padding"] == "same":
            x = _same_pad(x, self.ksize, self.stride, self.dilation)
        c, m = self.channels, self.attrs["multiplier"]
        w = self.depthwise_kernel.permute(2, 3, 0, 1).reshape(c * m, 1, *self.ksize)
        return F.conv2d(x, w, None, self.stride, 0, self.dilation, groups=c)

    def forward(self, x):
        y = _last(self.depthwise(x))
        return self.activate(y + self.bias if self.attrs["bias"] else y)


class SeparableConv(DepthwiseConv):
    def build_rest(self, shape):
        a = self.attrs
        self.add_weight("pointwise_kernel", (1, 1, self.channels * a["multiplier"], a["filters"]), glorot_uniform)
        if a["bias"]:
            self.add_weight("bias", (a["filters"],), zeros)
        self.kernel_weights("depthwise_kernel", "pointwise_kernel")

    def forward(self, x):
        y = F.conv2d(self.depthwise(x), self.pointwise_kernel.permute(3, 2, 0, 1))
        y = _last(y)
        return self.activate(y + self.bias if self.attrs["bias"] else y)


class ConvTranspose(Layer):
    def build(self, shape):
        a = self.attrs
        self.ksize = _tuple(a["kernel"], 2)
        self.stride = _tuple(a["stride"], 2)
        self.add_weight("kernel", (*self.ksize, a["filters"], shape[-1]), glorot_uniform)
        if a["bias"]:
            self.add_weight("bias", (a["filters"],), zeros)
        self.kernel_weights("kernel")

    def forward(self, x):
        full = F.conv_transpose2d(_first(x), self.kernel.permute(3, 2, 0, 1), None, self.stride)
        for i in range(2):
            n, k, s = x.shape[1 + i], self.ksize[i], self.stride[i]
            if self.attrs["padding"] == "same":
                size, start = n * s, max(k - s, 0) // 2
            else:
                size, start = n * s + max(k - s, 0), 0
            full = full.narrow(2 + i, start, min(size, full.shape[2 + i] - start))
            missing = size - full.shape[2 + i]
            if missing > 0:
                pads = [0, 0] * (1 - i) + [0, missing] + [0, 0] * i
                full = F.pad(full, pads)
        y = _last(full)
        return self.activate(y + self.bias if self.attrs["bias"] else y)


_MAXPOOL = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVGPOOL = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}


class Pool(Layer):
    def build(self, shape):
        self.rank = len(shape) - 1
        self.size = _tuple(self.attrs["size"], self.rank)
        stride = self.attrs["stride"]
        self.stride = self.size if stride is None else _tuple(stride, self.rank)

    def forward(self, x):
        x = _first(x)
        same = self.attrs["padding"] == "same"
        one = (1,) * self.rank
        if self.kind == "maxpool":
            if same:
                x = _same_pad(x, self.size, self.stride, one, float("-inf"))
            return _last(_MAXPOOL[self.rank](x, self.size, self.stride))
        if not same:
            return _last(_AVGPOOL[self.rank](x, self.size, self.stride))
        # Keras averages over the window's real values only, not the padding.
        counts = _same_pad(torch.ones_like(x[:1, :1]), self.size, self.stride, one)
        x = _same_pad(x, self.size, self.stride, one)
        pool = _AVGPOOL[self.rank]
        return _last(pool(x, self.size, self.stride) / pool(counts, self.size, self.stride))


class GlobalPool(Layer):
    def forward(self, x):
        axes = tuple(range(1, x.dim() - 1))
        return x.mean(dim=axes) if self.kind == "gap" else x.amax(dim=axes)


class Flatten(Layer):
    def forward(self, x):
        # Channels-last, so the order is Keras's and a dense kernel trained there fits.
        return x.reshape(x.shape[0], -1)


class Reshape(Layer):
    def forward(self, x):
        return x.reshape(x.shape[0], *self.attrs["dims"])


class ZeroPad(Layer):
    def forward(self, x):
        p = self.attrs["padding"]
        if isinstance(p, (int, float)):
            p = ((p, p), (p, p))
        elif isinstance(p[0], (int, float)):
            p = ((p[0], p[0]), (p[1], p[1]))
        (top, bottom), (left, right) = p
        return F.pad(x, [0, 0, left, right, top, bottom])


class UpSample(Layer):
    def forward(self, x):
        sh, sw = _tuple(self.attrs["size"], 2)
        if self.attrs["interpolation"] == "nearest":
            return x.repeat_interleave(sh, dim=1).repeat_interleave(sw, dim=2)
        # TF.js's resizeBilinear: no corner alignment, no half-pixel centres.
        for axis, s in ((1, sh), (2, sw)):
            n = x.shape[axis]
            pos = torch.arange(n * s, dtype=x.dtype, device=x.device) * (n / (n * s))
            lo = pos.floor().long().clamp(max=n - 1)
            hi = (lo + 1).clamp(max=n - 1)
            frac = (pos - lo.to(x.dtype)).reshape([-1 if d == axis else 1 for d in range(x.dim())])
            x = x.index_select(axis, lo) * (1 - frac) + x.index_select(axis, hi) * frac
        return x


class Dropout(Layer):
    def forward(self, x):
        return F.dropout(x, self.attrs["rate"], self.training)


class BatchNorm(Layer):
    """Keras BatchNormalization over the last axis. PyTorch's momentum convention: 1 - Keras's."""

    def build(self, shape):
        c = (shape[-1],)
        self.momentum = 1.0 - self.attrs["momentum"]
        self.eps = self.attrs["epsilon"]
        if self.attrs["scale"]:
            self.add_weight("gamma", c, ones)
        if self.attrs["center"]:
            self.add_weight("beta", c, zeros)
        self.add_weight("moving_mean", c, zeros, trainable=False)
        self.add_weight("moving_variance", c, ones, trainable=False)

    def forward(self, x):
        if self.training:
            axes = tuple(range(x.dim() - 1))
            mean, var = x.mean(dim=axes), x.var(dim=axes, unbiased=False)
            with torch.no_grad():
                self.moving_mean.mul_(1 - self.momentum).add_(self.momentum * mean)
                self.moving_variance.mul_(1 - self.momentum).add_(self.momentum * var)
        else:
            mean, var = self.moving_mean, self.moving_variance
        y = (x - mean) / torch.sqrt(var + self.eps)
        if self.attrs["scale"]:
            y = y * self.gamma
        return y + self.beta if self.attrs["center"] else y


class LayerNorm(Layer):
    def build(self, shape):
        c = (shape[-1],)
        if self.attrs["scale"]:
            self.add_weight("gamma", c, ones)
        if self.attrs["center"]:
            self.add_weight("beta", c, zeros)

    def forward(self, x):
        gamma = self.gamma if self.attrs["scale"] else None
        beta = self.beta if self.attrs["center"] else None
        return F.layer_norm(x, (x.shape[-1],), gamma, beta, self.attrs["epsilon"])


class Activation(Layer):
    def forward(self, x):
        return ACTIVATIONS[self.attrs["activation"]](x)


class LeakyReLU(Layer):
    def forward(self, x):
        return F.leaky_relu(x, self.attrs["alpha"])


class Identity(Layer):
    def forward(self, x):
        return x


class Embedding(Layer):
    def build(self, shape):
        self.add_weight("embeddings", (self.attrs["vocab"], self.attrs["dim"]), embedding_uniform)

    def forward(self, x):
        return F.embedding(x.long(), self.embeddings)


class Recurrent(Layer):
    """SimpleRNN, LSTM and GRU with Keras's weight layout (gates i, f, c, o and z, r, h)."""

    GATES = {"rnn": 1, "lstm": 4, "gru": 3}

    def build(self, shape):
        a = self.attrs
        units, width = a["units"], self.GATES[self.kind] * a["units"]
        self.add_weight("kernel", (shape[-1], width), glorot_uniform)
        self.add_weight("recurrent_kernel", (units, width), orthogonal)
        if a["bias"]:
            if self.kind == "gru" and a["reset_after"]:
                self.add_weight("bias", (2, width), zeros)
            elif self.kind == "lstm":
                self.add_weight("bias", (width,), lambda s: torch.cat([zeros(units), ones(units), zeros(2 * units)]))
            else:
                self.add_weight("bias", (width,), zeros)
        self.kernel_weights("kernel")

    def forward(self, x):
        a, u = self.attrs, self.attrs["units"]
        h = x.new_zeros(x.shape[0], u)
        c = x.new_zeros(x.shape[0], u)
        bias = self.bias if a["bias"] else x.new_zeros(self.bias_shape())
        after = self.kind == "gru" and a["reset_after"]
        xs = torch.matmul(x, self.kernel) + (bias[0] if after else bias)
        outputs = []
        for t in range(x.shape[1]):
            xt = xs[:, t]
            if self.kind == "rnn":
                h = torch.tanh(xt + h @ self.recurrent_kernel)
            elif self.kind == "lstm":
                z = xt + h @ self.recurrent_kernel
                i, f, g, o = z.split(u, dim=1)
                c = hard_sigmoid(f) * c + hard_sigmoid(i) * torch.tanh(g)
                h = hard_sigmoid(o) * torch.tanh(c)
            elif after:
                hr = h @ self.recurrent_kernel + bias[1]
                z = hard_sigmoid(xt[:, :u] + hr[:, :u])
                r = hard_sigmoid(xt[:, u:2 * u] + hr[:, u:2 * u])
                hh = torch.tanh(xt[:, 2 * u:] + r * hr[:, 2 * u:])
                h = z * h + (1 - z) * hh
            else:
                hr = h @ self.recurrent_kernel[:, :2 * u]
                z = hard_sigmoid(xt[:, :u] + hr[:, :u])
                r = hard_sigmoid(xt[:, u:2 * u] + hr[:, u:])
                hh = torch.tanh(xt[:, 2 * u:] + (r * h) @ self.recurrent_kernel[:, 2 * u:])
                h = z * h + (1 - z) * hh
            outputs.append(h)
        return torch.stack(outputs, dim=1) if a["sequences"] else h

    def bias_shape(self):
        width = self.GATES[self.kind] * self.attrs["units"]
        return (2, width) if self.kind == "gru" and self.attrs["reset_after"] else (width,)


class Add(Layer):
    def forward(self, xs):
        out = xs[0]
        for x in xs[1:]:
            out = out + x
        return out


class Concat(Layer):
    def forward(self, xs):
        axis = self.attrs["axis"]
        return torch.cat(xs, dim=axis if axis < 0 else axis)


LAYERS = {
    "dense": Dense, "conv": Conv, "dwconv": DepthwiseConv, "sepconv": SeparableConv, "deconv": ConvTranspose,
    "maxpool": Pool, "avgpool": Pool, "gap": GlobalPool, "gmp": GlobalPool,
    "flatten": Flatten, "reshape": Reshape, "zeropad": ZeroPad, "upsample": UpSample, "dropout": Dropout,
    "bn": BatchNorm, "ln": LayerNorm, "leaky_relu": LeakyReLU, "embedding": Embedding,
    "rnn": Recurrent, "lstm": Recurrent, "gru": Recurrent, "identity": Identity, "add": Add, "concat": Concat,
    **{name: Activation for name in ACTIVATIONS},
}


def _snake(name):
    """Keras's default layer name for a class: BatchNormalization -> batch_normalization."""
    name = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _keras_class(kind, shape):
    spatial = min(max(len(shape) - 1, 1), 3)
    rank_dependent = {"conv": "Conv%dD", "maxpool": "MaxPooling%dD", "avgpool": "AveragePooling%dD",
                      "gap": "GlobalAveragePooling%dD", "gmp": "GlobalMaxPooling%dD"}
    if kind in rank_dependent:
        return rank_dependent[kind] % spatial
    return KERAS_CLASSES[kind]


# ---- the graph builder and the model it makes ----

class Graph:
    """Collects layers in the order the spec makes them, naming each as Keras (and the IR) does."""

    def __init__(self, shape, dtype="float32"):
        self.dtype = torch.long if dtype == "int32" else torch.float32
        self.layers = []
        self.counts = {}
        self.probes = [torch.zeros((1, *shape), dtype=self.dtype)]
        self.input_shape = tuple(shape)

    def input(self):
        return 0

    def layer(self, kind, x, **given):
        return self._add(kind, [x], given)

    def apply(self, layer, x):
        """A layer a parameter holds: an activation's name or a function of (g, x)."""
        return self.layer(layer, x) if isinstance(layer, str) else layer(self, x)

    def merge(self, kind, xs, **given):
        return self._add(kind, list(xs), given)

    def _add(self, kind, xs, given):
        attrs = {**DEFAULTS.get(kind, {}), **given}
        if kind in ACTIVATIONS:
            attrs["activation"] = kind
        for key in INT_ATTRS.get(kind, ()):
            attrs[key] = _ints(attrs[key])
        if attrs.get("activation") is None:
            attrs.pop("activation", None)
        shapes = [tuple(self.probes[i].shape[1:]) for i in xs]
        base = _snake(_keras_class(kind, shapes[0]))
        seen = self.counts.get(base, 0)
        self.counts[base] = seen + 1
        name = base if seen == 0 else "%s_%d" % (base, seen)
        module = LAYERS[kind](kind, name, attrs, shapes)
        module.eval()
        with torch.no_grad():
            inputs = [self.probes[i] for i in xs]
            self.probes.append(module(inputs if module.kind in ("add", "concat") else inputs[0]))
        self.layers.append((module, xs))
        return len(self.probes) - 1

    def __getattr__(self, kind):
        if kind in LAYERS:
            return lambda x, **given: self.layer(kind, x, **given)
        raise AttributeError(kind)


class KerasModel(nn.Module):
    """A model built by a Graph: channels-last input (N, *input_shape), layers named as the IR's."""

    def __init__(self, graph, output, name):
        super().__init__()
        self.model_name = name
        self.input_shape = graph.input_shape
        self.input_dtype = graph.dtype
        self.layers = nn.ModuleDict()
        self.edges = []
        for module, xs in graph.layers:
            self.layers[module.layer_name] = module
            self.edges.append(xs)
        self.output_index = output

    def forward(self, x):
        values = [x]
        for module, xs in zip(self.layers.values(), self.edges):
            inputs = [values[i] for i in xs]
            values.append(module(inputs if module.kind in ("add", "concat") else inputs[0]))
        return values[self.output_index]


def regularization_loss(model):
    """The Keras kernel penalties of the spec's l1/l2/l1l2 modifiers: add it to the loss."""
    total = torch.zeros(())
    for layer in model.modules():
        if isinstance(layer, Layer):
            for name in layer.regularized:
                w, r = getattr(layer, name), layer.attrs["regularizer"]
                total = total + r.get("l1", 0.0) * w.abs().sum() + r.get("l2", 0.0) * w.square().sum()
    return total


EPSILON = 1e-7


def keras_loss(name, out, labels):
    """The spec's loss of a batch as Keras (TF.js) computes it, from the model's output (probabilities)
    and integer class labels: one-hot targets, except a single-unit output with binary_crossentropy;
    crossentropies clip to [1e-7, 1 - 1e-7], categorical ones rescale the output to sum to 1."""
    units = out.shape[-1]
    if name == "binary_crossentropy" and units == 1:
        target = labels.float().reshape(out.shape)
    else:
        target = F.one_hot(labels.long(), units).float().reshape(out.shape)
    if name in ("categorical_crossentropy", "sparse_categorical_crossentropy"):
        if name == "sparse_categorical_crossentropy":
            out = out.clamp(EPSILON, 1 - EPSILON)
        p = (out / out.sum(-1, keepdim=True)).clamp(EPSILON, 1 - EPSILON)
        per_sample = -(target * torch.log(p)).sum(-1)
    elif name == "binary_crossentropy":
        p = out.clamp(EPSILON, 1 - EPSILON)
        logits = torch.log(p / (1 - p))
        per_sample = (F.relu(logits) - logits * target + torch.log1p(torch.exp(-logits.abs()))).mean(-1)
    elif name == "mse":
        per_sample = (out - target).square().mean(-1)
    elif name == "mae":
        per_sample = (out - target).abs().mean(-1)
    else:
        raise ValueError("unknown loss %r" % name)
    return per_sample.mean()


class KerasRMSprop(torch.optim.Optimizer):
    """TF.js's RMSprop: its epsilon goes inside the square root (PyTorch's adds it outside)."""

    def __init__(self, params, lr, rho=0.9, eps=EPSILON):
        super().__init__(params, {"lr": lr, "rho": rho, "eps": eps})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                ms = self.state[p].setdefault("ms", torch.zeros_like(p))
                ms.mul_(group["rho"]).addcmul_(p.grad, p.grad, value=1 - group["rho"])
                p.addcdiv_(p.grad, (ms + group["eps"]).sqrt(), value=-group["lr"])


def keras_optimizer(params, spec):
    """The train section's optimizer ({"name", "lr", "momentum"}) with TF.js's settings and formulas."""
    name, lr = spec["name"], float(spec["lr"])
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=float(spec.get("momentum") or 0))
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, eps=EPSILON)
    if name == "rmsprop":
        return KerasRMSprop(params, lr)
    if name == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, initial_accumulator_value=0.1, eps=EPSILON)
    if name == "adamax":
        return torch.optim.Adamax(params, lr=lr, eps=EPSILON)
    if name == "adadelta":
        return torch.optim.Adadelta(params, lr=lr, rho=0.95, eps=EPSILON)
    raise ValueError("unknown optimizer %r" % name)


def load_nnspec_run(model, folder):
    """Loads the weights of an nnspec run folder (TF.js model.json + weights.bin) into the model."""
    with open(os.path.join(folder, "model.json")) as f:
        manifest = json.load(f)["weightsManifest"]
    arrays = {}
    for group in manifest:
        data = b"".join(open(os.path.join(folder, p), "rb").read() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            dtype = np.int32 if spec.get("dtype") == "int32" else np.float32
            count = math.prod(spec["shape"])
            arrays[spec["name"]] = np.frombuffer(data, dtype, count, offset).reshape(spec["shape"])
            offset += count * 4
    for layer in model.layers.values():
        for name in layer.weight_names:
            key = "%s/%s" % (layer.layer_name, name)
            if key not in arrays:
                raise KeyError("%s: weight %s is not in %s" % (folder, key, os.path.join(folder, "model.json")))
            target = getattr(layer, name)
            value = torch.from_numpy(np.array(arrays[key], dtype=np.float32))
            if tuple(value.shape) != tuple(target.shape):
                raise ValueError("%s: %s has shape %s, the model expects %s" % (folder, key, tuple(value.shape), tuple(target.shape)))
            with torch.no_grad():
                target.copy_(value)
    return model
`;
