"""The ranking pipeline and the engine: weights, coverage, missing values, gate, goalposts."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from criteria.bundled import load_bundled
from mcda.messages import msg
from mcda.pipeline import ProblemSpec, run
from scenarios.library import load_scenario
from scicity.engine.evaluate import evaluate


def _spec(**kw) -> ProblemSpec:
    base = dict(indicators=("a", "b", "c", "d"), groups=("C1", "C1", "C2", "C2"),
                types=(1, 1, 1, -1), local_weights=(1.0, 1.0, 1.0, 1.0),
                criterion_weights={"C1": 0.5, "C2": 0.5}, method="topsis",
                normalization="minmax", min_coverage=0.0)
    base.update(kw)
    return ProblemSpec(**base)


@pytest.fixture
def matrix() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    m = pd.DataFrame(rng.uniform(1, 10, (6, 4)), columns=list("abcd"),
                     index=[f"u{i}" for i in range(6)])
    m.loc["u1", "a"] = np.nan          # one gap inside C1
    m.loc["u2", ["c", "d"]] = np.nan   # the whole of C2 missing
    return m


def test_global_weights_are_products_of_local_weights(matrix):
    out = run(matrix.fillna(1.0), _spec(local_weights=(3, 1, 1, 1),
                                        criterion_weights={"C1": 0.8, "C2": 0.2}))
    w = out.weights["global_weight"]
    assert w["a"] == pytest.approx(0.8 * 0.75) and w["b"] == pytest.approx(0.8 * 0.25)
    assert w["c"] == pytest.approx(0.1) and w.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("method", ["topsis", "wsm", "vikor", "promethee2"])
def test_redistribute_scores_incomplete_units_and_flags_them(matrix, method):
    out = run(matrix, _spec(method=method, missing="redistribute"))
    t = out.table
    assert t.loc["u1", "status"] == "ranked" and not t.loc["u1", "complete"]
    assert t.loc["u1", "missing"] == "a"
    assert t.loc["u2", "status"] == "excluded"
    assert t.loc["u2", "reason"] == msg("criterion_without_data", criterion="C2")
    assert t.loc["u1", "reason"] is None
    ranked = t[t["status"] == "ranked"]
    assert np.isfinite(ranked["score"].astype(float)).all()
    assert sorted(ranked["rank"]) == list(range(1, len(ranked) + 1))


def test_exclude_policy_drops_incomplete_units(matrix):
    t = run(matrix, _spec(missing="exclude")).table
    assert t.loc["u1", "status"] == "excluded"
    assert t.loc["u1", "reason"] == msg("missing", fields=("a",))
    assert (t["status"] == "ranked").sum() == 4
    assert t.loc[t["status"] != "ranked", "score"].isna().all()


def test_redistributed_score_equals_rescoring_without_the_gap(matrix):
    """With one gap, the unit's sub-score on that criterion uses only what it has."""
    out = run(matrix, _spec(method="wsm", missing="redistribute"))
    t = out.table
    cand = t.index[t["status"] == "ranked"]
    lo, hi = matrix.loc[cand, "b"].min(), matrix.loc[cand, "b"].max()
    expect = (matrix.loc["u1", "b"] - lo) / (hi - lo)
    assert t.loc["u1", "sub_C1"] == pytest.approx(expect)


def test_low_coverage_indicator_and_empty_criterion_are_dropped_with_notes(matrix):
    m = matrix.copy()
    m["c"] = np.nan
    m.loc[["u0", "u3", "u4", "u5"], "d"] = np.nan
    out = run(m, _spec(min_coverage=0.5))
    assert out.weights.loc["c", "status"] == "no_data"
    assert out.weights.loc["d", "status"] == "coverage"
    assert msg("indicator_not_used", indicator="d",
               status=msg("status_coverage", coverage=1 / 6, minimum=0.5)) in out.notes
    assert msg("criterion_dropped", criterion="C2", weight=0.5) in out.notes
    assert out.criteria == ("C1",)
    assert out.weights["global_weight"].sum() == pytest.approx(1.0)


def test_goalposts_prevent_rank_reversal_when_a_candidate_is_removed():
    rng = np.random.default_rng(3)
    for _ in range(50):
        m = pd.DataFrame(rng.uniform(0, 100, (8, 4)), columns=list("abcd"),
                         index=[f"u{i}" for i in range(8)])
        spec = _spec(method="wsm", normalization="goalpost")
        full = run(m, spec).table["score"]
        cand = m.index.drop("u0")
        part = run(m, spec, cand).table.loc[cand, "score"]
        assert np.allclose(full[cand], part)


def test_user_goalposts_are_used():
    m = pd.DataFrame({"a": [0.0, 5.0], "b": [1.0, 1.0], "c": [1.0, 2.0], "d": [1.0, 2.0]},
                     index=["x", "y"])
    spec = _spec(method="wsm", normalization="goalpost", bounds={"a": (0.0, 10.0)},
                 criterion_weights={"C1": 1.0}, local_weights=(1, 0, 0, 0))
    assert run(m, spec).table.loc["y", "score"] == pytest.approx(0.5)


def test_engine_ranks_all_twenty_regions():
    ev = evaluate(load_bundled("regions"), load_scenario("balanced"))
    t = ev.table
    assert (t["status"] == "ranked").sum() == 20
    assert list(t["rank"][:20]) == list(range(1, 21))
    assert {"sub_C1", "sub_C2", "sub_C3", "sub_C4"} <= set(t.columns)
    assert set(t["gate_state"]) <= {"eligible", "restricted", "undetermined", "no_data"}
    assert "CONCEPT_T2" in ev.sources.index and "P1" in ev.sources.index
    assert msg("gate_informative", threshold=0.03, note=msg("gate_note_regions")) in ev.notes
    assert msg("indicator_not_used", indicator="innovative_output_share",
               status=msg("status_no_data")) in ev.notes


def test_engine_gate_on_regions_excludes_restricted():
    s = load_scenario("balanced")
    s = replace(s, gate=replace(s.gate, regions=True, threshold=0.005))
    t = evaluate(load_bundled("regions"), s).table
    assert t.loc["KZ-75", "status"] == "ranked"           # 10,628 / ~1.0 mn ≈ 1.06 %
    assert t.loc["KZ-33", "status"] == "restricted"
    assert t.loc["KZ-33", "reason"].key == "gate_restricted"
    assert t.loc["KZ-33", "reason"].params["threshold"] == 0.005
    assert pd.isna(t.loc["KZ-33", "rank"])


def test_engine_user_exclusion_and_unknown_id():
    ds, s = load_bundled("regions"), load_scenario("balanced")
    t = evaluate(ds, s, exclude=("KZ-75",)).table
    assert t.loc["KZ-75", "reason"] == msg("user_excluded")
    with pytest.raises(ValueError, match="KZ-99"):
        evaluate(ds, s, exclude=("KZ-99",))


def test_engine_ahp_scenario_weights():
    ev = evaluate(load_bundled("regions"), load_scenario("concept_emphasis"))
    res = ev.ahp["criteria"]
    assert res.consistent and res.weights[0] > res.weights[1] > res.weights[2]
    w = ev.weights
    c1 = w[w["criterion"] == "C1"]["global_weight"].sum()
    assert c1 == pytest.approx(res.weights[0])
