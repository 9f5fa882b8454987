#!/usr/bin/env python3
"""Independent numpy computation of MLA's gradient modification of the shared head (GSPlugin.before_update).

Follows the official utils/utils.py line by line: lamda = batch_index/len_dataloader + 1, alpha = 1.0 * 0.1**lamda;
if the update counter is not 0: r = mean of the batch's features (1 x d), k = Pl r^T, Pl <- Pl - k k^T/(alpha + r k),
Pl <- Pl / ||Pl||_F, and the head's weight gradient becomes grad Pl^T (the code's `w.grad.data = ...`; "add" is
BalanceBenchmark's grad + grad Pl^T). The counter counts every unimodal update. Writes mla.json; MlaTest must match
to 1e-9 (double). Run: python3 mla_reference.py > mla.json
"""
import json
import numpy as np

rng = np.random.default_rng(20261205)


def run(steps, d, k, n):
    P = np.eye(d)
    count = 0
    out = []
    for s in steps:
        z = rng.normal(size=(n, d))
        g = rng.normal(size=(k, d))
        lamda = s["batch"] / s["batches"] + 1
        alpha = 1.0 * 0.1 ** lamda
        rec = {"batch": s["batch"], "batches": s["batches"], "features": z.tolist(), "gradient": g.tolist()}
        if count != 0:
            r = z.mean(axis=0, keepdims=True)
            kk = P @ r.T
            P = P - (kk @ kk.T) / (alpha + (r @ kk).item())
            P = P / np.linalg.norm(P, "fro")
            rec["replace"] = (g @ P.T).tolist()
            rec["add"] = (g + g @ P.T).tolist()
        else:
            rec["replace"] = g.tolist()
            rec["add"] = g.tolist()
        rec["projector"] = P.tolist()
        count += 1
        out.append(rec)
    return out


# two modalities: phases (audio, visual) of batches 0, 1, 2 of 3
steps = [{"batch": b, "batches": 3} for b in range(3) for _ in range(2)]
print(json.dumps({"d": 4, "steps": run(steps, 4, 3, 6)}))
