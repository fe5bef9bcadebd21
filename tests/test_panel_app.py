"""The panel pages in Streamlit's AppTest (no browser): an expert's link shows that
expert's form only, drafts are saved as they go, the fix suggestion applies, a wrong link
sees nothing; the facilitator needs the secret and then sees consensus and disagreement."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mcda.messages import msg
from scicity.i18n import number, percent, translate
from scicity.panel import db, service
from scicity.panel.service import ExpertSpec, PanelSpec

CRIT = ["C1", "C2", "C3", "C4"]


@pytest.fixture
def panel(tmp_path, monkeypatch):
    monkeypatch.delenv("SCICITY_DATABASE_URL", raising=False)
    monkeypatch.setenv("SCICITY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(tmp_path / "scenarios"))
    spec = PanelSpec("Panel <b>one</b>", "regions", {"criteria": CRIT},
                     [ExpertSpec("Alpha"), ExpertSpec("Beta"), ExpertSpec("Gamma")],
                     languages=["en", "ru", "kk"])
    with db.session() as s:
        made = service.create_panel(s, spec)
    yield made
    db.dispose_all()


def submit_all(made: service.Created) -> None:
    """The three experts judge the criteria and submit round 1."""
    for (_, tok), up in zip(made.expert_tokens, ([3, 5, 3, 2, 1, 1], [2, 4, 3, 2, 2, 1],
                                                 [4, 6, 5, 1, 1, 1]), strict=True):
        with db.session() as s:
            service.save_draft(s, tok, "criteria", {"order": CRIT, "upper": up})
            service.submit(s, tok)


def page(**params: str) -> AppTest:
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"),
                           default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def test_expert_link_shows_own_form_saves_drafts_and_submits(panel):
    tok = panel.expert_tokens[0][1]
    at = page(panel_token=tok)
    assert not at.exception
    assert at.title[0].value.startswith("Expert panel: Panel")
    assert "<b>" not in at.title[0].value  # user text is escaped
    assert len(at.select_slider) == 6 and not at.sidebar.children  # the form, nothing else
    at.select_slider[0].set_value("9").run()
    at.select_slider[1].set_value("1/9").run()
    with db.session() as s:
        draft = service.expert_form(s, tok).drafts["criteria"]["upper"]
    assert draft[:2] == pytest.approx([9.0, 1 / 9])
    assert at.warning and "Most inconsistent" in at.warning[0].value
    cr_before = next(c.value for c in at.caption if "CR =" in c.value)
    at.button(key="apply_criteria").click().run()
    cr_after = next(c.value for c in at.caption if "CR =" in c.value)
    assert float(cr_after.split("= ")[1]) < float(cr_before.split("= ")[1])
    at.text_area(key="panel_comment").set_value("my view").run()
    at.button(key="panel_submit").click().run()
    assert at.success[0].value == "Round 1 submitted. Thank you."
    with db.session() as s:
        st = service.status(s, panel.facilitator_token)
    assert st.experts[0].submitted_rounds == [1]


def test_wrong_link_sees_nothing(panel):
    at = page(panel_token="not-a-token")  # noqa: S106 - a wrong link, not a password
    assert [e.value for e in at.error] == [service.DENIED]
    assert not at.select_slider and "Panel" not in repr(at.main)


def test_facilitator_needs_the_secret_then_sees_consensus(panel):
    submit_all(panel)
    at = page(panel_admin="1")
    assert not at.metric and not at.dataframe
    at.text_input(key="panel_secret_input").set_value(panel.expert_tokens[0][1])
    at.button[0].click().run()
    assert [e.value for e in at.error] == [service.DENIED]  # an expert's link is not enough
    at.text_input(key="panel_secret_input").set_value(panel.facilitator_token)
    at.button[0].click().run()
    assert not at.exception
    labels = {m.label: m.value for m in at.metric}
    with db.session() as s:
        o = service.aggregate(s, panel.facilitator_token)
    assert labels["AHP consensus S*"] == f"{o.consensus:.1%}"
    assert labels["CR of the aggregated matrix"] == f"{o.cr:.3f}"
    assert any("Disagreement per pair" in m.value for m in at.markdown)
    at.button(key="panel_next").click().run()
    with db.session() as s:
        assert service.status(s, panel.facilitator_token).round == 2


@pytest.mark.parametrize(("lang", "title"), [("ru", "Экспертная панель — модератор"),
                                             ("kk", "Сарапшылар панелі — модератор")])
def test_facilitator_page_speaks_the_chosen_language(panel, lang, title):
    at = page(panel_admin="1", lang=lang)
    assert at.title[0].value == title
    assert not at.exception


def test_facilitator_results_in_russian_with_russian_numbers(panel):
    submit_all(panel)
    at = page(panel_admin="1", lang="ru")
    at.text_input(key="panel_secret_input").set_value(panel.facilitator_token)
    at.button[0].click().run()
    assert not at.exception
    with db.session() as s:
        o = service.aggregate(s, panel.facilitator_token)
    labels = {m.label: m.value for m in at.metric}
    assert labels["Консенсус AHP S*"] == percent(o.consensus, "ru", 1)
    assert labels["CR агрегированной матрицы"] == number(o.cr, "ru", 3)
    assert "," in labels["CR агрегированной матрицы"]  # a decimal comma
    assert any("Разногласие по парам" in m.value for m in at.markdown)


def test_a_wrong_link_is_refused_in_the_language_asked_for(panel):
    at = page(panel_token="not-a-token", lang="ru")  # noqa: S106 - a wrong link
    assert [e.value for e in at.error] == [translate(msg("panel_denied"), "ru")]
    assert at.error[0].value.startswith("Ссылка недействительна")
