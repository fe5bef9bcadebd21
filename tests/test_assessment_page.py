"""The app's "Assessment" page (AppTest) and its tables: Model 2 with the 3 % interval,
Model 1 with the host organisations, recommendations with reasons in kk/ru/en, and the
candidate dossier (shown escaped, downloadable as HTML and JSON)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from criteria.bundled import load_bundled
from mcda.messages import msg
from scenarios.library import load_scenario
from scicity.app.assessment_view import (
    localise_host,
    model1_rows,
    model2_rows,
    recommendations,
)
from scicity.engine import dossier
from scicity.engine.assessment import model1_table
from scicity.engine.evaluate import evaluate

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture(scope="module")
def towns():
    ds = load_bundled("towns")
    ev = evaluate(ds, dossier.model_scenario(load_scenario("balanced")))
    m1 = model1_table(ds, ev)
    return ds, ev, m1, recommendations(ds, ev, m1)


def _frame(at: AppTest, column: str):
    """The page's table that has ``column`` (AppTest exposes no key of a plain table)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.fixture
def page(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(tmp_path / "saved"))
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("scicity/app/pages/assessment.py").run()
    assert not at.exception, at.exception
    return at


def test_page_shows_both_models_and_the_dossier(page):
    m1 = _frame(page, "Host organisation")
    rows = m1.set_index("Name")
    for city, host in (("Almaty", "Institute of Nuclear Physics"),
                       ("Astana", "Nazarbayev University")):
        assert rows.at[city, "Recommendation"] == "Model 1: science and technology park"
        assert rows.at[city, "Host organisation"] == host
        assert f"Model 1: {host}" in rows.at[city, "Why"]
        assert "no 3 % rule" in rows.at[city, "Why"]
    assert rows.at["Shymkent", "Recommendation"] == "neither yet"
    m2 = _frame(page, "3 % rule")
    first = m2.iloc[0]
    assert first["Name"] == "Kurchatov"
    assert first["3 % rule"].startswith("eligible, 3.65%–35.59%")
    assert first["Recommendation"] == "Model 2: science city"
    assert "3 % rule met" in first["Why"]
    # the dossier of the default candidate (Kurchatov) is drawn and downloadable
    assert page.selectbox(key="assess_unit").value == "kurchatov"
    assert any(i.value.startswith("Kurchatov: **Model 2\\: science city**")
               for i in page.info)
    assert [b.label for b in page.get("download_button")] == [
        "Download the dossier (HTML)", "Download the dossier (JSON)"]
    drawn = [e.proto.body for e in page.get("html")]
    assert len(drawn) == 1 and "<style>" not in drawn[0]
    assert "Model 2 — science city: the 3 % rule" in drawn[0]
    assert "<h1>Kurchatov" in drawn[0]


def test_page_in_russian_and_another_candidate(page):
    page.radio(key="w:lang").set_value("ru").run()
    assert not page.exception, page.exception
    m1 = _frame(page, "Базовая организация").set_index("Название")
    assert m1.at["Алматы", "Базовая организация"] == "Институт ядерной физики"
    assert m1.at["Алматы", "Рекомендация"].startswith("Модель 1")
    assert "научно-исследовательский институт" in m1.at["Алматы", "Почему"]
    page.selectbox(key="assess_unit").set_value("astana").run()
    assert not page.exception
    assert any(i.value.startswith("Астана: **Модель 1") for i in page.info)


def test_tables_in_kazakh(towns):
    _ds, ev, m1, recs = towns
    m2 = model2_rows(ev, recs, "kk")
    assert m2.iloc[0]["Атауы"] == "Курчатов"
    assert "3,65%–35,59%" in m2.iloc[0]["3 % ережесі"]
    rows = model1_rows(ev, m1, recs, "kk")
    assert "Назарбаев Университеті" in set(rows["Базалық ұйым"])


def test_model2_order_eligible_then_undetermined_then_no_data_then_restricted(towns):
    _ds, ev, _m1, recs = towns
    states = [ev.table.at[u, "gate_state"] for u in ev.table.index]
    m2 = model2_rows(ev, recs, "en")
    order = ["eligible", "undetermined", "no_data", "restricted"]
    shown = [s.split(",")[0].replace(" ", "_") for s in m2["3 % rule"]]
    assert len(m2) == len(states)
    assert [order.index(s) for s in shown] == sorted(order.index(s) for s in shown)


def test_host_name_is_localised_and_unknown_host_kept():
    m = msg("model1_host", host="Institute of Nuclear Physics", kind="research_institute",
            population=2e6)
    assert localise_host(m, "ru").params["host"] == "Институт ядерной физики"
    other = msg("model1_host", host="<b>Somewhere</b>", kind="university", population=2e6)
    assert localise_host(other, "en").params["host"] == "<b>Somewhere</b>"


def test_dossier_fragment_escapes_a_hostile_name(towns):
    from scicity.app.assessment_view import dossier_body

    ds, ev, _, _ = towns
    d = dossier.build(ds, ev, "kurchatov")
    d["name_en"] = "<script>alert(1)</script>"
    body = dossier_body(d)
    assert "<script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
