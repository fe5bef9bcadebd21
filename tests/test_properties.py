"""Property-based tests (hypothesis) of the decision methods, the normalisations, AHP and
the batch scorer: ranges, scale invariance where the method guarantees it, dominance,
permutation equivariance, consistent AHP matrices, batch = per vector.

tests/test_methods.py already checks dominance on normalised matrices and agreement with
pymcdm on seeded problems; these properties run on generated raw data through
normalisation, with missing cells and several weight vectors.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mcda import ahp as ahp_mod
from mcda import registry
from mcda.methods import effective_weights, promethee_ii, rank, topsis, vikor, wsm
from mcda.normalization import goalposts_from, normalize

METHODS = {"topsis": topsis, "wsm": wsm, "vikor": vikor, "promethee_ii": promethee_ii}
BATCH_NAMES = {"topsis": "topsis", "wsm": "wsm", "vikor": "vikor", "promethee_ii": "promethee2"}
ASCENDING = {name: registry.get_method(b).ascending for name, b in BATCH_NAMES.items()}
#: mcda.methods.promethee_ii's own default (V-shape, p = the range) through the registry
VSHAPE = registry.Context(registry.MethodOptions(
    promethee=registry.PrometheeOptions(registry.default_preference("vshape"))))
RANGES = {"topsis": (0.0, 1.0), "wsm": (0.0, 1.0), "vikor": (0.0, 1.0),
          "promethee_ii": (-1.0, 1.0)}
NORMS = ("minmax", "vector")
FAST = settings(max_examples=100, deadline=None)

#: Raw indicator values as statistics offices publish them: positive, over many magnitudes.
values = st.floats(0.01, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def problems(draw, holes: bool = False, min_n: int = 2):
    """(raw n x m, types, weights summing to 1, groups); with ``holes``, NaN cells only in
    odd columns, so every unit keeps an indicator in each group (pairs of columns)."""
    n = draw(st.integers(min_n, 8))
    m = draw(st.integers(1, 5))
    raw = draw(arrays(np.float64, (n, m), elements=values))
    types = draw(arrays(np.int64, m, elements=st.sampled_from([1, -1])))
    w = draw(arrays(np.float64, m, elements=st.floats(0.01, 1.0)))
    if holes:
        mask = draw(arrays(np.bool_, (n, m)))
        mask[:, ::2] = False
        raw = np.where(mask, np.nan, raw)
    return raw, types, w / w.sum(), np.arange(m) // 2


def _scores(name: str, raw: np.ndarray, types: np.ndarray, w: np.ndarray, norm: str,
            groups: np.ndarray | None = None) -> np.ndarray:
    return METHODS[name](normalize(raw, types, norm), w, groups)


# ----------------------------------------------------------------- ranges

@FAST
@given(problems(holes=True), st.sampled_from(NORMS))
def test_scores_within_their_range(p, norm):
    raw, types, w, groups = p
    R = normalize(raw, types, norm)
    avail = ~np.isnan(R)
    assert ((R[avail] >= 0) & (R[avail] <= 1 + 1e-12)).all()
    assert np.array_equal(np.isnan(R), np.isnan(raw))   # missing stays missing
    for name, fn in METHODS.items():
        s = fn(R, w, groups)
        lo, hi = RANGES[name]
        assert np.isfinite(s).all(), name
        assert ((s >= lo - 1e-12) & (s <= hi + 1e-12)).all(), (name, s)


@FAST
@given(problems(holes=True))
def test_goalposts_in_unit_interval_and_independent_of_others(p):
    raw, types, _, _ = p
    assume(np.isfinite(goalposts_from(raw)).all())
    lo_hi = goalposts_from(raw)
    lo_hi[:, 1] = np.where(lo_hi[:, 1] > lo_hi[:, 0], lo_hi[:, 1], lo_hi[:, 0] + 1)
    full = normalize(raw, types, "goalpost", lo_hi)
    avail = ~np.isnan(full)
    assert ((full[avail] >= 0) & (full[avail] <= 1)).all()
    np.testing.assert_array_equal(normalize(raw[:1], types, "goalpost", lo_hi), full[:1])


@FAST
@given(problems(holes=True))
def test_effective_weights_sum_to_one_and_keep_group_totals(p):
    raw, _, w, groups = p
    eff = effective_weights(w, ~np.isnan(raw), groups)
    np.testing.assert_allclose(eff.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    assert (eff[np.isnan(raw)] == 0).all()
    for g in np.unique(groups):
        np.testing.assert_allclose(eff[:, groups == g].sum(axis=1), w[groups == g].sum(),
                                   rtol=0, atol=1e-12)


# ----------------------------------------------------------------- scale invariance

@FAST
@given(problems(holes=True), st.data())
def test_positive_scaling_of_an_indicator_changes_no_score(p, data):
    """Min-max and vector normalisation divide out a positive factor, so every method
    scores a rescaled indicator (thousands vs units, KZT vs bn KZT) identically."""
    raw, types, w, groups = p
    j = data.draw(st.integers(0, raw.shape[1] - 1))
    factor = data.draw(st.sampled_from([1e-9, 1e-3, 0.5, 7.0, 1e3, 1e9]))
    scaled = raw.copy()
    scaled[:, j] *= factor
    for norm in NORMS:
        np.testing.assert_allclose(normalize(scaled, types, norm), normalize(raw, types, norm),
                                   rtol=1e-12, atol=1e-12)
        for name in METHODS:
            np.testing.assert_allclose(_scores(name, scaled, types, w, norm, groups),
                                       _scores(name, raw, types, w, norm, groups),
                                       rtol=1e-9, atol=1e-12, err_msg=f"{name} {norm}")


@FAST
@given(problems(), st.floats(1e-3, 1e3))
def test_vikor_and_promethee_on_raw_data_are_scale_free(p, factor):
    """VIKOR's regrets and PROMETHEE's V-shape (p = the column's range) divide by the
    range, so scaling all raw (benefit-oriented) data changes nothing."""
    raw, _, w, _ = p
    for fn in (vikor, promethee_ii):
        np.testing.assert_allclose(fn(raw * factor, w), fn(raw, w), rtol=1e-9, atol=1e-12)


@FAST
@given(problems(), st.floats(1e-3, 1e3), st.floats(-1e3, 1e3))
def test_goalposts_scale_with_the_data(p, factor, shift):
    """Goalposts move with the data (same affine map) leave every score unchanged."""
    raw, types, w, _ = p
    bounds = goalposts_from(raw)
    bounds[:, 1] = np.where(bounds[:, 1] > bounds[:, 0], bounds[:, 1], bounds[:, 0] + 1)
    moved = raw * factor + shift
    moved_bounds = bounds * factor + shift
    assume((moved_bounds[:, 1] > moved_bounds[:, 0]).all())  # not lost to rounding
    R0 = normalize(raw, types, "goalpost", bounds)
    R1 = normalize(moved, types, "goalpost", moved_bounds)
    np.testing.assert_allclose(R1, R0, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(wsm(R1, w), wsm(R0, w), rtol=1e-9, atol=1e-9)


# ----------------------------------------------------------------- dominance

@FAST
@given(problems(), st.data())
def test_a_dominating_unit_never_ranks_below_the_one_it_dominates(p, data):
    """On raw data with benefit and cost indicators, through every normalisation."""
    raw, types, w, _ = p
    m = raw.shape[1]
    better = data.draw(arrays(np.float64, m, elements=st.floats(1.0, 3.0)))
    # the dominator: more of every benefit indicator, less of every cost indicator
    dominator = np.where(types > 0, raw[0] * better, raw[0] / better)
    matrix = np.vstack([raw, dominator])
    for norm in NORMS:
        for name in METHODS:
            s = _scores(name, matrix, types, w, norm)
            ranks = rank(s, ASCENDING[name])
            assert ranks[-1] <= ranks[0], (name, norm, s)


# ----------------------------------------------------------------- permutations

@FAST
@given(problems(holes=True), st.randoms(use_true_random=False))
def test_permuting_the_alternatives_permutes_the_result(p, rnd):
    raw, types, w, groups = p
    perm = np.array(rnd.sample(range(raw.shape[0]), raw.shape[0]))
    for norm in NORMS:
        np.testing.assert_allclose(normalize(raw[perm], types, norm),
                                   normalize(raw, types, norm)[perm], rtol=1e-12, atol=1e-15)
        for name in METHODS:
            before = _scores(name, raw, types, w, norm, groups)
            after = _scores(name, raw[perm], types, w, norm, groups)
            np.testing.assert_allclose(after, before[perm], rtol=1e-12, atol=1e-12,
                                       err_msg=f"{name} {norm}")
            gaps = np.diff(np.sort(before))
            if gaps.size == 0 or gaps.min() > 1e-9:   # no near-ties: ranks permute exactly
                np.testing.assert_array_equal(rank(after, ASCENDING[name]),
                                              rank(before, ASCENDING[name])[perm])


@FAST
@given(problems(), st.randoms(use_true_random=False))
def test_permuting_the_indicators_changes_no_score(p, rnd):
    raw, types, w, _ = p
    perm = np.array(rnd.sample(range(raw.shape[1]), raw.shape[1]))
    for norm in NORMS:
        for name in METHODS:
            np.testing.assert_allclose(_scores(name, raw[:, perm], types[perm], w[perm], norm),
                                       _scores(name, raw, types, w, norm),
                                       rtol=1e-12, atol=1e-12, err_msg=f"{name} {norm}")


# ----------------------------------------------------------------- AHP

#: Weights whose ratios stay on Saaty's scale (1/9 … 9).
ahp_weights = arrays(np.float64, st.integers(1, 10), elements=st.floats(1.0, 9.0))


@settings(max_examples=150, deadline=None)
@given(ahp_weights, st.sampled_from(sorted(ahp_mod.RI_TABLES)))
def test_consistent_matrix_gives_cr_zero_and_its_exact_weights(w, table):
    a = ahp_mod.consistent_matrix(w)
    assert ahp_mod.validate_pairwise(a) == []
    res = ahp_mod.ahp(a, ri_table=table)
    np.testing.assert_allclose(res.weights, w / w.sum(), rtol=1e-10, atol=1e-12)
    assert res.lambda_max == pytest.approx(w.size, abs=1e-9)
    assert 0.0 <= res.cr <= 1e-10 and res.ci <= 1e-10
    assert res.consistent


@st.composite
def saaty_matrices(draw):
    n = draw(st.integers(3, 8))
    scale = [1 / k for k in range(9, 1, -1)] + list(range(1, 10))
    a = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            a[i, j] = draw(st.sampled_from(scale))
            a[j, i] = 1 / a[i, j]
    return a


@FAST
@given(saaty_matrices(), st.randoms(use_true_random=False))
def test_ahp_weights_are_positive_and_follow_a_relabelling(a, rnd):
    res = ahp_mod.ahp(a)
    assert (res.weights > 0).all() and res.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert res.lambda_max >= a.shape[0] - 1e-9 and res.cr >= 0
    perm = np.array(rnd.sample(range(a.shape[0]), a.shape[0]))
    again = ahp_mod.ahp(a[np.ix_(perm, perm)])
    np.testing.assert_allclose(again.weights, res.weights[perm], rtol=1e-9, atol=1e-12)
    assert again.cr == pytest.approx(res.cr, abs=1e-9)


@FAST
@given(saaty_matrices())
def test_the_suggested_judgement_gives_the_cr_it_promises(a):
    res = ahp_mod.ahp(a)
    w = res.worst
    assert w is not None and w.i < w.j
    assert w.current == a[w.i, w.j]
    assert w.suggested in ahp_mod.SAATY_SCALE
    assert w.consistent == pytest.approx(res.weights[w.i] / res.weights[w.j], rel=1e-12)
    fixed = a.copy()
    fixed[w.i, w.j], fixed[w.j, w.i] = w.suggested, 1 / w.suggested
    assert ahp_mod.ahp(fixed).cr == pytest.approx(w.cr_if_suggested, abs=1e-9)


@FAST
@given(st.lists(ahp_weights.filter(lambda x: x.size <= 4), min_size=1, max_size=4),
       ahp_weights.filter(lambda x: x.size <= 4))
def test_hierarchical_weights_are_products_and_sum_to_one(locals_, crit):
    k = min(len(locals_), crit.size)
    locals_, crit = locals_[:k], crit[:k]
    res = ahp_mod.hierarchical(ahp_mod.consistent_matrix(crit),
                               [ahp_mod.consistent_matrix(x) for x in locals_])
    expected = np.concatenate([c / crit.sum() * x / x.sum() for c, x in zip(crit, locals_,
                                                                           strict=True)])
    np.testing.assert_allclose(res.global_weights, expected, rtol=1e-10, atol=1e-12)
    assert res.global_weights.sum() == pytest.approx(1.0, abs=1e-12)


# ----------------------------------------------------------------- batch = per vector

@settings(max_examples=80, deadline=None)
@given(problems(holes=True), st.integers(1, 12), st.booleans(), st.data())
def test_batch_and_per_vector_results_agree(p, k, complete, data):
    raw, types, _, groups = p
    if complete:
        raw = np.where(np.isnan(raw), 1.0, raw)
    m = raw.shape[1]
    W = data.draw(arrays(np.float64, (k, m), elements=st.floats(0.0, 1.0)))
    W[:, ::2] += 0.01   # the always-present columns keep a weight in every group
    W /= W.sum(axis=1, keepdims=True)
    R = normalize(raw, types, "minmax")
    for name, fn in METHODS.items():
        got = registry.scores(BATCH_NAMES[name], R, W, groups, VSHAPE)
        loop = np.array([fn(R, w, groups) for w in W])
        assert got.shape == (k, raw.shape[0])
        np.testing.assert_allclose(got, loop, rtol=0, atol=1e-12, err_msg=name)
        np.testing.assert_allclose(fn(R, W, groups), loop, rtol=0, atol=1e-12, err_msg=name)
        useful = registry.utilities(BATCH_NAMES[name], R, W, groups, VSHAPE)
        np.testing.assert_array_equal(useful, -got if ASCENDING[name] else got)
