"""The app shows the data's own uncertainty (issue 10), driven by AppTest: on the towns the
robustness page says in plain words which towns are statistically tied, shows the ranks
under weights and data with the tied-group column, and the figures to request first with
a CSV download; the map legend then lists the tied groups of that ranking.

The towns are ranked with the 3 % rule switched off (the sidebar's toggle), so that all of
them rank and the data's intervals tie some of them."""

import io
from pathlib import Path

import pandas as pd
import pytest
from babel.lists import format_list
from streamlit.testing.v1 import AppTest

from scicity.i18n import t
from scicity.view.robustness import VOI_ROWS

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture(scope="module")
def towns(tmp_path_factory) -> AppTest:
    mp = pytest.MonkeyPatch()
    mp.setenv("SCICITY_SCENARIO_DIR", str(tmp_path_factory.mktemp("saved")))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.radio(key="w:layer:en").set_value("towns").run()
    at.toggle(key="w:gate_towns").set_value(False).run()
    at.switch_page("scicity/app/pages/robustness.py").run()
    assert not at.exception, at.exception
    yield at
    mp.undo()


def _frame(at: AppTest, column: str) -> pd.DataFrame:
    """The page's table with the header ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _result(at: AppTest):
    return at.session_state["_tied_groups"][1]


def test_tied_groups_in_plain_words_and_in_the_table(towns):
    res = _result(towns)
    ev = towns.session_state["_ctx"].ev
    groups = [g for g in res.tied_groups if len(g) > 1]
    assert res.data_uncertainty and groups
    body = " ".join(m.value for m in towns.markdown)
    names = ev.table["name_en"]
    for g in groups:
        assert f"{format_list([names[u] for u in g], locale='en')} are statistically tied" in body
    units = _frame(towns, t("col_tied", "en", level=0.9))
    tied = units[t("col_tied", "en", level=0.9)]
    first = groups[0]
    row = units[units["Name"] == names[first[0]]].iloc[0]
    assert row[t("col_tied", "en", level=0.9)] == "≈ " + format_list(
        [names[u] for u in first[1:]], locale="en")
    assert (tied != "").sum() == sum(len(g) for g in groups)
    assert {t("col_interval_data", "en"), t("col_p_top_data", "en", k=res.top_k)} <= set(
        units.columns)


def test_figures_to_request_first_with_csv(towns):
    res = _result(towns)
    table = _frame(towns, t("voi_field", "en"))
    assert len(table) == VOI_ROWS and list(table["Name"]) == [
        towns.session_state["_ctx"].ev.table.loc[u, "name_en"]
        for u in res.voi["unit"][:VOI_ROWS]]
    button = next(b for b in towns.get("download_button") if b.key == "dl_voi")
    assert button.proto.label == t("voi_csv", "en")
    from scicity.cli.voi import csv_bytes

    data = csv_bytes(res.voi)
    assert data.startswith(b"\xef\xbb\xbf")
    csv = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(csv) == len(res.voi) and list(csv["priority"][:3]) == [1, 2, 3]


def test_map_legend_lists_the_tied_groups(towns):
    res = _result(towns)
    names = towns.session_state["_ctx"].ev.table["name_en"]
    towns.switch_page("scicity/app/pages/map.py").run()
    assert not towns.exception, towns.exception
    legend = " ".join(m.value for m in towns.markdown if "scicity-legend" in m.value)
    for g in (g for g in res.tied_groups if len(g) > 1):
        line = t("legend_tied", "en", level=0.9,
                 names=format_list([names[u] for u in g], locale="en"))
        assert line in legend
    towns.slider(key="w:w_C1").set_value(60).run()      # another ranking: not analysed yet
    legend = " ".join(m.value for m in towns.markdown if "scicity-legend" in m.value)
    assert t("legend_tied_pending", "en") in legend


def test_export_offers_the_figures_and_a_report_with_the_data(towns):
    from criteria.bundled import load_bundled
    from scicity.app.uncertainty import analysis, figures_csv
    from scicity.view.report import report_html

    towns.switch_page("scicity/app/pages/export.py").run()
    assert not towns.exception, towns.exception
    assert {"dl_report", "dl_voi_export"} <= {b.key for b in towns.get("download_button")}
    ev, ds = towns.session_state["_ctx"].ev, load_bundled("towns")
    res = analysis(ev, 500, data=ds)             # as the deferred download runs it
    assert res.data_uncertainty
    doc = report_html(ev, "en", res)
    assert t("report_voi", "en") in doc and t("col_tied", "en", level=0.9) in doc
    csv = pd.read_csv(io.BytesIO(figures_csv(ev, ds)), encoding="utf-8-sig")
    assert list(csv["unit"]) == list(res.voi["unit"])
