"""mcda.batch: K weight vectors at once equal pymcdm (and mcda.methods) vector by vector."""

import numpy as np
import pytest
from pymcdm.helpers import rankdata
from pymcdm.methods import PROMETHEE_II, TOPSIS, VIKOR, WSM
from pymcdm.normalizations import minmax_normalization, vector_normalization

from mcda import batch, methods, registry
from mcda.normalization import normalize

pytestmark = pytest.mark.filterwarnings("ignore:Alternatives with indices:UserWarning")


def _problem(seed: int, k: int = 40):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(3, 25)), int(rng.integers(2, 12))
    raw = rng.lognormal(1.0, 1.0, (n, m))
    types = rng.choice([1, -1], size=m)
    return raw, types, rng.dirichlet(np.ones(m), size=k)


def _pymcdm(method, raw, types, w, norm):
    if method == "topsis":
        body = TOPSIS({"vector": vector_normalization, "minmax": minmax_normalization}[norm])
    elif method == "wsm":
        body = WSM({"vector": vector_normalization, "minmax": minmax_normalization}[norm])
    elif method == "vikor":
        body = VIKOR()
    else:  # the registry's default: linear, q = 10 % and p = 50 % of each column's range
        span = np.ptp(raw, axis=0)
        body = PROMETHEE_II("vshape_2", p=0.5 * span, q=0.1 * span)
    return body(raw, w, types, validation=False)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("method", registry.METHOD_NAMES)
@pytest.mark.parametrize("norm", ["vector", "minmax"])
def test_equals_pymcdm_vector_by_vector(seed, method, norm):
    raw, types, W = _problem(seed)
    got = registry.scores(method, normalize(raw, types, norm), W)
    for w, row in zip(W, got, strict=True):
        ref = _pymcdm(method, raw, types, w, norm)
        assert np.abs(row - ref).max() <= 1e-12
        desc = method != "vikor"
        assert (methods.rank(row, ascending=not desc) == rankdata(ref, reverse=desc)).all()


def test_threaded_topsis_path_equals_methods():
    raw, types, _ = _problem(99)
    W = np.random.default_rng(1).dirichlet(np.ones(raw.shape[1]), size=5000)
    R = normalize(raw, types, "vector")
    assert np.abs(batch.topsis(R, W) - methods.topsis(R, W)).max() <= 1e-12


@pytest.mark.parametrize("method", registry.METHOD_NAMES)
def test_missing_cells_follow_mcda_methods(method):
    raw, types, W = _problem(3, k=20)
    R = normalize(raw, types, "minmax")
    R[0, 0] = np.nan
    groups = np.zeros(R.shape[1], dtype=int)
    fn = {"topsis": methods.topsis, "wsm": methods.wsm, "vikor": methods.vikor,
          "promethee2": methods.promethee_ii}[method]
    vshape = registry.Context(registry.MethodOptions(
        promethee=registry.PrometheeOptions(registry.default_preference("vshape"))))
    got = registry.scores(method, R, W, groups, vshape)  # methods.promethee_ii's default
    assert np.allclose(got, fn(R, W, groups), atol=1e-12)


def test_constant_weighted_columns_give_one_half_like_methods():
    R = np.array([[0.2, 0.5], [0.7, 0.5], [0.4, 0.5]])
    W = np.array([[0.0, 1.0], [0.5, 0.5]])
    assert np.allclose(batch.topsis(R, W), methods.topsis(R, W))
    assert (batch.topsis(R, W)[0] == 0.5).all()


def test_utilities_orient_vikor_and_scorer_lifts_criterion_weights():
    raw, types, _ = _problem(5)
    R = normalize(raw, types, "vector")
    W = np.random.default_rng(0).dirichlet(np.ones(R.shape[1]), 3)
    assert np.array_equal(registry.utilities("vikor", R, W), -batch.vikor(R, W))
    lift = np.zeros((2, R.shape[1]))
    lift[0, 0] = 1.0
    lift[1, 1:] = 1.0 / (R.shape[1] - 1)
    wc = np.array([[0.3, 0.7]])
    assert np.allclose(registry.scorer("topsis", R, lift=lift)(wc), batch.topsis(R, wc @ lift))


@pytest.mark.parametrize("W", [np.array([[0.5, 0.6]]), np.array([[-0.1, 1.1]]),
                               np.array([[np.nan, 1.0]]), np.array([0.5, 0.5])])
def test_bad_weights_are_refused(W):
    with pytest.raises(ValueError):
        batch.topsis(np.eye(2), W)
