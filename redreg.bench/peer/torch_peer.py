"""Peer benchmark: the project's encoders + concat fusion + per-modality heads, rebuilt in PyTorch (CPU),
timed per training step (forward, fused + detached-head losses, backward, SGD heavy-ball). Same shapes as the
project's configs; prints ms/step (median of N after warm-up). Usage: python3 torch_peer.py CONFIG [threads].
The project's copy of ../shared/bench/torch_peer.py, extended with the Transformer of Table VI (mosi-transformer:
redreg's `kind: transformer` rebuilt — pre-norm blocks, attention without biases, dropout on the feed-forward's
hidden units only, sinusoidal positions, final layer norm, mean over time).

For `redreg bench --ops` (packaged into the bench jar as redreg/bench/torch_peer.py): `python3 torch_peer.py CONFIG
threads reps ops` times every layer alone, forward and backward (see ops() below), and prints one
"op KIND FWD_MS BWD_MS COUNT" line per kind of layer. The residual block's ReLUs and add are modules here (not
F.relu / +) so that they are timed like the other layers; the step is unchanged."""
import sys, time, statistics
import torch, torch.nn as nn, torch.nn.functional as F

def cnn(c_in, side, width, depth, feat):
    layers, ch = [], width
    for i in range(depth):
        layers += [nn.Conv2d(c_in, ch, 3, padding=1), nn.BatchNorm2d(ch), nn.ReLU()]
        if side >= 4:
            layers.append(nn.MaxPool2d(2, 2)); side //= 2
        c_in, ch = ch, ch * 2
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c_in, feat), nn.ReLU())

def mlp(n_in, width, depth, feat):
    layers = [nn.Flatten()]
    for i in range(depth):
        layers += [nn.Linear(n_in, width), nn.ReLU()]; n_in = width
    return nn.Sequential(*layers, nn.Linear(n_in, feat), nn.ReLU())

class Add(nn.Module):
    def forward(s, a, b):
        return a + b

class Block(nn.Module):
    def __init__(s, cin, cout, stride):
        super().__init__()
        s.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False); s.b1 = nn.BatchNorm2d(cout); s.r1 = nn.ReLU()
        s.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False); s.b2 = nn.BatchNorm2d(cout)
        s.down = None
        if stride != 1 or cin != cout:
            s.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
        s.add = Add(); s.r2 = nn.ReLU()
    def forward(s, x):
        y = s.r1(s.b1(s.c1(x))); y = s.b2(s.c2(y))
        return s.r2(s.add(y, x if s.down is None else s.down(x)))

def resnet18(c_in, width, feat):
    layers = [nn.Conv2d(c_in, width, 7, 2, 3, bias=False), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(3, 2, 1)]
    ch, cin = width, width
    for stage in range(4):
        for b in range(2):
            stride = 2 if stage > 0 and b == 0 else 1
            layers.append(Block(cin, ch, stride)); cin = ch
        ch *= 2
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, feat), nn.ReLU())

class Sinusoidal(nn.Module):
    def __init__(s, T, C):
        super().__init__()
        pe = torch.zeros(T, C)
        for c in range(C):
            rate = 10000.0 ** (-(2 * (c // 2)) / C)
            pe[:, c] = torch.sin(torch.arange(T) * rate) if c % 2 == 0 else torch.cos(torch.arange(T) * rate)
        s.register_buffer("pe", pe)
    def forward(s, x):
        return x + s.pe

class PreNormBlock(nn.Module):
    def __init__(s, width, heads, ff, dropout):
        super().__init__()
        s.ln1, s.ln2 = nn.LayerNorm(width), nn.LayerNorm(width)
        s.attn = nn.MultiheadAttention(width, heads, bias=False, batch_first=True)
        s.ff1, s.ff2, s.drop = nn.Linear(width, ff), nn.Linear(ff, width), nn.Dropout(dropout)
    def forward(s, h):
        a = s.ln1(h)
        h = h + s.attn(a, a, a, need_weights=False)[0]
        return h + s.ff2(s.drop(F.relu(s.ff1(s.ln2(h)))))

class MeanTime(nn.Module):
    def forward(s, h):
        return h.mean(1)

def transformer(T, D, width, depth, heads, ff, dropout, feat):
    return nn.Sequential(nn.Linear(D, width), Sinusoidal(T, width),
                         *[PreNormBlock(width, heads, ff, dropout) for _ in range(depth)],
                         nn.LayerNorm(width), MeanTime(), nn.Linear(width, feat), nn.ReLU())

CONFIGS = {
    # name: (batch, classes, [(shape, encoder builder)])
    "avdigits": (64, 10, [((1, 32, 51), lambda: mlp(32 * 51, 64, 1, 32)), ((1, 14, 14), lambda: cnn(1, 14, 8, 3, 32))]),
    "heldout-cnn": (64, 10, [((1, 40, 61), lambda: cnn(1, 40, 32, 2, 32)), ((1, 16, 16), lambda: cnn(1, 16, 32, 2, 32))]),
    "resnet-small": (64, 6, [((1, 128, 128), lambda: resnet18(1, 64, 512)), ((3, 64, 64), lambda: resnet18(3, 64, 512))]),
    # Table VI (CMU-MOSI): text, audio, vision sequences of 50 steps; binary sentiment
    "mosi-transformer": (64, 2, [((50, D), (lambda D=D: transformer(50, D, 64, 2, 4, 128, 0.1, 64))) for D in (300, 74, 35)]),
}

KINDS = {nn.Conv2d: "conv", nn.BatchNorm2d: "batchnorm", nn.ReLU: "relu", nn.MaxPool2d: "maxpool",
         nn.AdaptiveAvgPool2d: "avgpool", nn.Linear: "dense", Add: "add", nn.Flatten: "flatten"}

def ops(name, reps):
    """Every layer of both encoders alone, on the input it gets in a training forward: REPS times forward (train
    mode, autograd recording) then backward of a ones gradient; per kind, the sum over layers of each median. Then
    the loss (fused + detached heads' cross-entropy, forward and backward) and the SGD update over all parameters.
    Timed in this thread's CPU time, as the redreg side (with 1 thread: all of the op's work)."""
    torch.manual_seed(0)
    batch, classes, mods = CONFIGS[name]
    encs = nn.ModuleList([b() for _, b in mods])
    xs = [torch.randn(batch, *s) for s, _ in mods]
    seen = []
    hooks = [m.register_forward_hook(lambda m, i, o: seen.append((m, [t.detach() for t in i])))
             for e in encs for m in e.modules() if type(m) in KINDS]
    for e, x in zip(encs, xs):
        e(x)
    for h in hooks:
        h.remove()
    totals = {}
    for m, inputs in seen:
        fwd, bwd = [], []
        for r in range(reps + 2):
            args = [t.clone().requires_grad_(True) for t in inputs]
            t0 = time.thread_time(); y = m(*args); t1 = time.thread_time()
            g = torch.ones_like(y)
            t2 = time.thread_time(); y.backward(g); t3 = time.thread_time()
            if r >= 2:
                fwd.append(t1 - t0); bwd.append(t3 - t2)
        k = KINDS[type(m)]; f, b, n = totals.get(k, (0.0, 0.0, 0))
        totals[k] = (f + statistics.median(fwd), b + statistics.median(bwd), n + 1)
    feat = sum(e[-2].out_features for e in encs)
    head = nn.Linear(feat, classes); heads = nn.ModuleList([nn.Linear(e[-2].out_features, classes) for e in encs])
    zs = [torch.randn(batch, e[-2].out_features) for e in encs]; y = torch.randint(0, classes, (batch,))
    lf, lb = [], []
    for r in range(reps + 2):
        logits = [head(torch.cat(zs, 1))] + [h(z) for h, z in zip(heads, zs)]
        ls = [l.detach().requires_grad_(True) for l in logits]
        t0 = time.thread_time()
        loss = sum(F.cross_entropy(l, y) for l in ls)
        t1 = time.thread_time(); loss.backward(); t2 = time.thread_time()
        if r >= 2:
            lf.append(t1 - t0); lb.append(t2 - t1)
    totals["loss"] = (statistics.median(lf), statistics.median(lb), 1 + len(heads))
    params = list(encs.parameters()) + list(head.parameters()) + list(heads.parameters())
    for p in params:
        p.grad = torch.randn_like(p)
    opt = torch.optim.SGD(params, lr=0.01, momentum=0.9, weight_decay=1e-4)
    us = []
    for r in range(reps + 2):
        t0 = time.thread_time(); opt.step(); t1 = time.thread_time()
        if r >= 2:
            us.append(t1 - t0)
    totals["sgd update"] = (statistics.median(us), 0.0, len(params))
    for k, (f, b, n) in totals.items():
        print(f"op {k.replace(' ', '_')} {1000 * f:.4f} {1000 * b:.4f} {n}")
    print(f"torch {torch.__version__} {name} ops reps={reps}")

def main():
    name = sys.argv[1]; threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    if len(sys.argv) > 4 and sys.argv[4] == "ops":
        torch.set_num_threads(threads)
        ops(name, int(sys.argv[3]))
        return
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    torch.set_num_threads(threads); torch.manual_seed(0)
    batch, classes, mods = CONFIGS[name]
    encs = nn.ModuleList([b() for _, b in mods])
    feat = sum(e[-2].out_features for e in encs)
    head = nn.Linear(feat, classes)
    heads = nn.ModuleList([nn.Linear(e[-2].out_features, classes) for e in encs])
    params = list(encs.parameters()) + list(head.parameters()) + list(heads.parameters())
    opt = torch.optim.SGD(params, lr=0.01, momentum=0.9, weight_decay=1e-4)
    xs = [torch.randn(batch, *s) for s, _ in mods]; y = torch.randint(0, classes, (batch,))
    times = []; cpu = []
    for i in range(steps + 3):
        t0 = time.perf_counter(); c0 = time.thread_time()
        zs = [e(x) for e, x in zip(encs, xs)]
        loss = F.cross_entropy(head(torch.cat(zs, 1)), y)
        loss = loss + sum(F.cross_entropy(h(z.detach()), y) for h, z in zip(heads, zs))
        opt.zero_grad(); loss.backward(); opt.step()
        if i >= 3: times.append(time.perf_counter() - t0); cpu.append(time.thread_time() - c0)
    # cpu: this thread's CPU time (with 1 thread all of PyTorch's work; with more, the other threads' is left out)
    print(f"torch {torch.__version__} {name} threads={threads}: {1000 * statistics.median(times):.1f} ms/step "
          f"cpu {1000 * statistics.median(cpu):.1f} ms/step "
          f"(min {1000 * min(times):.1f}, max {1000 * max(times):.1f}, {steps} steps)")

main()
