"""mcda.sampling: valid weight vectors, reproducible, uniform where they claim to be."""

import numpy as np
import pytest
from scipy import stats

from mcda import sampling


def _valid(W, m):
    assert W.shape[1] == m
    assert (W >= 0).all()
    assert np.allclose(W.sum(axis=1), 1.0)


@pytest.mark.parametrize("m", [2, 4, 12])
def test_uniform_simplex_marginals_are_beta(m):
    W = sampling.uniform(20_000, np.random.default_rng(7), m)
    _valid(W, m)
    assert np.allclose(W.mean(axis=0), 1 / m, atol=0.01)
    assert stats.kstest(W[:, 0], stats.beta(1, m - 1).cdf).pvalue > 1e-3


def test_samplers_are_reproducible_with_a_seed():
    w = np.array([0.1, 0.2, 0.3, 0.4])
    for s in (sampling.uniform_sampler(4), sampling.around_sampler(w, 0.3),
              sampling.ordinal_sampler(4, [(0, 1), (2, 3)])):
        a = s(100, np.random.default_rng(3))
        b = s(100, np.random.default_rng(3))
        assert np.array_equal(a, b)
        assert not np.array_equal(a, s(100, np.random.default_rng(4)))


def test_around_stays_within_the_documented_band_and_keeps_zeros():
    w = np.array([0.5, 0.3, 0.2, 0.0])
    s = 0.2
    W = sampling.around(10_000, np.random.default_rng(1), w, s)
    _valid(W, 4)
    assert (W[:, 3] == 0).all()
    rel = W[:, :3] / w[:3] - 1
    assert rel.min() >= (1 - s) / (1 + s) - 1 - 1e-12
    assert rel.max() <= (1 + s) / (1 - s) - 1 + 1e-12
    assert np.allclose(W.mean(axis=0), w, atol=0.01)
    with pytest.raises(ValueError):
        sampling.around_sampler(w, 1.5)


def test_ordinal_constraints_hold_and_match_rejection_sampling():
    cons = [(1, 3), (0, 2), (1, 0)]
    rng = np.random.default_rng(11)
    W = sampling.ordinal(30_000, rng, 4, cons)
    _valid(W, 4)
    for i, j in cons:
        assert (W[:, i] >= W[:, j]).all()
    U = sampling.uniform(400_000, rng, 4)
    keep = np.all([U[:, i] >= U[:, j] for i, j in cons], axis=0)
    ref = U[keep]
    assert np.allclose(W.mean(axis=0), ref.mean(axis=0), atol=0.005)
    for c in range(4):  # same distribution as the exact (rejection) sampler
        assert stats.ks_2samp(W[:, c], ref[:, c]).pvalue > 1e-3


def test_total_order_by_sorting():
    W = sampling.ordinal(1000, np.random.default_rng(2), 5, [(i, i + 1) for i in range(4)])
    assert (np.diff(W, axis=1) <= 0).all()


@pytest.mark.parametrize("cons", [[(0, 1), (1, 0)], [(0, 1), (1, 2), (2, 0)], [(0, 0)],
                                  [(0, 7)]])
def test_bad_constraints_are_refused(cons):
    with pytest.raises(ValueError):
        sampling.ordinal_sampler(3, cons)
