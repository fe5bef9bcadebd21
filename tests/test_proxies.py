"""Regional proxies (review item 8): the measures each criterion scores on the regional
layer, and the note a ranking carries for values that fail a check-data rule."""

import dataclasses

import pytest

from criteria.bundled import load_bundled
from criteria.checks import check_regions
from scenarios.library import builtin_ids, load_scenario
from scicity.engine.evaluate import evaluate
from scicity.view.problems import message_text


@pytest.fixture(scope="module")
def regions():
    return load_bundled("regions")


def _ranks(ev):
    t = ev.table
    return {u: int(r) for u, r in t["rank"].items()}


def _check_notes(ev):
    return {n.params["unit"]: n for n in ev.notes if n.key == "check_data_scored"}


def test_per_staff_spending_no_longer_lifts_north_kazakhstan(regions):
    """North Kazakhstan (2.7 bn KZT on 133 R&D staff) was 4th under infrastructure_first
    with C2 0.43, carried by the per-staff intensity alone; C2 now measures the amount
    of R&D spending, where it is 12th of 20 (2.7 bn KZT, tied with Turkistan)."""
    ev = evaluate(regions, load_scenario("infrastructure_first"))
    ranks = _ranks(ev)
    assert ranks["KZ-59"] > ranks["KZ-35"] and ranks["KZ-59"] > ranks["KZ-10"]
    assert ranks["KZ-59"] >= 10
    assert ev.table.loc["KZ-59", "sub_C2"] < 0.05
    assert "rd_exp_per_staff" not in ev.weights.index
    assert "rd_staff_per_10k" not in ev.weights.index


@pytest.mark.parametrize("sid", ["balanced", "balanced_fixed_goalposts", "concept_emphasis",
                                 "infrastructure_first"])
def test_the_two_cities_and_mangystau_lead(regions, sid):
    ranks = _ranks(evaluate(regions, load_scenario(sid)))
    assert (ranks["KZ-75"], ranks["KZ-71"], ranks["KZ-47"]) == (1, 2, 3)


def test_every_builtin_scenario_notes_the_failed_check(regions):
    warned = {m.split()[0] for level, m in check_regions(regions)
              if level == "warning" and m.startswith("KZ-")}
    assert warned == {"KZ-43", "KZ-55", "KZ-59"}
    for sid in builtin_ids():
        notes = _check_notes(evaluate(regions, load_scenario(sid)))
        assert set(notes) == warned, sid
        nkz = notes["KZ-59"]
        assert nkz.params["printed"] == 21.0
        assert nkz.params["computed"] == pytest.approx(2.7 / 133 * 1000)
        assert set(nkz.params["indicators"]) == {"rd_staff", "rd_expenditure", "rd_intensity"}


def test_the_note_goes_when_the_figures_agree(regions):
    v = regions.values.copy()
    v.loc["KZ-59", "rd_exp_per_staff"] = round(2.7 / 133 * 1000, 1)
    fixed = dataclasses.replace(regions, values=v)
    assert "KZ-59" not in _check_notes(evaluate(fixed, load_scenario("balanced")))


def test_the_note_goes_with_the_unit(regions):
    ev = evaluate(regions, load_scenario("balanced"), exclude=("KZ-59",))
    assert "KZ-59" not in _check_notes(ev) and "KZ-43" in _check_notes(ev)


def test_the_note_names_only_indicators_used(regions):
    s = dataclasses.replace(load_scenario("balanced"),
                            indicator_weights={"rd_staff": 0.0, "rd_intensity": 0.0})
    notes = _check_notes(evaluate(regions, s))
    assert notes["KZ-59"].params["indicators"] == ("rd_expenditure",)


@pytest.mark.parametrize(("lang", "words"), [("en", "beyond rounding"),
                                             ("ru", "не объясняется округлением"),
                                             ("kk", "дөңгелектеумен түсіндірілмейді")])
def test_the_note_is_translated(regions, lang, words):
    nkz = _check_notes(evaluate(regions, load_scenario("balanced")))["KZ-59"]
    text = message_text(nkz, lang)
    assert text.startswith("KZ-59") and words in text
    assert ("21.0" if lang == "en" else "21,0") in text


def test_towns_carry_no_such_note():
    ev = evaluate(load_bundled("towns"), load_scenario("balanced"))
    assert not _check_notes(ev)


def test_clusters_scenario_says_c4_is_grp(regions):
    """Atyrau is 3rd under clusters_investment_first on C4 alone (C1–C3 near 0): its C4
    is GRP, inflated by oil; the scenario's description says so in every language."""
    s = load_scenario("clusters_investment_first")
    ev = evaluate(regions, s)
    assert _ranks(ev)["KZ-23"] == 3
    assert max(ev.table.loc["KZ-23", ["sub_C1", "sub_C2", "sub_C3"]]) < 0.05
    assert "Atyrau" in s.description and "GRP" in s.description
    assert "Атырау" in s.descriptions["ru"] and "Атырау" in s.descriptions["kk"]
