"""The shortlist with every member's dossier in one file (HTML, JSON, CSV, XLSX), from
the CLI and the Shortlist page."""

from __future__ import annotations

import html
import io
import json
import re
from dataclasses import replace

import pandas as pd
import pytest
from babel.lists import format_list
from streamlit.testing.v1 import AppTest

from criteria.bundled import load_bundled
from mcda.shortlist import Constraints
from scenarios.library import load_scenario
from scicity.cli.main import main
from scicity.engine.evaluate import evaluate
from scicity.engine.shortlist import shortlist
from scicity.i18n import t
from scicity.io import shortlist_export

HOSTILE = '<img src=x onerror="alert(1)">=HYPERLINK("http://x")'


@pytest.fixture(scope="module")
def towns():
    ds = load_bundled("towns")
    ev = evaluate(ds, load_scenario("balanced"))
    table = ev.table.copy()
    table.loc["kurchatov", "name_en"] = HOSTILE
    ev = replace(ev, table=table)
    return ds, shortlist(ev, Constraints(k=3), samples=300, seed=0)


def test_json_carries_the_set_and_each_members_dossier(towns):
    ds, res = towns
    doc = json.loads(shortlist_export.json_bytes(res, ds))
    members = [m["id"] for m in doc["set"]]
    assert [d["id"] for d in doc["dossiers"]] == members
    assert doc["constraints"]["k"] == 3 and doc["scenario_id"] == "balanced"
    assert doc["p_best"] == pytest.approx(res.p_best)
    kur = doc["dossiers"][members.index("kurchatov")]
    assert kur["recommendation"] == "model_2"
    assert kur["model2"]["state"] == "eligible"
    assert kur["model2"]["share_low"] == pytest.approx(198 / 5428, abs=1e-4)
    assert kur["model2"]["share_high"] > 0.3
    assert kur["reasons"][0].startswith("3 % rule met")
    assert all(isinstance(r, str) for r in kur["reasons"])   # messages as English text
    assert any(i["source_id"] for c in kur["criteria"] for i in c["indicators"])


def test_html_is_one_printable_document_with_escaped_dossiers(towns):
    ds, res = towns
    page = shortlist_export.html_bytes(res, ds).decode("utf-8")
    assert page.count("<!DOCTYPE html>") == 1
    assert page.count('<section class="dossier">') == 3
    assert "Constraints</th><td>k = 3" in page
    assert f"This set is best in {100 * res.p_best:.1f}%" in page
    assert "Model 2 — science city: the 3 % rule" in page
    assert "chosen on its score" in page
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
    assert "[CONCEPT]" in page      # the sources travel with it


def test_csv_rows_carry_a_dossier_summary_and_are_neutralised(towns):
    ds, res = towns
    raw = shortlist_export.csv_bytes(res, ds)
    assert raw.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    members = df[df["role"] == "member"].set_index("id")
    assert list(members.index) == list(res.members.index)
    assert members.at["kurchatov", "recommendation"] == "model_2"
    assert members.at["kurchatov", "gate_state"] == "eligible"
    assert members.at["kurchatov", "gate_share_low"] == pytest.approx(0.036476, rel=1e-3)
    assert members.at["kurchatov", "name_en"] == HOSTILE   # a leading "<" is not a formula
    assert members["deciding_figure"].notna().all()
    others = df[df["role"] != "member"]
    assert others["recommendation"].isna().all()


def test_xlsx_has_the_set_the_evidence_and_the_provenance(towns):
    ds, res = towns
    book = pd.read_excel(io.BytesIO(shortlist_export.xlsx_bytes(res, ds)), sheet_name=None)
    assert list(book) == ["shortlist", "evidence", "metadata", "sources"]
    assert set(book["evidence"]["id"]) == set(res.members.index)
    meta = dict(zip(book["metadata"]["Key (for programs)"], book["metadata"]["Value"],
                    strict=False))
    assert meta["scenario_id"] == "balanced" and meta["constraints"] == "k = 3"
    assert meta["scenario_name"] == "Balanced" and meta["method_code"] == "topsis"


def test_cli_writes_every_format_with_dossiers(tmp_path, capsys):
    for suffix in (".html", ".json", ".csv", ".xlsx"):
        out = tmp_path / f"s{suffix}"
        assert main(["shortlist", "--k", "2", "--samples", "100", "--out", str(out)]) == 0
        assert out.stat().st_size > 0
        assert f"written with dossiers: {out}" in capsys.readouterr().out
    doc = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert len(doc["dossiers"]) == 2 and "robust" in doc


def test_regions_shortlist_says_it_has_no_dossiers():
    ds = load_bundled("regions")
    res = shortlist(evaluate(ds, load_scenario("balanced")), Constraints(k=2), samples=0)
    doc = json.loads(shortlist_export.json_bytes(res, ds))
    assert doc["dossiers"] == []
    assert shortlist_export.no_dossiers("en") in doc["notes"]
    ru = json.loads(shortlist_export.json_bytes(res, ds, "ru"))
    assert shortlist_export.no_dossiers("ru") in ru["notes"]
    assert ru["notes"][-1].startswith("Досье составляются только для городов")


def test_unknown_suffix_is_a_clear_error(towns, tmp_path):
    ds, res = towns
    with pytest.raises(ValueError, match=r"unknown shortlist format '\.txt'"):
        shortlist_export.write(res, ds, tmp_path / "s.txt")
    assert not (tmp_path / "s.txt").exists()


def _page() -> None:
    from criteria.bundled import load_bundled
    from scenarios.library import load_scenario
    from scicity.app.shortlist_view import render
    from scicity.engine.evaluate import evaluate

    render("ru", "towns", evaluate(load_bundled("towns"), load_scenario("balanced")))


def test_shortlist_page_offers_the_dossier_files():
    at = AppTest.from_function(_page, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    labels = [b.label for b in at.get("download_button")]
    for fmt in ("HTML", "JSON", "XLSX", "CSV"):
        assert f"Скачать шорт-лист с досье ({fmt})" in labels


@pytest.fixture(scope="module")
def plain():
    ds = load_bundled("towns")
    return ds, shortlist(evaluate(ds, load_scenario("balanced")), Constraints(k=3),
                         samples=300, seed=0)


def _text(page: str) -> str:
    """The words of an HTML page (tags dropped)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(page)))


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_html_memo_names_units_and_labels_in_its_language(plain, lang):
    """The memo shows names, regions, types, states and sets as the app's Shortlist page
    does (review item 9): no ids outside the id column, no English labels."""
    ds, res = plain
    page = shortlist_export.html_bytes(res, ds, lang).decode("utf-8")
    words = _text(page)
    ev = res.evaluation
    assert f'<html lang="{lang}">' in page
    assert t("shortlist_doc_title", lang, k=3, layer=t("layer_towns", lang)) in words
    assert ev.scenario.display_name(lang) in words
    for u in res.members.index:
        row = f"<td>{ev.table.at[u, f'name_{lang}']}</td><td>{u}</td>"   # name, then id
        assert row in page
    assert t("shortlist_type_high_potential", lang) in words      # Kurchatov's type
    assert t("state_eligible", lang) in words
    assert t("msg_shortlist_member_score", lang) in words
    most = res.robust.most_often
    assert format_list([str(ev.table.at[u, f"name_{lang}"]) for u in most], locale=lang) in words
    for code in ("high_potential", "KZ-10 <", "chosen on its score", "eligible<",
                 ", ".join(most), "Constraints", "How often it is best", "normalisation"):
        assert code not in page.split('<section class="dossier">')[0], code
    # each member's dossier in the document's language (scicity.view.dossier.page_data)
    assert page.count('<section class="dossier">') == 3
    assert page.count(f"<h2>{t('dossier_model2', lang)}</h2>") == 3
    assert "Model 2 — science city" not in page


def test_json_and_csv_of_a_russian_shortlist_keep_ids_beside_names(plain):
    ds, res = plain
    doc = json.loads(shortlist_export.json_bytes(res, ds, "ru"))
    kur = next(m for m in doc["set"] if m["id"] == "kurchatov")
    assert kur["name"] == "Курчатов" and kur["region"] == "KZ-10"
    assert kur["region_name"] == "Абайская область"
    assert kur["gate_state"] == "eligible" and kur["gate_text"] == t("state_eligible", "ru")
    assert kur["reasons"][0]["key"] == "shortlist_member_score"
    assert kur["reasons"][0]["text"] == t("msg_shortlist_member_score", "ru")
    assert doc["scenario_name"] == "Сбалансированный" and doc["method_code"] == "topsis"
    assert doc["constraints"]["text"] == "k = 3"
    d = doc["dossiers"][[m["id"] for m in doc["set"]].index("kurchatov")]
    assert d["text"]["model2"] == t("dossier_model2", "ru")
    assert re.search("[А-Яа-я]", d["reasons"][0]) and not d["reasons"][0].startswith("3 % rule")
    df = pd.read_csv(io.BytesIO(shortlist_export.csv_bytes(res, ds, "ru")), encoding="utf-8-sig")
    row = df.set_index("id").loc["kurchatov"]
    assert row["name"] == "Курчатов" and row["recommendation"] == "model_2"
    assert row["recommendation_text"] == t("rec_model_2", "ru")
    assert row["scenario_name"] == "Сбалансированный"
