"""Checks that redreg's formulation of AGM's gradient — one backward of κ_T·CE(T) plus, for each modality-removed
pass S, the pass back-propagated with upstream κ_S·g (g = dCE/dT at T) — equals the official code's gradient (the
identity modules with backward hooks scaling the gradient of m_a and m_v by c_a and c_v), on a model with batch
norm and eval-mode passes, for several coefficient pairs. Prints the worst relative difference over all parameters.
Usage: python3 agm_kappa_check.py
"""
import copy, torch, torch.nn as nn, torch.nn.functional as F
import sys, pathlib

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import agm_official
mod = vars(agm_official)

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
worst = 0.0
for c_a, c_v in [(1.0, 1.0), (3.7, 0.02), (0.3, 2.5)]:
    net = mod["Net"](10, 14)
    for _ in range(3):  # running statistics away from their initial values
        net(torch.randn(16, 1, 32, 51), torch.randn(16, 1, 14, 14))
    a, v, y = torch.randn(16, 1, 32, 51), torch.randn(16, 1, 14, 14), torch.randint(0, 10, (16,))
    twin = copy.deepcopy(net)
    # the official code
    gm = mod["GradMod"](net)
    gm.scale_a, gm.scale_v = c_a, c_v
    total, pv, pa, m_a, m_v = gm(a, v)
    F.cross_entropy(m_a + m_v, y).backward()
    official = {n: p.grad.clone() for n, p in net.named_parameters()}
    # redreg's κ formulation
    T = twin(a, v)
    g = torch.autograd.grad(F.cross_entropy(T, y), T, retain_graph=True)[0]
    twin.eval()
    Pv, Pa = twin(a, v, pad_visual=True), twin(a, v, pad_audio=True)  # audio only, visual only
    twin.train()
    k_T, k_Pa, k_Pv = (c_a + c_v) / 2, (c_v - c_a) / 2, (c_a - c_v) / 2
    (k_T * F.cross_entropy(T, y) + (k_Pa * g * Pa).sum() + (k_Pv * g * Pv).sum()).backward()
    for n, p in twin.named_parameters():
        d = (p.grad - official[n]).abs().max() / (official[n].abs().max() + 1e-30)
        worst = max(worst, float(d))
print(f"worst relative difference, official hooks vs κ formulation: {worst:.2e}")
assert worst < 1e-10
