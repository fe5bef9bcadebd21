"""The data's own uncertainty in robustness: the figures model (derived values follow
their drawn inputs), SMAA over weights and data, tied groups, value of information, and
the CLI members."""

import argparse
import json
from dataclasses import replace
from io import StringIO

import numpy as np
import pandas as pd
import pytest

from criteria.bundled import load_bundled
from criteria.dataset import Dataset, append_intervals
from criteria.model import load_catalogue
from mcda import sampling
from mcda.pipeline import ProblemSpec, run
from mcda.smaa import smaa
from mcda.uncertain import tied_groups
from scenarios.library import load_scenario
from scicity.cli import robustness as robustness_cli
from scicity.cli import voi as voi_cli
from scicity.engine.data_uncertainty import (
    DATA_BLOCK,
    FIGURE_COLUMNS,
    Cell,
    DataModel,
    data_model,
    data_smaa,
    figures_to_request,
    joint_smaa,
    problem_ranks,
    scorer_factory,
    value_of_information,
)
from scicity.engine.eligibility import gate_inputs
from scicity.engine.evaluate import evaluate
from scicity.engine.robustness import analyse

CAT = load_catalogue()


def _problem(matrix: pd.DataFrame, types: tuple[int, ...] | None = None):
    m = matrix.shape[1]
    spec = ProblemSpec(indicators=tuple(matrix.columns), groups=("C1",) * m,
                       types=types or (1,) * m, local_weights=(1.0,) * m,
                       criterion_weights={"C1": 1.0}, method="wsm",
                       normalization="goalpost", min_coverage=0.0,
                       bounds={c: (0.0, 10.0) for c in matrix.columns})
    prob = run(matrix, spec).problem
    assert prob is not None
    return prob


def _model(prob, intervals: dict[tuple[int, int], tuple[float, float]]) -> DataModel:
    """One figure per listed cell (i, j): its [low, high]."""
    rows, cells = [], []
    for v, ((i, j), (lo, hi)) in enumerate(intervals.items()):
        rows.append({"unit": str(prob.units[i]), "field": prob.indicators[j],
                     "kind": "interval", "value": float(prob.raw[i, j]), "low": lo,
                     "high": hi, "reason": "test", "source_id": "", "year": "",
                     "qualifier": "estimate"})
        cells.append(Cell(i, j, v, np.nan))
    return DataModel(prob.units, prob.indicators, np.array(prob.raw, dtype=float),
                     pd.DataFrame(rows, columns=list(FIGURE_COLUMNS)), tuple(cells))


def _bare(layer: str = "synthetic") -> Dataset:
    """A dataset without a 3 % rule (no gate on an unknown layer)."""
    empty = pd.DataFrame()
    return Dataset(layer=layer, units=empty, values=empty, provenance=empty,
                   sources=empty, national=pd.Series(dtype=float))


def test_exact_data_give_the_weights_only_smaa():
    """Regions: every scored value is exact, so the joint analysis draws the same
    matrix every time and must count exactly what weights-only SMAA counts on the same
    weight vectors."""
    ds = load_bundled("regions")
    prob = evaluate(ds, load_scenario("balanced")).outcome.problem
    dm = data_model(ds, prob, CAT, tuple(ds.ids))
    assert not dm.uncertain
    sampler = sampling.uniform_sampler(len(prob.criteria))
    joint = joint_smaa(dm, scorer_factory(prob), sampler, 1500, seed=4)
    plain = smaa(prob.scorer(), sampler, 1500, np.random.default_rng(4), chunk=DATA_BLOCK)
    np.testing.assert_array_equal(joint.rank_counts, plain.rank_counts)
    res = analyse(ds, load_scenario("balanced"), samples=500, method_samples=0)
    assert not res.data_uncertainty
    assert "data_uncertainty_exact" in [n.key for n in res.notes]
    pd.testing.assert_frame_equal(res.acceptability_data, res.acceptability)
    # exact data: only equal scores tie, so every region is alone in its group
    assert all(len(g) == 1 for g in res.tied_groups)
    assert (res.units["tie_group"].sort_values().to_numpy() == np.arange(1, 21)).all()


def test_intervals_change_the_joint_smaa():
    raw = pd.DataFrame({"a": [6.0, 5.0]}, index=["A", "B"])
    prob = _problem(raw)
    dm = _model(prob, {(0, 0): (3.0, 7.0)})  # B = 5 beats A when A's draw is below 5
    res = joint_smaa(dm, scorer_factory(prob), lambda k, rng: np.ones((k, 1)), 20_000, 0,
                     block=1)
    p = res.acceptability.loc["A", 1]
    assert abs(p - 0.5) < 4 * np.sqrt(0.25 / 20_000)


def test_known_tie_structure():
    """A [8.6, 10] and B [8, 9.4] overlap, C [5, 6] and D [1, 2] are clear: groups
    {A, B}, {C}, {D}. With C [5, 6.5] and E [5.5, 9], E overlaps B (P(E above B) ~ 0.1)
    and C (P(C above E) ~ 0.1) while C never reaches B: one chain {A, B, E, C}."""
    raw = pd.DataFrame({"a": [9.5, 8.5, 5.5, 1.5]}, index=list("ABCD"))
    prob = _problem(raw)
    dm = _model(prob, {(0, 0): (8.6, 10.0), (1, 0): (8.0, 9.4), (2, 0): (5.0, 6.0),
                       (3, 0): (1.0, 2.0)})
    alone = data_smaa(dm, scorer_factory(prob), prob.criterion_weights, 2000, 0)
    assert tied_groups(alone.rank_interval(0.9)) == [["A", "B"], ["C"], ["D"]]
    raw5 = pd.DataFrame({"a": [9.5, 8.5, 5.5, 1.5, 7.0]}, index=list("ABCDE"))
    prob5 = _problem(raw5)
    dm5 = _model(prob5, {(0, 0): (8.6, 10.0), (1, 0): (8.0, 9.4), (2, 0): (5.0, 6.5),
                         (3, 0): (1.0, 2.0), (4, 0): (5.5, 9.0)})
    groups = tied_groups(data_smaa(dm5, scorer_factory(prob5), prob5.criterion_weights,
                                   3000, 0).rank_interval(0.9))
    assert sorted(map(sorted, groups)) == [["A", "B", "C", "E"], ["D"]]


def test_value_of_information_ordering():
    """Hand-made: x moves A from 1st to 4th (3 places, all four units move); y swaps C
    and D (1 place, 2 units); z cannot move anything. Order x, y, z."""
    raw = pd.DataFrame({"a": [9.0, 8.0, 6.0, 5.0]}, index=list("ABCD"))
    prob = _problem(raw)
    dm = _model(prob, {(3, 0): (4.5, 5.5),   # z: D stays 4th either way
                       (2, 0): (4.0, 6.0),   # y: C at 4 falls below D
                       (0, 0): (3.0, 9.5)})  # x: A at 3 falls to last
    voi = value_of_information(dm, prob, _bare(), CAT, 0.03)
    assert list(voi["unit"]) == ["A", "C", "D"]
    assert list(voi["largest_shift"]) == [3, 1, 0]
    assert list(voi["units_moved"]) == [4, 2, 0]
    a = voi.iloc[0]
    assert (a["rank_now"], a["rank_low"], a["rank_high"]) == (1, 4, 1)


def test_value_of_information_puts_eligibility_first():
    """An interval of Almaty's researchers straddling 3 % of its employed decides its
    eligibility: it comes first, with the crossing at 3 % x employed; Kurchatov's
    researchers [198, 1394] keep it eligible at both ends."""
    ds = load_bundled("towns")
    emp = float(ds.values.at["almaty", "employed"])
    iv = ds.intervals.drop(index=("almaty", "researchers"), errors="ignore")
    wide = replace(ds, intervals=append_intervals(iv, [{
        "unit_id": "almaty", "field": "researchers", "low": ds.values.at["almaty",
                                                                         "researchers"],
        "high": 0.05 * emp, "interval_note": "test"}]))
    ev = evaluate(wide, load_scenario("balanced"))
    dm = data_model(wide, ev.outcome.problem, CAT, tuple(wide.ids))
    voi = value_of_information(dm, ev.outcome.problem, wide, CAT, 0.03)
    can = voi[voi["gate_can_qualify"]]
    assert voi["gate_can_qualify"].iloc[:len(can)].all()  # figures that can qualify first
    rest = voi["gate_changes"].iloc[len(can):].to_numpy()
    assert (rest[:rest.sum()]).all()                      # then those changing the state
    row = voi[(voi["unit"] == "almaty") & (voi["field"] == "researchers")].iloc[0]
    assert (row["gate_now"], row["gate_low"], row["gate_high"]) == (
        "restricted", "restricted", "eligible")
    # met from 3 % of the top of Almaty's employed interval, whatever the employed figure
    emp_high = float(gate_inputs(wide, CAT).at["almaty", "employed_high"])
    assert emp_high > emp and row["gate_crossing"] == pytest.approx(0.03 * emp_high)
    k = voi[(voi["unit"] == "kurchatov") & (voi["field"] == "researchers")].iloc[0]
    assert (k["gate_low"], k["gate_high"], bool(k["gate_changes"])) == (
        "eligible", "eligible", False)
    assert not k["gate_can_qualify"]   # eligible already and at both ends
    assert np.isnan(k["gate_crossing"])   # 3 % of employed is above its range's top


def test_derived_intervals_follow_their_inputs():
    """The data layer's interval of each derived value is num_low/den_high .. num_high/
    den_low of its inputs; and in the draws a derived value is recomputed from its drawn
    inputs, never drawn on its own: Kurchatov's researchers ÷ researcher share (= its
    employed) stays inside employed's interval in every draw."""
    ds = load_bundled("towns")
    low, high = ds.value_bounds()
    checked = 0
    for f in CAT.fields_for("towns"):
        r = f.derived
        if r is None or ds.intervals is None:
            continue
        for unit in ds.ids:
            if (unit, f.id) not in ds.intervals.index or ds.cite(unit, f.id) is None:
                continue
            if ds.cite(unit, f.id)["source_id"] != "DERIVED":
                continue
            assert low.at[unit, f.id] == pytest.approx(
                low.at[unit, r.numerator] / high.at[unit, r.denominator] * r.factor)
            assert high.at[unit, f.id] == pytest.approx(
                high.at[unit, r.numerator] / low.at[unit, r.denominator] * r.factor)
            checked += 1
    assert checked >= 1
    scen = replace(load_scenario("balanced"), min_coverage=0.0)
    ev = evaluate(ds, scen)
    prob = ev.outcome.problem
    assert {"researchers", "researcher_share"} <= set(prob.indicators)
    dm = data_model(ds, prob, CAT)
    i = list(prob.units).index("kurchatov")
    jr, js = prob.indicators.index("researchers"), prob.indicators.index("researcher_share")
    elo, ehi = low.at["kurchatov", "employed"], high.at["kurchatov", "employed"]
    rng = np.random.default_rng(0)
    implied = []
    for _ in range(500):
        m = dm.draw(rng)
        assert low.at["kurchatov", "researcher_share"] - 1e-12 <= m[i, js] <= \
            high.at["kurchatov", "researcher_share"] + 1e-12
        implied.append(m[i, jr] / m[i, js])
    implied = np.array(implied)
    assert (implied >= elo - 1e-6).all() and (implied <= ehi + 1e-6).all()
    assert implied.std() > 0  # employed is drawn too
    # at the stated values the model gives back the ranked matrix and its ranks
    np.testing.assert_allclose(dm.matrix(dm.stated), prob.raw, equal_nan=True)
    ranks = problem_ranks(prob)(prob.raw)
    np.testing.assert_array_equal(ranks, ev.table.loc[prob.units, "rank"].to_numpy(int))


def _args(*extra: str) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="command")
    robustness_cli.add_parser(sub)
    voi_cli.add_parser(sub)
    return p.parse_args(list(extra))


def test_cli_json_has_the_data_uncertainty_members():
    doc = json.loads(robustness_cli.run(_args(
        "robustness", "--layer", "towns", "--samples", "300", "--method-samples", "0",
        "--sobol", "0", "--tie-level", "0.8")))
    json.dumps(doc, allow_nan=False)
    assert doc["data_uncertainty"] is True and doc["tie_level"] == 0.8
    assert {"tied_groups", "tied_groups_joint", "value_of_information"} <= set(doc)
    assert sorted(u for g in doc["tied_groups"] for u in g) == sorted(
        u["id"] for u in doc["units"])
    for u in doc["units"]:
        assert {"tie_group", "tie_group_size", "tie_group_joint", "rank_interval",
                "data_uncertainty"} <= set(u)
        assert abs(sum(u["data_uncertainty"]["rank_acceptability"]) - 1) < 1e-9
    first = doc["value_of_information"][0]
    assert {"unit", "field", "value", "low", "high", "reason", "largest_shift",
            "gate_changes", "gate_can_qualify", "gate_crossing"} <= set(first)
    keys = [n["key"] for n in doc["notes"]]
    assert "data_uncertainty_sampled" in keys and "data_uncertainty_model" in keys
    off = json.loads(robustness_cli.run(_args(
        "robustness", "--layer", "towns", "--samples", "300", "--method-samples", "0",
        "--sobol", "0", "--data-uncertainty", "off")))
    assert off["data_uncertainty"] is False
    assert "data_uncertainty_off" in [n["key"] for n in off["notes"]]
    for u in off["units"]:
        assert u["data_uncertainty"]["rank_acceptability"] == u["rank_acceptability"]
    # off: only equal scores tie; on: the groups partition the ranked towns (Konaev, which
    # tied with Alatau, is now restricted by the 3 % interval rule and not ranked)
    assert all(len(g) == 1 for g in off["tied_groups"])
    ranked = sorted(u["id"] for u in doc["units"])
    assert sorted(u for g in doc["tied_groups"] for u in g) == ranked
    with pytest.raises(SystemExit):
        _args("robustness", "--tie-level", "1.5")


def test_voi_export(tmp_path):
    text = voi_cli.run(_args("voi", "--layer", "towns"))
    table = pd.read_csv(StringIO(text))
    assert list(table.columns) == list(voi_cli.COLUMNS)
    assert list(table["priority"]) == list(range(1, len(table) + 1))
    assert table["reason"].notna().all()  # every figure says why it is uncertain
    out = tmp_path / "voi.json"
    msg = voi_cli.run(_args("voi", "--layer", "towns", "--format", "json", "--out",
                            str(out)))
    doc = json.loads(out.read_text("utf-8"))
    assert msg.startswith(f"wrote {len(doc['figures'])} figures")
    assert doc["figures"][0]["priority"] == 1
    alatau = next(f for f in doc["figures"] if f["unit"] == "alatau_city"
                  and f["field"] == "dist_large_city_km")
    assert alatau["source_id"] == "DERIVED" and alatau["low"] < alatau["value"] < alatau["high"]


def test_missing_researchers_range_over_what_the_rule_proves():
    """A town with no researcher count ranges from 0 to the 3 % rule's ceiling (region's
    R&D staff less researchers counted elsewhere), never over an assumed share that
    would exceed it; so a town the rule proves restricted stays restricted at both ends
    of the value of information, and every state agrees with the ranking's gate."""
    ds = load_bundled("towns")
    ev = evaluate(ds, load_scenario("balanced"))
    _, voi = figures_to_request(ev, ds, CAT)
    res = voi[voi["field"] == "researchers"].set_index("unit")
    gate = ev.table
    for unit in ("semey", "aktau", "atyrau", "baikonur", "aksu", "stepnogorsk"):
        row = res.loc[unit]
        assert row["kind"] == "missing" and row["low"] == 0
        assert row["high"] == gate.at[unit, "gate_researchers_high"]
        assert row["gate_now"] == gate.at[unit, "gate_state"]
    for unit in ("semey", "aktau", "atyrau"):
        assert (res.loc[unit, "gate_low"], res.loc[unit, "gate_high"]) == (
            "restricted", "restricted")
        assert not res.loc[unit, "gate_changes"] and not res.loc[unit, "gate_can_qualify"]
    # Baikonur: even all of Kyzylorda Region's 413 R&D staff leave it undetermined: the
    # state changes but the figure alone cannot qualify it, and the 3 % crossing (471)
    # lies beyond the range, so none is given
    b = res.loc["baikonur"]
    assert (b["gate_low"], b["gate_high"]) == ("restricted", "undetermined")
    assert b["gate_changes"] and not b["gate_can_qualify"]
    assert np.isnan(b["gate_crossing"]) and b["high"] == 413
    assert np.isnan(res.loc["aksu", "gate_crossing"]) and not res.loc["aksu", "gate_can_qualify"]
    # Stepnogorsk: Akmola Region's 788 reach the 773 that settle it (3 % of the top of
    # its employed interval): the crossing is that count, within the range
    s = res.loc["stepnogorsk"]
    assert s["gate_can_qualify"] and s["gate_crossing"] <= s["high"]
    assert np.ceil(s["gate_crossing"]) == gate.at["stepnogorsk", "gate_decider"]
    assert (s["gate_low"], s["gate_high"]) == ("restricted", "eligible")
