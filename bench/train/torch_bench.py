# PyTorch side of bench/train: builds the same network as an nnspec IR model (read as JSON on
# stdin: {"model": IR model, "batch": N, "steps": N, "infer_steps": N, "threads": N}) and measures
# training and inference samples/s on random data with that many threads (default 2). Prints one
# JSON line. Needs only torch.
# With "profile": N, profiles N training steps instead (torch.profiler, self CPU time per operator).
import json, sys, time
import torch
from torch import nn



def blas_library():
    """The BLAS library file this process has mapped, if any by that name: Debian's torch calls the
    system's libblas.so.3, which is the unoptimized reference BLAS unless OpenBLAS (or another) is
    installed; pip's torch carries MKL inside itself (None here)."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line.rsplit("/", 1)[-1]}
    except OSError:
        return None
    return sorted(paths)[0] if paths else None


cfg = json.load(sys.stdin)
torch.set_num_threads(cfg.get("threads", 2))
m, batch = cfg["model"], cfg["batch"]


def build(m):
    layers, shape, l2 = [], m["input"]["shape"], []
    for n in m["nodes"][1:]:
        k, a = n["kind"], n["attrs"]
        if k == "conv":
            pad = "same" if a["padding"] == "same" else 0
            c = nn.Conv2d(shape[-1], a["filters"], a["kernel"], a["stride"], pad, a["dilation"], bias=a["bias"])
            layers.append(c)
            if a.get("regularizer"): l2.append((c.weight, a["regularizer"]["l2"]))
            if a["activation"] == "relu": layers.append(nn.ReLU())
        elif k == "dense":
            d = nn.Linear(shape[-1], a["units"], bias=a["bias"])
            layers.append(d)
            if a.get("regularizer"): l2.append((d.weight, a["regularizer"]["l2"]))
            if a["activation"] == "relu": layers.append(nn.ReLU())
        elif k == "bn":
            layers.append(nn.BatchNorm2d(shape[-1], eps=a["epsilon"]) if len(shape) == 3 else nn.BatchNorm1d(shape[-1], eps=a["epsilon"]))
        elif k == "relu": layers.append(nn.ReLU())
        elif k == "dropout": layers.append(nn.Dropout(a["rate"]))
        elif k == "maxpool": layers.append(nn.MaxPool2d(a["size"], a["stride"] or a["size"]))
        elif k == "flatten": layers.append(nn.Flatten())
        elif k in ("softmax", "identity"): pass  # softmax is folded into the cross-entropy loss
        else: raise SystemExit(f"torch_bench: unsupported kind {k}")
        shape = n["outputShape"]
    return nn.Sequential(*layers), l2


net, l2 = build(m)
shape = m["input"]["shape"]
x = torch.randn(batch, *([shape[2], shape[0], shape[1]] if len(shape) == 3 else shape))
classes = m["nodes"][-1]["outputShape"][-1]
y = torch.randint(0, classes, (batch,))
adam = m.get("train", {}).get("optimizer", {}).get("name") == "adam"
opt = torch.optim.Adam(net.parameters(), 1e-3) if adam else torch.optim.SGD(net.parameters(), 0.01)
lossf = nn.CrossEntropyLoss()


def step():
    opt.zero_grad()
    loss = lossf(net(x), y) + sum(c * (w * w).sum() for w, c in l2)
    loss.backward()
    opt.step()
    return loss.item()


def timed(fn, steps):
    for _ in range(max(2, steps // 10)): fn()
    t = time.perf_counter()
    for _ in range(steps): fn()
    return steps * batch / (time.perf_counter() - t)


def profile(steps):
    from torch.profiler import ProfilerActivity, profile
    for _ in range(3): step()
    plain = []
    for _ in range(steps):
        t = time.perf_counter()
        step()
        plain.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(steps): step()
    profiled = (time.perf_counter() - t) * 1000 / steps
    rows = [{"name": e.key, "calls": e.count / steps, "ms": e.self_cpu_time_total / 1000 / steps} for e in prof.key_averages()]
    return {"torch": torch.__version__, "step_ms": sorted(plain)[len(plain) // 2], "profiled_ms": profiled, "profile": rows}


net.train()
if cfg.get("profile"):
    print(json.dumps(profile(cfg["profile"])))
    sys.exit(0)
train = timed(step, cfg["steps"])
net.eval()
with torch.no_grad():
    infer = timed(lambda: net(x).sum().item(), cfg["infer_steps"])
print(json.dumps({"torch": torch.__version__, "blas": blas_library(), "train": train, "infer": infer}))
