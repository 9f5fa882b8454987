#!/usr/bin/env python3
"""Independent numpy computation of sample-level modality valuation for one step.

Given the fused logits of every coalition (eval mode; the full coalition included) and of each single-modality
train-mode pass, computes per sample: the coalition values v(S) = |S|·[argmax = y] (official: 1 per modality, 2 for
both), the Shapley contributions by averaging marginal gains over all M! orderings (not the subset formula the Java
code uses), the copies by the official if/elif chain of AV_KS_Dataset_sample_level, and the gradient
d/dlogits = copies·(softmax − onehot)/B of each single-modality pass. Writes valuation.json; ValuationTest must
reproduce every number to 1e-6. Run: python3 valuation_reference.py > valuation.json
"""
import itertools
import json
import math
import numpy as np

rng = np.random.default_rng(20261203)


def softmax(l):
    e = np.exp(l - l.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def copies(c):
    if 0.4 < c < 0.9:
        return 1
    elif -0.1 < c < 0.4:
        return 2
    elif c < -0.1:
        return 3
    return 0


def case(mods, n, k):
    m = len(mods)
    y = rng.integers(0, k, size=n)
    coalitions = {}
    for size in range(1, m + 1):
        for s in itertools.combinations(range(m), size):
            logits = rng.normal(size=(n, k))
            # bias some predictions towards the truth so every branch of the rule is hit
            right = rng.random(n) < 0.55
            logits[right, y[right]] += 3.0
            coalitions[frozenset(s)] = logits

    def value(s, i):
        if not s:
            return 0.0
        return float(len(s)) if coalitions[frozenset(s)][i].argmax() == y[i] else 0.0

    phi = np.zeros((m, n))
    for i in range(n):
        for order in itertools.permutations(range(m)):
            have = set()
            for j in order:
                phi[j, i] += (value(have | {j}, i) - value(have, i)) / math.factorial(m)
                have.add(j)
    count = np.vectorize(copies)(phi)
    train = {j: rng.normal(size=(n, k)) for j in range(m)}
    grads = {}
    for j in range(m):
        if count[j].sum() > 0:
            onehot = np.eye(k)[y]
            grads[mods[j]] = (count[j][:, None] * (softmax(train[j]) - onehot) / n).tolist()
    return {
        "modalities": mods,
        "labels": y.tolist(),
        # keyed by the bitmask over the modality order
        "eval": {str(sum(1 << j for j in s)): l.tolist() for s, l in coalitions.items()},
        "train": {mods[j]: train[j].tolist() for j in range(m)},
        "contribution": {mods[j]: phi[j].mean() for j in range(m)},
        "copies": {mods[j]: count[j].mean() for j in range(m)},
        "gradients": grads,
    }


print(json.dumps({"cases": [case(["audio", "visual"], 12, 3), case(["audio", "visual", "text"], 10, 3)]}))
