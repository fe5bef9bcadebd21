"""mcda.stability: intervals against a brute-force fine grid."""

import numpy as np
import pytest

from mcda import registry, stability
from mcda.normalization import normalize


def _case(seed, n=8, m=4):
    rng = np.random.default_rng(seed)
    R = normalize(rng.lognormal(0, 0.7, (n, m)), np.ones(m, dtype=int), "vector")
    return R, rng.dirichlet(np.ones(m) * 3)


def _holds(fn, w, c, pairs, t):
    u = fn(stability.weight_path(w, c, t))
    return (u[:, pairs[:, 0]] - u[:, pairs[:, 1]]).min(axis=1) >= 0


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("method", ["topsis", "wsm", "vikor", "promethee2"])
@pytest.mark.parametrize("k", [1, 3])
def test_interval_matches_a_fine_grid(seed, method, k):
    R, w = _case(seed)
    fn = registry.scorer(method, R)
    pairs = stability.top_k_pairs(fn(w[None, :])[0], k)
    linear = method in ("wsm", "promethee2")
    t = np.linspace(0, 1, 20_001)
    for c in range(len(w)):
        iv = stability.stability_interval(fn, w, c, pairs, linear=linear)
        assert iv.lo <= w[c] <= iv.hi
        ok = _holds(fn, w, c, pairs, t)
        inside = (t >= iv.lo + 1e-5) & (t <= iv.hi - 1e-5)
        assert ok[inside].all()
        # just beyond an end that is not 0 or 1 the outcome has changed
        if iv.lo > 1e-5:
            assert not _holds(fn, w, c, pairs, np.array([iv.lo - 2e-5]))[0]
        if iv.hi < 1 - 1e-5:
            assert not _holds(fn, w, c, pairs, np.array([iv.hi + 2e-5]))[0]


def test_linear_solution_equals_grid_solution():
    R, w = _case(2)
    fn = registry.scorer("wsm", R)
    pairs = stability.first_place_pairs(fn(w[None, :])[0])
    for c in range(len(w)):
        a = stability.stability_interval(fn, w, c, pairs, linear=True)
        b = stability.stability_interval(fn, w, c, pairs, linear=False)
        assert abs(a.lo - b.lo) <= 1e-6 and abs(a.hi - b.hi) <= 1e-6


def test_path_rescales_the_others_in_proportion():
    w = np.array([0.5, 0.3, 0.2])
    P = stability.weight_path(w, 0, np.array([0.0, 0.5, 0.8]))
    assert np.allclose(P.sum(axis=1), 1.0)
    assert np.allclose(P[:, 1] / P[:, 2], 1.5)
    iv = stability.StabilityInterval(0.25, 0.1, 0.5)
    assert iv.lo_pct == pytest.approx(-60.0) and iv.hi_pct == pytest.approx(100.0)
