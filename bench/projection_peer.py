#!/usr/bin/python3
"""The Python peer of the studio's projection benchmark (bench/studio_bench.cpp --out DIR).

Reads DIR/features.f32 (the 70,000 Fashion-MNIST toy-CLIP features), DIR/pca.f32 and DIR/umap.f32 (the
studio's 2-D projections), times scikit-learn's PCA on the same features, and measures how well each
2-D projection keeps neighbourhoods: kNN recall@10 (the share of each point's 10 nearest neighbours in
feature space that are among its 10 nearest in 2-D) on a fixed sample of 2,000 query points, and
scikit-learn's trustworthiness on a 5,000-point sample. umap-learn (Debian 12's package umap-learn) runs
on the same features with the studio's parameters; its nearest-neighbour stage, pynndescent, is also
timed on its own against the studio's exact neighbours (DIR/knn_exact.f32), and scikit-learn's t-SNE
(Barnes-Hut) on a 10,000-point subset is a further neighbour-preserving peer (on all 70,000 points it
would take far longer here).
"""
import sys
import time

import numpy as np
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness
from sklearn.neighbors import NearestNeighbors


def read(path):
    with open(path, "rb") as f:
        rows, cols = np.frombuffer(f.read(16), dtype=np.int64)
        return np.frombuffer(f.read(), dtype=np.float32).reshape(rows, cols)


def recall_at_k(high, low, queries, k=10):
    nn_high = NearestNeighbors(n_neighbors=k + 1).fit(high).kneighbors(high[queries], return_distance=False)[:, 1:]
    nn_low = NearestNeighbors(n_neighbors=k + 1).fit(low).kneighbors(low[queries], return_distance=False)[:, 1:]
    return np.mean([len(set(a) & set(b)) / k for a, b in zip(nn_high, nn_low)])


def main():
    out = sys.argv[1]
    x, ours, umap = read(f"{out}/features.f32"), read(f"{out}/pca.f32"), read(f"{out}/umap.f32")
    t0 = time.perf_counter()
    theirs = PCA(n_components=2, svd_solver="full").fit_transform(x)
    seconds = time.perf_counter() - t0
    rng = np.random.default_rng(0)
    queries = rng.choice(len(x), 2000, replace=False)
    sample = rng.choice(len(x), 5000, replace=False)
    print(f"scikit-learn PCA (full SVD) on {x.shape[0]} x {x.shape[1]}: {seconds * 1000:.1f} ms")
    for name, y in (("studio PCA", ours), ("scikit-learn PCA", theirs), ("studio UMAP", umap)):
        print(f"{name:18s} kNN recall@10 {recall_at_k(x, y, queries):.4f}  "
              f"trustworthiness@10 {trustworthiness(x[sample], y[sample], n_neighbors=10):.4f}")
    # umap-learn's own first stage, pynndescent (packaged for Debian 12, unlike umap-learn itself).
    exact = read(f"{out}/knn_exact.f32").astype(np.int64)
    k = exact.shape[1]
    try:
        from pynndescent import NNDescent
        t0 = time.perf_counter()
        writable = x.copy()  # numba refuses read-only buffers
        index = NNDescent(writable, n_neighbors=k + 1, metric="euclidean", random_state=0)
        found = index.neighbor_graph[0]
        seconds = time.perf_counter() - t0
        hits = sum(len(set(exact[i]) & set(found[i][found[i] != i][:k])) for i in range(len(x)))
        print(f"pynndescent {k} nearest neighbours of all {len(x)} (first call includes numba's compile): "
              f"{seconds:.1f} s, recall@{k} {hits / exact.size:.4f} against exact")
        t0 = time.perf_counter()
        NNDescent(writable, n_neighbors=k + 1, metric="euclidean", random_state=1)
        print(f"pynndescent again (compiled): {time.perf_counter() - t0:.1f} s")
    except ImportError:
        print("pynndescent not installed (apt install python3-pynndescent): its row is left out")
    # umap-learn itself (Debian 12's python3-umap-learn, package umap-learn), with the studio's
    # parameters: 15 neighbours, min_dist 0.1, 200 epochs; random_state makes its layout single-threaded
    # and repeatable, as the studio's is. Timed twice: the first call includes numba's compilation.
    try:
        import umap
        for call in ("first call (numba compiles)", "compiled"):
            t0 = time.perf_counter()
            reference = umap.UMAP(n_neighbors=15, min_dist=0.1, n_epochs=200, random_state=0).fit_transform(x.copy())
            seconds = time.perf_counter() - t0
            print(f"umap-learn {umap.__version__} {call}: {seconds:.1f} s")
        print(f"{'umap-learn':18s} kNN recall@10 {recall_at_k(x, reference, queries):.4f}  "
              f"trustworthiness@10 {trustworthiness(x[sample], reference[sample], n_neighbors=10):.4f}")
    except ImportError:
        print("umap-learn not installed (apt install umap-learn): its rows are left out")
    from sklearn.manifold import TSNE
    sub = rng.choice(len(x), 10000, replace=False)
    t0 = time.perf_counter()
    tsne = TSNE(n_components=2, init="pca", learning_rate="auto", random_state=0).fit_transform(x[sub])
    print(f"scikit-learn t-SNE on 10,000 points: {time.perf_counter() - t0:.1f} s")
    q = np.arange(2000)
    print(f"t-SNE (10k subset)  kNN recall@10 {recall_at_k(x[sub], tsne, q):.4f}  "
          f"trustworthiness@10 {trustworthiness(x[sub][:5000], tsne[:5000], n_neighbors=10):.4f}")


if __name__ == "__main__":
    main()
