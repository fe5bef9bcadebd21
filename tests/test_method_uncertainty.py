"""mcda.method_uncertainty: rankings per variant, correlations, SMAA per variant."""

import numpy as np
import pytest
from pymcdm import correlations

from mcda import methods, registry, sampling
from mcda.method_uncertainty import compare, competition_ranks
from mcda.normalization import normalize
from mcda.smaa import smaa


@pytest.fixture(scope="module")
def setup():
    rng = np.random.default_rng(4)
    raw = rng.lognormal(0, 0.8, (9, 4))
    types = np.array([1, 1, -1, 1])
    scorers = {f"{m}/{nz}": registry.scorer(m, normalize(raw, types, nz))
               for m in ("topsis", "wsm") for nz in ("vector", "minmax")}
    scorers["vikor"] = registry.scorer("vikor", normalize(raw, types, "vector"))
    return raw, types, scorers, np.array([0.4, 0.3, 0.2, 0.1])


def test_ranks_and_correlations(setup):
    raw, types, scorers, w = setup
    units = [f"u{i}" for i in range(len(raw))]
    mc = compare(scorers, w, units)
    R = normalize(raw, types, "minmax")
    assert mc.ranks["topsis/minmax"].tolist() == methods.rank(methods.topsis(R, w)).tolist()
    assert mc.ranks["vikor"].tolist() == methods.rank(methods.vikor(R, w), True).tolist()
    for name, mat in mc.correlations.items():
        assert np.allclose(np.diag(mat), 1.0), name
    a, b = mc.ranks["topsis/vector"], mc.ranks["wsm/minmax"]
    ref = correlations.weighted_spearman(a.to_numpy(float), b.to_numpy(float))
    assert mc.correlations["weighted_spearman"].loc["topsis/vector", "wsm/minmax"] == ref
    sp = mc.correlations["spearman"]
    assert np.allclose(sp, sp.T)
    assert mc.median_rank.empty


def test_smaa_per_variant_uses_common_samples(setup):
    raw, _, scorers, w = setup
    units = [f"u{i}" for i in range(len(raw))]
    sampler = sampling.uniform_sampler(4)
    mc = compare(scorers, w, units, sampler=sampler, samples=2000, seed=3)
    alone = smaa(scorers["wsm/vector"], sampler, 2000, np.random.default_rng(3))
    assert mc.median_rank["wsm/vector"].tolist() == alone.rank_quantile(0.5).tolist()
    assert np.allclose(mc.pooled_acceptability.sum(axis=1), 1.0)
    assert (mc.rank_p05 <= mc.median_rank).all().all()
    assert (mc.median_rank <= mc.rank_p95).all().all()


def test_competition_ranks():
    assert competition_ranks(np.array([0.3, 0.9, 0.3, 0.1])).tolist() == [2, 1, 2, 4]
