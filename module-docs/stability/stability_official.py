"""OGM-GE and MMPareto as their official code trains, rebuilt in PyTorch on redreg's own av-digits features and
model (agm_official.py's Net: MLP audio, CNN-with-batch-norm visual, concat head), to tell whether their
instability at av-digits' shared lr 0.05 is the method or redreg's implementation (issue 21).

Official formulas (our own code; facts only):
  * OGM-GE (GeWu-Lab/OGM-GE_CVPR2022 @343dc1d): loss = CE(fused) only. Unimodal logits by splitting the concat head,
    out_a = W[:, :d]·a + b/2, out_v = W[:, d:]·v + b/2; score_m = Σ_batch softmax(out_m)[y]; ratio_v = s_v / s_a;
    ratio_v > 1: coeff_v = 1 − tanh(α·relu(ratio_v)), coeff_a = 1; else coeff_a = 1 − tanh(α·relu(1/ratio_v)),
    coeff_v = 1. For every 4-D (convolution) gradient of either encoder: g ← g·coeff + N(0, std(g) + 1e-8).
    α 0.8, modulation epochs 0–50.
  * MMPareto (GeWu-Lab/MMPareto_ICML2024 @a339db3): separate unimodal heads, L_mm = CE(fused), L_a, L_v; per encoder
    the gradients of L_mm and of its own L_u; cos > 0: (½, ½), else the two-task min-norm weights (edge rules 0.999 /
    0.001); then a backward of L_mm + L_a + L_v, and per encoder tensor: new = 2(k1·g_mm + k2·g_u), rescaled up to
    ‖base‖ if smaller, grad ← γ·new, γ = 1.5.
  * InfoReg (GeWu-Lab/InfoReg_CVPR2025 @939b2ed): loss = CE(fused) + CE(out_a) + CE(out_v) with the head-split
    unimodal logits; per epoch the audio encoder's Fisher trace Σ_layers mean(g²) of its conv/linear weights summed
    over the steps, history pre-padded with 10 zeros, k = (mean(last 10) − mean(previous 10)) / mean(last 10), the
    window open while k > 0.05 (epoch 0 open; the audio trace decides for both); score_m = Σ_batch softmax(out_m)[y];
    s_a > s_v inside the window: grad_a += 0.95·exp(tanh(s_a − s_v))·(w_a − w_a at epoch start); s_v > s_a:
    grad_v += 0.10·exp(tanh(s_v − s_a))·(w_v − w_v at epoch start).
All with SGD momentum 0.9, weight decay 1e-4, batch 64, no LR steps (the shared schedule).

Usage: python3 stability_official.py CACHE_DIR --method joint|ogm-ge|mmpareto|inforeg [--lr 0.05] [--epochs 20] [--seed 1]
"""
import argparse, math, pathlib, sys
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from agm_official import Net  # noqa: E402


def min_norm_2(v1v1, v1v2, v2v2):
    """Weight on v1 of the min-norm point of the segment [v1, v2] (MGDA's two-task solver, with its edge rules)."""
    if v1v2 >= v1v1:
        return 0.999
    if v1v2 >= v2v2:
        return 0.001
    return -1.0 * ((v1v2 - v2v2) / (v1v1 + v2v2 - 2 * v1v2))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cache"); ap.add_argument("--method", default="joint")
    ap.add_argument("--lr", type=float, default=0.05); ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1); ap.add_argument("--alpha", type=float, default=0.8)
    o = ap.parse_args()
    torch.manual_seed(o.seed); torch.set_num_threads(1)
    ld = lambda n: torch.from_numpy(np.load(f"{o.cache}/{n}.npy"))
    xa, xv, y = ld("train-audio").float(), ld("train-visual").float(), ld("train-labels").long()
    ta, tv, ty = ld("test-audio").float(), ld("test-visual").float(), ld("test-labels").long()
    K = int(y.max()) + 1
    net = Net(K, xv.shape[-1])
    head_a, head_v = nn.Linear(32, K), nn.Linear(32, K)
    params = list(net.parameters()) + (list(head_a.parameters()) + list(head_v.parameters())
                                       if o.method == "mmpareto" else [])
    opt = torch.optim.SGD(params, lr=o.lr, momentum=0.9, weight_decay=1e-4)
    enc = {"a": list(net.audio_net.parameters()), "v": list(net.visual_net.parameters())}
    batches = math.ceil(len(y) / 64)
    history, window = [0.0] * 10, True
    for epoch in range(o.epochs):
        net.train()
        start = {m: [p.detach().clone() for p in enc[m]] for m in enc}
        trace = 0.0
        perm = torch.randperm(len(y))
        coeffs, nonfinite = [], False
        for step in range(batches):
            idx = perm[step * 64:(step + 1) * 64]
            a, v, lab = xa[idx], xv[idx], y[idx]
            opt.zero_grad()
            za, zv = net.audio_net(a), net.visual_net(v)
            out = net.fc_out(torch.cat([za, zv], 1))
            loss = F.cross_entropy(out, lab)
            if o.method == "joint":
                loss.backward()
            elif o.method == "ogm-ge":
                loss.backward()
                W, b, d = net.fc_out.weight, net.fc_out.bias, za.shape[1]
                with torch.no_grad():
                    out_a, out_v = za @ W[:, :d].T + b / 2, zv @ W[:, d:].T + b / 2
                    s_a = F.softmax(out_a, 1)[torch.arange(len(lab)), lab].sum()
                    s_v = F.softmax(out_v, 1)[torch.arange(len(lab)), lab].sum()
                    ratio_v = float(s_v / s_a)
                    if ratio_v > 1:
                        c_a, c_v = 1.0, 1 - math.tanh(o.alpha * max(ratio_v, 0))
                    else:
                        c_a, c_v = 1 - math.tanh(o.alpha * max(1 / ratio_v, 0)), 1.0
                    coeffs.append(min(c_a, c_v))
                    if epoch < 50:
                        for m, c in (("a", c_a), ("v", c_v)):
                            for p in enc[m]:
                                if p.grad is not None and p.grad.dim() == 4:
                                    p.grad = p.grad * c + torch.zeros_like(p.grad).normal_(0, p.grad.std().item() + 1e-8)
            elif o.method == "inforeg":
                W, b, d = net.fc_out.weight, net.fc_out.bias, za.shape[1]
                out_a, out_v = za @ W[:, :d].T + b / 2, zv @ W[:, d:].T + b / 2
                (loss + F.cross_entropy(out_a, lab) + F.cross_entropy(out_v, lab)).backward()
                with torch.no_grad():
                    trace += sum(float((p.grad ** 2).mean()) for p in enc["a"] if p.dim() >= 2)
                    s_a = float(F.softmax(out_a, 1)[torch.arange(len(lab)), lab].sum())
                    s_v = float(F.softmax(out_v, 1)[torch.arange(len(lab)), lab].sum())
                    beta, m = 0.0, None
                    if s_a > s_v and window:
                        beta, m = 0.95 * math.exp(math.tanh(s_a - s_v)), "a"
                    elif s_v > s_a:
                        beta, m = 0.10 * math.exp(math.tanh(s_v - s_a)), "v"
                    coeffs.append(beta)
                    if m is not None:
                        for p, w0 in zip(enc[m], start[m]):
                            p.grad += beta * (p - w0)
            else:  # mmpareto
                l_a, l_v = F.cross_entropy(head_a(za), lab), F.cross_entropy(head_v(zv), lab)
                g_mm = {m: torch.autograd.grad(loss, enc[m], retain_graph=True) for m in enc}
                g_u = {"a": torch.autograd.grad(l_a, enc["a"], retain_graph=True),
                       "v": torch.autograd.grad(l_v, enc["v"], retain_graph=True)}
                k = {}
                for m in enc:
                    f1 = torch.cat([g.flatten() for g in g_mm[m]]); f2 = torch.cat([g.flatten() for g in g_u[m]])
                    cos = float(f1 @ f2 / (f1.norm() * f2.norm() + 1e-30))
                    if cos > 0:
                        k[m] = (0.5, 0.5)
                    else:
                        c = min_norm_2(float(f1 @ f1), float(f1 @ f2), float(f2 @ f2))
                        k[m] = (c, 1 - c)
                coeffs.append(min(k["a"][0], k["v"][0]))
                (loss + l_a + l_v).backward()
                with torch.no_grad():
                    for m in enc:
                        for p, gm, gu in zip(enc[m], g_mm[m], g_u[m]):
                            new = 2 * (k[m][0] * gm + k[m][1] * gu)
                            if p.grad.norm() > new.norm():
                                new = new * p.grad.norm() / (new.norm() + 1e-30)
                            p.grad = 1.5 * new
            if not math.isfinite(loss.item()):
                nonfinite = True
            opt.step()
        if o.method == "inforeg":
            history.append(trace)
            last, prev = sum(history[-10:]) / 10, sum(history[-20:-10]) / 10
            window = last != 0 and (last - prev) / last > 0.05
        net.eval()
        with torch.no_grad():
            acc = float((net(ta, tv).argmax(1) == ty).float().mean())
        if o.method == "inforeg":
            extra = f"  beta mean {sum(coeffs) / len(coeffs):.3f}  window next epoch {window}"
        else:
            extra = f"  min coefficient {min(coeffs):.3f} mean {sum(coeffs) / len(coeffs):.3f}" if coeffs else ""
        print(f"epoch {epoch:3d}  loss {loss.item():.4f}  accuracy {acc:.4f}{extra}{'  NON-FINITE' if nonfinite else ''}",
              flush=True)


if __name__ == "__main__":
    main()
