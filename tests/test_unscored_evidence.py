"""Review item 2: the dossier lists the town's own sourced evidence that the score does
not use, and why; the infrastructure scenarios' descriptions say what is scored."""

import pytest

from criteria.bundled import load_bundled
from mcda.messages import msg
from scenarios.library import load_scenario
from scicity.engine.dossier import build
from scicity.engine.evaluate import evaluate
from scicity.i18n import indicator_name, translate
from scicity.view.dossier import to_html


@pytest.fixture(scope="module")
def infra():
    ds = load_bundled("towns")
    return ds, evaluate(ds, load_scenario("infrastructure_first"))


def _by_field(d):
    return {m.params["value"].params["what"].params.get("indicator"): m for m in d["unscored"]}


def test_kurchatov_research_facilities_are_listed_as_not_scored(infra):
    ds, ev = infra
    d = build(ds, ev, "kurchatov")
    got = _by_field(d)
    fac = got["research_facilities"]
    assert fac.params["value"].params["value"] == 3.0
    assert fac.params["value"].params["source"] == "K_NNC_NEWS"
    assert "IGR research reactor; IVG.1M research reactor; KTM tokamak" in fac.params["note"]
    assert fac.params["why"] == (msg("status_coverage", coverage=0.2, minimum=0.5),)
    assert translate(fac, "en").startswith(
        "Major research facilities: 3 (K_NNC_NEWS 2022, lower bound) — IGR research reactor")
    assert translate(fac, "en").endswith("— not scored: coverage 20% < 50%")
    # researchers: dropped for coverage and counted only by the 3 % rule
    assert got["researchers"].params["why"][1] == msg("unscored_gate")
    # the NNC's 1,600 staff: a context field
    assert got["research_org_staff"].params["why"] == (msg("unscored_context"),)
    assert {"research_orgs", "science_producers"} <= set(got)


def test_scored_regional_and_computed_values_are_never_listed(infra):
    ds, ev = infra
    used = set(ev.weights.index[ev.weights["status"] == "used"])
    for unit in ("kurchatov", "almaty", "baikonur", "stepnogorsk"):
        got = _by_field(build(ds, ev, unit))
        assert not used & set(got), unit
        assert not {f for f in got if f.startswith("region_")}
        assert "researcher_share" not in got and "employed" not in got
        assert "population" not in got
    # Stepnogorsk has no own sourced evidence beyond its scored values
    assert build(ds, ev, "stepnogorsk")["unscored"] == []


def test_dossier_page_has_the_section_in_the_reader_s_language(infra):
    ds, ev = infra
    page = to_html(build(ds, ev, "kurchatov"), "kk")
    assert "Бағалауға кірмеген дереккөзі бар деректер" in page
    assert "бағалауға кірмейді: қамту 20% &lt; 50%</li>" in page
    empty = to_html(build(ds, ev, "stepnogorsk"), "en")
    assert "none: every sourced value of the town&#39;s own enters the score" in empty


@pytest.mark.parametrize("sid", ["infrastructure_first", "concept_emphasis"])
def test_infrastructure_descriptions_say_what_is_scored(sid):
    s = load_scenario(sid)
    ev = evaluate(load_bundled("towns"), s)
    w = ev.weights[ev.weights["criterion"] == "C2"]
    text = " ".join(s.display_description("en").split()).lower()
    for fid in w.index[w["status"] == "used"]:
        name = indicator_name(fid, "en").lower()
        key = "distance to" if fid == "dist_large_city_km" else name
        assert key in text, (sid, fid)
    # research facilities are named as not scored, for the reason the engine gives
    assert w.at["research_facilities", "status"] == "coverage"
    assert "research facilities" in text and "not scored" in text and "50 %" in text
    assert "the reasoning the concept itself gives" not in text
