#!/usr/bin/env python3
"""Independent numpy computation of PMR for M modalities (M = 2 and M = 3) on fixed inputs.

The rule for M >= 2: S_m = sum_i softmax(-||z_m,i - c_m[k]||)_i[y_i], rho_m = S_m / mean_{j != m} S_j and
beta_m = alpha where rho_m < 1 (with two modalities: the official binary switch on S_a / S_v). Prototypes are
class means blended with momentum between epochs; the term's gradient is taken by central finite differences
(the Java code is analytic). Writes pmr_modalities.json; PmrModalitiesReferenceTest reproduces it to 1e-6.
Run: python3 pmr_modalities_reference.py > pmr_modalities.json
"""
import json
import numpy as np

rng = np.random.default_rng(20261202)


def softmax(a):
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def ce(logits, y):
    return float(-np.log(softmax(logits)[np.arange(len(y)), y]).mean())


def proto_logits(z, protos):
    return -np.sqrt(((z[:, None, :] - protos[None, :, :]) ** 2).sum(-1))


def pmr(mods, cfg, strong, epochs=3, N=24, B=6, K=3, D=4):
    """strong[e]: the modalities with well-separated step features in epoch e."""
    protos = None
    sets, steps, expected = [], [], []
    for e in range(epochs):
        lab = rng.permutation(np.arange(N) % K)
        feats = {m: rng.normal(size=(N, D)) + 2.0 * np.eye(K, D)[lab] for m in mods}
        sets.append({"labels": lab.tolist(), "features": {m: feats[m].tolist() for m in mods}})
        fresh = {m: np.stack([feats[m][lab == k].mean(0) for k in range(K)]) for m in mods}
        protos = fresh if protos is None else {m: (1 - cfg["momentum"]) * fresh[m] + cfg["momentum"] * protos[m]
                                               for m in mods}
        y = rng.integers(0, K, size=B)
        z = {m: rng.normal(size=(B, D)) + (2.5 if m in strong[e] else 0.2 + 0.6 * i) * np.eye(K, D)[y]
             for i, m in enumerate(mods)}
        steps.append({"labels": y.tolist(), "features": {m: z[m].tolist() for m in mods}})
        out = {"prototypes": {m: protos[m].tolist() for m in mods}, "diagnostics": {}, "terms": {}}
        expected.append(out)
        if not cfg["startEpoch"] <= e < cfg["endEpoch"]:
            continue
        S = {}
        for m in mods:
            S[m] = float(softmax(proto_logits(z[m], protos[m]))[np.arange(B), y].sum())
            out["diagnostics"]["pmr.score." + m] = S[m]
        rho = {m: S[m] / np.mean([S[j] for j in mods if j != m]) for m in mods}
        if len(mods) == 2:
            out["diagnostics"]["pmr.ratio"] = S[mods[0]] / S[mods[1]]
        else:
            for m in mods:
                out["diagnostics"]["pmr.ratio." + m] = rho[m]
        for m in mods:
            beta = cfg["alpha"] if rho[m] < 1 else 0.0
            out["diagnostics"]["pmr.beta." + m] = beta
            if beta > 0:
                f = lambda zz: beta * ce(proto_logits(zz, protos[m]), y)
                grad = np.zeros_like(z[m])
                h = 1e-6
                for idx in np.ndindex(z[m].shape):
                    zp, zm = z[m].copy(), z[m].copy()
                    zp[idx] += h
                    zm[idx] -= h
                    grad[idx] = (f(zp) - f(zm)) / (2 * h)
                out["terms"]["pmr." + m] = {"value": f(z[m]), "gradient": grad.tolist()}
    return {"modalities": mods, "config": cfg, "featureSets": sets, "steps": steps, "expected": expected}


cfg = {"alpha": 1.5, "momentum": 0.3, "fraction": 0.5, "startEpoch": 0, "endEpoch": 3}
print(json.dumps({"cases": [
    pmr(["audio", "visual"], cfg, [{"audio"}, {"audio"}, {"visual"}]),
    # three modalities: one strong (two boosted), then two strong (one boosted), then all alike but text
    pmr(["text", "audio", "visual"], cfg, [{"text"}, {"text", "audio"}, {"audio", "visual"}]),
    pmr(["text", "audio", "visual"], dict(cfg, momentum=0.0, startEpoch=1), [{"visual"}, {"visual"}, {"text"}]),
]}))
