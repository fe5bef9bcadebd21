"""Missing data never helps: the worst-case policy, its score interval and the property
that deleting a value never improves a unit's rank."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from criteria.bundled import load_bundled
from mcda.messages import msg
from mcda.missing import best_values, fill_gaps, worst_values
from mcda.pipeline import ProblemSpec, run
from mcda.registry import METHOD_NAMES as METHODS
from mcda.registry import NORMALIZATION_NAMES as NORMALIZATIONS
from scenarios.library import builtin_ids, load_scenario
from scicity.engine.evaluate import evaluate


def _spec(**kw) -> ProblemSpec:
    base = dict(indicators=("a", "b", "c", "d"), groups=("C1", "C1", "C2", "C2"),
                types=(1, 1, 1, -1), local_weights=(1.0, 1.0, 1.0, 1.0),
                criterion_weights={"C1": 0.5, "C2": 0.5}, method="topsis",
                normalization="minmax", min_coverage=0.0, worst={"d": 100.0})
    base.update(kw)
    return ProblemSpec(**base)


def test_worst_and_best_values():
    d = pd.DataFrame({"a": [1.0, 5.0, np.nan], "b": [-2.0, 3.0, 1.0], "c": [4.0, 9.0, 7.0]})
    t = np.array([1, 1, -1])
    assert list(worst_values(d, t)) == [0.0, -2.0, 9.0]
    assert list(worst_values(d, t, {"a": 0.5, "c": 20.0})) == [0.5, -2.0, 20.0]
    assert list(worst_values(d, t, {"c": 5.0})) == [0.0, -2.0, 9.0]  # never better than data
    assert list(best_values(d, t)) == [5.0, 3.0, 4.0]
    w, b = fill_gaps(d, t, np.array([True, True, False]))
    assert np.isnan(w.loc[2, "a"]) and np.isnan(b.loc[2, "a"])  # not a candidate
    w, b = fill_gaps(d, t, np.array([True, True, True]))
    assert w.loc[2, "a"] == 0.0 and b.loc[2, "a"] == 5.0


def test_default_policy_is_worst_and_stated():
    assert ProblemSpec(("a",), ("C1",), (1,), (1.0,), {"C1": 1.0}).missing == "worst"
    m = pd.DataFrame({"a": [1.0, np.nan, 3.0]}, index=["x", "y", "z"])
    out = run(m, ProblemSpec(("a",), ("C1",), (1,), (1.0,), {"C1": 1.0}, method="wsm",
                             normalization="minmax", min_coverage=0.0))
    t = out.table
    assert t.loc["y", "status"] == "ranked" and not t.loc["y", "complete"]
    assert t.loc["y", "score"] == pytest.approx(0.0) and t.loc["y", "rank"] == 3
    assert t.loc["y", "score_best"] == pytest.approx(1.0)  # gap at the layer's best (3)
    assert t.loc["x", "score"] == pytest.approx(1 / 3)  # on 0 (y's gap), 1, 3
    assert t.loc["x", "score_best"] == t.loc["x", "score"]  # complete: a point
    assert msg("missing_worst", count=1) in out.notes
    prob = out.problem
    assert prob.raw[list(prob.units).index("y"), 0] == 0.0


def test_unit_without_any_value_of_a_criterion_is_ranked_last_not_dropped():
    m = pd.DataFrame({"a": [5.0, 6.0, 7.0], "b": [1.0, 2.0, 3.0], "c": [3.0, np.nan, 1.0],
                      "d": [1.0, np.nan, 2.0]}, index=["x", "y", "z"])
    t = run(m, _spec(method="wsm")).table
    assert t.loc["y", "status"] == "ranked" and t.loc["y", "missing"] == "c, d"
    assert t.loc["y", "score"] <= t.loc["y", "score_best"]


_cells = st.floats(0.0, 100.0, allow_nan=False, width=32)


@settings(max_examples=150, deadline=None)
@given(x=arrays(np.float64, (6, 4), elements=_cells),
       gaps=arrays(np.bool_, (6, 4), elements=st.booleans()),
       method=st.sampled_from(METHODS), norm=st.sampled_from(NORMALIZATIONS),
       unit=st.integers(0, 5), col=st.integers(0, 3))
def test_deleting_a_value_never_improves_rank(x, gaps, method, norm, unit, col):
    """Under the default policy, removing any one value of any unit never gives it a
    better rank (ties broken the same way before and after), whatever the method."""
    x = np.where(gaps & (np.arange(4) != col), np.nan, x)  # other gaps elsewhere
    m = pd.DataFrame(x, columns=list("abcd"), index=[f"u{i}" for i in range(6)])
    bounds = {c: (0.0, 100.0) for c in "abcd"} if norm == "goalpost" else {}
    spec = _spec(method=method, normalization=norm, bounds=bounds)
    before = run(m, spec).table
    if np.isnan(m.iat[unit, col]):
        return
    m2 = m.copy()
    m2.iat[unit, col] = np.nan
    after = run(m2, spec).table
    u = m.index[unit]
    if pd.isna(before.loc[u, "rank"]) or pd.isna(after.loc[u, "rank"]):
        return  # nothing ranked: no indicator tells the units apart
    assert after.loc[u, "rank"] >= before.loc[u, "rank"]


def _bundled_cases():
    return [(s, layer) for s in builtin_ids() for layer in ("regions", "towns")
            if load_scenario(s).applies_to(layer)]


@pytest.mark.parametrize(("sid", "layer"), _bundled_cases())
def test_bundled_deletion_never_improves_rank(sid, layer):
    """Every built-in scenario, every ranked unit, every used value of a direct indicator:
    deleting it never improves the unit's rank."""
    ds, s = load_bundled(layer), load_scenario(sid)
    ev = evaluate(ds, s)
    ranked = ev.table.index[ev.table["status"] == "ranked"]
    used = [i for i in ev.weights.index[ev.weights["status"] == "used"]]
    checked = 0
    for u in ranked[:6]:
        for fid in used:
            if pd.isna(ds.values.at[u, fid]):
                continue
            vals = ds.values.copy()
            vals.at[u, fid] = np.nan
            after = evaluate(replace(ds, values=vals), s).table
            if after.loc[u, "status"] != "ranked":
                continue  # lost a 3 % input: not ranked at all
            assert after.loc[u, "rank"] >= ev.table.loc[u, "rank"], (u, fid)
            checked += 1
    assert checked > 0


@settings(max_examples=120, deadline=None)
@given(x=arrays(np.float64, (6, 4), elements=_cells),
       gaps=arrays(np.bool_, (6, 4), elements=st.booleans()),
       method=st.sampled_from(METHODS), norm=st.sampled_from(NORMALIZATIONS),
       unit=st.integers(0, 5), col=st.integers(0, 3))
def test_at_the_default_min_coverage_a_gap_never_helps_unless_it_drops_an_indicator(
        x, gaps, method, norm, unit, col):
    """At min_coverage = 0.5 (every built-in scenario): deleting a value never improves the
    unit's rank while the same indicators are used. When the deletion pushes an indicator
    under the minimum, the ranking says so and each criterion keeps the weight asked for
    (the indicator's share goes to its criterion's other indicators); the unit can then
    gain, because the dropped indicator no longer counts against it — no weighting rule
    prevents that (see test_a_deletion_that_drops_an_indicator_can_help_and_is_stated).
    VIKOR and PROMETHEE II on a candidate-relative scale are left out: a gap scored at the
    worst value widens the column's range, which rescales every unit's regret (VIKOR) or
    the thresholds (PROMETHEE, fractions of the range), and can reorder the others — found
    by this test, with or without a coverage threshold (README.model.md)."""
    if method in ("vikor", "promethee2") and norm != "goalpost":
        return
    x = np.where(gaps & (np.arange(4) != col), np.nan, x)
    m = pd.DataFrame(x, columns=list("abcd"), index=[f"u{i}" for i in range(6)])
    bounds = {c: (0.0, 100.0) for c in "abcd"} if norm == "goalpost" else {}
    spec = _spec(method=method, normalization=norm, bounds=bounds, min_coverage=0.5)
    if np.isnan(m.iat[unit, col]):
        return
    before = run(m, spec)
    m2 = m.copy()
    m2.iat[unit, col] = np.nan
    after = run(m2, spec)
    u = m.index[unit]
    if pd.isna(before.table.loc[u, "rank"]) or pd.isna(after.table.loc[u, "rank"]):
        return
    b, a = before.weights["status"], after.weights["status"]
    changed = b != a
    if not changed.any():
        assert after.table.loc[u, "rank"] >= before.table.loc[u, "rank"]
        return
    if not ((b[changed] == "used") & (a[changed] == "coverage")).all():
        return  # a constant column broken by the filled gap: the constant rule's own test
    for fid in changed.index[changed]:
        assert msg("indicator_not_used", indicator=fid,
                   status=msg("status_coverage", coverage=float(after.weights.loc[fid, "coverage"]),
                              minimum=0.5)) in after.notes
    w0 = before.weights[b == "used"].groupby("criterion")["global_weight"].sum()
    w1 = after.weights[a == "used"].groupby("criterion")["global_weight"].sum()
    if set(w0.index) == set(w1.index):  # no criterion emptied: each keeps its weight
        np.testing.assert_allclose(w1.reindex(w0.index), w0, rtol=0, atol=1e-12)


def test_a_deletion_that_drops_an_indicator_can_help_and_is_stated():
    """The limit of any coverage threshold: u0 is worst on a; deleting its value pushes a
    under 50 % coverage, a is dropped for every unit, and u0 no longer trails on it."""
    m = pd.DataFrame({"a": [1.0, 90.0, 80.0, np.nan, np.nan],
                      "b": [9.0, 1.0, 2.0, 3.0, 4.0]}, index=["u0", "u1", "u2", "u3", "u4"])
    spec = ProblemSpec(("a", "b"), ("C1", "C2"), (1, 1), (1.0, 1.0), {"C1": 0.5, "C2": 0.5},
                       method="wsm", normalization="minmax")
    before = run(m, spec)
    m2 = m.copy()
    m2.at["u0", "a"] = np.nan
    after = run(m2, spec)
    assert before.table.loc["u0", "rank"] > 1 and after.table.loc["u0", "rank"] == 1
    assert msg("indicator_not_used", indicator="a",
               status=msg("status_coverage", coverage=0.4, minimum=0.5)) in after.notes
