#!/usr/bin/env python3
"""Independent numpy computation of the shared-head fusion's evaluation rules (MLA's test-time fusion).

Per sample i and modality m: l_m = z_m W^T + b; entropy e_m = -sum_k p log p of softmax(l_m) (over the classes of
that one sample, as the paper's Eq. and not the official code's softmax over the batch); gate
lambda_m = exp(max_m' e_m' - e_m) / sum_m'' exp(max e - e_m''); output sum_m lambda_m l_m. The mean rule: the average
of l_m. Writes shared_head.json; SharedHeadFusionTest must match to 1e-9 (double).
Run: python3 shared_head_reference.py > shared_head.json
"""
import json
import numpy as np

rng = np.random.default_rng(20261204)


def case(m, n, d, k):
    W = rng.normal(size=(k, d))
    b = rng.normal(size=(1, k))
    z = [rng.normal(size=(n, d)) * (1 + j) for j in range(m)]
    logits = [zi @ W.T + b for zi in z]
    ent = []
    for l in logits:
        p = np.exp(l - l.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        ent.append(-(p * np.log(p)).sum(axis=1))
    ent = np.stack(ent)                      # [m, n]
    gate = np.exp(ent.max(axis=0) - ent)
    gate /= gate.sum(axis=0)
    entropy_out = sum(gate[j][:, None] * logits[j] for j in range(m))
    mean_out = sum(logits) / m
    return {"W": W.tolist(), "b": b.tolist(), "features": [zi.tolist() for zi in z],
            "entropy": entropy_out.tolist(), "mean": mean_out.tolist(), "gates": gate.tolist()}


print(json.dumps({"cases": [case(2, 5, 4, 3), case(3, 4, 4, 5)]}))
