"""mcda.uncertain on synthetic intervals: joint sampling of data and weights, tied groups,
value of information."""

import numpy as np
import pandas as pd
import pytest

from mcda import registry, sampling
from mcda.pipeline import ProblemSpec, run
from mcda.smaa import smaa_from_weights
from mcda.uncertain import (
    check_intervals,
    problem_scorer,
    smaa_with_data,
    tied_groups,
    value_of_information,
)


def _problem(matrix: pd.DataFrame, method: str = "wsm", norm: str = "minmax"):
    m = matrix.shape[1]
    spec = ProblemSpec(indicators=tuple(matrix.columns), groups=("C1",) * m, types=(1,) * m,
                       local_weights=(1.0,) * m, criterion_weights={"C1": 1.0},
                       method=method, normalization=norm, min_coverage=0.0)
    prob = run(matrix, spec).problem
    assert prob is not None
    return prob


def _blocks(q: int, count: int, size: int, seed: int):
    rng = np.random.default_rng(seed)
    return [sampling.uniform(size, rng, q) for _ in range(count)]


def test_exact_data_give_plain_smaa():
    rng = np.random.default_rng(0)
    m = pd.DataFrame(rng.random((6, 3)), columns=list("abc"), index=list("ABCDEF"))
    spec = ProblemSpec(indicators=("a", "b", "c"), groups=("C1", "C2", "C3"), types=(1, 1, 1),
                       local_weights=(1.0,) * 3, criterion_weights={"C1": 1, "C2": 1, "C3": 1},
                       method="topsis", normalization="vector", min_coverage=0.0)
    prob = run(m, spec).problem
    lo, hi = check_intervals(m, m, m)
    blocks = _blocks(3, 20, 25, 1)
    res = smaa_with_data(problem_scorer(prob), prob.units, lo, hi, blocks,
                         np.random.default_rng(2))
    plain = smaa_from_weights(prob.scorer(), blocks)
    np.testing.assert_array_equal(res.rank_counts, plain.rank_counts)


def test_overlapping_intervals_match_the_exact_probability():
    """One indicator, A ~ U[0, 2], B ~ U[1, 3]: P(A above B) = P(a > b) = 1/8."""
    raw = pd.DataFrame({"a": [1.0, 2.0]}, index=["A", "B"])
    prob = _problem(raw)
    lo, hi = check_intervals(raw, pd.DataFrame({"a": [0.0, 1.0]}, index=["A", "B"]),
                             pd.DataFrame({"a": [2.0, 3.0]}, index=["A", "B"]))
    blocks = [np.ones((1, 1))] * 10_000
    res = smaa_with_data(problem_scorer(prob), prob.units, lo, hi, blocks,
                         np.random.default_rng(3))
    p = res.acceptability.loc["A", 1]
    assert abs(p - 0.125) < 4 * np.sqrt(0.125 * 0.875 / 10_000)


def test_a_unit_above_another_in_every_draw_never_ranks_below_it():
    rng = np.random.default_rng(4)
    raw = pd.DataFrame(rng.uniform(5, 6, (5, 3)), columns=list("abc"), index=list("ABCDE"))
    raw.loc["A"] = 9.0
    low, high = raw - 0.4, raw + 0.4
    for method in registry.METHOD_NAMES:
        prob = _problem(raw, method, "goalpost")
        lo, hi = check_intervals(raw, low, high)
        res = smaa_with_data(problem_scorer(prob), prob.units, lo, hi, _blocks(1, 50, 10, 5),
                             np.random.default_rng(6))
        assert res.acceptability.loc["A", 1] == 1.0, method


def test_intervals_are_checked_and_undeclared_values_are_exact():
    raw = pd.DataFrame({"a": [1.0, np.nan, 3.0]}, index=["A", "B", "C"])
    low = pd.DataFrame({"a": [0.5, np.nan, np.nan]}, index=["A", "B", "C"])
    lo, hi = check_intervals(raw, low, low + 1.0)
    assert lo.ravel().tolist()[::2] == [0.5, 3.0] and hi[2, 0] == 3.0
    with pytest.raises(ValueError, match="interval of A, a: low exceeds high"):
        check_intervals(raw, low, low - 1.0)
    with pytest.raises(ValueError, match="interval of A, a: the value is outside"):
        check_intervals(raw, low + 0.8, low + 2.0)
    for_missing = pd.DataFrame({"a": [np.nan, 0.0, np.nan]}, index=["A", "B", "C"])
    with pytest.raises(ValueError, match="interval of B, a: an interval is given"):
        check_intervals(raw, for_missing, for_missing + 1)


def test_tied_groups_chain_overlapping_intervals():
    iv = pd.DataFrame({"lo": [1, 1, 3, 4, 7], "median": [1, 2, 3, 5, 7],
                       "hi": [2, 3, 4, 6, 8]}, index=list("ABCDE"))
    assert tied_groups(iv) == [["A", "B", "C", "D"], ["E"]]
    separate = iv.assign(hi=[1, 2, 3, 6, 8], lo=[1, 2, 3, 4, 7])
    assert tied_groups(separate) == [["A"], ["B"], ["C"], ["D"], ["E"]]


def test_value_of_information_ranks_the_cells_that_can_move_ranks():
    raw = pd.DataFrame({"a": [10.0, 9.0, 5.0, 1.0], "b": [1.0, 2.0, 5.0, 9.5]},
                       index=list("ABCD"))
    prob = _problem(raw)
    low, high = raw.copy(), raw.copy()
    low.loc["B", "a"], high.loc["B", "a"] = 2.0, 12.0   # can move B from last to first
    low.loc["C", "b"], high.loc["C", "b"] = 4.9, 5.1    # too narrow to matter
    lo, hi = check_intervals(raw, low, high)
    voi = value_of_information(problem_scorer(prob), prob.units, prob.indicators, lo, hi,
                               prob.criterion_weights)
    assert list(zip(voi["unit"], voi["indicator"], strict=True)) == [("B", "a"), ("C", "b")]
    top = voi.iloc[0]
    assert top["own_low"] > top["own_high"] and top["largest_shift"] >= 2
    assert voi.iloc[1]["largest_shift"] == 0 and voi.iloc[1]["units_moved"] == 0
    iv = smaa_with_data(problem_scorer(prob), prob.units, lo, hi, _blocks(1, 400, 5, 7),
                        np.random.default_rng(8)).rank_interval(0.9)
    assert iv.loc["B", "lo"] < iv.loc["B", "hi"]
    assert any("B" in g and len(g) > 1 for g in tied_groups(iv))
