"""Independent numpy computation of the baselines PMR, AGM, Re-learning, G-Blending and MMPareto on fixed inputs.

Imported by regulators_reference.py, which writes the result under "baselines" in reference.json. Derivatives are
taken by central finite differences here (the Java code is analytic), so both sides are independent.
"""
import itertools
import math
import numpy as np

rng = np.random.default_rng(20261201)
SHAPES = {"conv_W": (2, 1, 2, 2), "conv_b": (1, 2), "z_W": (3, 3), "z_b": (1, 3)}


def softmax(a):
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def ce(logits, y):
    p = softmax(logits)
    return float(-np.log(p[np.arange(len(y)), y]).mean())


def tolist(d):
    return {k: v.tolist() for k, v in d.items()}


def tensors(scale=0.1):
    return {k: scale * rng.normal(size=s) for k, s in SHAPES.items()}


def flat(d):
    return np.concatenate([d[k].ravel() for k in SHAPES])


# ---------------------------------------------------------------- MMPareto
def mmpareto(gamma):
    mods = ["audio", "visual"]
    steps, expected = [], []
    for t in range(4):
        step = {}
        out = {"gradients": {}, "diagnostics": {}}
        for i, m in enumerate(mods):
            mm = tensors()
            # step 1: conflicting gradients; step 2: aligned; 3: a small unimodal gradient opposing; else random
            if t == 1:
                u = {k: -0.7 * v + 0.02 * rng.normal(size=v.shape) for k, v in mm.items()}
            elif t == 2:
                u = {k: 0.5 * v + 0.02 * rng.normal(size=v.shape) for k, v in mm.items()}
            elif t == 3:
                u = {k: -0.05 * v + 0.001 * rng.normal(size=v.shape) for k, v in mm.items()}
            else:
                u = tensors()
            step[m] = {"fused": tolist(mm), "unimodal": tolist(u), "total": tolist({k: mm[k] + u[k] for k in SHAPES})}
            a, b = flat(mm), flat(u)
            cos = a @ b / math.sqrt((a @ a) * (b @ b))
            if cos > 0:
                k1 = 0.5
            else:
                # the min-norm point of the segment [a, b], by brute force over a fine grid refined locally
                grid = np.linspace(0, 1, 200001)
                norms = [np.linalg.norm(c * a + (1 - c) * b) for c in grid]
                k1 = float(grid[int(np.argmin(norms))])
                lo, hi = max(0.0, k1 - 1e-5), min(1.0, k1 + 1e-5)
                for _ in range(200):  # golden-section refinement of the convex norm
                    x1, x2 = lo + 0.382 * (hi - lo), lo + 0.618 * (hi - lo)
                    if np.linalg.norm(x1 * a + (1 - x1) * b) < np.linalg.norm(x2 * a + (1 - x2) * b):
                        hi = x2
                    else:
                        lo = x1
                k1 = (lo + hi) / 2
            grads = {}
            for k in SHAPES:
                base = mm[k] + u[k]
                new = 2 * (k1 * mm[k] + (1 - k1) * u[k])
                if np.linalg.norm(base) > np.linalg.norm(new):
                    new = new / np.linalg.norm(new) * np.linalg.norm(base)
                grads[k] = gamma * new
            out["gradients"][m] = tolist(grads)
            out["diagnostics"]["mmpareto.cos." + m] = float(cos)
            out["diagnostics"]["mmpareto.k1." + m] = float(k1)
        steps.append(step)
        expected.append(out)
    return {"config": {"gamma": gamma}, "steps": steps, "expected": expected}


# ---------------------------------------------------------------- AGM
def coalition_values(mods, B, K, y):
    """v(S) for every non-empty S, by bitmask (bit j = modality j kept)."""
    v = {}
    for s in range(1, 1 << len(mods)):
        v[s] = rng.normal(size=(B, K)) + 1.5 * np.eye(K)[y] * bin(s).count("1")
    return v


def shapley_by_permutations(v, M, B, K):
    """φ_m as the mean marginal contribution over all orderings (v(∅) = 0): independent of the subset formula."""
    phi = [np.zeros((B, K)) for _ in range(M)]
    perms = list(itertools.permutations(range(M)))
    for order in perms:
        s = 0
        for j in order:
            before = v[s] if s else 0
            s |= 1 << j
            phi[j] += (v[s] - before) / len(perms)
    return phi


def agm(mods, cfg, steps_n, B=5, K=3):
    M = len(mods)
    full = (1 << M) - 1
    running = np.zeros(M)
    coef = np.ones(M)
    steps, expected = [], []
    for t in range(steps_n):
        y = rng.integers(0, K, size=B)
        v = coalition_values(mods, B, K, y)
        enc = {m: tensors(0.5) for m in mods}
        fusion = {"W": rng.normal(size=(4, K)) * (2.0 if t % 2 == 0 else 0.2), "b": 0.1 * rng.normal(size=(1, K))}
        steps.append({"labels": y.tolist(), "values": {str(s): v[s].tolist() for s in v},
                      "encoders": {m: tolist(enc[m]) for m in mods}, "fusion": tolist(fusion)})
        epoch = t  # one step per epoch
        window = epoch >= cfg["startEpoch"] and (cfg["endEpoch"] is None or epoch < cfg["endEpoch"])
        out = {"diagnostics": {}, "upstream": {}}
        # the official code scores every step from the first: before the window too (c = 1 there)
        before = epoch < cfg["startEpoch"]
        if window or cfg["keepAfterWindow"] or before:
            phi = shapley_by_permutations(v, M, B, K)
            assert np.allclose(sum(phi), v[full])
            s = np.array([float(np.mean(-np.log(np.maximum(softmax(p)[np.arange(B), y], 1e-8)))) for p in phi])
            if window:
                r = np.exp(M / (M - 1) * (s.mean() - s))
                rr = np.exp(M / (M - 1) * (running.mean() - running))
                coef = np.exp(cfg["alpha"] * np.minimum(rr - r, cfg["clamp"]))
            n = t + 1
            running = running * (n - 1) / n + s / n
            for j, m in enumerate(mods):
                out["diagnostics"]["agm.score." + m] = float(s[j])
                out["diagnostics"]["agm.coef." + m] = float(coef[j])
            # κ_S by differentiating Σ_m c_m·φ_m(v) with respect to each v(S) (φ is linear in v)
            kappa = {}
            for S in range(1, full + 1):
                unit = {q: (np.ones((B, K)) if q == S else np.zeros((B, K))) for q in v}
                kappa[S] = float(sum(coef[j] * p[0, 0] for j, p in enumerate(shapley_by_permutations(unit, M, B, K))))
            g = (softmax(v[full]) - np.eye(K)[y]) / B
            out["fusedWeight"] = kappa[full]
            for S in range(1, full):
                if kappa[S] != 0:
                    out["upstream"][str(S)] = (kappa[S] * g).tolist()
        else:
            out["fusedWeight"] = 1.0
        total = math.sqrt(sum((a ** 2).sum() for a in fusion.values()) + sum((a ** 2).sum() for m in mods
                                                                             for a in enc[m].values()))
        scale = 1.0
        if max(np.abs(a).max() for a in fusion.values()) > cfg["clipAt"]:
            c = cfg["clipNorm"] / (total + 1e-6)
            scale = c if c < 1 else 1.0
        out["encoders"] = {m: tolist({k: a * scale for k, a in enc[m].items()}) for m in mods}
        out["fusion"] = tolist({k: a * scale for k, a in fusion.items()})
        expected.append(out)
    return {"modalities": mods, "config": cfg, "steps": steps, "expected": expected}


# ---------------------------------------------------------------- PMR
def pmr_loss(z, protos, y):
    p = -np.sqrt(((z[:, None, :] - protos[None, :, :]) ** 2).sum(-1))
    return p


def pmr(cfg, epochs=3, N=24, B=6, K=3, D=4):
    mods = ["audio", "visual"]
    protos = None
    sets, steps, expected = [], [], []
    for e in range(epochs):
        fs = {"labels": rng.permutation(np.arange(N) % K).tolist()}
        lab = np.array(fs["labels"])
        fs["features"] = {m: (rng.normal(size=(N, D)) + 2.0 * np.eye(K, D)[lab]).tolist()
                          for m in mods}
        sets.append(fs)
        fresh = {m: np.stack([np.array(fs["features"][m])[lab == k].mean(0) for k in range(K)]) for m in mods}
        protos = fresh if protos is None else {m: (1 - cfg["momentum"]) * fresh[m] + cfg["momentum"] * protos[m]
                                               for m in mods}
        y = rng.integers(0, K, size=B)
        # the visual features are the better ones in the last epoch, so the switch flips
        strong = "visual" if e == epochs - 1 else "audio"
        z = {m: rng.normal(size=(B, D)) + (2.5 if m == strong else 0.2) * np.eye(K, D)[y] for m in mods}
        steps.append({"labels": y.tolist(), "features": {m: z[m].tolist() for m in mods}})
        out = {"prototypes": {m: protos[m].tolist() for m in mods}, "diagnostics": {}, "terms": {}}
        expected.append(out)
        if not cfg["startEpoch"] <= e < cfg["endEpoch"]:
            continue
        S = {}
        for m in mods:
            q = softmax(pmr_loss(z[m], protos[m], y))
            S[m] = float(q[np.arange(B), y].sum())
            out["diagnostics"]["pmr.score." + m] = S[m]
        rho = S["audio"] / S["visual"]
        out["diagnostics"]["pmr.ratio"] = rho
        beta = {"audio": cfg["alpha"] if rho < 1 else 0.0, "visual": cfg["alpha"] if rho > 1 else 0.0}
        for m in mods:
            out["diagnostics"]["pmr.beta." + m] = beta[m]
            if beta[m] > 0:
                f = lambda zz: beta[m] * ce(pmr_loss(zz, protos[m], y), y)
                grad = np.zeros_like(z[m])
                h = 1e-6
                for idx in np.ndindex(z[m].shape):
                    zp, zm = z[m].copy(), z[m].copy()
                    zp[idx] += h
                    zm[idx] -= h
                    grad[idx] = (f(zp) - f(zm)) / (2 * h)
                out["terms"]["pmr." + m] = {"value": f(z[m]), "gradient": grad.tolist()}
    return {"config": cfg, "featureSets": sets, "steps": steps, "expected": expected}


# ---------------------------------------------------------------- G-Blending
def gblending(mods, cfg, epochs):
    heads = mods + ["fused"]
    w = {h: 1 / len(heads) for h in heads}
    tables, expected = {}, []
    for e in range(epochs):
        due = e % cfg["superEpoch"] == 0 if cfg["mode"] == "online" else e == 0
        if due:
            table = {}
            for i, h in enumerate(heads):
                t0, v0 = 1.2 + 0.1 * i + 0.05 * e, 1.3 + 0.1 * i + 0.05 * e
                t1 = t0 - rng.uniform(0.3, 0.6)
                v1 = v0 - rng.uniform(0.0, 0.2)
                if len(mods) == 3 and h == "text":
                    v1 = v0 + 0.1                       # validation loss rose: ΔG clamps to 0
                if len(mods) == 2 and e > 0:
                    v1 = v0 + 0.05                      # no head generalizes better: the weights stay
                table[h] = [t0, v0, t1, v1]
            tables[str(e)] = table
            raw = {}
            for h, (t0, v0, t1, v1) in table.items():
                G = max(0.0, v0 - v1)
                O = (v1 - t1) - (v0 - t0)
                raw[h] = G / max(O * O, 1e-8)
            if sum(raw.values()) > 0:
                w = {h: raw[h] / sum(raw.values()) for h in heads}
        expected.append(dict(w))
    return {"modalities": mods, "config": cfg, "losses": tables, "weights": expected}


# ---------------------------------------------------------------- Re-learning
def relearning(cfg, K=3, D=4):
    mods = ["audio", "visual"]
    centers = 10.0 * rng.normal(size=(K, D))

    # labels; audio's blobs follow them (few errors on train, many on validation), visual's are a random partition
    labels = {"train": np.arange(60) % K, "validation": np.arange(30) % K}
    blobs = {"audio": {}, "visual": {}}
    for part, noise in (("train", 0.05), ("validation", 0.4)):
        lab = labels[part]
        b = lab.copy()
        flip = rng.random(len(lab)) < noise
        b[flip] = (lab[flip] + rng.integers(1, K, size=flip.sum())) % K
        blobs["audio"][part] = b
        blobs["visual"][part] = rng.permutation(len(lab)) % K
    parts, purity = {}, {}
    for m in mods:
        parts[m], purity[m] = {}, {}
        for part in ("train", "validation"):
            b, lab = blobs[m][part], labels[part]
            parts[m][part] = (centers[b] + 0.3 * rng.normal(size=(len(b), D))).tolist()
            purity[m][part] = float(sum(np.bincount(lab[b == q], minlength=K).max() for q in range(K)) / len(lab))
    labels = {k: v.tolist() for k, v in labels.items()}
    init = {m: tensors(1.0) for m in mods}
    current = {m: tensors(1.0) for m in mods}
    blended, alpha = {}, {}
    for m in mods:
        alpha[m] = math.tanh(cfg["lambda"] * abs(purity[m]["train"] - purity[m]["validation"]))
        blended[m] = {k: alpha[m] * init[m][k] + (1 - alpha[m]) * current[m][k] for k in SHAPES}
    return {"config": cfg, "labels": labels, "features": parts, "purity": purity, "alpha": alpha,
            "initial": {m: tolist(init[m]) for m in mods}, "current": {m: tolist(current[m]) for m in mods},
            "blended": {m: tolist(blended[m]) for m in mods}}


def baselines():
    agm_cfg = {"alpha": 1.5, "clamp": 10.0, "startEpoch": 0, "endEpoch": None, "keepAfterWindow": True,
               "evalPasses": True, "clip": True, "clipAt": 1.0, "clipNorm": 1.0}
    return {
        "mmpareto": mmpareto(1.5),
        "agm": [agm(["audio", "visual"], agm_cfg, 4),
                agm(["audio", "visual"], dict(agm_cfg, alpha=1.0, clamp=0.3, endEpoch=2), 4),
                agm(["audio", "visual"], dict(agm_cfg, endEpoch=2, keepAfterWindow=False), 4),
                agm(["audio", "visual", "text"], agm_cfg, 3)],
        "pmr": [pmr({"alpha": 2.0, "momentum": 0.0, "fraction": 0.1, "startEpoch": 0, "endEpoch": 70}),
                pmr({"alpha": 1.0, "momentum": 0.3, "fraction": 0.1, "startEpoch": 0, "endEpoch": 2})],
        "gblending": [gblending(["audio", "visual"], {"mode": "online", "superEpoch": 2, "estimationEpochs": 1}, 5),
                      gblending(["audio", "visual", "text"], {"mode": "online", "superEpoch": 2,
                                                              "estimationEpochs": None}, 4),
                      gblending(["audio", "visual"], {"mode": "offline", "superEpoch": 2, "estimationEpochs": 1}, 3)],
        "relearning": relearning({"lambda": 3.0, "reinitEpoch": 2, "reinitNum": 1, "maxIterations": 300}),
        # drawn last so that the cases above keep their draws: a window that starts late, returning to joint after
        "agmLateWindow": [agm(["audio", "visual"], dict(agm_cfg, startEpoch=2, endEpoch=3, keepAfterWindow=False), 5)],
    }
