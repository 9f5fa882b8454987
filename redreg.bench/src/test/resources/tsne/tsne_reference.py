"""Reference values for TsneTest, from scikit-learn's own exact t-SNE functions on a small fixed input.

Run from this folder (Debian: apt-get install python3-sklearn):  /usr/bin/python3 tsne_reference.py > tsne_reference.txt

t-SNE is chaotic: a 1e-9 change of the start moves the final embedding of this very input by more than its size, so
the final coordinates of two correct implementations cannot be compared. What is compared instead: the joint
probabilities P, KL(P||Q) and its gradient at a spread-out point, and the first 10 iterations of the exploration
phase (early exaggeration 12, momentum 0.5, gains): a 1e-12 change of the start grows 17-fold by iteration 10,
to 2e-7 by iteration 20 and to the whole embedding by iteration 40.
Input: 3 Gaussian blobs of 12 points in 6 dimensions from numpy's RandomState(7); starts from RandomState(11).
"""
import numpy as np
import sklearn
from sklearn.manifold import _t_sne
from sklearn.metrics import pairwise_distances

rs = np.random.RandomState(7)
centers = rs.normal(0, 4, size=(3, 6))
x = np.vstack([c + rs.normal(0, 1, size=(12, 6)) for c in centers])
n = x.shape[0]
start = np.random.RandomState(11).normal(0, 1, size=(n, 2))
perplexity = 8.0

P = _t_sne._joint_probabilities(pairwise_distances(x, squared=True), perplexity, 0)
kl, grad = _t_sne._kl_divergence(start.ravel(), P, 1, n, 2)
lr = max(n / 12.0 / 4, 50)
y, _, _ = _t_sne._gradient_descent(_t_sne._kl_divergence, (start * 1e-2).ravel(), it=0, n_iter=10, n_iter_check=50,
                                   momentum=0.5, learning_rate=lr, n_iter_without_progress=250,
                                   args=[P * 12.0, 1, n, 2])
print("# scikit-learn", sklearn.__version__, "perplexity", perplexity)
fmt = lambda v: " ".join(repr(float(a)) for a in v)
for row in x:
    print("x", fmt(row))
for row in start:
    print("start", fmt(row))
print("p", fmt(P))
print("kl", repr(float(kl)))
print("grad", fmt(grad))
print("y10", fmt(y))
