"""Tests for mcda.normalization: agreement with pymcdm, NaN handling, goalposts, errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from pymcdm.normalizations import minmax_normalization, vector_normalization

from mcda.normalization import goalposts_from, normalize

PYMCDM = {"minmax": minmax_normalization, "vector": vector_normalization}


def _random_problem(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n, m = rng.integers(2, 20), rng.integers(1, 8)
    matrix = rng.lognormal(mean=2.0, sigma=1.5, size=(n, m))
    types = rng.choice([1, -1], size=m)
    return matrix, types


def _pymcdm_normalize(matrix: np.ndarray, types: np.ndarray, method: str) -> np.ndarray:
    func = PYMCDM[method]
    columns = zip(matrix.T, types, strict=True)
    return np.column_stack([func(col, cost=t == -1) for col, t in columns])


@pytest.mark.parametrize("method", ["minmax", "vector"])
@pytest.mark.parametrize("seed", range(40))
def test_equals_pymcdm_on_complete_data(method: str, seed: int) -> None:
    matrix, types = _random_problem(seed)
    ours = normalize(matrix, types, method)
    assert np.max(np.abs(ours - _pymcdm_normalize(matrix, types, method))) <= 1e-12


@pytest.mark.parametrize("method", ["minmax", "vector"])
@pytest.mark.parametrize("seed", range(20))
def test_nan_stays_nan_and_is_ignored_by_column_statistics(method: str, seed: int) -> None:
    matrix, types = _random_problem(seed + 100)
    rng = np.random.default_rng(seed)
    holes = rng.random(matrix.shape) < 0.25
    holes[0] = False  # keep at least one value per column
    with_nan = np.where(holes, np.nan, matrix)
    ours = normalize(with_nan, types, method)
    assert np.array_equal(np.isnan(ours), holes)
    for j, t in enumerate(types):
        present = ~holes[:, j]
        expected = PYMCDM[method](matrix[present, j], cost=t == -1)
        assert np.max(np.abs(ours[present, j] - expected)) <= 1e-12


def test_all_nan_column_gives_nan_without_warnings() -> None:
    matrix = np.array([[1.0, np.nan], [2.0, np.nan]])
    with np.errstate(all="raise"):
        for method in ("minmax", "vector"):
            out = normalize(matrix, np.array([1, 1]), method)
            assert np.isnan(out[:, 1]).all()
            assert not np.isnan(out[:, 0]).any()


@pytest.mark.parametrize("t", [1, -1])
def test_minmax_constant_column_is_one_like_pymcdm(t: int) -> None:
    matrix = np.array([[3.0], [3.0], [np.nan]])
    out = normalize(matrix, np.array([t]), "minmax")
    assert out[:2, 0].tolist() == [1.0, 1.0]
    assert np.isnan(out[2, 0])
    assert minmax_normalization(np.array([3.0, 3.0]), cost=t == -1).tolist() == [1.0, 1.0]


def test_vector_all_zero_column_is_zero_share() -> None:
    matrix = np.zeros((3, 2))
    out = normalize(matrix, np.array([1, -1]), "vector")
    assert out[:, 0].tolist() == [0.0, 0.0, 0.0]
    assert out[:, 1].tolist() == [1.0, 1.0, 1.0]


def test_goalpost_values_and_clipping() -> None:
    matrix = np.array([[0.0, 10.0], [5.0, 20.0], [12.0, -4.0], [np.nan, 15.0]])
    bounds = np.array([[0.0, 10.0], [0.0, 20.0]])
    out = normalize(matrix, np.array([1, -1]), "goalpost", bounds)
    expected = np.array([[0.0, 0.5], [0.5, 0.0], [1.0, 1.0], [np.nan, 0.25]])
    np.testing.assert_allclose(out, expected, rtol=0, atol=1e-15)


def test_goalposts_from_ignores_nan() -> None:
    matrix = np.array([[1.0, np.nan, np.nan], [-3.0, 7.0, np.nan], [2.0, 4.0, np.nan]])
    bounds = goalposts_from(matrix)
    assert bounds[:2].tolist() == [[-3.0, 2.0], [4.0, 7.0]]
    assert np.isnan(bounds[2]).all()


@pytest.mark.parametrize("seed", range(20))
def test_goalposts_make_rows_independent_of_other_candidates(seed: int) -> None:
    matrix, types = _random_problem(seed + 200)
    bounds = goalposts_from(matrix)
    full = normalize(matrix, types, "goalpost", bounds)
    drop = int(np.argmax(matrix[:, 0]))  # removing an extreme row changes min-max scores
    rest = np.delete(matrix, drop, axis=0)
    np.testing.assert_array_equal(normalize(rest, types, "goalpost", bounds),
                                  np.delete(full, drop, axis=0))
    minmax_changes = normalize(rest, types, "minmax") - np.delete(
        normalize(matrix, types, "minmax"), drop, axis=0)
    if np.ptp(rest[:, 0]) > 0:
        assert np.abs(minmax_changes[:, 0]).max() > 1e-9


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(2, 8), st.integers(1, 4)),
              elements=st.floats(-1e6, 1e6, allow_nan=False)))
def test_minmax_in_unit_interval_and_cost_mirrors_benefit(matrix: np.ndarray) -> None:
    m = matrix.shape[1]
    benefit = normalize(matrix, np.ones(m, dtype=int), "minmax")
    cost = normalize(matrix, -np.ones(m, dtype=int), "minmax")
    assert ((benefit >= 0) & (benefit <= 1)).all()
    varying = np.ptp(matrix, axis=0) > 0
    np.testing.assert_allclose((benefit + cost)[:, varying], 1.0, atol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"matrix": [1.0, 2.0]}, "2-D"),
        ({"matrix": np.zeros((0, 2))}, "2-D"),
        ({"matrix": [[1.0, np.inf], [2.0, 3.0]]}, "infinite"),
        ({"matrix": [["a", "b"]]}, "numeric"),
        ({"types": [1]}, "types must have shape"),
        ({"types": [1, 0]}, r"\+1 \(benefit\) or -1 \(cost\)"),
        ({"method": "zscore"}, "unknown normalisation 'zscore'"),
        ({"method": "minmax", "bounds": np.zeros((2, 2))}, "only used by the 'goalpost'"),
        ({"method": "goalpost"}, "needs bounds"),
        ({"method": "goalpost", "bounds": np.zeros((2,))}, r"bounds must have shape \(2, 2\)"),
        ({"method": "goalpost", "bounds": [[0, 1], [5, 5]]}, r"columns \[1\] have upper <= lower"),
        ({"method": "goalpost", "bounds": [[0, np.nan], [0, 1]]}, "finite"),
    ],
)
def test_errors(kwargs: dict, message: str) -> None:
    args = {"matrix": [[1.0, 2.0], [3.0, 4.0]], "types": [1, -1], "method": "vector"} | kwargs
    with pytest.raises(ValueError, match=message):
        normalize(**args)
