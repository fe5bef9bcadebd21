"""Tests for mcda.ahp: published examples, pymcdm agreement, consistency, validation, hierarchy."""

import dataclasses

import numpy as np
import pytest
from pymcdm.weights.subjective import AHP

from mcda.ahp import (
    RI_TABLES,
    SAATY_SCALE,
    ahp,
    consistent_matrix,
    hierarchical,
    validate_pairwise,
)

# Saaty, T.L. (1977) "A scaling method for priorities in hierarchical structures", J. Math.
# Psychology 15(3):234-281, and Saaty (1980) The Analytic Hierarchy Process: "wealth of nations
# through their world influence" (US, USSR, China, France, UK, Japan, W. Germany); printed
# eigenvector 0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094 and lambda_max = 7.61.
WEALTH = np.array([
    [1, 4, 9, 6, 6, 5, 5],
    [1 / 4, 1, 7, 5, 5, 3, 4],
    [1 / 9, 1 / 7, 1, 1 / 5, 1 / 5, 1 / 7, 1 / 5],
    [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
    [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
    [1 / 5, 1 / 3, 7, 3, 3, 1, 2],
    [1 / 5, 1 / 4, 5, 3, 3, 1 / 2, 1],
])
WEALTH_WEIGHTS = np.array([0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094])

# Saaty, T.L. (2008) "Decision making with the analytic hierarchy process", Int. J. Services
# Sciences 1(1):83-98, Table 2 "Which drink is consumed more in the US?" (coffee, wine, tea, beer,
# sodas, milk, water); printed derived priorities 0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327.
DRINKS = np.array([
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
])
DRINK_WEIGHTS = np.array([0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327])


def _random_saaty_matrix(n: int, rng: np.random.Generator) -> np.ndarray:
    a = np.eye(n)
    for i in range(n):
        for j in range(i + 1, n):
            a[i, j] = rng.choice(SAATY_SCALE)
            a[j, i] = 1 / a[i, j]
    return a


# --------------------------------------------------------------------------- published examples


def test_saaty_wealth_of_nations() -> None:
    result = ahp(WEALTH)
    np.testing.assert_array_equal(np.round(result.weights, 3), WEALTH_WEIGHTS)
    assert round(result.lambda_max, 2) == 7.61
    assert result.cr == pytest.approx((result.lambda_max - 7) / 6 / 1.32, abs=1e-15)
    assert result.consistent


def test_saaty_2008_drinks() -> None:
    np.testing.assert_array_equal(np.round(ahp(DRINKS).weights, 3), DRINK_WEIGHTS)


def test_ri_tables() -> None:
    assert RI_TABLES["saaty"] == {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32,
                                  8: 1.41, 9: 1.45, 10: 1.49}
    assert list(RI_TABLES["tummala-ling-1998"].values()) == AHP.RI_M
    alonso = RI_TABLES["alonso-lamata-2006"]
    assert (alonso[3], alonso[4], alonso[10], alonso[15]) == (0.5245, 0.8815, 1.4854, 1.5838)
    for table in RI_TABLES.values():
        values = list(table.values())
        assert list(table) == list(range(1, len(values) + 1))
        assert values[:2] == [0.0, 0.0] and all(np.diff(values[1:]) > 0)


# --------------------------------------------------------------------------- pymcdm agreement


@pytest.mark.parametrize("n", range(3, 16))
@pytest.mark.parametrize("seed", range(8))
def test_weights_and_cr_equal_pymcdm(n: int, seed: int) -> None:
    a = _random_saaty_matrix(n, np.random.default_rng(1000 * n + seed))
    ours = ahp(a, ri_table="tummala-ling-1998")
    theirs = AHP(matrix=a)
    assert np.max(np.abs(ours.weights - theirs())) <= 1e-12
    assert abs(ours.cr - theirs.get_cr()) <= 1e-12


def test_non_integer_judgements_accepted_unlike_pymcdm() -> None:
    a = np.array([[1, 2.5, 4], [0.4, 1, 1.6], [0.25, 0.625, 1]])  # consistent: w ~ (20, 8, 5)
    np.testing.assert_allclose(ahp(a).weights, np.array([20, 8, 5]) / 33, rtol=0, atol=1e-12)
    with pytest.raises(ValueError, match="Valid values"):
        AHP(matrix=a)


# --------------------------------------------------------------------------- consistency


@pytest.mark.parametrize("seed", range(10))
def test_consistent_matrix_has_zero_cr_and_exact_weights(seed: int) -> None:
    rng = np.random.default_rng(seed)
    w = rng.dirichlet(np.ones(int(rng.integers(3, 11))))
    w = w / w.max() * 3 / 2 + 0.5  # keep every ratio inside [1/9, 9]
    w = w / w.sum()
    result = ahp(consistent_matrix(w))
    assert abs(result.cr) <= 1e-12
    assert abs(result.lambda_max - w.size) <= 1e-12
    assert np.max(np.abs(result.weights - w)) <= 1e-12
    assert result.consistent


def test_small_matrices_have_zero_cr_and_no_worst() -> None:
    one = ahp([[1.0]])
    assert one.weights.tolist() == [1.0] and one.cr == 0.0 and one.worst is None
    two = ahp([[1, 4], [0.25, 1]])
    np.testing.assert_allclose(two.weights, [0.8, 0.2], rtol=0, atol=1e-15)
    assert two.cr == 0.0 and two.ci == 0.0 and two.worst is None


def test_three_decimal_reciprocals_are_read_as_exact() -> None:
    rounded = np.array([[1, 3, 6], [0.333, 1, 2], [0.167, 0.5, 1]])
    exact = np.array([[1, 3, 6], [1 / 3, 1, 2], [1 / 6, 0.5, 1]])
    assert validate_pairwise(rounded) == []
    np.testing.assert_array_equal(ahp(rounded).weights, ahp(exact).weights)


def test_threshold_and_ri_table_choice() -> None:
    a = np.array([[1, 3, 1 / 2], [1 / 3, 1, 3], [2, 1 / 3, 1]])
    saaty = ahp(a)
    assert not saaty.consistent
    assert ahp(a, threshold=10.0).consistent
    alonso = ahp(a, ri_table="alonso-lamata-2006")
    assert alonso.cr == pytest.approx(saaty.ci / 0.5245, abs=1e-15)
    assert (saaty.ri, saaty.ri_table) == (0.58, "saaty")


# --------------------------------------------------------------------------- worst judgement


def _cr_with(a: np.ndarray, i: int, j: int, value: float, table: str = "saaty") -> float:
    b = a.copy()
    b[i, j], b[j, i] = value, 1 / value
    return ahp(b, ri_table=table).cr


def test_worst_judgement_finds_the_corrupted_entry() -> None:
    a = consistent_matrix(np.array([8.0, 4.0, 2.0, 1.0]))
    a[0, 3], a[3, 0] = 1 / 2, 2  # was 8
    result = ahp(a)
    assert not result.consistent
    worst = result.worst
    assert (worst.i, worst.j, worst.current) == (0, 3, 0.5)
    assert worst.consistent == pytest.approx(result.weights[0] / result.weights[3], abs=1e-12)
    assert worst.suggested in SAATY_SCALE
    assert worst.cr_if_suggested == pytest.approx(_cr_with(a, 0, 3, worst.suggested), abs=1e-12)
    assert worst.cr_if_suggested < 0.10 < result.cr


def _exhaustive(a: np.ndarray, table: str = "saaty", threshold: float = 0.10):
    """Every single change by brute force: (i, j, value, cr, steps, reverses) per change."""
    scale = list(SAATY_SCALE)
    n = a.shape[0]
    out = []
    for i in range(n):
        for j in range(i + 1, n):
            cur = a[i, j]
            here = int(np.argmin([abs(np.log(v / cur)) for v in scale]))
            for k, v in enumerate(scale):
                if np.isclose(v, cur, rtol=1e-9, atol=0):
                    continue
                b = a.copy()
                b[i, j], b[j, i] = v, 1 / v
                rev = bool((cur > 1 > v) or (cur < 1 < v))
                lam = max(np.linalg.eigvals(b).real)
                cr = max(lam - n, 0) / (n - 1) / RI_TABLES[table][n]
                out.append((i, j, v, cr, abs(k - here), rev))
    return out


def _allowed(changes, threshold=0.10):
    """Direction-keeping changes, unless only a reversal reaches the threshold."""
    keep = [c for c in changes if not c[5]]
    if any(c[3] <= threshold for c in keep) or not any(c[3] <= threshold for c in changes):
        return keep
    return changes


@pytest.mark.parametrize("table", ["saaty", "alonso-lamata-2006-rule"])
@pytest.mark.parametrize("seed", range(40))
def test_best_change_and_smallest_fix_equal_the_exhaustive_optimum(seed: int,
                                                                   table: str) -> None:
    rng = np.random.default_rng(seed)
    a = _random_saaty_matrix(int(rng.integers(3, 7)), rng)
    if seed % 4 == 0:  # a geometric mean of group judgements: not on the scale
        a[0, 1], a[1, 0] = 2.6, 1 / 2.6
    res = ahp(a, ri_table=table)
    allowed = _allowed(_exhaustive(a, table))
    b = res.best_change
    assert b.cr == pytest.approx(min(c[3] for c in allowed), abs=1e-9)
    assert _cr_with(a, b.i, b.j, b.value, table) == pytest.approx(b.cr, abs=1e-12)
    assert (res.worst.i, res.worst.j, res.worst.suggested) == (b.i, b.j, b.value)
    assert res.worst.cr_if_suggested == b.cr
    fixes = [c for c in allowed if c[3] <= 0.10]
    if res.consistent or not fixes:
        assert res.smallest_fix is None
        return
    f = res.smallest_fix
    assert f.steps == min(c[4] for c in fixes)
    assert f.cr <= 0.10
    assert f.cr == pytest.approx(min(c[3] for c in fixes if c[4] == f.steps), abs=1e-9)
    assert any(c[:3] == (f.i, f.j, f.value) and c[4:] == (f.steps, f.reverses)
               for c in fixes)


def test_a_fix_is_found_whenever_one_change_suffices() -> None:
    """Issue 13: whenever some single change brings CR to 0.10 the search names one; with
    one corrupted judgement of a consistent matrix it always restores CR <= 0.10."""
    rng = np.random.default_rng(480)
    fixable = found = 0
    for _ in range(120):
        a = _random_saaty_matrix(int(rng.integers(3, 6)), rng)
        res = ahp(a)
        if res.consistent:
            continue
        if any(c[3] <= 0.10 for c in _exhaustive(a)):
            fixable += 1
            found += res.smallest_fix is not None and res.smallest_fix.cr <= 0.10
    assert fixable > 5 and found == fixable
    for _ in range(60):
        n = int(rng.integers(3, 7))
        a = consistent_matrix(2.0 ** rng.integers(0, 4, n))  # ratios 1/8 ... 8: on the scale
        i, j = sorted(rng.choice(n, 2, replace=False))
        a[i, j] = rng.choice(SAATY_SCALE)
        a[j, i] = 1 / a[i, j]
        res = ahp(a)
        if res.consistent:
            continue
        assert res.smallest_fix is not None and res.smallest_fix.cr <= 0.10
        assert res.best_change.cr <= 0.10


def test_direction_is_kept_unless_only_a_reversal_fixes() -> None:
    # Alonso & Lamata's example fails their rule; lowering a_12 from 2 to 1 repairs it
    # without reversing anything
    a = np.array([[1, 2, 7], [1 / 2, 1, 9], [1 / 7, 1 / 9, 1]])
    res = ahp(a, ri_table="alonso-lamata-2006-rule")
    f = res.smallest_fix
    assert (f.i, f.j, f.current, f.value, f.steps, f.reverses) == (0, 1, 2.0, 1.0, 1, False)
    # a consistent matrix (8, 4, 2, 1) with a_14 = 1/2 instead of 8: the judgement is the
    # wrong way round, and no change keeping its direction reaches CR <= 0.10
    a = consistent_matrix(np.array([8.0, 4.0, 2.0, 1.0]))
    a[0, 3], a[3, 0] = 1 / 2, 2
    changes = _exhaustive(a)
    assert not any(c[3] <= 0.10 for c in changes if not c[5])
    res = ahp(a)
    assert res.smallest_fix.reverses and (res.smallest_fix.i, res.smallest_fix.j) == (0, 3)
    assert res.smallest_fix.cr <= 0.10 and res.smallest_fix.value > 1
    assert res.best_change.reverses and res.best_change.value == 8.0
    assert res.best_change.cr == pytest.approx(0.0, abs=1e-9)


# --------------------------------------------------------------------------- consistency rule


def test_alonso_lamata_rule_differs_from_their_table() -> None:
    """Issue 13: CR 0.0953 with Alonso & Lamata's table, but lambda_max exceeds their rule
    n + 0.1 (1.7699 n - 4.3513) = 3.09584 for n = 3."""
    a = np.array([[1, 2, 7], [1 / 2, 1, 9], [1 / 7, 1 / 9, 1]])
    table = ahp(a, ri_table="alonso-lamata-2006")
    rule = ahp(a, ri_table="alonso-lamata-2006-rule")
    assert round(table.cr, 4) == 0.0953 and table.consistent
    assert rule.lambda_limit == pytest.approx(3 + 0.1 * (1.7699 * 3 - 4.3513), abs=1e-12)
    assert rule.lambda_max > rule.lambda_limit and not rule.consistent
    assert rule.lambda_max == table.lambda_max
    assert "1.7699 n - 4.3513" in rule.rule and rule.ri_table == "alonso-lamata-2006-rule"


@pytest.mark.parametrize("seed", range(30))
def test_rule_is_lambda_max_against_the_published_bound(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 16))
    w = rng.uniform(1, 3, n)
    a = np.eye(n)
    for i in range(n):
        for j in range(i + 1, n):
            a[i, j] = float(np.clip(w[i] / w[j] * np.exp(rng.normal(0, 0.3)), 1 / 9, 9))
            a[j, i] = 1 / a[i, j]
    res = ahp(a, ri_table="alonso-lamata-2006-rule")
    bound = n + 0.1 * (1.7699 * n - 4.3513)
    assert res.consistent == (res.lambda_max <= bound + 1e-12)
    assert res.lambda_limit == pytest.approx(bound, abs=1e-12)


# --------------------------------------------------------------------------- validation


def test_validate_reports_every_problem_with_place() -> None:
    a = np.array([
        [1.0, 3.0, -2.0, 12.0],
        [0.5, 1.0, np.nan, 1.0],
        [0.5, 4.0, 2.0, 0.0],
        [1 / 12, 1.0, 1.0, 1.0],
    ])
    problems = validate_pairwise(a, names=["GDP", "R&D", "Unis", "Roads"])
    expected_fragments = [
        "row 1 (GDP), column 3 (Unis): value -2 must be positive",
        "row 1 (GDP), column 4 (Roads): value 12 is outside the Saaty range",
        "row 2 (R&D), column 3 (Unis): value is missing or not finite",
        "row 3 (Unis), column 3 (Unis): diagonal must be 1, got 2",
        "row 3 (Unis), column 4 (Roads): value 0 must be positive",
        "row 4 (Roads), column 1 (GDP): value 0.0833333 is outside the Saaty range",
        "row 1 (GDP), column 2 (R&D): 3 and its mirror 0.5 are not reciprocal",
        "row 2 (R&D), column 3 (Unis)",
    ]
    assert len(problems) == len(expected_fragments) - 1
    for fragment in expected_fragments[:-1]:
        assert any(fragment in p for p in problems), fragment
    assert not any("not reciprocal" in p and expected_fragments[-1] in p for p in problems)


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        (np.ones((2, 3)), "square"),
        (np.ones(3), "square"),
        ([["a"]], "not numeric"),
        (np.ones((16, 16)), "exceed the largest random-index table"),
        ([[1, 3], [0.33, 1]], "not reciprocal"),
    ],
)
def test_validate_shape_and_size_problems(matrix, message: str) -> None:
    assert any(message in p for p in validate_pairwise(matrix))


def test_validate_names_length() -> None:
    assert "2 names given for a 3 x 3 matrix" in validate_pairwise(np.ones((3, 3)), ["a", "b"])[0]


def test_ahp_raises_with_all_problems_listed() -> None:
    with pytest.raises(ValueError, match=r"(?s)invalid pairwise.*diagonal.*not reciprocal"):
        ahp([[2, 3], [3, 1]])
    with pytest.raises(ValueError, match="unknown RI table 'nope'"):
        ahp(np.eye(3), ri_table="nope")
    with pytest.raises(ValueError, match="has no value for n = 11"):
        ahp(np.ones((11, 11)), ri_table="saaty")


def test_results_are_frozen() -> None:
    result = ahp(WEALTH)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.cr = 0.0
    with pytest.raises(ValueError, match="read-only"):
        result.weights[0] = 1.0


def test_consistent_matrix_helper() -> None:
    np.testing.assert_array_equal(consistent_matrix([2.0, 1.0]), [[1.0, 2.0], [0.5, 1.0]])
    with pytest.raises(ValueError, match="positive"):
        consistent_matrix([1.0, 0.0])


# --------------------------------------------------------------------------- hierarchy


def test_hierarchical_global_weights() -> None:
    criteria = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    local_b = np.array([[1, 4], [1 / 4, 1]])
    result = hierarchical(criteria, [None, local_b, DRINKS[:3, :3]])
    cw = ahp(criteria).weights
    expected = np.concatenate([[cw[0]], cw[1] * ahp(local_b).weights,
                               cw[2] * ahp(DRINKS[:3, :3]).weights])
    np.testing.assert_allclose(result.global_weights, expected, rtol=0, atol=1e-15)
    assert abs(result.global_weights.sum() - 1) <= 1e-12
    assert result.groups.tolist() == [0, 1, 1, 2, 2, 2]
    assert result.indicators[0].weights.tolist() == [1.0]
    assert [r.cr for r in result.indicators[:2]] == [0.0, 0.0]
    assert result.indicators[2].cr == ahp(DRINKS[:3, :3]).cr
    assert result.consistent == (result.criteria.consistent and result.indicators[2].consistent)


def test_hierarchical_single_indicator_as_one_by_one_and_errors() -> None:
    result = hierarchical([[1, 2], [0.5, 1]], [[[1.0]], None])
    np.testing.assert_allclose(result.global_weights, [2 / 3, 1 / 3], rtol=0, atol=1e-15)
    with pytest.raises(ValueError, match="1 indicator matrices given for 2 criteria"):
        hierarchical([[1, 2], [0.5, 1]], [None])
    with pytest.raises(ValueError, match="criterion 1 matrix: invalid pairwise"):
        hierarchical([[1, 2], [0.5, 1]], [None, [[1, 2], [2, 1]]])
