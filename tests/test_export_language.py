"""Every export of one run in one language (review items 9, 10, 17): the scenario is
named the same way in CSV, XLSX, JSON, GeoJSON, GeoPackage and the report; codes are
words in that language with the code beside them; reasons in that language with their
message key; XLSX headers say "(regional context)" as the app's do; sub-scores in
C1 … C4 order."""

from __future__ import annotations

import html
import io
import json

import openpyxl
import pandas as pd
import pyogrio
import pytest

from criteria.bundled import load_bundled
from scenarios.library import load_scenario
from scicity.engine.evaluate import evaluate
from scicity.i18n import t, translate
from scicity.io import exports
from scicity.io.writers import ExportOptions, export
from scicity.view.ranking import labels

SCENARIO = "infrastructure_first"


@pytest.fixture(scope="module")
def towns():
    ds = load_bundled("towns")
    return ds, evaluate(ds, load_scenario(SCENARIO))


def _xlsx_meta(data: bytes, lang: str) -> dict[str, object]:
    """The metadata sheet's scenario block as key → value."""
    ws = openpyxl.load_workbook(io.BytesIO(data))["metadata"]
    rows = [r[:3] for r in ws.iter_rows(values_only=True)]
    head = rows.index((t("meta_col_key", lang), t("meta_col_value", lang),
                       t("meta_col_item", lang)))
    out = {}
    for row in rows[head + 1:]:
        if not any(row):
            break
        out[str(row[0])] = row[1]
        assert row[2] == t(f"meta_{row[0]}", lang) != f"meta_{row[0]}"   # said in words
    return out


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_every_format_names_the_scenario_as_the_report_does(tmp_path, towns, lang):
    ds, ev = towns
    name = ev.scenario.display_name(lang)
    assert lang == "en" or name != ev.scenario.name    # the catalogue has a translation
    opts = ExportOptions(lang, ds, samples=50)
    for suffix in (".xlsx", ".json", ".geojson", ".gpkg", ".html", ".csv"):
        export(ev, tmp_path / f"r{suffix}", opts)
    meta = _xlsx_meta((tmp_path / "r.xlsx").read_bytes(), lang)
    doc = json.loads((tmp_path / "r.json").read_text("utf-8"))
    geo = json.loads((tmp_path / "r.geojson").read_text("utf-8"))["scicity"]
    gpkg = pyogrio.read_dataframe(tmp_path / "r.gpkg", layer="metadata").set_index("key")
    report = html.unescape((tmp_path / "r.html").read_text("utf-8"))
    assert meta["scenario_name"] == doc["scenario_name"] == geo["scenario_name"] == name
    assert gpkg.at["scenario_name", "value"] == name
    assert name in report
    # codes in words, the code beside them, the same in every format
    words = {"method": t("method_topsis", lang), "method_code": "topsis",
             "normalization": t("norm_vector", lang), "normalization_code": "vector",
             "missing_policy": t("missing_worst", lang), "missing_policy_code": "worst",
             "score_direction": t("score_higher", lang), "score_direction_code": "higher",
             "layer": "towns", "layer_name": t("layer_towns", lang), "scenario_id": SCENARIO}
    for key, value in words.items():
        assert meta[key] == doc[key] == geo[key] == gpkg.at[key, "value"] == value, key
    assert (ev.scenario.method, ev.scenario.normalization, ev.scenario.missing) == (
        "topsis", "vector", "worst")
    assert doc["language"] == lang
    # notes in the export's language, their keys in "messages"
    assert doc["notes"] == [translate(n, lang) for n in ev.notes]
    assert len(doc["messages"]) == len(ev.notes)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_csv_reasons_in_the_exports_language_with_their_keys(tmp_path, towns, lang):
    ds, ev = towns
    export(ev, tmp_path / "r.csv", ExportOptions(lang, ds))
    df = pd.read_csv(tmp_path / "r.csv", encoding="utf-8-sig").set_index("id", drop=False)
    row = ev.table.loc["almaty"]
    assert row["status"] == "restricted"
    assert df.at["almaty", "reason"] == translate(row["reason"], lang)
    assert df.at["almaty", "reason_code"] == "gate_restricted"
    assert df.at["kurchatov", "gate_reason"] == translate(ev.table.at["kurchatov",
                                                                   "gate_reason"], lang)
    assert df.at["kurchatov", "gate_reason_code"] == "gate_eligible"
    assert not df["gate_reason"].str.contains("3 % rule").any()    # no English left
    english = pd.read_csv(io.BytesIO(exports.csv_bytes(ev)), encoding="utf-8-sig")
    assert english.set_index("id").at["almaty", "reason"].startswith("3 % rule not met")
    assert list(english.columns) == list(df.columns)   # the same columns


def test_sub_scores_in_criterion_order_in_csv_json_and_geojson(towns):
    _, ev = towns
    want = ["sub_C1", "sub_C2", "sub_C3", "sub_C4"]
    # whatever order the evaluation's table has them in (C2 first on towns today)
    assert exports.sub_columns(["sub_C4", "id", "sub_C2", "sub_X", "sub_C1", "sub_C3"]) == [
        *want, "sub_X"]
    csv = pd.read_csv(io.BytesIO(exports.csv_bytes(ev)), encoding="utf-8-sig")
    assert [c for c in csv.columns if c.startswith("sub_")] == want
    assert [c for c in csv.columns if c.startswith("evidence_")] == [
        f"evidence_C{k}" for k in range(1, 5)]
    units = exports.json_document(ev)["units"]
    assert [k for k in units[0] if k.startswith("sub_")] == want
    from scicity.io.geoexport import geojson_bytes
    props = json.loads(geojson_bytes(ev))["features"][0]["properties"]
    assert [k for k in props if k.startswith("sub_")] == want


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_xlsx_headers_say_regional_context_as_the_app_does(towns, lang):
    _, ev = towns
    ws = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(ev, lang)))["ranking"]
    header = [c.value for c in ws[1]]
    head = labels(ev, lang)
    context = f"({t('evidence_context', lang)})"
    subs = [head[f"sub_C{k}"] for k in range(1, 5)]
    assert all(h in header for h in subs)
    assert [h for h in header if isinstance(h, str) and h.endswith(context)] == [
        h for h in subs if h.endswith(context)]
    # towns: C1, C3 and C4 rest on the region's figures for some ranked town (README)
    assert {h.split()[0] for h in subs if h.endswith(context)} == {"C1", "C3", "C4"}
    assert header.index(head["sub_C1"]) < header.index(head["sub_C2"])


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_xlsx_metadata_names_the_notes_once(towns, lang):
    _, ev = towns
    ws = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(ev, lang)))["metadata"]
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert cells.count(t("notes", lang)) == 1
    at = cells.index(t("notes", lang))
    assert cells[at + 1] == t("meta_col_note", lang)      # the column: one note per row
    assert translate(ev.notes[0], lang) in cells
    assert ev.scenario.display_name(lang) in cells


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_changed_scenario_is_described_by_its_changes_in_every_format(towns, lang):
    """The app's changed scenario carries the base's translated descriptions no more: the
    exports (and the report) describe the change, not the base (review item 9 follow-up:
    the scenario's text now comes from ``display_description(lang)``)."""
    from dataclasses import replace

    from criteria.model import load_catalogue
    from scicity.app.changes import effective
    from scicity.view.report import report_html

    ds, ev = towns
    base = ev.scenario
    weights = {**base.criterion_weights, "C2": 0.0}
    changed = effective(base, replace(base, criterion_weights=weights), load_catalogue(), lang)
    assert changed.id == f"{SCENARIO}_modified"
    ev2 = evaluate(ds, changed)
    meta = exports.metadata(ev2, lang)
    assert meta["scenario_name"] == t("modified_name", lang, name=base.display_name(lang))
    assert meta["scenario_description"] != " ".join(base.display_description(lang).split())
    assert meta["scenario_description"].startswith(
        t("modified_desc", lang, name=base.display_name(lang), changes="")[:12])
    report = html.unescape(report_html(ev2, lang))
    assert " ".join(base.display_description(lang).split())[:60] not in report


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_geojson_names_regions_in_its_language(towns, lang):
    from scicity.io.geoexport import geojson_bytes
    from scicity.view.ranking import region_name

    _, ev = towns
    props = {f["properties"]["id"]: f["properties"]
             for f in json.loads(geojson_bytes(ev, lang))["features"]}
    assert props["kurchatov"]["region"] == region_name("KZ-10", lang) != "Abai Region"
    assert props["kurchatov"]["region_id_computed"] == "KZ-10"    # the code beside it
    assert props["almaty"]["reason"] == translate(ev.table.at["almaty", "reason"], lang)
