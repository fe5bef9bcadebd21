"""The Streamlit app's logic, driven by AppTest (the map component is not rendered here;
tests/e2e drive the real app in Chromium)."""

import re
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from criteria.model import load_catalogue
from scenarios.library import load_scenario
from scicity.app import link
from scicity.app.changes import differences, effective
from scicity.app.pages import PAGES

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def page(name: str) -> str:
    return f"scicity/app/pages/{name}.py"


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(tmp_path / "saved"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _table(at: AppTest, layer: str = "regions"):
    return at.dataframe(key=f"ranking_table_{layer}").value


def _lang(at: AppTest) -> str:
    return at.session_state["lang"]


def _scenario_box(at: AppTest):
    return at.selectbox(key=f"w:base_ref:{_lang(at)}")


def test_starts_with_twenty_ranked_regions(app):
    assert app.title[0].value == "Science-city site selector"
    df = _table(app)
    assert len(df) == 20
    assert list(df["Rank"][:3]) == ["1", "2", "3"]
    assert df["Name"].iloc[0] == "Almaty (city)"


def test_every_page_is_a_short_script_and_runs(app):
    for p in PAGES:
        lines = p.path.read_text(encoding="utf-8").count("\n")
        assert lines < 150, (p.name, lines)
        app.switch_page(page(p.name)).run()
        assert not app.exception, (p.name, app.exception)
    assert Path(APP).read_text(encoding="utf-8").count("\n") < 150


def test_slider_changes_the_ranking(app):
    before = _table(app)["Score"].tolist()
    for c in ("C1", "C2", "C3"):
        app.slider(key=f"w:w_{c}").set_value(0).run()
    assert not app.exception
    after = _table(app)
    assert after["Score"].tolist() != before
    # Only C4 (GRP, GRP per inhabitant) counts now: oil-rich Atyrau rises to the top three.
    assert "Atyrau Region" in after["Name"].head(3).tolist()


def test_language_switch_keeps_widget_values(app):
    app.slider(key="w:w_C2").set_value(80).run()
    app.radio(key="w:lang").set_value("kk").run()
    assert not app.exception
    assert app.title[0].value == "Ғылым қалашықтарына аумақ таңдау"
    assert app.query_params["lang"] == "kk"
    assert app.slider(key="w:w_C2").value == 80
    df = _table(app)
    assert "Атауы" in df.columns and df["Атауы"].iloc[0] == "Алматы қаласы"


def test_lang_from_url(tmp_path, monkeypatch):
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "ru"
    at.run()
    assert at.title[0].value == "Выбор территорий для наукоградов"


def test_scenario_choice_sets_the_sliders(app):
    _scenario_box(app).set_value("builtin:infrastructure_first").run()
    assert app.slider(key="w:w_C2").value == 100
    assert app.slider(key="w:w_C1").value == 50


def test_changed_weights_name_the_scenario_as_modified_everywhere(app):
    app.slider(key="w:w_C1").set_value(10).run()
    marker = [w.value for w in app.sidebar.warning]
    assert marker and "weight of C1 25% → 3%" in marker[0]
    app.switch_page(page("export")).run()
    ev = app.session_state["_ctx"].ev
    assert ev.scenario.id == "balanced_modified"
    assert ev.scenario.names == {"en": "Balanced — modified", "ru": "Сбалансированный — изменён",
                                 "kk": "Теңгерімді — өзгертілген"}
    assert "Balanced" not in ev.scenario.description.split("“")[0]
    assert "The four criteria of the Concept weigh the same" not in ev.scenario.description
    app.button(key="reset").click().run()
    assert app.slider(key="w:w_C1").value == 100
    assert app.session_state["_ctx"].changes == []


def test_ahp_inconsistency_is_shown_and_carried_into_exports(app):
    app.radio(key="w:weight_mode:en").set_value("ahp").run()
    assert any("CR = 0.000" in c.value for c in app.sidebar.caption)
    app.select_slider(key="w:ahp_C1_C2").set_value("9").run()
    app.select_slider(key="w:ahp_C2_C3").set_value("9").run()
    app.select_slider(key="w:ahp_C1_C3").set_value("1/9").run()
    assert not app.exception
    warn = [w.value for w in app.sidebar.warning if "Lowest CR from one change" in w.value]
    assert warn
    errors = [e.value for e in app.error]
    assert any("AHP judgements are inconsistent (CR = " in e for e in errors)
    ev = app.session_state["_ctx"].ev
    assert ev.scenario.id.endswith("_inconsistent_ahp")
    assert any(getattr(n, "key", "") == "ahp_inconsistent" for n in ev.notes)
    app.button(key="ahp_apply_best").click().run()
    assert not app.exception


def test_gate_toggle_on_regions_restricts(app):
    app.toggle(key="w:gate_regions").set_value(True).run()
    app.slider(key="w:gate_threshold").set_value(0.5).run()
    df = _table(app)
    assert (df["Status"].str.startswith("below the 3 % rule")).sum() > 0
    assert (df["Rank"] != "—").sum() < 20


def test_save_keeps_the_users_name_in_every_language(app, tmp_path):
    app.slider(key="w:w_C3").set_value(10).run()
    app.text_input(key="save_name").input("Наука C4 низкий")
    app.form_submit_button[0].click().run()
    assert not app.exception
    assert any("Saved as “Наука C4 низкий”" in s.value for s in app.success)
    saved = next((tmp_path / "saved").glob("*.toml"))
    doc = tomllib.loads(saved.read_text(encoding="utf-8"))
    assert doc["name"] == "Наука C4 низкий" and "names" not in doc
    assert "Balanced" in doc["description"] and "C3" in doc["description"]
    ref = f"saved:{saved.stem}"
    assert app.session_state["base_ref"] == ref
    for lang in ("ru", "kk", "en"):
        app.radio(key="w:lang").set_value(lang).run()
        box = _scenario_box(app)
        assert box.value == ref
        assert any(o.startswith("Наука C4 низкий (") for o in box.options), box.options
    _scenario_box(app).set_value("builtin:balanced").run()
    assert app.slider(key="w:w_C3").value == 100
    _scenario_box(app).set_value(ref).run()
    assert app.slider(key="w:w_C3").value == 10


def test_weights_above_one_and_1000_to_1_load_and_save_back_exactly(app, tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir(exist_ok=True)
    (folder / "extreme.toml").write_text(
        'name = "Extreme"\n[weights.criteria]\nC1 = 1000\nC2 = 1\nC3 = 1\nC4 = 1\n'
        '[weights.indicators]\nrd_staff = 2.5\ngrp = 4.0\n', encoding="utf-8")
    app.run()
    _scenario_box(app).set_value("saved:extreme").run()
    app.radio(key="w:layer:en").set_value("towns").run()
    app.radio(key="w:layer:en").set_value("regions").run()
    s = app.session_state["scenario"]
    assert s.criterion_weights == {"C1": 1000, "C2": 1, "C3": 1, "C4": 1}
    assert s.indicator_weights["rd_staff"] == 2.5 and s.indicator_weights["grp"] == 4.0
    assert app.session_state["_ctx"].changes == []
    app.text_input(key="save_name").input("Extreme copy")
    app.form_submit_button[0].click().run()
    doc = tomllib.loads((folder / "extreme_copy.toml").read_text(encoding="utf-8"))
    assert doc["weights"]["criteria"] == {"C1": 1000, "C2": 1, "C3": 1, "C4": 1}
    assert doc["weights"]["indicators"] == {"rd_staff": 2.5, "grp": 4.0}


def test_layer_and_language_switches_in_any_order_keep_every_weight(app):
    app.slider(key="w:w_C2").set_value(40).run()
    app.slider(key="w:wi_rd_staff").set_value(30).run()
    before = app.session_state["scenario"]
    for i in range(20):
        lang = ("kk", "ru", "en")[i % 3]
        app.radio(key=f"w:layer:{_lang(app)}").set_value(("towns", "regions")[i % 2]).run()
        app.radio(key="w:lang").set_value(lang).run()
        assert not app.exception
    assert app.session_state["scenario"] == before
    assert app.session_state["layer"] == "regions"
    assert app.slider(key="w:w_C2").value == 40 and app.slider(key="w:wi_rd_staff").value == 30


def test_gate_threshold_outside_the_shared_range_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "tight.toml").write_text(
        'name = "Tight"\n[weights.criteria]\nC1 = 1\n[gate]\nthreshold = 0.5\n', "utf-8")
    (folder / "low.toml").write_text(
        'name = "Low"\n[weights.criteria]\nC1 = 1\n[gate]\nthreshold = 0.001\n', "utf-8")
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(folder))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    texts = [x.value for x in at.sidebar.text]
    assert any("tight.toml" in x and "gate.threshold: 0.5 is outside" in x for x in texts)
    at.selectbox(key="w:base_ref:en").set_value("saved:low").run()
    assert not at.exception and at.slider(key="w:gate_threshold").value == 0.1


def test_selected_row_survives_layer_switch_and_shorter_data(app):
    app.session_state["selected"] = "KZ-75"
    app.session_state["ranking_table_towns"] = {"selection": {"rows": [27], "columns": []}}
    app.radio(key="w:layer:en").set_value("towns").run()
    assert not app.exception


def test_shared_link_reproduces_the_state(app, tmp_path, monkeypatch):
    app.slider(key="w:w_C4").set_value(5).run()
    app.toggle(key="w:gate_regions").set_value(True).run()
    app.radio(key="w:lang").set_value("ru").run()
    q = dict(app.query_params)
    want = app.session_state["scenario"]
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in q.items():
        at.query_params[k] = v[0] if isinstance(v, list) else v
    at.run()
    assert not at.exception
    assert at.session_state["lang"] == "ru"
    got = at.session_state["scenario"]
    assert got.criterion_weights == want.criterion_weights and got.gate == want.gate
    assert at.slider(key="w:w_C4").value == 5


def test_broken_link_falls_back_with_a_message(tmp_path, monkeypatch):
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["s"] = "not-a-scenario"
    at.run()
    assert not at.exception
    assert any("could not be read" in w.value for w in at.warning)


def test_changes_are_listed_and_the_scenario_renamed():
    base = load_scenario("balanced")
    cat = load_catalogue()
    cur = replace(base, method="vikor", criterion_weights={**base.criterion_weights, "C1": 1})
    diff = differences(base, cur, cat, "ru")
    assert any(d.startswith("Метод: TOPSIS → VIKOR") for d in diff)
    eff = effective(base, cur, cat, "ru")
    assert eff.display_name("kk") == "Теңгерімді — өзгертілген" and eff.name != base.name
    assert effective(base, base, cat, "en") is base
    assert link.decode(link.encode(cur), "balanced", cat).criterion_weights == \
        cur.criterion_weights


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


def test_profile_marks_indicators_used_and_dropped(app):
    app.radio(key="w:layer:en").set_value("towns").run()
    app.session_state["selected"] = "kurchatov"
    app.switch_page(page("profile")).run()
    assert not app.exception
    prof = app.dataframe[2].value  # after the sub-scores and the contributions
    assert "None" not in prof.astype(str).to_numpy().ravel().tolist()
    used = dict(zip(prof["Indicator"], prof["In the score"], strict=True))
    assert any(v.startswith("no — ") for v in used.values()), used
    assert any(v == "yes" for v in used.values())
    crit = prof["Criterion"].tolist()
    assert crit == sorted(crit)
    # a ratio on a raw scale, a signed difference in value points on a value scale
    assert all(r == "—" or r.endswith("%") or re.fullmatch(r"[+−]?\d\.\d\d", r)
               for r in prof["vs median"])
    assert prof.loc[prof["Indicator"] == "Civil airport", "vs median"].item() == "—"


def test_profile_view_shows_indicators_with_sources(app):
    app.session_state["selected"] = "KZ-10"
    app.switch_page(page("profile")).run()
    assert not app.exception
    assert app.subheader[0].value == "Selected: Abai Region"
    prof = app.dataframe[2].value  # after the sub-scores and the contributions
    name = load_catalogue().field("rd_staff").name.en
    assert "indicator" not in prof.columns and name in prof["Indicator"].tolist()
    row = prof[prof["Indicator"] == name].iloc[0]
    assert row["Value"] == "1,394 persons"
    assert row["Source, year"].startswith("Concept 2026–2035, Table 2") and (
        ", 2024 [CONCEPT_T2]" in row["Source, year"])
    assert row["Reference (median)"].endswith("(median of 20)")


def test_compare_opens_on_a_real_comparison_with_signed_shifts(app):
    app.switch_page(page("compare")).run()
    assert not app.exception
    shifts = app.dataframe[0].value
    col = shifts["Shift (A → B)"]
    assert len(shifts) == 20 and (col != "0").any()
    assert all(s == "0" or s[0] in "+−" or s == "—" for s in col)


def test_compare_shows_a_dash_for_unranked_towns_in_every_language(app):
    app.radio(key="w:layer:en").set_value("towns").run()
    for lang in ("en", "ru", "kk"):
        app.radio(key="w:lang").set_value(lang).run()
        app.switch_page(page("compare")).run()
        assert not app.exception
        shifts = app.dataframe[0].value
        ranks = shifts.iloc[:, 1:3]
        assert (ranks == "—").any().all(), (lang, ranks)   # unranked towns in both
        assert ranks.map(lambda r: r == "—" or r.isdigit()).all().all(), (lang, ranks)
        ranked = shifts[shifts.iloc[:, 1] != "—"]
        assert list(ranked.iloc[:, 1].astype(int).sort_values()) == list(
            range(1, len(ranked) + 1))


def test_robustness_speaks_plainly_first(app):
    app.switch_page(page("robustness")).run()
    assert not app.exception
    text = app.markdown[1].value if len(app.markdown) > 1 else ""
    body = " ".join(m.value for m in app.markdown)
    assert "is first in" in body and "% of the weightings" in body, text


def test_sources_view_marks_estimates(app):
    app.switch_page(page("data")).run()
    assert not app.exception
    sources = app.dataframe[0].value
    assert {"CONCEPT_T2", "P1"} <= set(sources["Code"])
    data = app.dataframe[1].value
    col = next(c for c in data.columns if c.startswith("Employed population"))
    assert data.loc["KZ-11", col].endswith(" *") and not data.loc["KZ-10", col].endswith("*")


def test_export_view_offers_every_format(app):
    app.switch_page(page("export")).run()
    assert not app.exception
    keys = {b.key for b in app.get("download_button")}
    assert {"dl_csv", "dl_xlsx", "dl_report"} <= keys


def test_about_page_in_three_languages(app):
    for lang, word in (("en", "Missing data"), ("ru", "Пропуски"), ("kk", "Жетіспейтін")):
        app.radio(key="w:lang").set_value(lang).run()
        app.switch_page(page("about")).run()
        assert word in " ".join(m.value for m in app.markdown)


def test_methods_and_normalisations_all_run(app):
    for method in ("wsm", "vikor", "promethee2", "topsis"):
        app.selectbox(key="w:method:en").set_value(method).run()
        for norm in ("minmax", "goalpost", "vector"):
            app.selectbox(key="w:normalization:en").set_value(norm).run()
            assert not app.exception, (method, norm)
            assert (_table(app)["Score"] != "—").sum() == 20


def test_hidden_widget_values_survive_layer_and_mode_switches(app):
    app.toggle(key="w:gate_regions").set_value(True).run()
    app.slider(key="w:w_C2").set_value(40).run()
    app.radio(key="w:layer:en").set_value("towns").run()
    assert not app.exception
    app.radio(key="w:weight_mode:en").set_value("ahp").run()
    app.radio(key="w:layer:en").set_value("regions").run()
    app.radio(key="w:weight_mode:en").set_value("direct").run()
    assert app.toggle(key="w:gate_regions").value is True


def test_towns_layer_ranks_and_flags_the_3_percent_rule(app):
    app.radio(key="w:layer:en").set_value("towns").run()
    assert not app.exception
    df = _table(app, "towns")
    assert len(df) >= 25
    kurchatov = df[df["Id"] == "kurchatov"].iloc[0]
    assert kurchatov["3 % rule"].startswith("eligible, 3.65%–35.59%")
    assert "lower bound" in kurchatov["Flags"] and "estimate" in kurchatov["Flags"]
    almaty = df[df["Id"] == "almaty"].iloc[0]
    assert almaty["Status"].startswith("below the 3 % rule")


def test_weight_stability_by_the_sliders_on_request(app):
    assert not any("first place holds" in c.value for c in app.sidebar.caption)
    app.toggle(key="show_stability").set_value(True).run()
    assert not app.exception
    assert sum("first place holds for" in c.value for c in app.sidebar.caption) == 4


# ------------------------------------------------------------ method options (issue 13)
def _ctx(at: AppTest):
    return at.session_state["_ctx"]


def _plain(md: str) -> str:
    """Markdown-escaped text as read."""
    return md.replace("\\", "")


def _linked(at: AppTest):
    """The scenario the address bar's ``s`` parameter carries."""
    s = at.query_params["s"]
    return link.decode(s[0] if isinstance(s, list) else s, "x", load_catalogue())


def test_vikor_v_changes_scores_shows_s_r_and_the_compromise(app):
    app.selectbox(key="w:method:en").set_value("vikor").run()
    df = _table(app)
    assert {"S (group utility)", "R (individual regret)"} <= set(df.columns)
    assert any(_plain(i.value).startswith("VIKOR (v = 0.5): acceptable advantage (C1) and "
                                          "acceptable stability (C2) hold: the compromise "
                                          "solution is Almaty (city)") for i in app.info)
    before = df["Score"].tolist()
    app.slider(key="w:vikor_v").set_value(0.0).run()
    assert not app.exception
    assert _table(app)["Score"].tolist() != before
    assert app.session_state["scenario"].vikor_v == 0.0
    assert any("VIKOR v" in c and "0.5 → 0" in c for c in _ctx(app).changes)
    assert any(_plain(i.value).startswith("VIKOR (v = 0)") for i in app.info)
    assert _linked(app).vikor_v == 0.0
    # the setting survives a layer switch and back
    app.radio(key="w:layer:en").set_value("towns").run()
    app.radio(key="w:layer:en").set_value("regions").run()
    assert not app.exception
    assert app.slider(key="w:vikor_v").value == 0.0


def test_promethee_preference_switch_changes_ranking_or_notes_equivalence(app):
    app.selectbox(key="w:method:en").set_value("promethee2").run()
    linear = _table(app)["Score"].tolist()
    assert not any("ranks exactly as a weighted sum" in _plain(i.value) for i in app.info)
    app.selectbox(key="w:pref_fn_*:en").set_value("vshape").run()
    assert not app.exception
    assert _table(app)["Score"].tolist() != linear
    # V-shape with p = the whole range is a rescaled weighted sum: the engine says so
    assert any("ranks exactly as a weighted sum" in _plain(i.value) for i in app.info)
    assert any("ranks exactly as a weighted sum" in _plain(i.value) for i in app.sidebar.info)
    assert any(c.startswith("PROMETHEE preference (all indicators)")
               for c in _ctx(app).changes)
    assert _linked(app).promethee.default.function == "vshape"
    app.selectbox(key="w:pref_fn_*:en").set_value("linear").run()
    app.slider(key="w:pref_q_*").set_value(30).run()
    assert app.session_state["scenario"].promethee.default.q == 0.3
    # one indicator's own function
    cat = load_catalogue()
    fid = cat.indicators("regions", cat.criteria[0].id)[0].id
    app.selectbox(key="promethee_target").set_value(fid).run()
    app.selectbox(key=f"w:pref_fn_{fid}:en").set_value("usual").run()
    assert not app.exception
    prom = app.session_state["scenario"].promethee
    assert prom.indicators[fid].function == "usual" and prom.default.q == 0.3
    assert any(c.value.startswith("Own setting:") for c in app.sidebar.caption)
    app.radio(key="w:layer:en").set_value("towns").run()
    app.radio(key="w:layer:en").set_value("regions").run()
    assert app.session_state["scenario"].promethee == prom


def test_ahp_inconsistent_judgements_show_both_repairs(app):
    app.radio(key="w:weight_mode:en").set_value("ahp").run()
    # CR 0.33; the lowest CR comes from C1 : C4 9 → 1, the smallest fix is 9 → 2
    for pair, v in (("C1_C2", "5"), ("C1_C3", "1"), ("C1_C4", "9"), ("C2_C3", "1/5"),
                    ("C2_C4", "1/9"), ("C3_C4", "1")):
        app.select_slider(key=f"w:ahp_{pair}").set_value(v).run()
    warn = _plain(" ".join(w.value for w in app.sidebar.warning))
    assert "Lowest CR from one change: C1 vs C4: 9 → 1 (8 steps" in warn
    assert "Smallest change reaching CR ≤ 0.10: C1 vs C4: 9 → 2 (7 steps" in warn
    app.selectbox(key="w:ri_table:en").set_value("alonso-lamata-2006-rule").run()
    assert any("Alonso & Lamata's (2006) rule" in c.value for c in app.sidebar.caption)
    assert _ctx(app).inconsistent_cr is not None
    app.button(key="ahp_apply_fix").click().run()
    assert not app.exception
    assert _ctx(app).inconsistent_cr is None     # the smallest fix reaches CR <= 0.10
    assert app.select_slider(key="w:ahp_C1_C4").value == "2"


def test_method_options_are_saved_and_reload(app, tmp_path):
    app.selectbox(key="w:method:en").set_value("promethee2").run()
    app.selectbox(key="w:pref_fn_*:en").set_value("gaussian").run()
    app.slider(key="w:pref_s_*").set_value(40).run()
    app.selectbox(key="w:method:en").set_value("vikor").run()
    app.slider(key="w:vikor_v").set_value(0.25).run()
    app.text_input(key="save_name").input("Options")
    app.form_submit_button[0].click().run()
    assert not app.exception
    doc = tomllib.loads(next((tmp_path / "saved").glob("*.toml")).read_text(encoding="utf-8"))
    assert doc["vikor"]["v"] == 0.25
    assert doc["promethee"]["preference"] == "gaussian" and doc["promethee"]["s"] == 0.4
    _scenario_box(app).set_value("builtin:balanced").run()
    assert app.session_state["scenario"].vikor_v == 0.5


def test_ahp_repair_that_reverses_a_judgement_says_so(app):
    # a consistent 8 : 4 : 2 : 1 matrix with C1 vs C4 turned round (1/2 instead of 8)
    app.radio(key="w:weight_mode:en").set_value("ahp").run()
    for pair, v in (("C1_C2", "2"), ("C1_C3", "4"), ("C1_C4", "1/2"), ("C2_C3", "2"),
                    ("C2_C4", "4"), ("C3_C4", "2")):
        app.select_slider(key=f"w:ahp_{pair}").set_value(v).run()
    warn = _plain(" ".join(w.value for w in app.sidebar.warning))
    assert "This reverses the judgement (C4 was preferred)" in warn
    app.button(key="ahp_apply_best").click().run()
    assert app.select_slider(key="w:ahp_C1_C4").value == "8"
    assert _ctx(app).inconsistent_cr is None
