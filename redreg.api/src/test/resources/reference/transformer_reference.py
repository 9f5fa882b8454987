#!/usr/bin/env python3
"""Independent numpy forward of redreg's pre-norm Transformer encoder (redreg.api.nn.TransformerEncoder).

Written from the textbook definition in the [B, T, D] layout with PyTorch-style weight shapes ([out, in]), not
from DL4J's code: h = x W_inᵀ + b_in + positions; per block h += MHA(LN1(h)) (no projection biases, scores scaled
by 1/√head_size), h += W2 ReLU(W1 LN2(h) + b1) + b2; z = pool(LN(h)), pooling the mean over time or the first
step. LayerNorm: biased variance, ε = 1e-5. Writes transformer.json (weights, inputs, pooled outputs) for
TransformerEncoderTest, which loads the weights into the DL4J graph and must match to 1e-5.
Run: python3 transformer_reference.py > transformer.json
"""
import json
import numpy as np

rng = np.random.default_rng(20261202)


def layer_norm(h, g, b, eps=1e-5):
    mu = h.mean(-1, keepdims=True)
    var = ((h - mu) ** 2).mean(-1, keepdims=True)
    return (h - mu) / np.sqrt(var + eps) * g + b


def sinusoidal(T, C):
    pe = np.zeros((T, C))
    for c in range(C):
        rate = 10000.0 ** (-(2 * (c // 2)) / C)
        pe[:, c] = np.sin(np.arange(T) * rate) if c % 2 == 0 else np.cos(np.arange(T) * rate)
    return pe


def attention(a, w, heads):
    B, T, C = a.shape
    hd = C // heads
    split = lambda m: m.reshape(B, T, heads, hd).transpose(0, 2, 1, 3)
    q, k, v = split(a @ w["Wq"].T), split(a @ w["Wk"].T), split(a @ w["Wv"].T)
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd)
    s = np.exp(s - s.max(-1, keepdims=True))
    s /= s.sum(-1, keepdims=True)
    o = (s @ v).transpose(0, 2, 1, 3).reshape(B, T, C)
    return o @ w["Wo"].T


def forward(x, w, cfg):
    h = x @ w["proj.W"].T + w["proj.b"]
    h = h + (w["pos.P"] if cfg["positions"] == "learned" else sinusoidal(x.shape[1], cfg["width"]))
    for i in range(cfg["depth"]):
        p = lambda n: w["b%d.%s" % (i, n)]
        a = layer_norm(h, p("ln1.g"), p("ln1.b"))
        h = h + attention(a, {k: p("attn." + k) for k in ("Wq", "Wk", "Wv", "Wo")}, cfg["heads"])
        a = layer_norm(h, p("ln2.g"), p("ln2.b"))
        h = h + np.maximum(a @ p("ff1.W").T + p("ff1.b"), 0) @ p("ff2.W").T + p("ff2.b")
    h = layer_norm(h, w["ln.g"], w["ln.b"])
    return h.mean(1) if cfg["pooling"] == "mean" else h[:, 0]


def weights(cfg, T, D):
    W, F = cfg["width"], cfg["feedForward"]
    n = lambda *s: 0.4 * rng.normal(size=s)
    w = {"proj.W": n(W, D), "proj.b": n(W), "ln.g": 1 + n(W), "ln.b": n(W)}
    if cfg["positions"] == "learned":
        w["pos.P"] = n(T, W)
    for i in range(cfg["depth"]):
        for k in ("Wq", "Wk", "Wv", "Wo"):
            w["b%d.attn.%s" % (i, k)] = n(W, W)
        for k in ("ln1", "ln2"):
            w["b%d.%s.g" % (i, k)] = 1 + n(W)
            w["b%d.%s.b" % (i, k)] = n(W)
        w["b%d.ff1.W" % i], w["b%d.ff1.b" % i] = n(F, W), n(F)
        w["b%d.ff2.W" % i], w["b%d.ff2.b" % i] = n(W, F), n(W)
    return w


cases = []
for cfg in ({"width": 8, "depth": 2, "heads": 2, "feedForward": 12, "positions": "learned", "pooling": "mean"},
            {"width": 6, "depth": 1, "heads": 3, "feedForward": 10, "positions": "sinusoidal", "pooling": "first"}):
    B, T, D = 3, 5, 4
    x = rng.normal(size=(B, T, D))
    w = weights(cfg, T, D)
    cases.append({"config": cfg, "input": x.tolist(), "weights": {k: v.tolist() for k, v in w.items()},
                  "output": forward(x, w, cfg).tolist()})
print(json.dumps({"cases": cases}))
