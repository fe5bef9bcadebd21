"""Review item 15: Baikonur is leased to the Russian Federation until 2050 and run by a
Russian administration. It stays ranked (Kazakhstan's territory; the Concept excludes
no town) but every output carries a sourced caveat: the ranking's flags, the
Assessment page, the dossier and the CLI."""

import pytest

from criteria.bundled import load_bundled, load_sources
from criteria.caveats import CAVEAT_KINDS, caveat_flag, caveat_message, load_caveats
from mcda.messages import TEMPLATES, msg
from scenarios.library import load_scenario
from scicity.app.assessment_view import model2_rows, recommendations
from scicity.cli.main import main
from scicity.engine.dossier import build
from scicity.engine.evaluate import evaluate
from scicity.i18n import translate
from scicity.view.dossier import to_html
from scicity.view.ranking import caveat_flags, ranking_rows


@pytest.fixture(scope="module")
def towns():
    ds = load_bundled("towns")
    return ds, evaluate(ds, load_scenario("balanced"))


def test_caveats_are_sourced_and_of_known_kinds():
    c = load_caveats()
    assert list(c.index) == ["baikonur"]
    sources = load_sources()
    for _, r in c.iterrows():
        assert r["kind"] in CAVEAT_KINDS and f"caveat_{r['kind']}" in TEMPLATES
        ids = r["source_id"].split()
        assert ids and set(ids) <= set(sources.index)
        assert all(sources.at[s, "url"].startswith("http") for s in ids)
    assert "2050" in sources.at["kt_baikonur_2021", "note"]
    assert "administration of the city of Baikonur" in sources.at["newsinfo_baikonur_2010",
                                                                  "note"]


def test_caveat_message_names_its_sources_in_each_language():
    m = caveat_message("baikonur")
    assert m is not None and m.params["until"] == "2050"
    assert m.params["sources"] == ("kt_baikonur_2021 2021", "tengrinews_baikonur_2021 2021",
                                   "newsinfo_baikonur_2010 2010")
    en = translate(m, "en")
    assert "until 2050" in en and "kt_baikonur_2021 2021" in en and "accredited" in en
    assert "до 2050 года" in translate(m, "ru") and "2050 жылға" in translate(m, "kk")
    assert caveat_message("kurchatov") is None and caveat_flag("almaty") is None


def test_baikonur_stays_ranked_and_flagged(towns):
    _, ev = towns
    assert ev.table.at["baikonur", "status"] == "ranked"
    rows = ranking_rows(ev, "en")
    assert rows.at["baikonur", "flags"].startswith(
        "status under lease: the rule's figures may not apply")
    assert not any("lease" in f for u, f in rows["flags"].items() if u != "baikonur")
    assert ranking_rows(ev, "ru").at["baikonur", "flags"].startswith("статус под арендой")
    assert caveat_flags(["kurchatov", "baikonur"], "kk") == {
        "baikonur": translate(caveat_flag("baikonur"), "kk")}


def test_dossier_and_assessment_page_show_the_caveat(towns):
    ds, ev = towns
    d = build(ds, ev, "baikonur")
    assert d["caveat"] == caveat_message("baikonur")
    page = to_html(d, "ru")
    assert "Оговорка:" in page and "Российской Федерацией до 2050 года" in page
    assert build(ds, ev, "kurchatov")["caveat"] is None
    assert 'class="caveat"' not in to_html(build(ds, ev, "kurchatov"))
    rows = model2_rows(ev, recommendations(ds, ev), "en").set_index("Name")
    assert "leased to the Russian Federation until 2050" in rows.at["Baikonur", "Why"]
    assert "leased" not in rows.at["Kurchatov", "Why"]


def test_cli_ranking_shows_the_caveat(capsys):
    main(["rank", "--layer", "towns", "--lang", "ru"])
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "baikonur" in x)
    assert "статус под арендой" in line


def test_an_unranked_town_shows_its_caveat_in_the_status(towns):
    ds, _ = towns
    ev = evaluate(ds, load_scenario("balanced"), exclude=("baikonur",))
    rows = ranking_rows(ev, "en")
    assert rows.at["baikonur", "status"].endswith(
        "; status under lease: the rule's figures may not apply")
    assert "lease" in rows.at["baikonur", "flags"]


def test_the_caveat_travels_in_the_evaluation_notes_to_every_export(towns):
    from scicity.io.exports import json_document
    from scicity.view.report import report_html

    _, ev = towns
    notes = [n for n in ev.notes if n.key == "caveat_unit"]
    assert notes == [msg("caveat_unit", id="baikonur", caveat=caveat_message("baikonur"))]
    assert not [n for n in evaluate(load_bundled("regions"), load_scenario("balanced")).notes
                if n.key == "caveat_unit"]
    doc = json_document(ev)
    assert any(n.startswith("baikonur: status under lease") for n in doc["notes"])
    html = report_html(ev, "ru")
    assert "baikonur: статус под арендой" in html


@pytest.mark.parametrize(("row", "error"), [
    ({"kind": "occupied"}, "row 2 (x): unknown caveat kind 'occupied'"),
    ({"source_id": "nowhere S"}, "source ids not in sources.csv: nowhere"),
    ({"source_id": " "}, "none given"),
    ({"until": "soon"}, "until 'soon' is not a year"),
])
def test_a_bad_caveat_row_is_refused_with_its_row(row, error):
    import pandas as pd

    from criteria.caveats import parse_caveats

    good = {"unit_id": "x", "kind": "lease_russia", "until": "2050", "source_id": "S",
            "note": ""}
    assert list(parse_caveats(pd.DataFrame([good]), {"S"}).index) == ["x"]
    with pytest.raises(ValueError, match=error.replace("(", r"\(").replace(")", r"\)")):
        parse_caveats(pd.DataFrame([good | row]), {"S"})
    with pytest.raises(ValueError, match="more than one caveat for x"):
        parse_caveats(pd.DataFrame([good, good]), {"S"})


def test_the_caveat_s_sources_are_listed_with_the_evaluation_s(towns):
    _, ev = towns
    assert {"kt_baikonur_2021", "tengrinews_baikonur_2021", "newsinfo_baikonur_2010"} <= set(
        ev.sources.index)
    regions = evaluate(load_bundled("regions"), load_scenario("balanced"))
    assert "kt_baikonur_2021" not in regions.sources.index
