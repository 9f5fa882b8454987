#!/usr/bin/env python3
"""Independent numpy computation of one MMTM block (Greedy's mid-fusion) on fixed inputs.

Writes mmtm.json: the block's weights, three training forwards on fixed maps (a [B,C,H,W] branch and a [B,C,T]
branch), the outputs of each, the running averages r_m after each, and the gradients of one backward.
Forward 3 curates branch "b" (it is rescaled by r_b, the running average including forward 3's own batch mean).
The Java test (MmtmReferenceTest) loads the weights and must reproduce every number to 1e-6.
Run: python3 mmtm_reference.py > mmtm.json
"""
import json
import numpy as np

rng = np.random.default_rng(20261201)
B, CA, CB, RATIO = 3, 4, 2, 4
H = 2 * (CA + CB) // RATIO  # the shared squeeze width, 2(C0+C1)/ratio
weights = {
    "squeeze.W": rng.normal(size=(H, CA + CB)) * 0.7, "squeeze.b": rng.normal(size=(1, H)) * 0.3,
    "a.W": rng.normal(size=(CA, H)) * 0.7, "a.b": rng.normal(size=(1, CA)) * 0.3,
    "b.W": rng.normal(size=(CB, H)) * 0.7, "b.b": rng.normal(size=(1, CB)) * 0.3,
}
sigmoid = lambda v: 1 / (1 + np.exp(-v))


def forward(xa, xb, running, n, curated):
    s = np.concatenate([xa.reshape(B, CA, -1).mean(2), xb.reshape(B, CB, -1).mean(2)], axis=1)
    pre = s @ weights["squeeze.W"].T + weights["squeeze.b"]
    h = np.maximum(pre, 0)
    e = {"a": sigmoid(h @ weights["a.W"].T + weights["a.b"]), "b": sigmoid(h @ weights["b.W"].T + weights["b.b"])}
    running = {m: (e[m].mean(0, keepdims=True) + n * running[m]) / (n + 1) for m in e}
    g = {m: (np.repeat(running[m], B, 0) if m == curated else e[m]) for m in e}
    ya = xa * g["a"][:, :, None, None]
    yb = xb * g["b"][:, :, None]
    return ya, yb, running, (s, pre, h, e, g)


def backward(xa, xb, cache, curated, ra, rb):
    """Gradients of L = Σ ya⊙ra + Σ yb⊙rb."""
    s, pre, h, e, g = cache
    dxa = ra * g["a"][:, :, None, None]
    dxb = rb * g["b"][:, :, None]
    dgate = {"a": (ra * xa).reshape(B, CA, -1).sum(2), "b": (rb * xb).reshape(B, CB, -1).sum(2)}
    grads, dh = {}, np.zeros_like(h)
    for m in ["a", "b"]:
        da = np.zeros_like(e[m]) if m == curated else dgate[m] * e[m] * (1 - e[m])
        grads[m + ".W"] = da.T @ h
        grads[m + ".b"] = da.sum(0, keepdims=True)
        dh += da @ weights[m + ".W"]
    dpre = dh * (pre > 0)
    grads["squeeze.W"] = dpre.T @ s
    grads["squeeze.b"] = dpre.sum(0, keepdims=True)
    ds = dpre @ weights["squeeze.W"]
    dxa = dxa + (ds[:, :CA] / (xa[0, 0].size))[:, :, None, None]
    dxb = dxb + (ds[:, CA:] / (xb[0, 0].size))[:, :, None]
    return dxa, dxb, grads


running = {"a": np.zeros((1, CA)), "b": np.zeros((1, CB))}
forwards = []
for t, curated in enumerate([None, None, "b"]):
    xa = rng.normal(size=(B, CA, 2, 3))
    xb = rng.normal(size=(B, CB, 5))
    ya, yb, running, cache = forward(xa, xb, running, t, curated)
    step = {"curated": curated, "xa": xa.tolist(), "xb": xb.tolist(), "ya": ya.tolist(), "yb": yb.tolist(),
            "running.a": running["a"].tolist(), "running.b": running["b"].tolist()}
    ra, rb = rng.normal(size=xa.shape), rng.normal(size=xb.shape)
    dxa, dxb, grads = backward(xa, xb, cache, curated, ra, rb)
    step.update({"ra": ra.tolist(), "rb": rb.tolist(), "dxa": dxa.tolist(), "dxb": dxb.tolist(),
                 "grads": {k: v.tolist() for k, v in grads.items()}})
    forwards.append(step)

print(json.dumps({"batch": B, "channels": [CA, CB], "ratio": RATIO,
                  "weights": {k: v.tolist() for k, v in weights.items()}, "forwards": forwards}, indent=1))
