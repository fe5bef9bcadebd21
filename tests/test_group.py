"""Group AHP (mcda.group) against independent computations and published properties.

No published numeric group example with all inputs could be retrieved offline, so the
aggregates are checked against scipy (weighted geometric mean, Shannon entropy, Friedman
statistic) and against the properties Forman & Peniwati (1998) and Aczél & Saaty (1983)
prove; Goepel's S* is recomputed from its definition in Goepel's AHP-OS source.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import entropy, friedmanchisquare, gmean

from mcda import ahp as ahp_mod
from mcda import group

# Three experts judging four criteria (Saaty scale, upper triangles a12 a13 a14 a23 a24 a34).
UPPER = [
    (3, 5, 7, 2, 4, 2),
    (1 / 2, 3, 5, 4, 6, 3),
    (5, 7, 9, 1, 3, 3),
]


def matrix(upper) -> np.ndarray:
    n = 4
    a = np.ones((n, n))
    iu, ju = np.triu_indices(n, 1)
    a[iu, ju] = upper
    a[ju, iu] = 1 / np.asarray(upper)
    return a


MATS = [matrix(u) for u in UPPER]


def test_aij_is_the_weighted_geometric_mean_of_the_judgements():
    w = [0.5, 0.3, 0.2]
    got = group.aggregate_judgements(MATS, w)
    want = gmean(np.array(MATS), axis=0, weights=np.array(w)[:, None, None] * np.ones((3, 4, 4)))
    np.testing.assert_allclose(got, want, rtol=1e-12)
    # Aczél–Saaty: the geometric mean keeps reciprocity and unanimity.
    np.testing.assert_allclose(got * got.T, np.ones((4, 4)), rtol=1e-12)
    np.testing.assert_allclose(group.aggregate_judgements([MATS[0]] * 3, w), MATS[0])


def test_aip_means_against_numpy_and_scipy():
    p = np.array([ahp_mod.ahp(m).weights for m in MATS])
    w = np.array([2.0, 1.0, 1.0])
    ar = group.aggregate_priorities(p, w, "arithmetic")
    np.testing.assert_allclose(ar, np.average(p, axis=0, weights=w), rtol=1e-12)
    ge = group.aggregate_priorities(p, w, "geometric")
    g = gmean(p, axis=0, weights=np.repeat(w[:, None], 4, axis=1))
    np.testing.assert_allclose(ge, g / g.sum(), rtol=1e-12)


def test_consistent_experts_aij_equals_geometric_aip():
    """Forman & Peniwati (1998): with consistent judgements the geometric AIJ and AIP agree."""
    rng = np.random.default_rng(1)
    pri = rng.dirichlet(np.full(5, 30.0), size=4)  # ratios within the 1-9 scale
    mats = [ahp_mod.consistent_matrix(p) for p in pri]
    ew = [1, 2, 3, 4]
    aij = group.group_ahp(mats, expert_weights=ew, method="aij-geometric")
    aip = group.group_ahp(mats, expert_weights=ew, method="aip-geometric")
    np.testing.assert_allclose(aij.weights, aip.weights, atol=1e-10)
    assert aij.cr == pytest.approx(0.0, abs=1e-9)


def test_pareto_unanimous_preference_is_kept():
    """If every expert prefers element 0 to element 1, so does each group result."""
    for method in group.AGGREGATIONS:
        res = group.group_ahp([MATS[0], MATS[2]], method=method)
        assert res.weights[0] > res.weights[1]


def test_group_result_fields():
    res = group.group_ahp(MATS, method="aij-geometric")
    assert res.weights.sum() == pytest.approx(1.0)
    assert res.matrix is not None
    assert res.cr == pytest.approx(ahp_mod.ahp(res.matrix).cr)
    assert [round(c, 6) for c in res.individual_cr] == [
        round(ahp_mod.ahp(m).cr, 6) for m in MATS]
    assert res.disagreement is not None and res.disagreement.shape == (4, 4)
    assert res.distances.shape == (3,)
    assert 0 < res.consensus < 1
    assert 0 <= res.kendall_w <= 1


def goepel_reference(p: np.ndarray, m: float = 9.0) -> float:
    """S* from the formulas in Goepel's AHP-OS (class AhpGroup, getConsensus), via scipy."""
    n = p.shape[1]
    h_alpha = np.mean([entropy(r) for r in p])
    h_gamma = entropy(p.mean(axis=0))
    h_beta = h_gamma - h_alpha
    h_amin = entropy(np.array([m] + [1] * (n - 1)) / (n + m - 1))
    cor = np.exp(np.log(n) - h_amin)
    return (1 / np.exp(h_beta) - 1 / cor) / (1 - 1 / cor)


def test_goepel_consensus_against_definition():
    p = np.array([ahp_mod.ahp(m).weights for m in MATS])
    assert group.ahp_consensus(p) == pytest.approx(goepel_reference(p), rel=1e-12)
    assert group.ahp_consensus(np.vstack([p[0], p[0]])) == pytest.approx(1.0)
    # Goepel's zero point: each expert rates a different criterion M = 9 times more
    # important than all others, so every expert is at H_alpha,min and the group mean is
    # uniform (D_gamma = n): S* = 0 exactly.
    n = 4
    ext = np.full((n, n), 1.0) + np.eye(n) * 8
    ext /= ext.sum(axis=1, keepdims=True)
    assert group.ahp_consensus(ext) == pytest.approx(0.0, abs=1e-12)
    assert group.ahp_consensus(ext) == pytest.approx(goepel_reference(ext), abs=1e-12)
    # more agreement, more consensus
    closer = 0.5 * p + 0.5 * p.mean(axis=0)
    assert group.ahp_consensus(closer) > group.ahp_consensus(p)


def test_kendall_w_matches_friedman_with_ties():
    """W = chi2_F / (m (n - 1)) with scipy's tie-corrected Friedman statistic."""
    rng = np.random.default_rng(7)
    for _ in range(20):
        p = rng.integers(1, 5, size=(6, 5)).astype(float)  # integer scores: many ties
        chi2 = friedmanchisquare(*p.T).statistic
        assert group.kendall_w(p) == pytest.approx(chi2 / (6 * 4), rel=1e-10)


def test_kendall_w_textbook_cases():
    same = np.tile([0.4, 0.3, 0.2, 0.1], (3, 1))
    assert group.kendall_w(same) == pytest.approx(1.0)
    # two judges with opposite orders: rank sums all equal, W = 0
    assert group.kendall_w([[4, 3, 2, 1], [1, 2, 3, 4]]) == pytest.approx(0.0)


def test_pair_disagreement_is_the_geometric_sd():
    d = group.pair_disagreement(MATS)
    vals = np.log([u[0] for u in UPPER])
    assert d[0, 1] == pytest.approx(np.exp(np.std(vals, ddof=1)))
    assert d[1, 0] == pytest.approx(d[0, 1])
    np.testing.assert_allclose(np.diag(d), 1.0)


def test_distance_zero_for_the_group_view_and_ordering():
    g = np.array([0.4, 0.3, 0.2, 0.1])
    near = ahp_mod.consistent_matrix(g)
    far = ahp_mod.consistent_matrix(g[::-1])
    dist = group.distances_to_group(g, [near, far])
    assert dist[0] == pytest.approx(0.0, abs=1e-12)
    assert dist[1] > 1.0
    assert group.distances_to_group(g, priorities=[g, g[::-1]])[1] == pytest.approx(dist[1])


def test_direct_weights_group():
    p = [[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.4, 0.4, 0.2]]
    res = group.group_ahp(priorities=p, method="aip-arithmetic")
    np.testing.assert_allclose(res.weights, np.mean(p, axis=0))
    assert res.cr is None and res.disagreement is None
    aij = group.group_ahp(priorities=p, method="aij-geometric")
    geo = group.group_ahp(priorities=p, method="aip-geometric")
    np.testing.assert_allclose(aij.weights, geo.weights, atol=1e-10)
    assert res.individual_cr == (None, None, None)


@pytest.mark.parametrize("bad", [
    {"matrices": [MATS[0]]},
    {"priorities": [[0.5, -0.1, 0.6], [0.3, 0.3, 0.4]]},
    {"matrices": MATS, "expert_weights": [1, 1]},
    {},
])
def test_bad_input_raises(bad):
    with pytest.raises(ValueError):
        group.group_ahp(**bad)
