"""The bounded robustness summary of a large layer, and the report's switch to it."""

import numpy as np
import pytest

from criteria.bundled import load_bundled
from mcda.methods import rank
from mcda.stability import _min_margin, _pair_groups, top_k_pairs
from scenarios.library import load_scenario
from scicity.engine import robustness as rb
from scicity.engine.evaluate import evaluate
from scicity.io.writers import ExportOptions, _html


@pytest.mark.parametrize("layer", ["regions", "towns"])
def test_rank_summary_agrees_with_smaa_on_the_same_draws(layer):
    ev = evaluate(load_bundled(layer), load_scenario("balanced"))
    full = rb.robustness(ev, samples=400, seed=3, compare_methods=False)
    small = rb.rank_summary(ev, samples=400, seed=3, chunk=37)
    for col in ("median_rank", "rank_p05", "rank_p95"):
        assert (full.units[col] == small.units[col]).all(), col
    np.testing.assert_allclose(small.units["p_top_k"], full.units["p_top_k"])
    np.testing.assert_allclose(small.acceptability, full.acceptability.iloc[:, :full.top_k])
    np.testing.assert_allclose(small.central_weights, full.central_weights, equal_nan=True)
    assert small.stability.equals(full.stability)
    assert small.winning.shape == (len(full.units), 0)
    assert [n.key for n in small.notes] == ["robustness_large"]
    assert small.notes[0].params["samples"] == 400


def test_sorted_ranks_match_pairwise_counts():
    rng = np.random.default_rng(5)
    u = rng.integers(0, 6, (40, 25)).astype(float)
    pairwise = 1 + (-u[..., None, :] < -u[..., :, None]).sum(axis=-1)
    assert (rank(u) == pairwise).all()
    assert (rank(u, ascending=True) == 1 + (u[..., None, :] < u[..., :, None]).sum(axis=-1)).all()


def test_grouped_margin_equals_the_pairwise_minimum():
    rng = np.random.default_rng(8)
    u = rng.random((9, 30))
    for pairs in (top_k_pairs(u[0], 3), rng.integers(0, 30, (50, 2))):
        want = (u[:, pairs[:, 0]] - u[:, pairs[:, 1]]).min(axis=1)
        assert (_min_margin(u, _pair_groups(pairs), cells=20) == want).all()


def test_report_uses_the_summary_above_the_limit(monkeypatch):
    ds = load_bundled("towns")
    ev = evaluate(ds, load_scenario("balanced"))
    monkeypatch.setattr(rb, "LARGE_UNITS", 3)
    html = _html(ev, ExportOptions("en", ds, samples=300)).decode()
    assert "robustness of a large layer" in html
    assert f"({int(ev.table['rank'].notna().sum())} ranked units): 300 weight vectors" in html
