"""Per-indicator contributions (mcda.contributions, scicity.engine.profile): they add up
to what each method computed, and the Profile page shows them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from streamlit.testing.v1 import AppTest

from criteria.bundled import load_bundled
from criteria.model import load_catalogue
from mcda.contributions import contributions, topsis_distances
from mcda.pipeline import ProblemSpec, run
from mcda.registry import METHOD_NAMES
from scenarios.library import load_scenario
from scicity.engine.evaluate import evaluate
from scicity.engine.profile import distances, score_contributions
from scicity.view.profile import contribution_caption, contribution_rows

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _outcome(x: np.ndarray, method: str, norm: str, missing: str = "worst"):
    m = pd.DataFrame(x, columns=list("abcd"), index=[f"u{i}" for i in range(len(x))])
    spec = ProblemSpec(("a", "b", "c", "d"), ("C1", "C1", "C2", "C2"), (1, -1, 1, 1),
                       (1.0, 2.0, 1.0, 1.0), {"C1": 0.6, "C2": 0.4}, method=method,
                       normalization=norm, min_coverage=0.0, missing=missing,
                       scales={"d": (0.0, 1.0)},
                       bounds={c: (0.0, 100.0) for c in "abc"} if norm == "goalpost" else {})
    return run(m, spec)


_cells = st.floats(0.0, 100.0, allow_nan=False, width=32)


@settings(max_examples=60, deadline=None)
@given(x=arrays(np.float64, (5, 4), elements=_cells),
       flags=arrays(np.float64, 5, elements=st.sampled_from([0.0, 1.0])),
       method=st.sampled_from(METHOD_NAMES),
       norm=st.sampled_from(["vector", "minmax", "goalpost"]))
def test_contributions_add_up_to_what_the_method_computed(x, flags, method, norm):
    x[:, 3] = flags
    out = _outcome(x, method, norm)
    p = out.problem
    if p is None:
        return  # nothing tells the units apart
    for u in p.units:
        c = contributions(p, u)
        assert list(c["indicator"]) == list(p.indicators)
        assert c["weight"].sum() == pytest.approx(1.0, abs=1e-12)
        score = out.table.loc[u, "score"]
        if method in ("wsm", "promethee2"):
            assert c["contribution"].sum() == pytest.approx(score, abs=1e-12)
        elif method == "vikor":
            assert c["contribution"].sum() == pytest.approx(out.table.loc[u, "vikor_s"],
                                                            abs=1e-12)
            assert c["contribution"].max() == pytest.approx(out.table.loc[u, "vikor_r"],
                                                            abs=1e-12)
        else:
            d_plus, d_minus = topsis_distances(p, u)
            closeness = d_minus / (d_plus + d_minus) if d_plus + d_minus > 0 else 0.5
            assert closeness == pytest.approx(score, abs=1e-12)
            for col in ("share_ideal", "share_anti_ideal"):
                total = c[col].sum()
                assert total == pytest.approx(1.0, abs=1e-12) or total == 0.0


def test_with_redistributed_gaps_the_unit_s_own_weights_are_used():
    x = np.array([[10.0, 5.0, 1.0, 1.0], [20.0, np.nan, 3.0, 0.0], [30.0, 7.0, 2.0, 1.0]])
    out = _outcome(x, "wsm", "minmax", missing="redistribute")
    c = contributions(out.problem, "u1").set_index("indicator")
    assert c.loc["b", "weight"] == 0.0
    assert c.loc["a", "weight"] == pytest.approx(0.6)  # C1's whole weight on a
    assert c["contribution"].sum() == pytest.approx(out.table.loc["u1", "score"], abs=1e-12)


def test_unknown_or_unranked_units():
    out = _outcome(np.arange(12.0).reshape(3, 4) % 2, "topsis", "vector")
    with pytest.raises(KeyError):
        contributions(out.problem, "nobody")
    ev = evaluate(load_bundled("towns"), load_scenario("balanced"))
    assert score_contributions(ev.outcome, "almaty", load_catalogue()).empty  # restricted
    assert distances(ev.outcome, "almaty") is None


def test_baikonur_s_lead_over_the_anti_ideal_is_mostly_its_airport():
    """The analyst's question, answered on the Profile page: what puts Baikonur where it
    is (balanced, TOPSIS)."""
    ev = evaluate(load_bundled("towns"), load_scenario("balanced"))
    c = score_contributions(ev.outcome, "baikonur", load_catalogue()).set_index("indicator")
    assert c["share_anti_ideal"].idxmax() == "airport"
    assert c.loc["airport", "share_anti_ideal"] > 0.5
    assert c.loc["airport", "share_ideal"] == 0.0  # it has the ideal airport
    # its shortfall is its region's R&D: the two context figures carry 90 % of D+
    assert c.loc[["region_rd_intensity", "region_rd_staff_per_10k"], "share_ideal"].sum() > 0.9
    d_plus, d_minus = distances(ev.outcome, "baikonur")
    assert d_minus / (d_plus + d_minus) == pytest.approx(ev.table.loc["baikonur", "score"])
    rows = contribution_rows(c.reset_index(), "topsis", "en")
    assert rows.iloc[0]["Share of D− (lead over the anti-ideal)"] == "58.3%"
    assert "D+ = 0.249" in contribution_caption("topsis", ev.table.loc["baikonur", "score"],
                                                "en", (d_plus, d_minus))


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_weighted_sum_contributions_are_shown_in_each_language(lang):
    ev = evaluate(load_bundled("towns"), load_scenario("balanced_fixed_goalposts"))
    c = score_contributions(ev.outcome, "baikonur", load_catalogue(), lang)
    rows = contribution_rows(c, "wsm", lang)
    assert rows.shape == (len(c), 6)
    cap = contribution_caption("wsm", ev.table.loc["baikonur", "score"], lang)
    assert "{" not in cap and ("0.303" in cap or "0,303" in cap)


def test_profile_page_shows_the_contributions(tmp_path, monkeypatch):
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(tmp_path / "saved"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.radio(key="w:layer:en").set_value("towns").run()
    at.session_state["selected"] = "baikonur"
    at.switch_page("scicity/app/pages/profile.py").run()
    assert not at.exception
    table = at.dataframe[1].value  # after the sub-scores
    assert "Share of D+ (shortfall from the ideal)" in table.columns
    assert table["Indicator"].iloc[0] == load_catalogue().field("airport").name.en
    assert any("D− / (D+ + D−)" in c.value for c in at.caption)


def test_the_dossier_gives_each_indicator_its_part_in_the_score():
    from scicity.engine import dossier
    from scicity.view import dossier as dossier_view
    ds = load_bundled("towns")
    ev = evaluate(ds, load_scenario("balanced"))
    d = dossier.build(ds, ev, "baikonur")
    inds = {i["id"]: i for c in d["criteria"] for i in c["indicators"]}
    assert inds["airport"]["share_anti_ideal"] == pytest.approx(0.583, abs=5e-4)
    assert inds["airport"]["contribution"] is None
    html = dossier_view.to_html(d)
    assert "D+ 0.0% · D− 58.3%" in html and "Part in the score" in html
    wsm = evaluate(ds, load_scenario("balanced_fixed_goalposts"))
    d = dossier.build(ds, wsm, "baikonur")
    parts = [i["contribution"] for c in d["criteria"] for i in c["indicators"]]
    assert sum(parts) == pytest.approx(wsm.table.loc["baikonur", "score"], abs=1e-12)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_profile_contributions_have_no_english_or_identifiers(tmp_path, monkeypatch, lang):
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(tmp_path / "saved"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.radio(key=f"w:layer:{lang}").set_value("towns").run()
    at.session_state["selected"] = "baikonur"
    at.switch_page("scicity/app/pages/profile.py").run()
    assert not at.exception
    table = at.dataframe[1].value
    text = " ".join([*table.columns, *table.astype(str).to_numpy().ravel(),
                     *(c.value for c in at.caption)])
    for word in ("None", "nan", "NaN", "Weight", "Share", "airport", "region_rd_intensity",
                 "Contribution", "{"):
        assert word not in text, word
    assert load_catalogue().field("airport").name.get(lang) in text


def test_the_raw_value_is_shown_when_the_layer_is_given():
    ds = load_bundled("towns")
    ev = evaluate(ds, load_scenario("balanced"))
    scored = score_contributions(ev.outcome, "baikonur", load_catalogue()).set_index("indicator")
    raw = score_contributions(ev.outcome, "baikonur", load_catalogue(),
                              values=ds.values).set_index("indicator")
    assert scored.at["dist_large_city_km", "value"] == pytest.approx(0.832205, abs=1e-6)
    assert raw.at["dist_large_city_km", "value"] == pytest.approx(191.948689, abs=1e-6)
    assert raw.at["dist_large_city_km", "normalised"] == scored.at["dist_large_city_km",
                                                                   "normalised"]


def test_contribution_values_carry_their_unit():
    """The raw values the profile's contribution table shows are written with the
    catalogue's unit; the scored values (a value function's 0–1 output) carry none."""
    ds = load_bundled("towns")
    ev = evaluate(ds, load_scenario("balanced"))
    cat = load_catalogue()
    raw = score_contributions(ev.outcome, "kurchatov", cat, "ru", ds.values)
    table = contribution_rows(raw, "topsis", "ru").set_index("Показатель")
    dist = cat.field("dist_large_city_km")
    assert table.at[dist.name.ru, "Значение"].endswith(" " + dist.unit.ru)
    scored = score_contributions(ev.outcome, "kurchatov", cat, "ru")
    assert set(scored["unit"]) == {""}
