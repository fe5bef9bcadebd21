"""The 3 % rule on intervals: four states, their figures, and the bundled towns it decides."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria.bundled import load_bundled
from criteria.model import load_catalogue
from mcda.gate import GATE_COLUMNS, GATE_STATES, evaluate_gate
from scenarios.library import load_scenario
from scicity.engine.eligibility import gate_inputs
from scicity.engine.evaluate import evaluate


def _gate(r_lo, r_hi, e, e_lo=None, e_hi=None, thr=0.03):
    idx = [f"u{i}" for i in range(len(r_lo))]

    def s(v):
        return pd.Series(v, index=idx, dtype=float)

    return evaluate_gate(s(r_lo), s(r_hi), s(e), s(e if e_lo is None else e_lo),
                         s(e if e_hi is None else e_hi), thr)


def test_four_states_with_their_figures():
    g = _gate(r_lo=[300, 0, 0, 10, 0], r_hi=[400, 100, 500, np.nan, 50],
              e=[10000, 10000, 10000, 10000, np.nan],
              e_lo=[9000, 9000, 9000, 9000, np.nan], e_hi=[10000, 11000, 11000, 11000, np.nan])
    assert list(g.columns) == list(GATE_COLUMNS)
    assert list(g["state"]) == ["eligible", "restricted", "undetermined", "no_data", "no_data"]
    assert set(g["state"]) <= set(GATE_STATES)
    # eligible: 300 / 10,000 = 3 % at the lowest share
    assert g.loc["u0", "share_low"] == pytest.approx(0.03)
    assert g.loc["u0", "share_high"] == pytest.approx(400 / 9000)
    # restricted: at best 100 / 9,000 = 1.11 %, 270 needed at least (3 % of 9,000)
    assert g.loc["u1", "share_high"] == pytest.approx(100 / 9000)
    assert g.loc["u1", "shortfall"] == pytest.approx(0.03 - 100 / 9000)
    assert g.loc["u1", "required_low"] == 270
    assert g.loc["u1", "researchers_needed"] == 170
    # undetermined: [0, 5.6 %]; 330 researchers (3 % of 11,000) would make it eligible
    assert g.loc["u2", "share_low"] == 0 and g.loc["u2", "share_high"] == pytest.approx(500 / 9000)
    assert g.loc["u2", "decider"] == 330
    assert np.isnan(g.loc["u0", "decider"]) and g.loc["u2", "shortfall"] == 0
    # no ceiling and no count high enough: nothing bounds the share from above
    assert np.isnan(g.loc["u3", "share_high"])
    assert g.loc["u3", "share_low"] == pytest.approx(10 / 11000)


def test_counted_share_is_the_point_figure():
    g = _gate([198], [198], [4743.0], [3917.0], [5428.0])
    assert g.loc["u0", "share"] == pytest.approx(198 / 4743)
    assert g.loc["u0", "required"] == 143


def test_no_count_means_zero_not_unknown():
    g = _gate([np.nan], [1000], [10000])
    assert g.loc["u0", "researchers_low"] == 0 and g.loc["u0", "share_low"] == 0
    assert np.isnan(g.loc["u0", "share"])  # nobody counted: no point share


def test_lower_bound_alone_can_make_eligible():
    assert _gate([400], [np.nan], [10000]).loc["u0", "state"] == "eligible"


def test_ceiling_below_count_is_raised_to_the_count():
    g = _gate([500], [100], [10000])
    assert g.loc["u0", "researchers_high"] == 500 and g.loc["u0", "state"] == "eligible"


def test_zero_employed_is_no_data():
    assert _gate([5], [5], [0]).loc["u0", "state"] == "no_data"


def test_threshold_is_configurable():
    g = _gate([300], [300], [10000], thr=0.05)
    assert g.loc["u0", "state"] == "restricted"
    assert g.loc["u0", "researchers_needed"] == 200


@pytest.mark.parametrize("thr", [0, 1, -0.1, 1.5])
def test_bad_threshold(thr):
    with pytest.raises(ValueError, match="between 0 and 1"):
        _gate([1], [1], [10], thr=thr)


@settings(deadline=None)
@given(r_lo=st.floats(0, 1e4), extra=st.floats(0, 1e4), e_lo=st.floats(1, 1e6),
       widen=st.floats(0, 1e6), thr=st.floats(0.001, 0.5))
def test_states_are_consistent_with_the_interval(r_lo, extra, e_lo, widen, thr):
    g = _gate([r_lo], [r_lo + extra], [e_lo + widen / 2], [e_lo], [e_lo + widen], thr)
    row = g.loc["u0"]
    assert row["share_low"] <= row["share_high"] + 1e-15
    expected = ("eligible" if row["share_low"] >= thr
                else "restricted" if row["share_high"] < thr else "undetermined")
    assert row["state"] == expected


# ------------------------------------------------------------------ bundled data


@pytest.fixture(scope="module")
def table():
    return evaluate(load_bundled("towns"), load_scenario("balanced")).table


def test_employed_interval_is_the_one_the_data_declares():
    ds = load_bundled("towns")
    inp = gate_inputs(ds, load_catalogue())
    for town in ("kurchatov", "almaty", "semey"):
        iv = ds.interval(town, "employed")
        assert inp.loc[town, "employed_low"] == iv["low"]
        assert inp.loc[town, "employed_high"] == iv["high"]
        assert iv["interval_note"] in inp.loc[town, "employed_source"]
    assert inp.loc["almaty", "employed_low"] == 950_000  # 'about 1.0 million'


@pytest.mark.parametrize(("town", "region_staff", "required"),
                         [("semey", 1394, 4190), ("aktau", 694, 3590), ("atyrau", 180, 4310)])
def test_ceiling_proves_restricted(table, town, region_staff, required):
    row = table.loc[town]
    assert row["gate_state"] == "restricted" and row["status"] == "restricted"
    assert row["gate_required"] == pytest.approx(required, abs=10)
    assert row["gate_researchers_high"] <= region_staff
    assert row["gate_share_high"] < 0.03
    assert "R&D staff" in row["gate_researchers_high_source"]
    assert row["reason"].key == "gate_restricted" and pd.isna(row["rank"])
    assert row["reason"].params["ceiling"] == row["gate_researchers_high"]


def test_semey_ceiling_excludes_kurchatovs_counted_researchers(table):
    assert table.loc["semey", "gate_researchers_high"] == 1394 - 198
    assert "kurchatov" in table.loc["semey", "gate_researchers_high_source"]


def test_kurchatov_eligible_with_its_interval(table):
    row = table.loc["kurchatov"]
    high_employed = load_bundled("towns").interval("kurchatov", "employed")["high"]
    assert row["gate_state"] == "eligible" and row["status"] == "ranked"
    assert row["gate_researchers_low"] == 198
    assert row["gate_share_low"] == pytest.approx(198 / high_employed)
    assert row["gate_share_low"] >= 0.03
    assert row["gate_researchers_high"] == 1394  # Abai Region's R&D staff, Table 2
    assert row["gate_lower_bound"] and row["gate_estimate"]
    assert row["rank"] == 1


def test_close_calls_are_undetermined_and_ranked(table):
    for town in ("stepnogorsk", "aksu", "baikonur"):
        row = table.loc[town]
        assert row["gate_state"] == "undetermined" and row["status"] == "ranked"
        assert row["gate_share_low"] == 0 and row["gate_share_high"] >= 0.03
        assert row["gate_decider"] == row["gate_required_high"]
    # Stepnogorsk: counting 773 researchers (≤ Akmola Region's 788 R&D staff) settles it
    step = table.loc["stepnogorsk"]
    assert step["gate_decider"] <= step["gate_researchers_high"]
    assert step["gate_reason"].key == "gate_undetermined"
    assert step["gate_reason"].params["decider"] == step["gate_decider"]
    # Baikonur and Aksu: the count that would settle it (539, 804) is above what the
    # region allows (413, 624), so researchers alone cannot; the employed figure must be
    # at most ceiling ÷ 3 %
    for town in ("baikonur", "aksu"):
        row = table.loc[town]
        assert row["gate_decider"] > row["gate_researchers_high"]
        reason = row["gate_reason"]
        assert reason.key == "gate_undetermined_employed"
        assert reason.params["employed_max"] == int(row["gate_researchers_high"] / 0.03)
        assert (reason.params["employed_max"] * 0.03 <= row["gate_researchers_high"]
                < (reason.params["employed_max"] + 1) * 0.03)
        assert row["gate_employed_low"] <= reason.params["employed_max"]
    assert table.loc["alatau_city", "gate_state"] == "no_data"  # no population figure


def test_large_cities_restricted_on_their_own_rows(table):
    for town in ("almaty", "astana"):
        assert table.loc[town, "gate_state"] == "restricted"
    # Almaty: 9,290 exact researchers over about 1.0 million employed (±5 %)
    assert table.loc["almaty", "gate_share_high"] == pytest.approx(9290 / 950_000)
    # Shymkent: its own Table 2 row (1,162 R&D staff) is the ceiling
    assert table.loc["shymkent", "gate_researchers_high"] == 1162


def test_exact_count_is_its_own_ceiling():
    inp = gate_inputs(load_bundled("towns"), load_catalogue())
    assert inp.loc["almaty", "researchers_high"] == 9290
    assert not inp.loc["almaty", "lower_bound"]


def test_a_narrower_declared_interval_changes_the_verdict():
    """The rule reads the data's declared interval: a point employed figure for Baikonur
    (population × the national ratio) proves it restricted (413 < 3 % × ~15,700)."""
    ds, s = load_bundled("towns"), load_scenario("balanced")
    iv = ds.intervals.copy()
    e = ds.values.at["baikonur", "employed"]
    iv.loc[("baikonur", "employed"), ["low", "high"]] = [e, e]
    t = evaluate(replace(ds, intervals=iv), s).table
    assert t.loc["baikonur", "gate_state"] == "restricted"


def test_gate_table_is_kept_for_the_same_data_and_threshold():
    """The app ranks the same dataset again on every slider move: the 3 % table (which
    does not depend on the weights) is computed once per dataset object and threshold,
    and a new dataset or threshold gets its own."""
    from dataclasses import replace

    from scenarios.library import load_scenario
    from scicity.engine import evaluate as ev_mod

    ds = load_bundled("towns")
    sc = load_scenario("balanced")
    cat = load_catalogue()
    first = ev_mod.gate_table(ds, sc, cat)
    again = ev_mod.gate_table(ds, sc, cat)
    assert again is not first and again.equals(first)     # a copy, same content
    again.loc["kurchatov", "state"] = "restricted"          # a caller's change stays its own
    assert ev_mod.gate_table(ds, sc, cat).at["kurchatov", "state"] == "eligible"
    vals = ds.values.copy()
    vals.loc["kurchatov", "researchers"] = 10.0
    other = ev_mod.gate_table(replace(ds, values=vals), sc, cat)
    assert other.at["kurchatov", "researchers_low"] == 10
    strict = replace(sc, gate=replace(sc.gate, threshold=0.5))
    assert (ev_mod.gate_table(ds, strict, cat)["state"] != "eligible").all()
