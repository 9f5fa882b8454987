"""Independent reference for RegressionMetricsTest and RegressionLossTest: numpy, written from MMSA's
__eval_mosi_regression and MulT's eval_mosei_senti (not from the Java code).

Writes regression_metrics.json: scores s, targets t and the expected metrics and loss gradients.
Run: python3 regression_metrics.py  (from this folder)
"""
import json
import numpy as np

rng = np.random.default_rng(19)
n = 40
t = np.round(rng.uniform(-3, 3, n) * 5) / 5            # MOSI-like scores, a step of 0.2
t[:4] = [0.0, 0.0, 2.5, -0.5]                           # zeros (Acc-2 variants) and halves (round half to even)
s = t + rng.normal(0, 0.9, n)
s[:6] = [0.3, -0.2, 1.5, -1.5, 3.7, -4.2]               # halves and out-of-range scores (clipped for Acc-7)

mae = np.mean(np.abs(s - t))
mse = np.mean((s - t) ** 2)
corr = np.corrcoef(s, t)[0][1]
acc2 = np.mean((s >= 0) == (t >= 0))                    # MMSA Has0_acc_2
nz = t != 0
acc2nz = np.mean((s[nz] > 0) == (t[nz] > 0))            # MulT / MMSA Non0_acc_2
acc7 = np.mean(np.round(np.clip(s, -3, 3)) == np.round(np.clip(t, -3, 3)))   # MulT mult_a7

# the losses' logit gradients on a [B, 1] score (torch's MSELoss and L1Loss, mean over the batch)
mse_grad = 2 * (s - t) / n
l1_grad = np.sign(s - t) / n

json.dump({"scores": s.tolist(), "targets": t.tolist(), "mae": mae, "mse": mse, "pearson": corr, "acc2": acc2,
           "acc2nonzero": acc2nz, "acc7": acc7, "mseLoss": mse, "l1Loss": mae, "mseGradient": mse_grad.tolist(),
           "l1Gradient": l1_grad.tolist()}, open("regression_metrics.json", "w"), indent=1)
print({k: v for k, v in dict(mae=mae, mse=mse, pearson=corr, acc2=acc2, acc2nonzero=acc2nz, acc7=acc7).items()})
