"""The Shortlist page driven by AppTest (the map component is not drawn here)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from criteria.bundled import load_bundled
from mcda.shortlist import Constraints
from scenarios.library import load_scenario
from scicity.app.shortlist_view import label, legend_html, map_style
from scicity.engine.evaluate import evaluate
from scicity.engine.shortlist import shortlist


def page(lang: str, layer: str) -> None:
    from criteria.bundled import load_bundled
    from scenarios.library import load_scenario
    from scicity.app.shortlist_view import render
    from scicity.engine.evaluate import evaluate

    render(lang, layer, evaluate(load_bundled(layer), load_scenario("balanced")))


def start(lang: str = "en", layer: str = "towns") -> AppTest:
    at = AppTest.from_function(page, args=(lang, layer), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def frame(at: AppTest, *columns: str, without: str = ""):
    """The first table with these columns (AppTest does not expose a table's key)."""
    return next(d.value for d in at.dataframe
                if set(columns) <= set(d.value.columns) and without not in d.value.columns)


def test_page_shows_the_set_and_its_probability():
    at = start()
    ds = load_bundled("towns")
    want = shortlist(evaluate(ds, load_scenario("balanced")), Constraints(k=3),
                     samples=10_000, seed=0)
    table = frame(at, "Score", "P(in best set)")
    assert table["Name"].tolist() == [ds.name(u) for u in want.selection.members]
    assert table["P(in best set)"].tolist() == [want.robust.inclusion[u]
                                                for u in want.selection.members]
    assert f"{want.p_best:.1%}" in at.info[0].value
    sets = frame(at, "Set", "P(best)")
    assert sets["P(best)"].iloc[0] == want.robust.sets[0][1]
    assert {b.label for b in at.get("download_button")} == {
        "Download JSON", "Download CSV",
        *(f"Download the shortlist with dossiers ({f})" for f in ("HTML", "JSON", "XLSX",
                                                                   "CSV"))}


def test_constraints_change_the_set():
    at = start()
    before = frame(at, "Score", "P(in best set)")["Name"].tolist()
    assert "Kurchatov" in before and "Alatau" not in before
    at.multiselect(key="sl_fix:towns").set_value(["alatau_city"]).run()
    assert not at.exception
    table = frame(at, "Score", "P(in best set)")
    names = table["Name"].tolist()
    assert "Alatau" in names and len(names) == 3 and set(names) != set(before)
    assert table.set_index("Name").at["Kurchatov", "Region"] == "Abai Region"
    assert table.set_index("Name").at["Kurchatov", "3 % rule"] == "eligible"
    why = frame(at, "Why", without="Score").set_index("Name")
    dropped = (set(before) - set(names)).pop()
    assert "fixed" in why.at[dropped, "Why"]


def test_impossible_constraints_are_explained_in_the_language():
    at = start("ru")
    at.radio(key="sl_elig").set_value("eligible").run()
    assert not at.exception
    text = at.error[0].value.replace("\\", "")  # Markdown escapes removed
    assert text.startswith("Шорт-лист не составлен: допустимо только 1 ед. (исключено: 0; "
                           "не прошли фильтр соответствия: 4")
    assert at.subheader[0].value == "Шорт-лист"


def test_regions_layer_has_no_distance_control():
    at = start("kk", "regions")
    assert not [w for w in at.number_input if w.key == "sl_dist"]
    assert len(frame(at, label("col_score", "kk"), label("col_p_in", "kk"))) == 3


def test_map_styles_and_legend():
    assert map_style(True, False)["color"] == "#000000"
    assert map_style(False, True)["fillColor"] != map_style(False, False)["fillColor"]
    assert "таңдалған жиынтық" in legend_html("kk")
