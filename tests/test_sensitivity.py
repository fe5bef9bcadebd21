"""mcda.sensitivity: Sobol indices of ranks on problems with a known answer, their weight
distribution, bootstrap intervals and constant ranks."""

import numpy as np
import pytest
from scipy.stats import beta, kstest

from mcda import registry
from mcda.sensitivity import rank_sobol


def test_a_weight_that_favours_nobody_gets_no_index():
    # unit 0 wins iff x_0 > x_1; indicator 2 is the same for both units
    R = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]])
    res = rank_sobol(registry.scorer("wsm", R), 3, n=2048, seed=1)
    first, total = res.first, res.total
    assert np.allclose(total[:, 2], 0.0, atol=1e-12)
    assert np.allclose(first[:, 2], 0.0, atol=1e-12)
    assert abs(first[0, 0] - first[0, 1]) < 0.1  # symmetric roles
    assert np.allclose(first[0], first[1]) and np.allclose(total[0], total[1])
    assert (total[0, :2] >= first[0, :2] - 0.05).all()
    assert not res.constant.any()


def test_a_rank_that_never_changes_is_constant_with_the_reason():
    R = np.array([[1.0, 1.0], [0.0, 0.0]])
    res = rank_sobol(registry.scorer("topsis", R), 2, n=256)
    assert res.constant.all() and np.isnan(res.first).all() and np.isnan(res.total_high).all()
    assert res.modal_rank.tolist() == [1, 2] and (res.modal_share == 1).all()
    assert res.note(0) == ("constant: rank 1 in every one of the 1,024 weight vectors, no "
                           "variance to apportion")
    doc = res.to_dict(["a", "b"], ["C1", "C2"])
    assert doc["first_order"] == {"a": "constant", "b": "constant"}
    assert doc["constant"]["b"].startswith("constant: rank 2")


def test_an_almost_constant_rank_is_explained_not_nan():
    # unit 1 beats unit 0 only when w_3 > 0.99 (probability 1e-4 under uniform weights),
    # unit 2 varies freely against both
    R = np.array([[1.0, 1.0, 1.0], [0.0, 0.0, 1.01], [0.9, 0.2, 0.5]])
    res = rank_sobol(registry.scorer("wsm", R), 3, n=4096, seed=3)
    assert res.constant[0] and 0.999 <= res.modal_share[0] < 1.0
    assert "too little variance to apportion" in res.note(0)
    assert not res.constant[2] and np.isfinite(res.first[2]).all()
    # unit 1 wins when w_3 > 0.952 (probability 0.0023): it varies enough to apportion
    R[1, 2] = 1.05
    wider = rank_sobol(registry.scorer("wsm", R), 3, n=4096, seed=3)
    assert not wider.constant[0] and wider.modal_share[0] < 0.999
    assert np.isfinite(wider.first[0]).all() and np.isfinite(wider.total_high[0]).all()


def test_weights_are_uniform_on_the_simplex_as_in_smaa():
    seen = []

    def scorer(w):
        seen.append(w)
        return w[:, :2]  # two "units" whose utilities are the first two weights

    rank_sobol(scorer, 4, n=1024, seed=5)
    w = np.concatenate(seen)
    assert np.allclose(w.sum(axis=1), 1.0)
    for c in range(4):  # Dirichlet(1, 1, 1, 1): each marginal is Beta(1, 3)
        assert kstest(w[:, c], beta(1, 3).cdf).pvalue > 1e-3


def test_intervals_cover_a_precise_reference():
    rng = np.random.default_rng(0)
    R = rng.random((6, 4))
    fn = registry.scorer("wsm", R)
    ref = rank_sobol(fn, 4, n=16384, seed=99)
    res = rank_sobol(fn, 4, n=1024, seed=1)
    assert res.confidence_level == 0.95
    ok = ~res.constant
    assert ok.sum() >= 4
    inside_first = (res.first_low <= ref.first) & (ref.first <= res.first_high)
    inside_total = (res.total_low <= ref.total) & (ref.total <= res.total_high)
    assert inside_first[ok].mean() >= 0.8 and inside_total[ok].mean() >= 0.8
    assert (res.first_low[ok] <= res.first_high[ok]).all()
    width = (res.first_high - res.first_low)[ok]
    assert 0 < width.mean() < 0.5
    narrow = rank_sobol(fn, 4, n=8192, seed=1)
    assert (narrow.first_high - narrow.first_low)[ok].mean() < width.mean()


def test_needs_two_weights():
    with pytest.raises(ValueError, match="at least two weights"):
        rank_sobol(registry.scorer("wsm", np.ones((2, 1))), 1)


def test_robustness_output_names_the_distribution_and_constant_units():
    from criteria.bundled import load_bundled
    from scenarios.library import load_scenario
    from scicity.engine.robustness import WeightModel, analyse, to_json_dict

    regions, sc = load_bundled("regions"), load_scenario("balanced")
    doc = to_json_dict(analyse(regions, sc, samples=200, sobol_samples=1024,
                               compare_methods=False))
    sobol = doc["sobol"]
    assert "uniform on the simplex" in sobol["distribution"] and "note" not in sobol
    # Almaty (city) is first under (almost) every weight vector: explained, not NaN
    assert sobol["first_order"]["KZ-75"] == "constant"
    assert sobol["constant"]["KZ-75"].startswith("constant: rank 1 in")
    lo, hi = sobol["total_ci"]["KZ-47"]["C4"]
    assert lo <= sobol["total"]["KZ-47"]["C4"] <= hi
    around = to_json_dict(analyse(regions, sc, samples=200, sobol_samples=256,
                                  compare_methods=False, weights=WeightModel("around")))
    assert "the Sobol indices use criterion weights uniform" in around["sobol"]["note"]
