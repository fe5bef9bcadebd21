"""mcda.smaa against a slow reference: a plain loop over the same weight samples."""

import numpy as np
import pytest

from mcda import methods, registry, sampling
from mcda.normalization import normalize
from mcda.smaa import linear_meta_weights, smaa, smaa_from_weights


def _reference(R, W, lift):
    """SMAA-2 by definition, one weight vector at a time with mcda.methods."""
    n = R.shape[0]
    counts = np.zeros((n, n), dtype=int)
    wins = np.zeros((n, n), dtype=int)
    wsum = np.zeros((n, W.shape[1]))
    all_ranks = []
    for w in W:
        s = methods.topsis(R, w @ lift)
        r = methods.rank(s)
        all_ranks.append(r)
        for i in range(n):
            counts[i, r[i] - 1] += 1
            if r[i] == 1:
                wsum[i] += w
            for j in range(n):
                wins[i, j] += int(r[i] < r[j])
    central = np.full_like(wsum, np.nan)
    has = counts[:, 0] > 0
    central[has] = wsum[has] / counts[has, :1]
    conf = np.full(n, np.nan)
    for i in np.flatnonzero(has):
        conf[i] = float(methods.rank(methods.topsis(R, central[i] @ lift))[i] == 1)
    return counts, wins, central, conf, np.array(all_ranks)


@pytest.fixture(scope="module")
def case():
    rng = np.random.default_rng(5)
    raw = rng.lognormal(0, 0.6, (7, 5))
    R = normalize(raw, np.array([1, 1, -1, 1, -1]), "vector")
    lift = np.array([[0.5, 0.5, 0, 0, 0], [0, 0, 1.0, 0, 0], [0, 0, 0, 0.25, 0.75]])
    W = sampling.uniform(3000, np.random.default_rng(9), 3)
    return R, lift, W, _reference(R, W, lift)


def test_counts_and_statistics_equal_the_reference(case):
    R, lift, W, (counts, wins, central, conf, ranks) = case
    blocks = [W[:1000], W[1000:1001], W[1001:]]  # chunking must not matter
    res = smaa_from_weights(registry.scorer("topsis", R, lift=lift), blocks)
    assert res.samples == len(W)
    assert np.array_equal(res.rank_counts, counts)
    assert np.array_equal(res.win_counts, wins)
    assert np.allclose(res.central_weights, central, atol=1e-12, equal_nan=True)
    assert np.array_equal(res.confidence, conf, equal_nan=True)
    for q in (0.05, 0.5, 0.95):
        ref = np.quantile(ranks, q, axis=0, method="inverted_cdf")
        assert np.array_equal(res.rank_quantile(q), ref)
    n = R.shape[0]
    alpha = (n - np.arange(1, n + 1)) / (n - 1)
    assert np.allclose(res.holistic(), (counts / len(W)) @ alpha)
    assert np.allclose(res.p_top(2), (ranks <= 2).mean(axis=0))
    assert np.allclose(res.acceptability.sum(axis=1), 1.0)
    off = ~np.eye(len(R), dtype=bool)  # no ties with continuous weights
    assert np.allclose((res.winning + res.winning.T)[off], 1.0)


def test_sampled_run_is_reproducible_and_chunk_independent(case):
    R, lift, _, _ = case
    fn = registry.scorer("topsis", R, lift=lift)
    s = sampling.uniform_sampler(3)
    a = smaa(fn, s, 5000, np.random.default_rng(1), chunk=700)
    b = smaa(fn, s, 5000, np.random.default_rng(1), chunk=700)
    assert np.array_equal(a.rank_counts, b.rank_counts) and a.samples == 5000
    rng = np.random.default_rng(1)  # the same draws in the same order, passed explicitly
    W = np.vstack([s(1, rng)] + [s(min(700, 5000 - i), rng) for i in range(1, 5000, 700)])
    c = smaa_from_weights(fn, [W])
    assert np.array_equal(a.rank_counts, c.rank_counts)
    assert np.allclose(a.central_weights, c.central_weights, equal_nan=True)


def test_ties_share_the_better_rank():
    R = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])  # units 0 and 1 identical
    res = smaa_from_weights(registry.scorer("wsm", R), [np.array([[0.9, 0.1], [0.2, 0.8]])])
    assert res.rank_counts.tolist() == [[1, 1, 0], [1, 1, 0], [1, 0, 1]]
    assert res.win_counts[0, 1] == 0 and res.win_counts[1, 0] == 0


def test_meta_weights_and_quantile_checks():
    assert linear_meta_weights(3).tolist() == [1.0, 0.5, 0.0]
    res = smaa_from_weights(registry.scorer("wsm", np.eye(2)), [np.array([[0.6, 0.4]])])
    with pytest.raises(ValueError):
        res.rank_quantile(0.0)
