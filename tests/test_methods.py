"""Tests for mcda.methods: published example, pymcdm agreement, invariances, missing data."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from pymcdm.helpers import rankdata
from pymcdm.methods import PROMETHEE_II, TOPSIS, VIKOR, WSM
from pymcdm.normalizations import minmax_normalization, vector_normalization
from scipy.stats import rankdata as scipy_rankdata

from mcda.methods import (
    effective_weights,
    promethee_ii,
    rank,
    topsis,
    vikor,
    wsm,
)
from mcda.normalization import normalize

pytestmark = pytest.mark.filterwarnings("ignore:Alternatives with indices:UserWarning")

PYMCDM_NORM = {"minmax": minmax_normalization, "vector": vector_normalization}
METHODS = {"topsis": topsis, "wsm": wsm, "vikor": vikor, "promethee_ii": promethee_ii}
ASCENDING = {"topsis": False, "wsm": False, "vikor": True, "promethee_ii": False}


def _problem(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random raw matrix (n x m), types and weights summing to 1."""
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(3, 16)), int(rng.integers(2, 8))
    raw = rng.lognormal(mean=1.0, sigma=1.0, size=(n, m))
    types = rng.choice([1, -1], size=m)
    return raw, types, rng.dirichlet(np.ones(m))


def _with_holes(R: np.ndarray, seed: int, share: float = 0.2) -> np.ndarray:
    """Copy of R with random NaN cells, never emptying a row of a 2-column group."""
    rng = np.random.default_rng(seed)
    holes = rng.random(R.shape) < share
    holes[:, ::2] = False  # every even column stays complete
    return np.where(holes, np.nan, R)


def _groups(m: int) -> np.ndarray:
    """Pairs of adjacent indicators form a group: 0,0,1,1,2,... (even column always complete)."""
    return np.arange(m) // 2


def _assert_same(ours: np.ndarray, theirs: np.ndarray, ascending: bool) -> None:
    """Scores within 1e-12 and identical ranks (pymcdm averages tied ranks, we take the min)."""
    assert np.max(np.abs(ours - theirs)) <= 1e-12
    expected = rankdata(theirs, reverse=not ascending)
    if np.unique(theirs).size < theirs.size:
        expected = scipy_rankdata(theirs if ascending else -theirs, method="min")
    np.testing.assert_array_equal(rank(ours, ascending), expected)


# --------------------------------------------------------------------------- published example

# Hwang, C.L. & Yoon, K. (1981) Multiple Attribute Decision Making: Methods and Applications,
# Springer (Lecture Notes in Economics and Mathematical Systems 186), TOPSIS fighter-aircraft
# example: 4 aircraft x 6 attributes (max speed [Mach], ferry range [NM], max payload [lb],
# acquisition cost [$10^6, cost], reliability, maneuverability), vector normalisation,
# w = (0.2, 0.1, 0.1, 0.1, 0.2, 0.3); printed relative closeness C* = 0.643, 0.268, 0.613, 0.312.
# The book rounds intermediate values to 4 decimals (e.g. S3* = 0.0580, S3- = 0.0920 gives
# 0.613); exact arithmetic gives C3* = 0.61354, so we compare within 1e-3.
AIRCRAFT = np.array([
    [2.0, 1500, 20000, 5.5, 5, 9],
    [2.5, 2700, 18000, 6.5, 3, 5],
    [1.8, 2000, 21000, 4.5, 7, 7],
    [2.2, 1800, 20000, 5.0, 5, 5],
])
AIRCRAFT_TYPES = np.array([1, 1, 1, -1, 1, 1])
AIRCRAFT_WEIGHTS = np.array([0.2, 0.1, 0.1, 0.1, 0.2, 0.3])
AIRCRAFT_CLOSENESS = np.array([0.643, 0.268, 0.613, 0.312])


def test_topsis_hwang_yoon_1981_fighter_aircraft() -> None:
    R = normalize(AIRCRAFT, AIRCRAFT_TYPES, "vector")
    closeness = topsis(R, AIRCRAFT_WEIGHTS)
    np.testing.assert_allclose(closeness, AIRCRAFT_CLOSENESS, rtol=0, atol=1e-3)
    assert rank(closeness).tolist() == [1, 4, 2, 3]


# --------------------------------------------------------------------------- pymcdm agreement


@pytest.mark.parametrize("norm", ["minmax", "vector"])
@pytest.mark.parametrize("seed", range(30))
def test_topsis_and_wsm_equal_pymcdm(norm: str, seed: int) -> None:
    raw, types, w = _problem(seed)
    R = normalize(raw, types, norm)
    _assert_same(topsis(R, w), TOPSIS(PYMCDM_NORM[norm])(raw, w, types), ascending=False)
    _assert_same(wsm(R, w), WSM(PYMCDM_NORM[norm])(raw, w, types), ascending=False)


@pytest.mark.parametrize("norm", ["minmax", "vector"])
@pytest.mark.parametrize("seed", range(30))
def test_vikor_on_normalised_matrix_equals_pymcdm_on_raw(norm: str, seed: int) -> None:
    raw, types, w = _problem(seed)
    R = normalize(raw, types, norm)
    _assert_same(vikor(R, w), VIKOR()(raw, w, types), ascending=True)
    _assert_same(vikor(R, w, v=0.2), VIKOR(v=0.2)(raw, w, types), ascending=True)


@pytest.mark.parametrize(
    ("preference", "p", "q"),
    [("usual", None, None), ("ushape", None, 0.1), ("vshape", 0.4, None),
     ("level", 0.5, 0.1), ("vshape_2", 0.6, 0.2)],
)
@pytest.mark.parametrize("seed", range(20))
def test_promethee_equals_pymcdm(preference: str, p: float | None, q: float | None,
                                 seed: int) -> None:
    raw, types, w = _problem(seed)
    R = normalize(raw, types, "minmax")
    m = R.shape[1]
    p_arr = None if p is None else np.full(m, p)
    q_arr = None if q is None else np.full(m, q)
    theirs = PROMETHEE_II(preference, p=p_arr, q=q_arr)(R, w, np.ones(m))
    _assert_same(promethee_ii(R, w, preference=preference, p=p, q=q), theirs, ascending=False)


@pytest.mark.parametrize("seed", range(20))
def test_promethee_default_vshape_uses_column_range_and_matches_raw_data(seed: int) -> None:
    raw, types, w = _problem(seed)
    R = normalize(raw, types, "minmax")  # ranges are 1 after min-max
    on_raw = PROMETHEE_II("vshape", p=np.ptp(raw, axis=0))(raw, w, types)
    _assert_same(promethee_ii(R, w), on_raw, ascending=False)
    _assert_same(promethee_ii(raw * np.where(types > 0, 1, -1), w), on_raw, ascending=False)


@pytest.mark.parametrize("name", sorted(METHODS))
@pytest.mark.parametrize("holes", [False, True])
def test_batch_equals_loop(name: str, holes: bool) -> None:
    raw, types, _ = _problem(7)
    R = normalize(raw, types, "minmax")
    R = _with_holes(R, 3) if holes else R
    groups = _groups(R.shape[1])
    W = np.random.default_rng(1).dirichlet(np.ones(R.shape[1]), size=25)
    batch = METHODS[name](R, W, groups)
    loop = np.array([METHODS[name](R, w, groups) for w in W])
    assert batch.shape == (25, R.shape[0])
    assert np.max(np.abs(batch - loop)) <= 1e-12


# --------------------------------------------------------------------------- invariances


@pytest.mark.parametrize("seed", range(10))
def test_minmax_topsis_invariant_to_scaling_a_benefit_column(seed: int) -> None:
    raw, types, w = _problem(seed)
    scaled = raw.copy()
    scaled[:, types > 0] *= 1234.5
    before = topsis(normalize(raw, types, "minmax"), w)
    after = topsis(normalize(scaled, types, "minmax"), w)
    assert np.max(np.abs(before - after)) <= 1e-12


@settings(max_examples=80, deadline=None)
@given(
    R=arrays(np.float64, st.tuples(st.integers(2, 7), st.integers(1, 5)),
             elements=st.floats(0, 1, allow_nan=False)),
    data=st.data(),
)
def test_dominated_alternative_never_ranks_above_its_dominator(R: np.ndarray, data) -> None:
    m = R.shape[1]
    raw_w = data.draw(arrays(np.float64, m, elements=st.floats(0.01, 1)))
    w = raw_w / raw_w.sum()
    cut = data.draw(arrays(np.float64, m, elements=st.floats(0, 1)))
    dominated = R[0] * cut  # <= R[0] in every indicator
    matrix = np.vstack([R, dominated])
    for name, method in METHODS.items():
        ranks = rank(method(matrix, w), ASCENDING[name])
        assert ranks[-1] >= ranks[0], name


@pytest.mark.parametrize("name", sorted(METHODS))
def test_groups_are_irrelevant_without_missing_data(name: str) -> None:
    raw, types, w = _problem(11)
    R = normalize(raw, types, "minmax")
    m = R.shape[1]
    plain = METHODS[name](R, w)
    grouped = METHODS[name](R, w, np.arange(m) % 3)
    np.testing.assert_array_equal(plain, grouped)


def test_topsis_identical_alternatives_get_one_half() -> None:
    R = np.tile([0.3, 0.7], (4, 1))
    assert topsis(R, np.array([0.5, 0.5])).tolist() == [0.5] * 4


def test_vikor_constant_column_contributes_nothing() -> None:
    raw, types, w = _problem(5)
    R = normalize(raw, types, "minmax")
    with_constant = np.column_stack([R, np.full(R.shape[0], 0.4)])
    w_all = np.append(w * 0.7, 0.3)
    q = vikor(with_constant, w_all)
    np.testing.assert_allclose(q, vikor(R, w), rtol=0, atol=1e-12)
    with pytest.raises(ValueError, match="equal values"):  # what pymcdm does instead
        VIKOR()(with_constant, w_all, np.ones(R.shape[1] + 1))


def test_vikor_degenerate_ranges_give_zero_not_nan() -> None:
    R = np.array([[1.0, 0.0], [0.0, 1.0]])  # S and R tie for both units
    assert vikor(R, np.array([0.5, 0.5])).tolist() == [0.0, 0.0]


def test_promethee_single_alternative_has_zero_flow() -> None:
    assert promethee_ii(np.array([[0.2, 0.9]]), np.array([0.5, 0.5])).tolist() == [0.0]


# --------------------------------------------------------------------------- missing data


def _brute_effective(w: np.ndarray, available: np.ndarray, groups: np.ndarray) -> np.ndarray:
    out = np.zeros(available.shape)
    for i, avail in enumerate(available):
        for g in np.unique(groups):
            cols = groups == g
            kept = w[cols] * avail[cols]
            if w[cols].sum() > 0:
                out[i, cols] = kept / kept.sum() * w[cols].sum()
    return out


@pytest.mark.parametrize("seed", range(10))
def test_effective_weights_redistribute_within_group(seed: int) -> None:
    raw, types, w = _problem(seed)
    R = _with_holes(normalize(raw, types, "minmax"), seed)
    groups = _groups(R.shape[1])
    available = ~np.isnan(R)
    eff = effective_weights(w, available, groups)
    np.testing.assert_allclose(eff, _brute_effective(w, available, groups), rtol=0, atol=1e-15)
    np.testing.assert_allclose(eff.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    assert (eff[~available] == 0).all()
    for g in np.unique(groups):
        np.testing.assert_allclose(eff[:, groups == g].sum(axis=1), w[groups == g].sum(),
                                   rtol=0, atol=1e-15)
    complete_rows = available.all(axis=1)
    np.testing.assert_array_equal(eff[complete_rows], np.tile(w, (complete_rows.sum(), 1)))


def test_effective_weights_small_example() -> None:
    w = np.array([0.2, 0.3, 0.1, 0.4])
    available = np.array([[True, False, True, True], [True, True, True, True]])
    eff = effective_weights(w, available, np.array([7, 7, 9, 9]))
    np.testing.assert_allclose(eff, [[0.5, 0.0, 0.1, 0.4], w], rtol=0, atol=1e-15)
    batch = effective_weights(np.vstack([w, w[::-1]]), available, np.array([7, 7, 9, 9]))
    assert batch.shape == (2, 2, 4)
    np.testing.assert_allclose(batch[1, 0], [0.5, 0.0, 0.3, 0.2], rtol=0, atol=1e-15)


@pytest.mark.parametrize("seed", range(10))
def test_wsm_topsis_vikor_with_missing_data_match_brute_force(seed: int) -> None:
    raw, types, w = _problem(seed)
    R = _with_holes(normalize(raw, types, "minmax"), seed)
    groups = _groups(R.shape[1])
    eff = _brute_effective(w, ~np.isnan(R), groups)
    filled = np.nan_to_num(R)
    best, worst = np.nanmax(R, axis=0), np.nanmin(R, axis=0)

    assert np.max(np.abs(wsm(R, w, groups) - (eff * filled).sum(axis=1))) <= 1e-12

    d_plus = np.sqrt(np.nansum((eff * (R - best)) ** 2, axis=1))
    d_minus = np.sqrt(np.nansum((eff * (R - worst)) ** 2, axis=1))
    assert np.max(np.abs(topsis(R, w, groups) - d_minus / (d_plus + d_minus))) <= 1e-12

    span = np.where(best > worst, best - worst, 1.0)
    regret = np.nan_to_num(eff * (best - R) / span)
    s, r = regret.sum(axis=1), regret.max(axis=1)
    q = 0.5 * (s - s.min()) / np.ptp(s) + 0.5 * (r - r.min()) / np.ptp(r)
    assert np.max(np.abs(vikor(R, w, groups) - q)) <= 1e-12


@pytest.mark.parametrize("seed", range(10))
def test_promethee_pair_rule_matches_brute_force(seed: int) -> None:
    raw, types, w = _problem(seed)
    R = _with_holes(normalize(raw, types, "minmax"), seed, share=0.3)
    groups = _groups(R.shape[1])
    n, p = R.shape[0], np.nanmax(R, axis=0) - np.nanmin(R, axis=0)
    pi = np.zeros((n, n))
    for a in range(n):
        for b in range(n):
            shared = ~np.isnan(R[a]) & ~np.isnan(R[b])
            eff = _brute_effective_pair(w, shared, groups)
            d = np.where(shared, R[a] - R[b], 0.0)
            pref = np.where(d > p, 1.0, np.where(d > 0, d / np.where(p > 0, p, 1.0), 0.0))
            pi[a, b] = (eff * pref).sum()
    expected = (pi.sum(axis=1) - pi.sum(axis=0)) / (n - 1)
    assert np.max(np.abs(promethee_ii(R, w, groups) - expected)) <= 1e-12


def _brute_effective_pair(w: np.ndarray, shared: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Pair weights: within-group redistribution; a group with nothing shared gets weight 0."""
    out = np.zeros(w.shape)
    for g in np.unique(groups):
        cols = groups == g
        kept = w[cols] * shared[cols]
        if kept.sum() > 0:
            out[cols] = kept / kept.sum() * w[cols].sum()
    return out


def test_promethee_pair_with_no_shared_indicator_in_group_has_no_preference_there() -> None:
    R = np.array([[1.0, np.nan, 0.0], [np.nan, 0.0, 0.0], [0.5, 0.5, 1.0]])
    groups = np.array([0, 0, 1])
    flows = promethee_ii(R, np.array([0.3, 0.3, 0.4]), groups, preference="usual")
    # pi(0,1)=pi(1,0)=0 (group 0 unshared, group 1 tied); pi(0,2)=0.6, pi(2,0)=0.4;
    # pi(1,2)=0, pi(2,1)=1.0
    np.testing.assert_allclose(flows, [(0.6 - 0.4) / 2, (0.0 - 1.0) / 2, (1.4 - 0.6) / 2],
                               rtol=0, atol=1e-15)


def test_unit_without_data_in_a_weighted_group_is_named() -> None:
    R = np.array([[0.1, 0.5, 0.9], [np.nan, np.nan, 0.4], [0.3, 0.2, 0.1]])
    groups = np.array([10, 10, 20])
    for method in METHODS.values():
        with pytest.raises(ValueError, match=r"'Aktobe' \(row 1\).*group 10"):
            method(R, np.array([0.3, 0.3, 0.4]), groups, names=["Almaty", "Aktobe", "Atyrau"])
    with pytest.raises(ValueError, match=r"row 1 .*group 10 under weight vector 1"):
        wsm(R, np.array([[0.0, 0.0, 1.0], [0.5, 0.0, 0.5]]), groups)
    # a group whose weight is zero may be missing entirely
    scores = wsm(R, np.array([0.0, 0.0, 1.0]), groups)
    np.testing.assert_allclose(scores, [0.9, 0.4, 0.1])


# --------------------------------------------------------------------------- rank


def test_rank_ties_share_min_rank_and_direction() -> None:
    scores = np.array([0.3, 0.9, 0.9, 0.1])
    assert rank(scores).tolist() == [3, 1, 1, 4]
    assert rank(scores, ascending=True).tolist() == [2, 3, 3, 1]
    assert rank(np.array([[1.0, 2.0], [2.0, 1.0]])).tolist() == [[2, 1], [1, 2]]
    with pytest.raises(ValueError, match="NaN"):
        rank(np.array([0.1, np.nan]))


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"R": [0.1, 0.2]}, "2-D"),
        ({"R": [[0.1, np.inf], [0.2, 0.3]]}, "infinite"),
        ({"w": [0.5, 0.3, 0.2]}, r"shape \(2,\) or \(K, 2\)"),
        ({"w": [0.5, np.nan]}, "NaN"),
        ({"w": [1.5, -0.5]}, "non-negative"),
        ({"w": [0.5, 0.6]}, "sum to 1"),
        ({"groups": [0, 1, 2]}, r"groups must be an integer array of shape \(2,\)"),
        ({"groups": [0.0, 1.0]}, "integer"),
        ({"names": ["only one"]}, "names has 1 entries for 2 alternatives"),
    ],
)
@pytest.mark.parametrize("name", sorted(METHODS))
def test_input_errors(name: str, kwargs: dict, message: str) -> None:
    args = {"R": [[0.1, 0.9], [0.7, 0.2]], "w": [0.5, 0.5], "groups": None} | kwargs
    with pytest.raises(ValueError, match=message):
        METHODS[name](**args)


def test_method_parameter_errors() -> None:
    R, w = np.array([[0.1, 0.9], [0.7, 0.2]]), np.array([0.5, 0.5])
    with pytest.raises(ValueError, match=r"v must be in \[0, 1\]"):
        vikor(R, w, v=1.5)
    with pytest.raises(ValueError, match="unknown preference function 'cubic'"):
        promethee_ii(R, w, preference="cubic")
    with pytest.raises(ValueError, match="q must not exceed p"):
        promethee_ii(R, w, preference="vshape_2", p=0.1, q=0.2)
    with pytest.raises(ValueError, match="non-negative"):
        promethee_ii(R, w, p=-1.0)
    with pytest.raises(ValueError, match=r"p must be a scalar or have shape \(2,\)"):
        promethee_ii(R, w, p=[0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match=r"available must be an \(n, m\)"):
        effective_weights(w, np.ones(2, dtype=bool))
