"""Declared scales: presence flags and value functions enter every normalisation, method
and sub-score on their own 0–1 scale, so a flag is worth the same however many
candidates hold it (the Baikonur airport case)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from criteria.bundled import load_bundled
from criteria.model import load_catalogue
from mcda import batch, methods, registry
from mcda.messages import msg
from mcda.normalization import normalize
from mcda.pipeline import ProblemSpec, run
from scenarios.library import builtin_ids, load_scenario
from scicity.engine.evaluate import evaluate

NAN = np.nan
SCALE = np.array([[0.0, 1.0], [NAN, NAN]])  # column 0 a flag, column 1 a count


@pytest.mark.parametrize("norm", ["vector", "minmax"])
def test_a_flag_keeps_its_scale_however_many_hold_it(norm):
    for holders in range(1, 5):
        flag = np.array([1.0] * holders + [0.0] * (5 - holders))
        x = np.column_stack([flag, [3.0, 1.0, 4.0, 1.0, 5.0]])
        r = normalize(x, np.array([1, 1]), norm, scales=SCALE)
        np.testing.assert_array_equal(r[:, 0], flag)  # 1 present, 0 absent
        np.testing.assert_array_equal(r[:, 1], normalize(x, np.array([1, 1]), norm)[:, 1])
    # without the declared scale the vector norm shrinks a flag held by k units to 1/√k
    x = np.column_stack([[1.0, 1.0, 1.0, 1.0, 0.0], [3.0, 1.0, 4.0, 1.0, 5.0]])
    assert normalize(x, np.array([1, 1]), "vector")[0, 0] == pytest.approx(0.5)


def test_a_cost_column_and_a_value_inside_the_scale():
    x = np.array([[0.25, 2.0], [0.75, 3.0], [NAN, 4.0]])
    r = normalize(x, np.array([-1, 1]), "minmax", scales=SCALE)
    np.testing.assert_allclose(r[:2, 0], [0.75, 0.25])
    assert np.isnan(r[2, 0])


def test_scales_are_checked():
    with pytest.raises(ValueError, match="shape"):
        normalize(np.ones((2, 2)), np.array([1, 1]), "minmax", scales=np.zeros((1, 2)))
    with pytest.raises(ValueError, match="upper bound"):
        normalize(np.ones((2, 2)), np.array([1, 1]), "minmax",
                  scales=np.array([[1.0, 1.0], [NAN, NAN]]))


def test_methods_take_the_scale_ends_as_references_for_scaled_columns():
    R = np.array([[0.9, 0.2], [0.8, 0.6], [1.0, 0.4]])  # column 0 a value on a 0–1 scale
    w = np.array([0.5, 0.5])
    mask = np.array([True, False])
    best, worst = methods.fixed_references(R, mask)
    np.testing.assert_array_equal(best, [1.0, 0.6])
    np.testing.assert_array_equal(worst, [0.0, 0.2])
    ctx = registry.Context(scaled=(True, False))
    # TOPSIS by hand with ideal (1, 0.6) and anti-ideal (0, 0.2)
    dp = np.sqrt(((w * (R - best)) ** 2).sum(axis=1))
    dm = np.sqrt(((w * (R - worst)) ** 2).sum(axis=1))
    np.testing.assert_allclose(registry.scores("topsis", R, w, None, ctx), dm / (dp + dm),
                               rtol=0, atol=1e-15)
    W = np.array([w, [0.2, 0.8]])
    np.testing.assert_allclose(registry.scores("topsis", R, W, None, ctx)[0], dm / (dp + dm),
                               rtol=0, atol=1e-15)
    # VIKOR: regret of the scaled column is 1 - r, of the other (0.6 - r) / 0.4
    regret = np.column_stack([1 - R[:, 0], (0.6 - R[:, 1]) / 0.4])
    s, r, _ = methods.vikor_sr(R, w, fixed=mask)
    np.testing.assert_allclose(s, regret @ w, rtol=0, atol=1e-15)
    np.testing.assert_allclose(r, (regret * w).max(axis=1), rtol=0, atol=1e-15)
    np.testing.assert_allclose(batch.vikor(R, W, fixed=mask),
                               np.array([methods.vikor(R, v, fixed=mask) for v in W]),
                               rtol=0, atol=1e-12)
    # PROMETHEE: thresholds of the scaled column are fractions of 1, not of its range 0.2
    _, q, p, _ = registry.promethee_thresholds(R, ctx)
    np.testing.assert_allclose(q, [0.1, 0.1 * 0.4])
    np.testing.assert_allclose(p, [0.5, 0.5 * 0.4])


_cells = st.floats(0.0, 1.0, allow_nan=False, width=32)


@settings(max_examples=80, deadline=None)
@given(flag=arrays(np.float64, 6, elements=st.sampled_from([0.0, 1.0])),
       other=arrays(np.float64, 6, elements=st.floats(1.0, 100.0, width=32)),
       method=st.sampled_from(registry.METHOD_NAMES),
       norm=st.sampled_from(["vector", "minmax"]), drop=st.integers(0, 5))
def test_a_flag_s_normalised_values_ignore_the_other_candidates(flag, other, method, norm,
                                                                 drop):
    """Dropping a candidate never changes another unit's normalised flag, and a unit that
    holds the flag never scores below an otherwise identical unit without it."""
    m = pd.DataFrame({"f": flag, "x": other}, index=[f"u{i}" for i in range(6)])
    m.loc["twin_yes"] = [1.0, 50.0]
    m.loc["twin_no"] = [0.0, 50.0]
    spec = ProblemSpec(("f", "x"), ("C2", "C1"), (1, 1), (1.0, 1.0), {"C1": 0.5, "C2": 0.5},
                       method=method, normalization=norm, min_coverage=0.0,
                       scales={"f": (0.0, 1.0)})
    out = run(m, spec)
    p = out.problem
    assert p is not None
    np.testing.assert_array_equal(p.normalised[:, 0], m["f"].to_numpy())
    less = run(m.drop(index=m.index[drop]), spec).problem
    assert less is not None
    np.testing.assert_array_equal(less.normalised[:, 0], m["f"].drop(index=m.index[drop]))
    t = out.table
    assert t.loc["twin_yes", "rank"] <= t.loc["twin_no", "rank"]


def test_catalogue_declares_the_flags_scale():
    cat = load_catalogue()
    assert cat.field("airport").scale == (0.0, 1.0)
    assert cat.field("railway").scale == (0.0, 1.0)
    assert cat.field("research_facilities").scale is None


def test_baikonur_airport_is_visible_in_c2_and_no_longer_outweighs_the_context():
    """The analyst's case: balanced, towns. Baikonur alone has a civil airport (BXY
    Krainiy); Stepnogorsk is better on every regional-context figure. C2 now shows the
    airport (0.92 against 0.50) and Stepnogorsk ranks above Baikonur."""
    ev = evaluate(load_bundled("towns"), load_scenario("balanced"))
    t = ev.table
    assert t.loc["baikonur", "sub_C2"] == pytest.approx(0.5 + 0.5 * (400 - 191.948689) / 250,
                                                        abs=1e-6)
    for town in ("kurchatov", "stepnogorsk", "aksu", "alatau_city"):
        assert t.loc[town, "sub_C2"] == pytest.approx(0.5)
    assert t.loc["stepnogorsk", "rank"] == 2 and t.loc["baikonur", "rank"] == 3
    assert msg("declared_scale", indicators=("airport", "dist_large_city_km")) in ev.notes


@pytest.mark.parametrize("sid", [s for s in builtin_ids() if load_scenario(s).applies_to("towns")])
def test_every_scenario_notes_the_scaled_indicators_it_used(sid):
    ev = evaluate(load_bundled("towns"), load_scenario(sid))
    used = set(ev.weights.index[ev.weights["status"] == "used"])
    scaled = tuple(i for i in ev.outcome.problem.indicators
                   if i in {"airport", "railway", "dist_large_city_km"} & used)
    assert msg("declared_scale", indicators=scaled) in ev.notes


def test_a_catalogue_with_a_bad_scale_is_refused():
    import tomllib

    from criteria.model import parse_catalogue

    text = Path(__file__).resolve().parents[1].joinpath(
        "criteria", "data", "indicators.toml").read_text("utf-8")
    for bad, why in (("scale = [0, 2]", "a flag's scale is \\[0, 1\\]"),
                     ("scale = [1, 1]", "lower bound must be below")):
        doc = tomllib.loads(text.replace("scale = [0, 1]", bad, 1))
        with pytest.raises(ValueError, match=why):
            parse_catalogue(doc)
