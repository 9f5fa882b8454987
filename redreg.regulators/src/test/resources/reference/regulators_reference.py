#!/usr/bin/env python3
"""Independent numpy computation of the RedReg, InfoReg and OGM-GE regulators on fixed inputs (and, from
baselines_reference.py, of PMR, AGM, Re-learning, G-Blending and MMPareto, under "baselines").

Writes reference.json: the inputs of every step (parameters, gradients, fused-loss gradients, probabilities,
features, inputs) and every intermediate the Java regulators must reproduce (tolerance 1e-6).
Noise is drawn with a replica of java.util.Random (48-bit LCG, polar-method nextGaussian), so the Java code and
this script see the same draws. Run: python3 regulators_reference.py > reference.json
"""
import json
import math
import numpy as np

import baselines_reference

MASK = (1 << 48) - 1


class JavaRandom:
    def __init__(self, seed):
        self.seed = (seed ^ 0x5DEECE66D) & MASK
        self.have_next = False
        self.next_gaussian_value = 0.0

    def next(self, bits):
        self.seed = (self.seed * 0x5DEECE66D + 0xB) & MASK
        r = self.seed >> (48 - bits)
        if r >= 1 << 31:
            r -= 1 << 32
        return r

    def next_double(self):
        return ((self.next(26) << 27) + self.next(27)) * (1.0 / (1 << 53))

    def next_gaussian(self):
        if self.have_next:
            self.have_next = False
            return self.next_gaussian_value
        while True:
            v1 = 2 * self.next_double() - 1
            v2 = 2 * self.next_double() - 1
            s = v1 * v1 + v2 * v2
            if 0 < s < 1:
                break
        mult = math.sqrt(-2 * math.log(s) / s)
        self.next_gaussian_value = v2 * mult
        self.have_next = True
        return v1 * mult

    def gaussian(self, shape, sigma):
        n = int(np.prod(shape))
        return (sigma * np.array([self.next_gaussian() for _ in range(n)])).reshape(shape)


def softmax(a):
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def tolist(d):
    return {k: v.tolist() for k, v in d.items()}


rng = np.random.default_rng(20261123)
MODS = ["audio", "visual"]
B, K, DX, DZ = 4, 3, 5, 3
SHAPES = {"conv_W": (2, 1, 2, 2), "conv_b": (1, 2), "z_W": (3, 3), "z_b": (1, 3)}
ENCODER = {m: rng.normal(size=(DX, DZ)) for m in MODS}   # the fake encoder: z = tanh(x E)


def encode(m, x):
    return np.tanh(x @ ENCODER[m])


def make_steps(n):
    steps = []
    for t in range(n):
        labels = rng.integers(0, K, size=B)
        step = {"labels": labels.tolist(), "modalities": {}}
        for i, m in enumerate(MODS):
            x = rng.normal(size=(B, DX))
            # audio is made more confident than visual most of the time, but not always
            logits = rng.normal(size=(B, K)) + (2.0 if (i == 0) != (t == 2) else 0.5) * np.eye(K)[labels]
            step["modalities"][m] = {
                "input": x, "features": encode(m, x) + 0.3 * rng.normal(size=(B, DZ)) * (i == 1),
                "probabilities": softmax(logits),
                "parameters": {k: rng.normal(size=s) for k, s in SHAPES.items()},
                "gradients": {k: 0.1 * rng.normal(size=s) for k, s in SHAPES.items()},
                "fusedGradients": {k: 0.1 * rng.normal(size=s) for k, s in SHAPES.items()},
            }
        steps.append(step)
    return steps


def true_class(p, labels):
    return p[np.arange(len(labels)), labels]


def flat(d):
    return np.concatenate([d[k].ravel() for k in SHAPES])


# ---------------------------------------------------------------- RedReg
def redreg(cfg, steps, seed, epochs, steps_per_epoch):
    code = cfg["variant"] == "reference-code"
    L = cfg["window"]
    gamma, R, beta = cfg["gamma"], cfg["threshold"], cfg["beta"]
    noise = JavaRandom(seed * 1000003 + 17)
    hist = {m: [] for m in MODS}
    prev_mean = {m: float("nan") for m in MODS}
    anchors = {m: {k: v.copy() for k, v in steps[0]["modalities"][m]["parameters"].items()} for m in MODS}
    ema = {}
    out = []
    for t, step in enumerate(steps):
        epoch = t // steps_per_epoch
        if t % steps_per_epoch == 0:
            ema = {}
            if cfg["windowPerEpoch"]:
                hist = {m: [] for m in MODS}
                prev_mean = {m: float("nan") for m in MODS}
            if cfg["anchor"] == "epoch-start":
                anchors = {m: {k: v.copy() for k, v in step["modalities"][m]["parameters"].items()} for m in MODS}
        labels = np.array(step["labels"])
        diag, p, S = {}, {}, {}
        for m in MODS:
            p[m] = true_class(step["modalities"][m]["probabilities"], labels).mean()
            hist[m] = (hist[m] + [p[m]])[-L:]
            mean = sum(hist[m]) / L if len(hist[m]) == L else float("nan")
            S[m] = cfg["growthWhileFilling"] if math.isnan(mean) or math.isnan(prev_mean[m]) \
                else (mean - prev_mean[m]) / (abs(prev_mean[m]) + 1e-12)
            prev_mean[m] = mean
            diag["redreg.p." + m] = p[m]
            diag["redreg.S." + m] = S[m]
        dom = max(MODS, key=lambda m: (p[m], -MODS.index(m)))
        diag["redreg.dominant"] = MODS.index(dom)
        md = step["modalities"][dom]
        x = md["input"]
        x1 = x + noise.gaussian(x.shape, cfg["sigma"])
        x2 = x + noise.gaussian(x.shape, cfg["sigma"])
        dz = ((encode(dom, x1) - encode(dom, x2)) ** 2).sum()
        dx = ((x1 - x2) ** 2).sum()
        if cfg["redundancyMeans"]:
            dz, dx = dz / x1.shape[0] / DZ, dx / x1.size
        red = dz / (dx + 1e-12)
        if cfg["normalizeRedundancy"]:
            ema[dom] = cfg["redundancyEma"] * ema[dom] + (1 - cfg["redundancyEma"]) * red if dom in ema else red
            red = red / (ema[dom] + 1e-12)
        r = red - gamma * max(S[dom], 0)
        diag["redreg.red"], diag["redreg.r"] = red, r
        za = md["features"]
        zo = step["modalities"][[m for m in MODS if m != dom][0]]["features"]
        sim = float(np.mean((za * zo).sum(1) / (np.linalg.norm(za, axis=1) * np.linalg.norm(zo, axis=1))))
        frac = epoch / (epochs - 1) if cfg["tauSchedule"] == "epoch" else t / (epochs * steps_per_epoch)
        tau = cfg["tauMin"] + frac * (cfg["tauMax"] - cfg["tauMin"])
        diag["redreg.sim"], diag["redreg.tau"] = sim, tau
        gate = epoch >= cfg["warmupEpochs"] and r > R and sim >= tau
        diag["redreg.gate"] = 1 if gate else 0
        grads = {m: {k: v.copy() for k, v in step["modalities"][m]["gradients"].items()} for m in MODS}
        b = 0.0
        if gate:
            other = np.mean([p[m] for m in MODS if m != dom])
            b = beta if cfg["betaMode"] == "constant" else math.exp(beta * math.tanh(p[dom] - other))
            w = md["parameters"]
            d = {k: w[k] - anchors[dom][k] for k in SHAPES}
            g = md["fusedGradients"] if cfg["projectOn"] == "fused" else md["gradients"]
            if cfg["projection"] == "whole":
                coef = flat(d) @ flat(g) / (flat(g) @ flat(g) + 1e-12)
                dperp = {k: d[k] - coef * g[k] for k in SHAPES}
            else:
                dperp = {k: d[k] - (d[k].ravel() @ g[k].ravel()) / (g[k].ravel() @ g[k].ravel() + 1e-12) * g[k]
                         for k in SHAPES}
            for k in SHAPES:
                grads[dom][k] = grads[dom][k] + b * dperp[k]
            # Eq. 31 on the projection direction
            diag["check.eq31"] = float(flat({k: grads[dom][k] - md["gradients"][k] for k in SHAPES}) @ flat(g))
        diag["redreg.beta"] = b
        if cfg["anchor"] == "ema":
            rate = cfg["anchorRate"]
            for m in MODS:
                for k in SHAPES:
                    anchors[m][k] = (1 - rate) * anchors[m][k] + rate * step["modalities"][m]["parameters"][k]
        out.append({"diagnostics": diag, "gradients": {m: tolist(grads[m]) for m in MODS}})
    return out


# ---------------------------------------------------------------- InfoReg
def inforeg(cfg, steps, epochs, steps_per_epoch):
    W = cfg["traceWindow"]
    hist = {m: [0.0] * W for m in MODS}
    window = {m: True for m in MODS}
    out, epoch_ends = [], []
    for t, step in enumerate(steps):
        if t % steps_per_epoch == 0:
            start = {m: {k: v.copy() for k, v in step["modalities"][m]["parameters"].items()} for m in MODS}
            trace = {m: 0.0 for m in MODS}
        labels = np.array(step["labels"])
        score = {}
        for m in MODS:
            ms = step["modalities"][m]
            trace[m] += sum((ms["gradients"][k] ** 2).mean() for k in SHAPES if k.endswith("_W"))
            tc = true_class(ms["probabilities"], labels)
            score[m] = tc.mean() if cfg["scoreMean"] else tc.sum()
        dom = max(MODS, key=lambda m: (score[m], -MODS.index(m)))
        others = np.mean([score[m] for m in MODS if m != dom])
        if cfg["variant"] == "paper" or dom == MODS[0]:
            base = cfg["coefficient"] if window[dom] else 0.0
        else:
            base = cfg["weakCoefficient"]
        beta = base * math.exp(math.tanh(score[dom] - others))
        grads = {m: {k: v.copy() for k, v in step["modalities"][m]["gradients"].items()} for m in MODS}
        if beta > 0:
            for k in SHAPES:
                grads[dom][k] += beta * (step["modalities"][dom]["parameters"][k] - start[dom][k])
        out.append({"diagnostics": {"inforeg.dominant": MODS.index(dom), "inforeg.beta": beta},
                    "gradients": {m: tolist(grads[m]) for m in MODS}})
        if t % steps_per_epoch == steps_per_epoch - 1:
            for m in MODS:
                hist[m].append(trace[m])
                last, prev = np.mean(hist[m][-W:]), np.mean(hist[m][-2 * W:-W])
                k = 0.0 if last == 0 else (last - prev) / last
                window[m] = bool(k > cfg["threshold"])
            if cfg["variant"] == "reference-code":
                window = {m: window[MODS[0]] for m in MODS}
            epoch_ends.append({m: window[m] for m in MODS})
    return out, epoch_ends


# ---------------------------------------------------------------- OGM-GE
def ogmge(cfg, steps, seed, steps_per_epoch=2):
    noise = JavaRandom(seed * 1000003 + 41)
    out = []
    for i, step in enumerate(steps):
        if not cfg["startEpoch"] <= i // steps_per_epoch < cfg["endEpoch"]:
            out.append({"diagnostics": {}, "gradients": {m: tolist(step["modalities"][m]["gradients"]) for m in MODS}})
            continue
        labels = np.array(step["labels"])
        score = {m: true_class(step["modalities"][m]["probabilities"], labels).sum() for m in MODS}
        grads = {m: {k: v.copy() for k, v in step["modalities"][m]["gradients"].items()} for m in MODS}
        diag = {}
        for m in MODS:
            ratio = np.mean([score[m] / score[o] for o in MODS if o != m])
            coef = 1 - math.tanh(cfg["alpha"] * max(ratio, 0)) if ratio > 1 else 1.0
            diag["ogm.ratio." + m], diag["ogm.coef." + m] = ratio, coef
            noisy = cfg["ge"] and (coef < 1 or cfg["geEverywhere"])
            for k in SHAPES:
                g = grads[m][k]
                if cfg["parameters"] == "conv" and g.ndim != 4:
                    continue
                std = g.std(ddof=1) if noisy else 0.0
                g = g * coef
                if noisy:
                    g = g + noise.gaussian(g.shape, std + 1e-8)
                grads[m][k] = g
        out.append({"diagnostics": diag, "gradients": {m: tolist(grads[m]) for m in MODS}})
    return out


def serial(steps):
    return [{"labels": s["labels"], "modalities": {m: {
        "input": v["input"].tolist(), "features": v["features"].tolist(),
        "probabilities": v["probabilities"].tolist(), "parameters": tolist(v["parameters"]),
        "gradients": tolist(v["gradients"]), "fusedGradients": tolist(v["fusedGradients"])}
        for m, v in s["modalities"].items()}} for s in steps]


SEED = 5
steps = make_steps(6)
paper = {"variant": "paper", "window": 2, "gamma": 0.5, "threshold": -1.0, "beta": 0.9, "betaMode": "constant",
         "sigma": 0.03, "redundancyMeans": False, "normalizeRedundancy": False, "redundancyEma": 0.9,
         "growthWhileFilling": 0.0, "windowPerEpoch": False, "tauMin": -0.5, "tauMax": 0.5,
         "tauSchedule": "progress", "warmupEpochs": 0, "anchor": "ema", "anchorRate": 0.1,
         "projection": "whole", "projectOn": "fused"}
code = dict(paper, variant="reference-code", gamma=0.6, betaMode="adaptive", redundancyMeans=True,
            normalizeRedundancy=True, growthWhileFilling=1.0, windowPerEpoch=True, tauSchedule="epoch",
            anchor="epoch-start", projection="per-tensor", projectOn="total", threshold=0.15)
info_paper = {"variant": "paper", "coefficient": 0.95, "weakCoefficient": 0.10, "traceWindow": 2,
              "threshold": 0.05, "scoreMean": False}
info_code = dict(info_paper, variant="reference-code")
ogm = {"alpha": 0.8, "ge": True, "geEverywhere": False, "startEpoch": 0, "endEpoch": 50, "parameters": "all"}
ogm_code = dict(ogm, geEverywhere=True, parameters="conv")
ogm_conv = dict(ogm, ge=False, parameters="conv")
# ogm-tpami: the journal code's defaults, its warm-up shortened to one epoch so that the 3-epoch fixture sees both
ogm_tpami = dict(ogm, geEverywhere=True, parameters="conv", startEpoch=1, endEpoch=61)
inf_p, ends_p = inforeg(info_paper, steps, 3, 2)
inf_c, ends_c = inforeg(info_code, steps, 3, 2)
print(json.dumps({
    "seed": SEED, "epochs": 3, "stepsPerEpoch": 2, "encoders": {m: ENCODER[m].tolist() for m in MODS},
    "steps": serial(steps),
    "cases": [
        {"regulator": "redreg", "config": paper, "expected": redreg(paper, steps, SEED, 3, 2)},
        {"regulator": "redreg", "config": code, "expected": redreg(code, steps, SEED, 3, 2)},
        {"regulator": "inforeg", "config": info_paper, "expected": inf_p, "windows": ends_p},
        {"regulator": "inforeg", "config": info_code, "expected": inf_c, "windows": ends_c},
        {"regulator": "ogm-ge", "config": ogm, "expected": ogmge(ogm, steps, SEED)},
        {"regulator": "ogm-ge", "config": ogm_conv, "expected": ogmge(ogm_conv, steps, SEED)},
        {"regulator": "ogm-ge", "config": ogm_code, "expected": ogmge(ogm_code, steps, SEED)},
        {"regulator": "ogm-tpami", "config": ogm_tpami, "expected": ogmge(ogm_tpami, steps, SEED)},
    ], "baselines": baselines_reference.baselines()}))
