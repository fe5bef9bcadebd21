"""The profile's reference (scicity.engine.profile.profile, scicity.view.profile): each
indicator is compared with the median over the ranked units that have a value, counted;
fewer than MIN_KNOWN values give no median and no verdict; a yes/no indicator gets no
ratio or verdict but the count of units that have it; a value-function indicator is
compared on its 0–1 value scale. Checked on Kurchatov, the case the review found
(198 researchers against Astana's 4,730 called a weakness)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from criteria.bundled import load_bundled
from criteria.model import load_catalogue
from scenarios.library import load_scenario
from scicity.engine.evaluate import evaluate, value_functions
from scicity.engine.profile import MIN_KNOWN, profile, reference_units
from scicity.i18n import t
from scicity.view.profile import profile_rows, reference_caption, source_row, source_text


@pytest.fixture(scope="module")
def towns():
    ds = load_bundled("towns")
    ev = evaluate(ds, load_scenario("balanced"))
    cat = load_catalogue()
    peers, kind = reference_units(ev.outcome, ds.values.index)
    prof = profile(ds, "kurchatov", cat, "en", peers, value_functions(ev.scenario, "towns", cat))
    return ds, ev, peers, kind, prof.set_index("indicator")


def test_the_reference_is_the_ranked_towns(towns):
    ds, ev, peers, kind, _ = towns
    ranked = ev.table.index[ev.table["status"] == "ranked"]
    assert kind == "ranked" and set(peers) == set(ranked)
    assert len(peers) < len(ds.values)          # not the 27 towns incl. the large cities


def test_kurchatov_researchers_are_not_judged_on_one_value(towns):
    ds, _, peers, _, prof = towns
    r = prof.loc["researchers"]
    known = ds.values.loc[peers, "researchers"].notna().sum()
    assert known < MIN_KNOWN and r["n_known"] == known and r["n_peers"] == len(peers)
    assert r["verdict"] == "few_values" and np.isnan(r["median"]) and np.isnan(r["ratio"])
    assert r["value"] == 198
    # the review's three "weaknesses": too few values, too few values, a yes/no flag
    assert list(prof.loc[["researchers", "research_orgs", "airport"], "verdict"]) == [
        "few_values", "few_values", "flag"]


def test_a_flag_gets_a_count_not_a_ratio(towns):
    ds, _, peers, _, prof = towns
    r = prof.loc["airport"]
    have = int((ds.values.loc[peers, "airport"] > 0).sum())
    assert r["verdict"] == "flag" and r["have"] == have
    assert r["n_known"] == ds.values.loc[peers, "airport"].notna().sum()
    assert np.isnan(r["ratio"]) and np.isnan(r["median"])
    rail = prof.loc["railway"]          # Kurchatov's railway flag is not in the data
    assert np.isnan(rail["value"]) and rail["verdict"] == "missing"
    assert rail["have"] == int((ds.values.loc[peers, "railway"] > 0).sum())


def test_distance_is_compared_on_its_value_scale(towns):
    ds, _, peers, _, prof = towns
    r = prof.loc["dist_large_city_km"]
    pts = np.array(load_catalogue().field("dist_large_city_km").value_function.points)
    on_scale = np.interp(ds.values.loc[peers, "dist_large_city_km"].dropna(), pts[:, 0], pts[:, 1])
    assert r["scale"] == "value"
    assert r["compared"] == pytest.approx(np.interp(r["value"], pts[:, 0], pts[:, 1]))
    assert r["median"] == pytest.approx(float(np.median(on_scale)))
    assert 0 <= r["median"] <= 1 and np.isnan(r["ratio"])
    assert r["difference"] == pytest.approx(r["compared"] - r["median"])


def test_a_median_over_enough_values_gives_a_ratio_and_verdict(towns):
    ds, _, peers, _, prof = towns
    r = prof.loc["region_rd_intensity"]
    col = ds.values.loc[peers, "region_rd_intensity"].dropna()
    assert len(col) >= MIN_KNOWN and r["n_known"] == len(col)
    assert r["median"] == pytest.approx(float(col.median()))
    assert r["ratio"] == pytest.approx(r["value"] / col.median())
    want = "strength" if r["ratio"] > 1.25 else "weakness" if r["ratio"] < 0.75 else "typical"
    assert r["verdict"] == want


def test_minimum_count_boundary():
    ds = load_bundled("regions")
    cat = load_catalogue()
    fid = "rd_staff"
    units = list(ds.values.index[ds.values[fid].notna()])
    uid = units[0]
    four = profile(ds, uid, cat, "en", units[:MIN_KNOWN - 1]).set_index("indicator").loc[fid]
    five = profile(ds, uid, cat, "en", units[:MIN_KNOWN]).set_index("indicator").loc[fid]
    assert four["verdict"] == "few_values" and np.isnan(four["median"])
    assert five["verdict"] in ("strength", "weakness", "typical")
    assert five["median"] == pytest.approx(ds.values.loc[units[:MIN_KNOWN], fid].median())


def test_a_cost_indicator_below_the_median_is_a_strength():
    from scicity.engine.profile import _verdict
    assert _verdict(50.0, 100.0, -1, "raw")[0] == "strength"
    assert _verdict(50.0, 100.0, 1, "raw")[0] == "weakness"
    assert _verdict(3.0, 0.0, 1, "raw")[0] == "strength"      # zero median: the sign decides
    assert _verdict(0.9, 0.5, 1, "value") == ("strength", pytest.approx(np.nan, nan_ok=True),
                                              pytest.approx(0.4))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_table_says_what_it_compares_with(towns, lang):
    ds, _, peers, kind, _ = towns
    cat = load_catalogue()
    ev = evaluate(ds, load_scenario("balanced"))
    prof = profile(ds, "kurchatov", cat, lang, peers, value_functions(ev.scenario, "towns", cat))
    rows = profile_rows(prof, lang, ds.sources).set_index(t("profile_indicator", lang))
    name = cat.field
    ref, val, verdict = (t("profile_median", lang), t("profile_value", lang),
                         t("profile_verdict", lang))
    res = rows.loc[name("researchers").name.get(lang)]
    n = int(ds.values.loc[peers, "researchers"].notna().sum())
    assert res[ref] == t("profile_few", lang, n=n, total=len(peers), min=MIN_KNOWN)
    assert res[verdict] == t("profile_few_values", lang)
    assert res[val] == f"198 {name('researchers').unit.get(lang)}"
    air = rows.loc[name("airport").name.get(lang)]
    assert air[val] == t("profile_flag_no", lang) and air[verdict] == t("profile_flag", lang)
    have = int((ds.values.loc[peers, "airport"] > 0).sum())
    assert air[ref] == t("profile_have", lang, n=have,
                         total=int(ds.values.loc[peers, "airport"].notna().sum()))
    src = res[t("profile_source", lang)]
    assert "[K_IRSE]" in src and t("source_undated", lang) in src
    assert t("qualifier_lower_bound", lang) in src and "lower_bound" not in src
    caption = reference_caption(kind, len(peers), "towns", lang)
    assert str(len(peers)) in caption and str(MIN_KNOWN) in caption


def test_source_text_year_and_undated():
    src = {"title": "Some survey", "publisher": "BNS", "year": 2024.0}
    cite = {"source_id": "S", "year": "", "qualifier": "estimate", "note": "n"}
    assert source_text(cite, src, "en") == "Some survey (BNS), 2024, estimate [S] — n"
    assert source_text({**cite, "year": "2023"}, src, "en").startswith("Some survey (BNS), 2023,")
    assert source_text(cite, {**src, "year": float("nan")}, "ru").startswith(
        "Some survey (BNS), без даты, оценка [S]")
    assert source_text({"source_id": ""}, src, "en") == ""
    sources = pd.DataFrame({"title": ["T"], "publisher": ["P"], "year": [np.nan]},
                           index=pd.Index(["X"]))
    assert source_row(sources, "X")["title"] == "T" and source_row(sources, "Y") is None


def test_every_verdict_has_a_label_in_every_language():
    from typing import get_args

    from babel.messages.pofile import read_po

    from scicity.engine.profile import Verdict
    from scicity.i18n import po_path
    for lang in ("kk", "ru", "en"):
        with po_path(lang).open("rb") as f:
            keys = {m.id for m in read_po(f, locale=lang) if m.string}
        assert {f"profile_{v}" for v in get_args(Verdict)} <= keys
        assert {f"profile_reference_{k}_{lay}" for k in ("ranked", "layer")
                for lay in ("towns", "regions")} <= keys


def test_without_a_ranking_the_reference_is_the_layer_and_scenario_value_functions_rule():
    ds = load_bundled("towns")
    peers, kind = reference_units(None, ds.values.index)
    assert kind == "layer" and list(peers) == list(ds.values.index)
    # a scenario that switches the value function off compares raw kilometres
    raw = profile(ds, "kurchatov", load_catalogue(), "en", peers, functions={})
    r = raw.set_index("indicator").loc["dist_large_city_km"]
    col = ds.values["dist_large_city_km"].dropna()
    assert r["scale"] == "raw" and r["compared"] == r["value"]
    assert r["median"] == pytest.approx(float(col.median()))
    assert reference_caption("layer", len(peers), "towns", "en").startswith(
        "Reference: no town is ranked")
