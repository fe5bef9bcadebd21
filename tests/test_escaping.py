"""Hostile names through every output: HTML escapes them, data exports keep them literally.

Unit names (the bundled regions with replaced names, and a user's towns CSV), unit ids,
scenario names and descriptions carry strings such as ``<img src=x onerror=alert(1)>``.
Every HTML output — map tooltips and popups, the Folium feature group that
streamlit_folium sends to the browser, the printable report and its SVG titles, the
app's Markdown — must show them as text (escaped), and no raw ``<img``/``<script``/``<svg``
from user data may appear. CSV, XLSX, JSON and GeoJSON exports are data: the strings
come back exactly as given.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import streamlit as st
from markupsafe import escape
from streamlit.testing.v1 import AppTest
from streamlit_folium import _get_feature_group_string

import criteria.bundled
from criteria.bundled import load_bundled
from criteria.dataset import NAME_COLUMNS
from criteria.userdata import load_user_table
from scenarios.library import load_scenario
from scenarios.store import ScenarioStore
from scicity.engine.evaluate import Evaluation, evaluate
from scicity.io import exports
from scicity.io.geoexport import geojson_bytes
from scicity.view import mapview
from scicity.view.report import report_html

HOSTILE = (
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    '" onmouseover="x',
    "{{7*7}}",
    "'; DROP TABLE units; --",
)
HOSTILE_ID = "<svg onload=alert(2)>"
#: What must never appear unescaped in an HTML fragment built from the data above.
RAW = re.compile(r"<img|<script|</script|<svg|\" onmouseover=", re.IGNORECASE)
#: The hostile markup itself, for whole documents (which have <svg> and <script> of their own).
RAW_DATA = ("<img src=x", "</script><script>", "<svg onload", '" onmouseover="x')
APP = str(Path(__file__).resolve().parents[1] / "app.py")
LANGS = ("en", "ru", "kk")
REGIONS = ("KZ-10", "KZ-11", "KZ-15", "KZ-19", "KZ-23")


def _scenario():
    hostile = HOSTILE[1] + " " + HOSTILE[3]
    return replace(load_scenario("balanced"), name=hostile,
                   names={"kk": hostile, "ru": hostile},
                   description=HOSTILE[0] + " " + HOSTILE[2],
                   descriptions={"kk": HOSTILE[0] + " " + HOSTILE[2],
                                 "ru": HOSTILE[0] + " " + HOSTILE[2]})


@pytest.fixture(scope="module")
def hostile_regions():
    """The bundled regions with five names replaced, in every language."""
    ds = load_bundled("regions")
    units = ds.units.copy()
    for k, (iso, name) in enumerate(zip(REGIONS, HOSTILE, strict=True)):
        for j, col in enumerate(NAME_COLUMNS):
            units.loc[iso, col] = HOSTILE[(k + j) % len(HOSTILE)] if j else name
    return replace(ds, units=units)


@pytest.fixture(scope="module")
def regions_ev(hostile_regions) -> Evaluation:
    return evaluate(hostile_regions, _scenario())


@pytest.fixture(scope="module")
def towns(tmp_path_factory):
    """A user's towns CSV with hostile ids and names; returns (dataset, evaluation)."""
    path = tmp_path_factory.mktemp("towns") / "hostile_towns.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name_en", "name_ru", "name_kk", "lat", "lon", "population",
                    "researchers"])
        w.writerow([HOSTILE_ID, HOSTILE[0], HOSTILE[1], HOSTILE[3], 50.75617, 78.54188,
                    10457, 198])
        w.writerow(["aksu", HOSTILE[2], HOSTILE[4], HOSTILE[0], 52.04023, 76.92748, 51614, ""])
        w.writerow(["stepnogorsk", HOSTILE[1], HOSTILE[3], HOSTILE[2], 52.35062, 71.88161,
                    49589, ""])
    ds, problems = load_user_table(path, "towns")
    assert [p for p in problems if p.severity == "error"] == []
    assert ds.units.loc[HOSTILE_ID, "name_en"] == HOSTILE[0]   # read literally
    return ds, evaluate(ds, _scenario())


def _names(ev: Evaluation, lang: str) -> list[str]:
    return [n for n in ev.table[f"name_{lang}"] if n in HOSTILE]


def _assert_safe(text: str, expected: list[str], document: bool = False) -> None:
    """No raw markup from the data; every hostile string present in its escaped form."""
    if document:
        assert not [r for r in RAW_DATA if r in text]
    else:
        assert not RAW.search(text), RAW.search(text)
    for s in expected:
        forms = {html.escape(s, quote=True), html.escape(s, quote=False), str(escape(s))}
        assert any(f in text for f in forms), s


def _crit_names(ev: Evaluation) -> dict[str, str]:
    return {c: c for c in ev.criteria}


# ----------------------------------------------------------------- map

@pytest.mark.parametrize("lang", LANGS)
def test_popups_and_tooltips_escape_names_and_ids(regions_ev, towns, lang):
    for ev in (regions_ev, towns[1]):
        hostile_units = [u for u in ev.table.index if ev.table.loc[u, f"name_{lang}"] in HOSTILE]
        assert len(hostile_units) >= 3
        for uid in ev.table.index:
            name = ev.table.loc[uid, f"name_{lang}"]
            tip = mapview.tooltip_html(ev, uid, lang)
            popup = mapview.popup_html(ev, uid, lang, _crit_names(ev))
            for out in (tip, popup):
                _assert_safe(out, [name] if name in HOSTILE else [])
            assert popup.startswith(f"<b>{escape(name)}</b> ({escape(uid)})")
    assert "(&lt;svg onload=alert(2)&gt;)" in mapview.popup_html(
        towns[1], HOSTILE_ID, lang, _crit_names(towns[1]))


def _geojson_payloads(js: str) -> list[dict]:
    """The GeoJSON objects passed to L.geoJSON(...) in the generated JavaScript."""
    dec = json.JSONDecoder()
    out = []
    for m in re.finditer(r"L\.geoJSON\(", js):
        obj, _ = dec.raw_decode(js, m.end())
        out.append(obj)
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("layer", ["regions", "towns"])
def test_feature_group_sent_by_streamlit_folium_is_escaped(regions_ev, towns, lang, layer):
    ev = regions_ev if layer == "regions" else towns[1]
    build = mapview.region_layer if layer == "regions" else mapview.town_layer
    classes = mapview.classify(ev.table["score"].dropna(), ev.ascending)
    fg = build(ev, lang, _crit_names(ev), classes)
    js = _get_feature_group_string(fg, mapview.base_map())
    assert not RAW.search(js)   # not even inside JSON strings
    features = [f for obj in _geojson_payloads(js) for f in obj["features"]
                if "tip" in f["properties"]]
    assert {f["id"] for f in features} == set(ev.table.index)
    for f in features:
        uid = f["id"]
        assert f["properties"]["tip"] == mapview.tooltip_html(ev, uid, lang)
        assert f["properties"]["popup"] == mapview.popup_html(ev, uid, lang, _crit_names(ev))
        name = ev.table.loc[uid, f"name_{lang}"]
        for out in (f["properties"]["popup"], f["properties"]["tip"]):
            _assert_safe(out, [name] if name in HOSTILE else [])
    if "{{7*7}}" in _names(ev, lang):   # streamlit_folium's path does not run templates
        assert any("{{7*7}}" in f["properties"]["tip"] for f in features)


@pytest.mark.parametrize("layer", ["regions", "towns"])
def test_full_map_page_is_escaped(regions_ev, towns, layer):
    """The map as one HTML page (``Map.save``, notebooks, benchmarks/bench_app.py)."""
    ev = regions_ev if layer == "regions" else towns[1]
    build = mapview.region_layer if layer == "regions" else mapview.town_layer
    m = mapview.base_map()
    build(ev, "en", _crit_names(ev), None).add_to(m)
    _assert_safe(m.get_root().render(), [], document=True)


def test_full_map_page_does_not_run_names_as_templates(hostile_regions):
    """branca renders a MacroElement's script output again as a Jinja template: braces
    from data must not reach it, or '{{ ... }}' in a name runs on the server."""
    units = hostile_regions.units.copy()
    units.loc["KZ-31", "name_en"] = "{{ lipsum.__globals__.os.getcwd() }}"
    units.loc["KZ-33", "name_en"] = "{% for x in range(3) %}{{ x }}{% endfor %}"
    ev = evaluate(replace(hostile_regions, units=units), load_scenario("balanced"))
    m = mapview.base_map()
    mapview.region_layer(ev, "en", _crit_names(ev), None).add_to(m)
    page = m.get_root().render()
    (payload,) = _geojson_payloads(page)
    tips = {f["id"]: f["properties"]["tip"] for f in payload["features"]}
    names = dict(zip(ev.table.index, ev.table["name_en"], strict=True))
    for uid in ("KZ-31", "KZ-33", *[u for u in ev.table.index if names[u] == "{{7*7}}"]):
        assert tips[uid] == mapview.tooltip_html(ev, uid, "en")
        assert escape(names[uid]) in tips[uid]
    assert str(Path.cwd()) not in page


# ----------------------------------------------------------------- report

@pytest.mark.parametrize("lang", LANGS)
def test_report_html_escapes_names_scenario_and_svg_titles(regions_ev, towns, lang):
    for ev in (regions_ev, towns[1]):
        doc = report_html(ev, lang)
        _assert_safe(doc, [*_names(ev, lang), ev.scenario.name, HOSTILE[0], HOSTILE[2]],
                     document=True)
        titles = re.findall(r"<title>(.*?)</title>", doc)
        assert titles[0].endswith(escape(ev.scenario.name))
        svg_titles = " ".join(titles[1:])
        for name in _names(ev, lang):
            assert escape(name) in svg_titles
        if ev.layer == "towns":
            assert "(&lt;svg onload=alert(2)&gt;)</title>" in doc
        if "{{7*7}}" in _names(ev, lang):
            assert '<td class="name">{{7*7}}</td>' in doc


# ----------------------------------------------------------------- exports are data

@pytest.mark.parametrize("which", ["regions", "towns"])
def test_exports_keep_the_strings_literally(regions_ev, towns, which):
    ev = regions_ev if which == "regions" else towns[1]
    names = {c: ev.table[c].tolist() for c in NAME_COLUMNS}
    ids = list(ev.table.index)

    frame = pd.read_csv(io.BytesIO(exports.csv_bytes(ev)), encoding="utf-8-sig",
                        keep_default_na=False, dtype=str)
    assert frame["id"].tolist() == ids
    for c in NAME_COLUMNS:
        assert frame[c].tolist() == names[c]

    xlsx = pd.read_excel(io.BytesIO(exports.xlsx_bytes(ev)), sheet_name=None, dtype=str,
                         keep_default_na=False)
    assert xlsx["ranking_full"]["id"].tolist() == ids
    for c in NAME_COLUMNS:
        assert xlsx["ranking_full"][c].tolist() == names[c]
    assert xlsx["ranking"]["Name"].tolist() == names["name_en"]
    meta = xlsx["metadata"].to_numpy().ravel().tolist()
    assert ev.scenario.name in meta and " ".join(ev.scenario.description.split()) in meta

    doc = json.loads(exports.json_bytes(ev))
    assert doc["scenario_name"] == ev.scenario.name
    assert doc["scenario_description"] == ev.scenario.description
    assert [u["id"] for u in doc["units"]] == ids
    for c in NAME_COLUMNS:
        assert [u[c] for u in doc["units"]] == names[c]

    geo = json.loads(geojson_bytes(ev))
    props = [f["properties"] for f in geo["features"]]
    assert [p["id"] for p in props] == ids
    for c in NAME_COLUMNS:
        assert [p[c] for p in props] == names[c]
    assert geo["scicity"]["scenario_name"] == ev.scenario.name


def test_xlsx_export_never_turns_a_name_into_a_formula(hostile_regions):
    ds = hostile_regions
    units = ds.units.copy()
    units.loc["KZ-31", "name_en"] = '=HYPERLINK("http://example.invalid","x")'
    ev = evaluate(replace(ds, units=units), load_scenario("balanced"))
    wb = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(ev)))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert '=HYPERLINK("http://example.invalid","x")' in [c.value for c in cells]


# ----------------------------------------------------------------- the app

def _markdown_bodies(at: AppTest) -> list[tuple[str, bool]]:
    """(text, allows HTML) of every Markdown-rendered element of the app."""
    out = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "success",
                 "warning", "error"):
        for el in getattr(at, kind):
            allow = bool(getattr(el.proto, "allow_html", False))
            body = getattr(el.proto, "body", None)
            out.append((body if body is not None else str(el.value), allow))
    out += [(el.proto.body, True) for el in at.get("html")]   # st.html: HTML, no Markdown
    return out


@pytest.fixture
def hostile_app(tmp_path, monkeypatch, hostile_regions):
    """The app on the regions with hostile names (the bundled loader patched)."""
    real = criteria.bundled.load_bundled

    def fake(layer):
        return hostile_regions if layer == "regions" else real(layer)

    monkeypatch.setattr(criteria.bundled, "load_bundled", fake)
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(tmp_path / "saved"))
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    yield at
    st.cache_resource.clear()


def test_app_shows_hostile_names_as_text_in_html_it_renders(hostile_app, hostile_regions):
    at = hostile_app
    name = hostile_regions.units.loc["KZ-10", "name_en"]
    table = at.dataframe(key="ranking_table_regions").value
    assert set(HOSTILE) <= set(table["Name"])        # data tables hold the text as is
    at.session_state["selected"] = "KZ-10"
    at.switch_page("scicity/app/pages/profile.py").run()
    assert not at.exception
    html_bodies = [b for b, allow in _markdown_bodies(at) if allow]
    popup = [b for b in html_bodies if "(KZ-10)" in b]
    assert len(popup) == 1
    _assert_safe(popup[0], [name])
    assert popup[0].startswith(f"<b>{escape(name)}</b> (KZ-10)")
    for body in html_bodies:
        assert not RAW.search(body), body


def test_app_selected_name_message_is_escaped(hostile_app, hostile_regions):
    at = hostile_app
    assert hostile_regions.units.loc["KZ-23", "name_en"] == HOSTILE[1]
    at.session_state["selected"] = "KZ-23"
    at.run()
    assert not at.exception
    info = [b for b, _ in _markdown_bodies(at) if "alert" in b]
    assert info, "the selected unit's name is not shown"
    for body in info:
        assert not RAW.search(body), body
        assert "&lt;/script&gt;&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in body


def test_app_saved_scenario_name_is_escaped_in_messages(tmp_path, monkeypatch):
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(tmp_path / "saved"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.text_input(key="save_name").input(HOSTILE[0])
    at.form_submit_button[0].click().run()
    assert not at.exception
    (msg,) = [s.value for s in at.success]
    assert msg == "Saved as “&lt;img src=x onerror=alert\\(1\\)&gt;”."
    saved = tmp_path / "saved" / "img_src_x_onerror_alert_1.toml"
    assert 'name = "<img src=x onerror=alert(1)>"' in saved.read_text(encoding="utf-8")
    labels = at.selectbox(key="w:base_ref:en").options
    assert f"{HOSTILE[0]} (saved)" in labels          # a select box shows plain text


def test_app_markdown_never_carries_raw_user_markup(hostile_app, tmp_path):
    at = hostile_app
    at.session_state["selected"] = "KZ-10"
    at.switch_page("scicity/app/pages/profile.py").run()
    bodies = [b for b, _ in _markdown_bodies(at)]
    # a saved scenario whose description was edited by hand
    ScenarioStore(tmp_path / "saved").save(_scenario(), "hostile description")
    at.run()
    at.selectbox(key="w:base_ref:en").set_value("saved:hostile_description").run()
    assert not at.exception
    bodies += [b for b, _ in _markdown_bodies(at)]
    assert not [b for b in bodies if RAW.search(b)]
