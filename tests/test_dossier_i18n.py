"""The candidate dossier in Kazakh and Russian: headings, labels, names, numbers and
messages through the catalogues (HTML, JSON, ``scicity dossier --lang``, the Assessment
page), no English label left; the English document keeps its text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from criteria.bundled import load_bundled
from scenarios.library import load_scenario
from scicity.cli.main import main
from scicity.engine import dossier
from scicity.engine.evaluate import evaluate
from scicity.i18n import po_path
from scicity.view import dossier as dossier_view

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture(scope="module")
def kurchatov():
    ds = load_bundled("towns")
    ev = evaluate(ds, dossier.model_scenario(load_scenario("balanced")))
    return dossier.build(ds, ev, "kurchatov")


def _labels(lang: str) -> dict[str, str]:
    with po_path(lang).open("rb") as f:
        return {m.id: m.string for m in read_po(f, locale=lang)
                if isinstance(m.id, str) and m.id.startswith("dossier_")}


def test_every_label_of_the_dossier_is_in_every_catalogue():
    en, kk, ru = _labels("en"), _labels("kk"), _labels("ru")
    assert len(en) >= 30 and set(en) == set(kk) == set(ru)


@pytest.mark.parametrize(("lang", "heading", "reason", "share"), [
    ("ru", "Модель 2 — наукоград: правило 3 %", "правило 3 % выполнено",
     "3,65\xa0% – 35,59\xa0%"),
    ("kk", "2-модель — ғылым қалашығы: 3 % ережесі", "3 % ережесі орындалды",
     "3,65% – 35,59%"),
])
def test_html_in_the_readers_language_without_english_labels(kurchatov, lang, heading, reason,
                                                              share):
    page = dossier_view.to_html(kurchatov, lang)
    assert f'<html lang="{lang}">' in page
    assert f"<h2>{heading}</h2>" in page and reason in page
    en = _labels("en")
    # the source notes are data (as written in the sources' register), not labels
    labels_only = re.sub(r"<td>[A-Za-z_0-9]+ \d{4}[^<]*</td>", "", page)
    for key, text in en.items():
        words = re.sub(r"\{[^}]*\}", "", text).strip(" :—()")
        if len(re.findall(r"[A-Za-z]{3,}", words)) >= 2:
            assert words not in labels_only, (lang, key)
    # numbers in the language's convention (Babel): decimal comma
    assert share in page
    assert "Share of employed" not in page and "Researchers" not in page
    assert not re.search(r"\b(dossier|status|state|rec|evidence|host_kind)_[a-z_0-9]+", page)


def test_english_document_keeps_its_text(kurchatov):
    page = dossier_view.to_html(kurchatov)
    assert '<html lang="en">' in page and "<title>Dossier: Kurchatov</title>" in page
    assert "<h1>Kurchatov" in page and "Model 2 — science city: the 3 % rule" in page
    assert "Recommendation: Model 2: science city" in page and "regional context" in page
    assert "3.65% – 35.59%" in page


def test_json_messages_in_the_readers_language(kurchatov):
    doc = json.loads(dossier_view.to_json(kurchatov, "ru"))
    assert doc["recommendation"] == "model_2"     # codes stay codes
    assert doc["reasons"][0].startswith("правило 3 % выполнено")
    assert json.loads(dossier_view.to_json(kurchatov))["reasons"][0].startswith("3 % rule met")


def test_cli_writes_the_dossier_in_kazakh(tmp_path, capsys):
    out = tmp_path / "k.html"
    assert main(["dossier", "kurchatov", "--lang", "kk", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "<title>Досье: Курчатов</title>" in text and "Ұсыныс: 2-модель" in text
    assert main(["dossier", "kurchatov", "--lang", "ru"]) == 0
    assert "правило 3 % выполнено" in capsys.readouterr().out


def test_assessment_page_shows_the_dossier_in_kazakh(tmp_path, monkeypatch):
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(tmp_path / "saved"))
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "kk"
    at.run()
    at.switch_page("scicity/app/pages/assessment.py").run()
    assert not at.exception, at.exception
    (drawn,) = [e.proto.body for e in at.get("html")]
    assert "<h2>2-модель — ғылым қалашығы: 3 % ережесі</h2>" in drawn
    assert "<h1>Курчатов" in drawn
    captions = " ".join(c.value for c in at.caption)
    assert "ағылшын тілінде" not in captions   # no "the dossier is in English" notice


def test_model1_host_named_in_the_readers_language():
    ds = load_bundled("towns")
    ev = evaluate(ds, dossier.model_scenario(load_scenario("balanced")))
    d = dossier.build(ds, ev, "almaty")
    page = dossier_view.to_html(d, "ru")
    assert "<td>Институт ядерной физики (научно-исследовательский институт)</td>" in page
    assert "Модель 1: Институт ядерной физики" in page
    assert "research_institute" not in page
    # the English name stays only in the data's source notes (quoted as recorded), never
    # in the Model 1 section the reader's language governs
    model1 = page[page.index("<h2>Модель 1"):]
    model1 = model1[:model1.index("<h2>", 4)]
    assert "Institute of Nuclear Physics" not in model1 and "staff=" not in model1
    assert "персонал базовой организации: 700 (N 2025, нижняя граница)" in model1
    assert "Institute of Nuclear Physics" in dossier_view.to_html(d)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_dossier_speaks_names_not_codes(kurchatov, lang):
    """The scenario by its name, indicators by name (id only as a tooltip), values with
    their unit, sources by title/publisher with year or "undated" and the qualifier in
    words, the 3 % rule's bounds likewise; the source id kept as the reference."""
    from criteria.model import load_catalogue
    from scicity.i18n import t

    page = dossier_view.to_html(kurchatov, lang)
    text = re.sub(r"<[^>]+>", " ", page)
    cat = load_catalogue()
    scenario = load_scenario("balanced")
    assert t("dossier_scenario", lang, scenario=scenario.display_name(lang)) in text
    if lang != "en":
        assert "balanced" not in text
    assert "K_IRSE lower_bound" not in text and "DERIVED 2023 exact" not in text
    assert "lower_bound" not in text and not re.search(r"\d{4} (exact|estimate)", text)
    assert "(region_rd_intensity)" not in text and 'title="region_rd_intensity"' in page
    for fid, shown in (("region_rd_intensity", {"en": "0.219", "ru": "0,219", "kk": "0,219"}),
                       ("region_grp_per_capita", {"en": "5.227", "ru": "5,227", "kk": "5,227"})):
        unit = cat.field(fid).unit.get(lang)
        assert f"{shown[lang]} {unit}".replace("&", "&amp;") in page
    irse = ("Institute of Radiation Safety and Ecology (National Nuclear Center) web page")
    assert (f"{t('source_undated', lang)}, {t('qualifier_lower_bound', lang)} [K_IRSE]"
            in text) and irse in text
    assert t("dossier_rests_direct", lang) in text


def test_dossier_reference_is_the_profiles(kurchatov):
    """The dossier compares each scored indicator with the same reference as the Profile
    page (the ranked towns, counted) and writes a flag as yes/no, not "0 yes (1) / no (0)"."""
    from criteria.model import load_catalogue
    from scicity.engine.evaluate import value_functions
    from scicity.engine.profile import profile, reference_units
    from scicity.i18n import t

    ds = load_bundled("towns")
    ev = evaluate(ds, dossier.model_scenario(load_scenario("balanced")))
    cat = load_catalogue()
    peers, kind = reference_units(ev.outcome, ds.values.index)
    prof = profile(ds, "kurchatov", cat, "en", peers,
                   value_functions(ev.scenario, "towns", cat)).set_index("indicator")
    assert kurchatov["reference"] == {"kind": kind, "n": len(peers), "layer": "towns"}
    shown = {i["id"]: i for c in kurchatov["criteria"] for i in c["indicators"]}
    assert shown
    for fid, i in shown.items():
        r = i["reference"]
        assert r["verdict"] == prof.at[fid, "verdict"] and r["n_known"] == prof.at[fid, "n_known"]
        if r["median"] is not None:
            assert r["median"] == pytest.approx(prof.at[fid, "median"])
    page = dossier_view.page_data(kurchatov, "ru")
    air = next(i for c in page["criteria"] for i in c["indicators"] if i["id"] == "airport")
    assert air["value_text"] == t("profile_flag_no", "ru")
    assert air["reference_text"].startswith(t("profile_have", "ru", n=int(
        (ds.values.loc[peers, "airport"] > 0).sum()), total=len(peers)))
