#!/usr/bin/env python3
"""Independent numpy computation of MBSD's two loss terms and their logit gradients.

Follows BalanceBenchmark's MBSD_trainer.py line by line for one pair of heads (a per-sample loop: w_i = max − min of
the true-class probabilities when either head predicts y, ps/pw = max/min, F.kl_div(ps, pw) = pw·(log pw − ps),
loss_RS = (1/K)·Σ(l_a − l_b)², both weighted by w and divided by B), averaged over the pairs for three modalities.
The gradients w.r.t. every logit are central finite differences of that scalar function (step 1e-6, in float64),
not the analytic formulas the Java code uses. Writes mbsd.json; MbsdReferenceTest must match every number to 1e-6.
Run: python3 mbsd_reference.py > mbsd.json
"""
import itertools
import json
import numpy as np

rng = np.random.default_rng(20261202)
H = 1e-6


def softmax(l):
    e = np.exp(l - l.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def pair_terms(la, lb, y):
    pa, pb = softmax(la), softmax(lb)
    n, k = la.shape
    rs = kl = 0.0
    for i in range(n):
        s, t = pa[i, y[i]], pb[i, y[i]]
        w = 0.0
        if pa[i].argmax() == y[i] or pb[i].argmax() == y[i]:
            w = max(s, t) - min(s, t)
        ps, pw = max(s, t), min(s, t)
        kl += w * pw * (np.log(pw) - ps)
        rs += w * np.sum((la[i] - lb[i]) ** 2) / k
    return rs / n, kl / n


def terms(logits, y):
    pairs = list(itertools.combinations(range(len(logits)), 2))
    rs = kl = 0.0
    for a, b in pairs:
        r, q = pair_terms(logits[a], logits[b], y)
        rs += r / len(pairs)
        kl += q / len(pairs)
    return rs, kl


def case(mods, n, k):
    y = rng.integers(0, k, size=n)
    logits = [rng.normal(scale=1.5, size=(n, k)) for _ in mods]
    # make some heads right and some wrong, so both branches of w are exercised
    logits[0][0, y[0]] += 4.0
    logits[1][1, y[1]] += 4.0
    rs, kl = terms(logits, y)
    grads = {"rs": [], "kl": []}
    for m in range(len(mods)):
        g_rs, g_kl = np.zeros((n, k)), np.zeros((n, k))
        for i in range(n):
            for j in range(k):
                plus = [l.copy() for l in logits]
                minus = [l.copy() for l in logits]
                plus[m][i, j] += H
                minus[m][i, j] -= H
                rp, kp = terms(plus, y)
                rm, km = terms(minus, y)
                g_rs[i, j] = (rp - rm) / (2 * H)
                g_kl[i, j] = (kp - km) / (2 * H)
        grads["rs"].append(g_rs.tolist())
        grads["kl"].append(g_kl.tolist())
    return {
        "modalities": mods,
        "labels": y.tolist(),
        "logits": {m: l.tolist() for m, l in zip(mods, logits)},
        "rs": rs,
        "kl": kl,
        "rsGradients": {m: g for m, g in zip(mods, grads["rs"])},
        "klGradients": {m: g for m, g in zip(mods, grads["kl"])},
    }


print(json.dumps({"cases": [case(["audio", "visual"], 6, 4), case(["audio", "visual", "text"], 5, 3)]}))
