"""The 3 % rule's share interval wherever the state is shown: map popups and tooltips,
the profile page, the exports (CSV, XLSX, GeoJSON), the printed report and the CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from criteria.bundled import load_bundled
from scenarios.library import load_scenario
from scicity.cli.main import main
from scicity.engine.evaluate import evaluate
from scicity.i18n import t
from scicity.io import geoexport
from scicity.io.exports import csv_bytes, xlsx_bytes
from scicity.view import mapview
from scicity.view.report import report_html

#: Kurchatov: at least 198 researchers, 3,917–5,428 employed (README.concept.md).
KURCHATOV = {"en": "eligible, 3.65%–35.59%", "ru": "соответствует, 3,65\u00a0%–35,59\u00a0%"}
BAIKONUR = "undetermined, 0.00%–3.19%"


@pytest.fixture(scope="module")
def towns():
    return evaluate(load_bundled("towns"), load_scenario("balanced"))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_popup_and_tooltip_show_the_interval(towns, lang):
    pop = mapview.popup_html(towns, "kurchatov", lang)
    assert f"{t('col_gate', lang)}: {KURCHATOV[lang]}" in pop
    assert KURCHATOV[lang] in mapview.tooltip_html(towns, "kurchatov", lang)
    texts = mapview._texts(towns, lang)
    assert texts["kurchatov"] == (mapview.tooltip_html(towns, "kurchatov", lang), pop)


def test_undetermined_popup_gives_what_would_settle_it(towns):
    pop = mapview.popup_html(towns, "baikonur", "en")
    assert BAIKONUR in pop
    # 539 would settle it, but Kyzylorda Region allows 413: the employed figure decides
    assert "counting at least" not in pop
    assert "an official employed figure of at most 13,766" in pop
    assert "researchers alone cannot" in pop
    step = mapview.popup_html(towns, "stepnogorsk", "en")
    assert "counting at least 773 researchers" in step
    assert "counting at least" not in mapview.popup_html(towns, "kurchatov", "en")


def test_profile_page_shows_the_interval(tmp_path, monkeypatch):
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(tmp_path))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"),
                           default_timeout=60)
    at.run()
    at.radio(key="w:layer:en").set_value("towns").run()
    at.session_state["selected"] = "kurchatov"
    at.switch_page("scicity/app/pages/profile.py").run()
    assert not at.exception, at.exception
    bodies = [e.proto.body for e in at.get("html")]
    assert any(f"3 % rule: {KURCHATOV['en']}" in b for b in bodies), bodies


def test_exports_and_report_carry_the_interval(towns):
    df = pd.read_csv(io.BytesIO(csv_bytes(towns)), encoding="utf-8-sig").set_index("id")
    assert df.at["kurchatov", "gate_state"] == "eligible"
    assert df.at["kurchatov", "gate_share_low"] == pytest.approx(0.0364757, rel=1e-4)
    assert df.at["baikonur", "gate_decider"] == 539
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(towns, "en")))
    rows = list(wb["ranking"].iter_rows(values_only=True))
    head, kur = rows[0], next(r for r in rows if r[1] == "kurchatov")
    got = dict(zip(head, kur, strict=True))
    assert got["Share, lower bound"] == pytest.approx(0.0365, abs=1e-4)
    assert got["Share, upper bound"] == pytest.approx(0.3559, abs=1e-4)
    bai = dict(zip(head, next(r for r in rows if r[1] == "baikonur"), strict=True))
    assert bai["Researchers that would settle the 3 % rule"] == 539
    geo = json.loads(geoexport.geojson_bytes(towns))
    p = next(f["properties"] for f in geo["features"] if f["properties"]["id"] == "baikonur")
    assert p["gate_share_high"] == pytest.approx(0.0318607, rel=1e-4)
    assert p["gate_decider"] == 539
    html = report_html(towns, "en", None)
    assert KURCHATOV["en"] in html and BAIKONUR in html


def test_cli_ranking_shows_the_interval(capsys):
    assert main(["rank", "--layer", "towns", "--scenario", "balanced"]) == 0
    out = capsys.readouterr().out
    assert KURCHATOV["en"] in out and BAIKONUR in out
