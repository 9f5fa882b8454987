#!/usr/bin/env python3
"""Independent numpy computation of Greedy's conditional-learning-speed statistic and curation window.

For a fixed sequence of steps (epoch, and per modality the gradients and values of its bypass group and of its
main group), computes what the official Bias_Mitigation_Strong callback computes after every backward:
A_byp[m] += Σ‖g‖²/Σ‖θ‖² over the bypass group, A_main[m] likewise (both skipped while re-balancing),
BDR_m = log10(A_byp[m]/A_main[m]), d = BDR_0 − BDR_1, the decision |d| > ε → re-balance modality 0 if d > 0
else 1 for the next `window` forwards, and no re-balancing before `starting_epoch`.
Writes greedy.json; the Java test (GreedyReferenceTest) must reproduce every number to 1e-6.
Run: python3 greedy_reference.py > greedy.json
"""
import json
import math
import numpy as np

rng = np.random.default_rng(20261201)
SHAPES = {"bypass": [(3, 2), (1, 2), (2, 3)], "main": [(4, 3), (1, 3), (2, 4), (1, 2)]}


def group(scale):
    values = [rng.normal(size=s) for s in SHAPES_CUR]
    grads = [scale * rng.normal(size=s) for s in SHAPES_CUR]
    return values, grads


def make_steps(n, epochs):
    global SHAPES_CUR
    steps = []
    for t in range(n):
        step = {"epoch": epochs[t], "modalities": []}
        for m in range(2):
            entry = {}
            for g in ["bypass", "main"]:
                SHAPES_CUR = SHAPES[g]
                # modality 1's bypass learns relatively faster in the first half, modality 0's in the second
                early = t < n // 2
                scale = 0.3 + 0.1 * m if g == "main" else 0.2 * ((2.5 if early else 0.4) if m == 1 else (1 if early else 6))
                values, grads = group(scale * (1 + 0.3 * math.sin(t + m)))
                entry[g] = {"values": [v.tolist() for v in values], "grads": [x.tolist() for x in grads]}
            step["modalities"].append(entry)
        steps.append(step)
    return steps


def speed(grads, values):
    return sum((np.asarray(x) ** 2).sum() for x in grads) / sum((np.asarray(v) ** 2).sum() for v in values)


def run(config, steps):
    eps, window, start = config["epsilon"], config["window"], config["startingEpoch"]
    a_byp, a_main = [0.0, 0.0], [0.0, 0.0]
    curating, caring, cstep = False, -1, 0
    out = []
    for s in steps:
        unlocked = s["epoch"] >= start
        record = {}
        if not unlocked or not curating:
            sp = [[speed(s["modalities"][m][g]["grads"], s["modalities"][m][g]["values"]) for g in ["bypass", "main"]]
                  for m in range(2)]
            record["bypassSpeed"] = [sp[0][0], sp[1][0]]
            record["mainSpeed"] = [sp[0][1], sp[1][1]]
            for m in range(2):
                a_byp[m] += sp[m][0]
                a_main[m] += sp[m][1]
            if not unlocked:
                curating, caring = False, -1
            else:
                d = math.log10(a_byp[0] / a_main[0]) - math.log10(a_byp[1] / a_main[1])
                if abs(d) > eps:
                    curating, caring, cstep = True, (0 if d > 0 else 1), 0
        else:
            cstep += 1
            if cstep >= window:
                curating, caring = False, -1
        bdr = [math.log10(a_byp[m] / a_main[m]) for m in range(2)]
        record.update({"bdr": bdr, "d": bdr[0] - bdr[1], "next": caring if curating else -1})
        out.append(record)
    return out


epochs = [0, 0, 0, 1, 1, 1] + [2] * 14
steps = make_steps(len(epochs), epochs)
cases = []
for config in [{"epsilon": 0.01, "window": 5, "startingEpoch": 2}, {"epsilon": 0.2, "window": 2, "startingEpoch": 1}]:
    cases.append({"config": config, "expected": run(config, steps)})
print(json.dumps({"steps": steps, "cases": cases}, indent=1))
