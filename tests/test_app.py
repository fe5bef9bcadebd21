"""The Streamlit app's logic, driven by AppTest (the map component is not rendered here;
tests/e2e drive the real app in Chromium)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from criteria.model import load_catalogue

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(tmp_path / "saved"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _table(at: AppTest):
    return at.dataframe(key="ranking_table").value


def test_starts_with_twenty_ranked_regions(app):
    assert app.title[0].value == "Science-city site selector"
    df = _table(app)
    assert len(df) == 20
    assert list(df["Rank"][:3]) == ["1", "2", "3"]
    assert df["Name"].iloc[0] == "Almaty (city)"


def test_slider_changes_the_ranking(app):
    before = _table(app)["Score"].tolist()
    for c in ("C1", "C2", "C3"):
        app.slider(key=f"w_{c}").set_value(0).run()
    assert not app.exception
    after = _table(app)
    assert after["Score"].tolist() != before
    # Only C4 (GRP, GRP per inhabitant) counts now: oil-rich Atyrau rises to the top three.
    assert "Atyrau Region" in after["Name"].head(3).tolist()


def test_language_switch_keeps_widget_values(app):
    app.slider(key="w_C2").set_value(80).run()
    app.radio(key="lang").set_value("kk").run()
    assert not app.exception
    assert app.title[0].value == "Ғылым қалашықтарына аумақ таңдау"
    assert app.query_params["lang"] == "kk"
    assert app.slider(key="w_C2").value == 80
    df = _table(app)
    assert "Атауы" in df.columns and df["Атауы"].iloc[0] == "Алматы қаласы"


def test_lang_from_url(tmp_path, monkeypatch):
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "ru"
    at.run()
    assert at.title[0].value == "Выбор территорий для наукоградов"


def test_scenario_choice_sets_the_sliders(app):
    app.selectbox(key="scenario_ref").set_value("builtin:infrastructure_first").run()
    assert app.slider(key="w_C2").value == 100
    assert app.slider(key="w_C1").value == 50


def test_ahp_editor_reports_cr_and_worst_judgement(app):
    app.radio(key="weight_mode").set_value("ahp").run()
    assert any("CR = 0.000" in c.value for c in app.sidebar.caption)
    app.select_slider(key="ahp_C1_C2").set_value("9").run()
    app.select_slider(key="ahp_C2_C3").set_value("9").run()
    app.select_slider(key="ahp_C1_C3").set_value("1/9").run()
    assert not app.exception
    warn = [w.value for w in app.sidebar.warning]
    assert warn and "most inconsistent judgement" in warn[0]
    app.button(key="ahp_apply").click().run()
    assert not app.exception
    assert app.sidebar.warning == [] or app.sidebar.warning[0].value != warn[0]


def test_gate_toggle_on_regions_restricts(app):
    app.toggle(key="gate_regions").set_value(True).run()
    app.slider(key="gate_threshold").set_value(0.5).run()
    df = _table(app)
    assert (df["Status"].str.startswith("below the 3 % rule")).sum() > 0
    assert (df["Rank"] != "—").sum() < 20


def test_save_and_reload_scenario(app, tmp_path):
    app.slider(key="w_C3").set_value(10).run()
    app.text_input(key="save_name").input("Мой сценарий")
    app.form_submit_button[0].click().run()
    assert not app.exception
    assert any("Saved as “Мой сценарий”" in s.value for s in app.success)
    saved = tmp_path / "saved" / "moi_stsenarii.toml"
    assert saved.exists()
    assert app.selectbox(key="scenario_ref").value == "saved:moi_stsenarii"
    app.selectbox(key="scenario_ref").set_value("builtin:balanced").run()
    assert app.slider(key="w_C3").value == 100
    app.selectbox(key="scenario_ref").set_value("saved:moi_stsenarii").run()
    assert app.slider(key="w_C3").value == 10


def test_broken_saved_scenario_is_listed_and_app_runs(tmp_path, monkeypatch):
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "broken.toml").write_text("[weights.criteria]\nC1 = 'x'\n", encoding="utf-8")
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(folder))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    texts = [x.value for x in at.sidebar.text]
    assert any("broken.toml" in x and "weights.criteria.C1" in x for x in texts)


def test_profile_view_shows_indicators_with_sources(app):
    app.session_state["selected"] = "KZ-10"
    app.segmented_control(key="view").set_value("tab_profile").run()
    assert not app.exception
    assert app.subheader[0].value == "Selected: Abai Region"
    prof = app.dataframe[0].value
    name = load_catalogue().field("rd_staff").name.en
    assert "indicator" not in prof.columns and name in prof["Indicator"].tolist()
    row = prof[prof["Indicator"] == name].iloc[0]
    assert row["Value"] == "1,394" and row["Source, year"].startswith("CONCEPT_T2, 2024")


def test_compare_view_shows_rank_shifts(app):
    app.segmented_control(key="view").set_value("tab_compare").run()
    app.selectbox(key="cmp_b").set_value("builtin:clusters_investment_first").run()
    assert not app.exception
    shifts = app.dataframe[0].value
    assert len(shifts) == 20 and shifts["Shift (A → B)"].abs().sum() > 0


def test_sources_view_marks_estimates(app):
    app.segmented_control(key="view").set_value("tab_sources").run()
    assert not app.exception
    sources = app.dataframe[0].value
    assert {"CONCEPT_T2", "P1"} <= set(sources["source_id"])
    data = app.dataframe[1].value
    col = next(c for c in data.columns if c.startswith("Employed population"))
    assert data.loc["KZ-11", col].endswith(" *") and not data.loc["KZ-10", col].endswith("*")


def test_export_view_offers_every_format(app):
    app.segmented_control(key="view").set_value("tab_export").run()
    assert not app.exception
    keys = {b.key for b in app.get("download_button")}
    assert {"dl_csv", "dl_xlsx", "dl_report"} <= keys


def test_methods_and_normalisations_all_run(app):
    for method in ("wsm", "vikor", "promethee2", "topsis"):
        app.selectbox(key="method").set_value(method).run()
        for norm in ("minmax", "goalpost", "vector"):
            app.selectbox(key="normalization").set_value(norm).run()
            assert not app.exception, (method, norm)
            assert (_table(app)["Score"] != "—").sum() == 20


def test_hidden_widget_values_survive_layer_and_mode_switches(app):
    app.toggle(key="gate_regions").set_value(True).run()
    app.slider(key="w_C2").set_value(40).run()
    app.radio(key="layer").set_value("towns").run()
    assert not app.exception
    app.radio(key="weight_mode").set_value("ahp").run()
    app.radio(key="layer").set_value("regions").run()
    app.radio(key="weight_mode").set_value("direct").run()
    assert app.toggle(key="gate_regions").value is True
    assert app.slider(key="w_C2").value == 40


def test_towns_layer_ranks_and_flags_the_3_percent_rule(app):
    app.radio(key="layer").set_value("towns").run()
    assert not app.exception
    df = _table(app)
    assert len(df) >= 25
    kurchatov = df[df["Id"] == "kurchatov"].iloc[0]
    assert kurchatov["3 % rule"].startswith("eligible, 3.65%–35.59%")
    assert "lower bound" in kurchatov["Flags"] and "estimate" in kurchatov["Flags"]
    almaty = df[df["Id"] == "almaty"].iloc[0]
    assert almaty["Status"].startswith("below the 3 % rule")

