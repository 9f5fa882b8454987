"""AGM exactly as the official code trains (lihong2303/AGM_ICCV2023 @5a65542, run/CREMAD_main.py and
model/CREMAD_net.py `GradMod`), rebuilt in PyTorch on redreg's own features, to tell "the method" from "our
implementation" when AGM collapses.

What is the official code's, line for line (our own code, facts only):
  * T = train-mode forward; then net.eval(), P_v = visual zeroed (audio only), P_a = audio zeroed (visual only),
    all-zero pass (unused), net.train(); the passes keep their graphs.
  * m_a = ½(T − P_a + P_v), m_v = ½(T − P_v + P_a) pass through identity modules whose full backward hooks multiply
    the gradient by scale_a / scale_v; loss = CE(m_a + m_v).
  * s_m = mean −log softmax(m_m)[y] (floor 1e-8); ratio_a = exp(s_v − s_a); optimal_ratio_a = exp(S̄_v − S̄_a);
    coeff_a = exp(α·min(optimal_ratio_a − ratio_a, 10)) (and the same for v); then the running scores
    S̄ ← S̄·(n−1)/n + s/n with n = (epoch−1)·batches + step + 1, epoch 1-based, S̄ starting at 0.
  * inside the window the hook scales are set to the coefficients before backward.
  * if an entry of the fusion fc_out.weight gradient leaves [−1, 1]: clip_grad_norm_(all parameters, 1).
  * SGD momentum 0.9, weight decay 1e-4.

The model is redreg's av-digits model (torch_peer.py's `avdigits`: MLP audio, CNN-with-batch-norm visual, concat
head). Features come from redreg's own av-digits feature cache (train-/test-{audio,visual,labels}.npy).

Usage: python3 agm_official.py CACHE_DIR [--method agm|joint|visual] [--epochs 20] [--lr 0.01] [--seed 1]
       [--alpha 1.5] [--standardize] [--train-passes] [--trace FILE]
       (--train-passes: NOT the official code: the modality-removed passes in train mode, to isolate batch norm)   (--trace writes step, s_a, s_v, coeff_a, coeff_v, clipped per step)
"""
import argparse, math
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F


def cnn(c_in=1, side=14, width=8, depth=3, feat=32):
    layers, ch = [], width
    for _ in range(depth):
        layers += [nn.Conv2d(c_in, ch, 3, padding=1), nn.BatchNorm2d(ch), nn.ReLU()]
        if side >= 4:
            layers.append(nn.MaxPool2d(2, 2)); side //= 2
        c_in, ch = ch, ch * 2
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c_in, feat), nn.ReLU())


def mlp(n_in=32 * 51, width=64, feat=32):
    return nn.Sequential(nn.Flatten(), nn.Linear(n_in, width), nn.ReLU(), nn.Linear(width, feat), nn.ReLU())


class Net(nn.Module):
    """AVClassifier: encoders, concat, fc_out; pad_* zero the *input* (encoders still run)."""
    def __init__(s, classes, side):
        super().__init__()
        s.audio_net, s.visual_net = mlp(), cnn(side=side)
        s.fc_out = nn.Linear(64, classes)

    def forward(s, a, v, pad_audio=False, pad_visual=False, only=None):
        if pad_audio:
            a = torch.zeros_like(a)
        if pad_visual:
            v = torch.zeros_like(v)
        if only == "visual":
            return s.visual_net(v)
        return s.fc_out(torch.cat([s.audio_net(a), s.visual_net(v)], 1))


class Identity(nn.Module):
    def forward(s, x):
        return x


class GradMod(nn.Module):
    def __init__(s, net, eval_passes=True):
        super().__init__()
        s.net, s.m_a_o, s.m_v_o, s.eval_passes = net, Identity(), Identity(), eval_passes
        s.scale_a = s.scale_v = 1.0
        s.m_a_o.register_full_backward_hook(lambda m, gi, go: (gi[0].clone() * s.scale_a,))
        s.m_v_o.register_full_backward_hook(lambda m, gi, go: (gi[0].clone() * s.scale_v,))

    def forward(s, a, v):
        total = s.net(a, v)
        if s.eval_passes:  # the official code; --train-passes is a diagnostic departure
            s.net.eval()
        pad_visual = s.net(a, v, pad_visual=True)
        pad_audio = s.net(a, v, pad_audio=True)
        s.net(a, v, pad_audio=True, pad_visual=True)  # the official all-zero pass: computed, unused
        s.net.train()
        m_a = s.m_a_o(0.5 * (total - pad_audio + pad_visual))
        m_v = s.m_v_o(0.5 * (total - pad_visual + pad_audio))
        return total, pad_visual, pad_audio, m_a, m_v


def score(phi, y):
    p = F.softmax(phi, 1)[torch.arange(len(y)), y]
    return float(torch.where(p < 1e-8, torch.full_like(p, -math.log(1e-8)), -torch.log(p)).mean())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cache"); ap.add_argument("--method", default="agm"); ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--lr", type=float, default=0.01); ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--alpha", type=float, default=1.5); ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--trace"); ap.add_argument("--standardize", action="store_true")
    ap.add_argument("--train-passes", action="store_true")
    o = ap.parse_args()
    torch.manual_seed(o.seed); torch.set_num_threads(1)
    ld = lambda n: torch.from_numpy(np.load(f"{o.cache}/{n}.npy"))
    xa, xv, y = ld("train-audio").float(), ld("train-visual").float(), ld("train-labels").long()
    ta, tv, ty = ld("test-audio").float(), ld("test-visual").float(), ld("test-labels").long()
    if o.standardize:  # redreg's `standardize`: one scalar mean and std per modality, from the training split
        (ma, sa), (mv, sv) = (xa.mean(), xa.std()), (xv.mean(), xv.std())
        xa, ta, xv, tv = (xa - ma) / sa, (ta - ma) / sa, (xv - mv) / sv, (tv - mv) / sv
    classes = int(y.max()) + 1
    net = Net(classes, xv.shape[-1])
    model = GradMod(net, eval_passes=not o.train_passes)
    visual_head = nn.Linear(32, classes)
    params = list(net.parameters()) + (list(visual_head.parameters()) if o.method == "visual" else [])
    opt = torch.optim.SGD(params, lr=o.lr, momentum=0.9, weight_decay=1e-4)
    batches = math.ceil(len(y) / o.batch)
    run_a = run_v = 0.0
    trace = open(o.trace, "w") if o.trace else None
    if trace:
        trace.write("step,epoch,score.audio,score.visual,coef.audio,coef.visual,clipped\n")
    for epoch in range(1, o.epochs + 1):
        net.train()
        perm = torch.randperm(len(y))
        for step in range(batches):
            idx = perm[step * o.batch:(step + 1) * o.batch]
            a, v, lab = xa[idx], xv[idx], y[idx]
            it = (epoch - 1) * batches + step + 1
            opt.zero_grad()
            clipped = 0
            if o.method == "visual":
                F.cross_entropy(visual_head(net(a, v, only="visual")), lab).backward()
            elif o.method == "joint":
                F.cross_entropy(net(a, v), lab).backward()
            else:
                total, pv, pa, m_a, m_v = model(a, v)
                s_a, s_v = score(0.5 * (total - pa + pv), lab), score(0.5 * (total - pv + pa), lab)
                ratio_a, ratio_v = math.exp(s_v - s_a), math.exp(s_a - s_v)
                opt_a, opt_v = math.exp(run_v - run_a), math.exp(run_a - run_v)
                c_a = math.exp(o.alpha * min(opt_a - ratio_a, 10))
                c_v = math.exp(o.alpha * min(opt_v - ratio_v, 10))
                run_a = run_a * (it - 1) / it + s_a / it
                run_v = run_v * (it - 1) / it + s_v / it
                model.scale_a, model.scale_v = c_a, c_v
                F.cross_entropy(m_a + m_v, lab).backward()
                g = net.fc_out.weight.grad
                if g.max() > 1 or g.min() < -1:
                    nn.utils.clip_grad_norm_(net.parameters(), max_norm=1.0); clipped = 1
                if trace:
                    trace.write(f"{it - 1},{epoch - 1},{s_a},{s_v},{c_a},{c_v},{clipped}\n")
            opt.step()
        net.eval()
        with torch.no_grad():
            if o.method == "visual":
                acc = (visual_head(net(ta, tv, only="visual")).argmax(1) == ty).float().mean()
            else:
                acc = (net(ta, tv).argmax(1) == ty).float().mean()
                acc_v = (net(ta, tv, pad_audio=True).argmax(1) == ty).float().mean()
        extra = "" if o.method == "visual" else f"  audio-zeroed {float(acc_v):.4f}"
        print(f"epoch {epoch - 1:3d}  accuracy {float(acc):.4f}{extra}", flush=True)


if __name__ == "__main__":
    main()
