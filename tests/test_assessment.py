"""The two models, the recommendation logic and the candidate dossier."""

import json

import pandas as pd
import pytest

from criteria.bundled import load_bundled
from mcda.messages import msg
from scenarios.library import load_scenario
from scicity.cli.main import main
from scicity.engine.assessment import load_hosts, model1_table, recommend, recommendations
from scicity.engine.dossier import build, ceiling_message, decisive_figure
from scicity.engine.evaluate import evaluate
from scicity.i18n import format_number, translate
from scicity.view.dossier import to_html, to_json


@pytest.fixture(scope="module")
def towns():
    ds = load_bundled("towns")
    return ds, evaluate(ds, load_scenario("balanced"))


def test_hosts_are_sourced():
    h = load_hosts()
    assert set(h["host_id"]) == {"inp", "nu"}
    assert (h["source_id"] != "").all() and h["value"].notna().all()
    sources = load_bundled("towns").sources.index
    assert set(h["source_id"]) <= set(sources)


def test_almaty_and_astana_appear_in_model_1_with_reasons(towns):
    ds, ev = towns
    m1 = model1_table(ds, ev)
    assert {"almaty", "astana"} <= set(m1["id"])
    row = m1.set_index("id").loc["almaty"]
    assert row["host"] == "Institute of Nuclear Physics" and row["host_known"] == 4
    assert msg("m1_value", what=msg("m1_field_base_installations"), value=11.0,
               source="inform_inp_2026", year="2026",
               qualifier=(msg("qualifier_exact"),)) in row["infrastructure_host"]
    assert row["reason"].key == "model1_host"
    # every large city is assessed, with or without a host
    assert (m1["population"] >= 200_000).all() and len(m1) == m1["id"].nunique()
    assert m1.set_index("id").loc["semey", "reason"].key == "model1_no_host"


@pytest.mark.parametrize(("unit", "expected", "first_reason"), [
    ("kurchatov", "model_2", "gate_eligible"),       # the 3 % rule is met
    ("almaty", "model_1", "model1_host"),            # large city with a recorded host
    ("astana", "model_1", "model1_host"),
    ("semey", "neither_yet", "gate_restricted"),     # large, no host, proved restricted
    ("stepnogorsk", "neither_yet", "gate_undetermined"),  # close call: count researchers
    ("alatau_city", "neither_yet", "gate_no_data"),  # no population figure
])
def test_recommendation_logic(towns, unit, expected, first_reason):
    ds, ev = towns
    rec, reasons = recommend(ds, ev, unit)
    assert rec == expected and reasons[0].key == first_reason


def test_small_restricted_town_says_it_is_not_large(towns):
    ds, ev = towns
    rec, reasons = recommend(ds, ev, "temirtau")
    assert rec == "neither_yet"
    assert reasons[-1] == msg("model1_not_large", population=171890.0, minimum=200000.0)


def test_shortlists(towns):
    ds, ev = towns
    r = recommendations(ds, ev)
    assert list(r.index[r["recommendation"] == "model_2"]) == ["kurchatov"]
    assert sorted(r.index[r["recommendation"] == "model_1"]) == ["almaty", "astana"]


def test_evidence_labels_name_regional_context(towns):
    _, ev = towns
    t = ev.table
    labels = {c: t.loc["kurchatov", f"evidence_{c}"] for c in ev.criteria}
    assert set(labels.values()) <= {"direct", "context", "none"}
    assert labels["C2"] == "direct"  # airport, railway, distance are the town's own


def test_dossier_structure_and_decisive_figure(towns):
    ds, ev = towns
    d = build(ds, ev, "stepnogorsk")
    assert d["recommendation"] == "neither_yet"
    assert d["model2"]["state"] == "undetermined"
    assert d["decisive"] == msg("change_researchers", decider=d["model2"]["decider"])
    assert all(i["evidence"] in ("direct", "context") for c in d["criteria"]
               for i in c["indicators"])
    # Baikonur: 539 researchers would settle it, but Kyzylorda Region allows 413 at most:
    # the decisive figure is the employed count (≤ 413 ÷ 3 % = 13,766), not researchers
    bk = build(ds, ev, "baikonur")
    assert bk["model2"]["decider"] > bk["model2"]["researchers_high"] == 413
    assert bk["decisive"] == msg("change_both", threshold=0.03, ceiling=413.0,
                                 employed_max=13766.0)
    # a restricted town's bound is named for what it is (the ceiling's recorded source):
    # Semey's 1,196 is Abai Region's 1,394 R&D staff less Kurchatov's 198 researchers
    semey = build(ds, ev, "semey")
    assert semey["decisive"] == msg("change_ceiling_rest", ceiling=1196.0, staff=1394.0,
                                    taken=198.0, required=semey["decisive"].params["required"])
    assert "less the 198 researchers counted in its other towns" in translate(
        semey["decisive"], "en")
    # Almaty's 9,290 is its own exact count, not "the region's R&D staff" (10,628)
    almaty = build(ds, ev, "almaty")
    assert almaty["decisive"].key == "change_ceiling_exact"
    assert almaty["decisive"].params["ceiling"] == 9290
    assert "R&D staff" not in translate(almaty["decisive"], "en")
    # Kyzylorda: nothing counted elsewhere in its region, so all of the region's staff
    assert build(ds, ev, "kyzylorda")["decisive"].key == "change_ceiling"
    # Kurchatov: eligible and nothing missing: no "could lift 0.665 to 0.665"
    k = build(ds, ev, "kurchatov")
    assert k["missing"] == []
    assert k["decisive"] == msg("change_nothing_missing", score=k["score"])
    for lang in ("en", "ru", "kk"):
        text = translate(k["decisive"], lang)
        assert text.count(format_number(k["score"], ".3f", lang)) == 1
    with pytest.raises(ValueError, match="unknown unit"):
        build(ds, ev, "atlantis")


def test_dossier_html_escapes_and_json_round_trips(towns):
    ds, ev = towns
    d = build(ds, ev, "kurchatov")
    d["name_en"] = "<script>alert(1)</script>"
    html = to_html(d)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "Model 2" in html and "regional context" in html
    doc = json.loads(to_json(d))
    assert doc["recommendation"] == "model_2" and doc["reasons"][0].startswith("3 % rule met")


def test_cli_dossier_and_model_1(tmp_path, capsys):
    out = tmp_path / "k.html"
    assert main(["dossier", "kurchatov", "--out", str(out)]) == 0
    assert "Kurchatov" in out.read_text(encoding="utf-8")
    assert main(["dossier", "kurchatov", "--out", str(tmp_path / "k.txt")]) == 2
    capsys.readouterr()
    assert main(["rank", "--model", "1"]) == 0
    text = capsys.readouterr().out
    assert "Institute of Nuclear Physics" in text and "Nazarbayev University" in text
    assert main(["rank", "--model", "2"]) == 0
    assert " kurchatov " in capsys.readouterr().out
    # --out with the printed-only Model 1 assessment is refused, not silently ignored
    assert main(["rank", "--model", "1", "--out", str(tmp_path / "m1.csv")]) == 2
    assert "error: --out: the Model 1 assessment is printed only" in capsys.readouterr().err
    assert not (tmp_path / "m1.csv").exists()


def test_decisive_figure_says_what_a_missing_figure_can_do():
    """An eligible town with a gap: the heaviest gap and how far it could lift the score;
    when the best value would not lift it (equal at the three decimals shown) it says so;
    without a best-case score (other policies) only which gap weighs most."""
    w = pd.DataFrame({"global_weight": [0.1, 0.3]}, index=["a", "b"])
    row = pd.Series({"gate_state": "eligible", "score": 0.5, "score_best": 0.62})
    assert decisive_figure(row, w, ["a", "b"], 0.03) == msg(
        "change_missing", indicator="b", score=0.5, score_best=0.62)
    same = row.copy()
    same["score_best"] = 0.5002
    assert decisive_figure(same, w, ["a", "b"], 0.03) == msg(
        "change_missing_no_effect", indicator="b", score=0.5)
    assert decisive_figure(row.drop("score_best"), w, ["a"], 0.03) == msg(
        "change_missing_heaviest", indicator="a")


@pytest.mark.parametrize(("source", "key"), [
    ("[K_IRSE]: an exact count", "change_ceiling_exact"),
    ("declared: survey range", "change_ceiling_declared"),
    ("R&D staff ⊇ researchers: Table 2", "change_ceiling"),
    ("no ceiling known", "change_ceiling_bound"),
])
def test_ceiling_message_names_the_bound_by_its_source(source, key):
    m = ceiling_message(500.0, 900.0, source)
    assert m == msg(key, ceiling=500.0, required=900.0)
    rest = ceiling_message(500.0, 900.0, "R&D staff ⊇ researchers: x; less 1,234 researchers "
                           "counted in a, b (same region)")
    assert rest == msg("change_ceiling_rest", ceiling=500.0, staff=1734.0, taken=1234.0,
                       required=900.0)
