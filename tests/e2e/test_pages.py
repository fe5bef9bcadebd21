"""End-to-end: the pages an official uses — outputs named for what was computed, saved
names in every language, AHP warnings, no English or identifiers in Kazakh and Russian,
the map at three widths, and state that survives hostile clicking."""

from __future__ import annotations

import re

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import map_frame, slider_input, wait_idle

PAGES = ("map", "profile", "compare", "robustness", "data", "export", "about")
#: English words and raw identifiers that must not appear in a Kazakh or Russian view.
FORBIDDEN = ("name_en", "criterion_weight", "global_weight", "local_weight", "benefit",
             "innovative_output_share", "source_id", "None", "NaN", "nan", "Balanced",
             "modified", "Score", "Rank", "rank", "Weight", "used", "Profile", "Export",
             "Selected", "Shift", "Method", "Sources", "higher score", "weightings")


def _open(page: Page, url: str) -> None:
    page.goto(url)
    map_frame(page, timeout_ms=60_000)
    wait_idle(page)


def _download(page: Page, label: str, tmp_path):
    wait_idle(page)
    with page.expect_download(timeout=30_000) as dl:
        page.get_by_role("button", name=label).click()
    path = tmp_path / dl.value.suggested_filename
    dl.value.save_as(path)
    return path


def _main_text(page: Page) -> str:
    """Visible page text plus the data grids' column headers."""
    heads = page.locator('[data-testid="stDataFrame"] th').all_text_contents()
    return page.locator("body").inner_text() + "\n" + "\n".join(heads)


def test_changed_weights_are_named_modified_in_files_and_report(page: Page, server: str,
                                                                tmp_path):
    _open(page, server)
    slider_input(page, "C1 ·").focus()
    page.keyboard.press("Home")
    wait_idle(page)
    expect(page.get_by_text("Modified: weight of C1 25% → 0%", exact=False)).to_be_visible()
    page.get_by_role("link", name="Export").click()
    csv = _download(page, "Ranking, CSV", tmp_path)
    assert csv.name == "scicity_regions_balanced_modified.csv"
    xlsx = _download(page, "Ranking and metadata, XLSX", tmp_path)
    meta = {r[0]: r[1] for r in openpyxl.load_workbook(xlsx)["metadata"].iter_rows(
        values_only=True) if r and r[0]}
    assert meta["scenario_name"] == "Balanced — modified"
    assert meta["scenario_id"] == "balanced_modified"
    assert "weight of C1 25% → 0%" in meta["scenario_description"]
    report = _download(page, "Printable report, HTML", tmp_path)
    assert report.name == "scicity_regions_balanced_modified_en.html"
    text = report.read_text(encoding="utf-8")
    assert "<title>" in text and "Balanced — modified" in text.split("</title>")[0]
    assert "takes the Concept" not in text      # the base's description is not carried
    page.get_by_role("button", name="Reset to the scenario").click()
    expect(slider_input(page, "C1 ·")).to_have_value("100")


def test_saved_cyrillic_name_shows_in_every_language(page: Page, server: str, scenario_dir):
    _open(page, server)
    slider_input(page, "C4 ·").focus()
    page.keyboard.press("Home")
    expect(slider_input(page, "C4 ·")).to_have_value("0")
    wait_idle(page)
    page.get_by_label("Scenario name").fill("Наука C4 низкий")
    page.get_by_role("button", name="Save scenario").click()
    expect(page.get_by_text("Saved as “Наука C4 низкий”.")).to_be_visible()
    for lang, label, suffix in (("Русский", "Сценарий", "сохранён"),
                                ("Қазақша", "Сценарий", "сақталған"),
                                ("English", "Scenario", "saved")):
        page.get_by_text(lang, exact=True).click()
        wait_idle(page)
        box = page.get_by_role("combobox", name=label)
        expect(box).to_have_value(f"Наука C4 низкий ({suffix})")
    page.screenshot(path=str(scenario_dir / "saved_name.png"))


def test_inconsistent_ahp_is_flagged_in_view_and_exports(page: Page, server: str, tmp_path):
    _open(page, server)
    page.get_by_text("AHP pairwise comparisons").click()
    wait_idle(page)
    for pair, key in (("C1 : C2", "End"), ("C2 : C3", "End"), ("C1 : C3", "Home")):
        page.locator('[data-testid="stSlider"]').filter(has_text=pair).get_by_role(
            "slider").focus()
        page.keyboard.press(key)
        wait_idle(page)
    expect(page.get_by_text("AHP judgements are inconsistent (CR =", exact=False).first
           ).to_be_visible()
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Lowest CR from one change", exact=False).first).to_be_visible()
    # never called consistent while CR > 0.10
    assert "Consistent (CR ≤ 0.10)" not in sidebar.inner_text()
    page.get_by_role("link", name="Export").click()
    expect(page.get_by_text("AHP judgements are inconsistent", exact=False).first
           ).to_be_visible()
    xlsx = _download(page, "Ranking and metadata, XLSX", tmp_path)
    assert xlsx.name.endswith("_inconsistent_ahp.xlsx")
    cells = [str(c) for r in openpyxl.load_workbook(xlsx)["metadata"].iter_rows(
        values_only=True) for c in r if c]
    assert any("AHP judgements are inconsistent" in c for c in cells)
    csv = _download(page, "Ranking, CSV", tmp_path)
    assert "inconsistent_ahp" in csv.name


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_english_or_identifiers_on_any_page(page: Page, server: str, lang: str):
    found = {}
    for name in PAGES:   # the map is the default page, at the root
        page.goto(f"{server}/{'' if name == 'map' else name}?lang={lang}")
        page.locator('[data-testid="stSidebar"]').wait_for()
        wait_idle(page, 60_000)
        page.wait_for_timeout(500)
        text = _main_text(page)
        hits = [w for w in FORBIDDEN if re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", text)]
        if hits:
            found[name] = hits
    assert found == {}


#: The navigation bar's text without its icons (Material icon names are ligature text).
NAV_TEXT_JS = """() => { const h = document.querySelector('header').cloneNode(true);
  h.querySelectorAll('[data-testid=stIconMaterial]').forEach(i => i.remove());
  return h.innerText; }"""


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_navigation_at_1280_px_shows_every_page_and_no_english(browser, server: str,
                                                               lang: str):
    from scicity.app.pages import PAGES as APP_PAGES
    from scicity.i18n import t

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/?lang={lang}")
    page.locator('[data-testid="stSidebar"]').wait_for()
    wait_idle(page, 60_000)
    bar = page.locator("header")
    text = page.evaluate(NAV_TEXT_JS)
    assert not re.search(r"[A-Za-z]", text), text   # no "2 more", nothing English
    seen = [x.strip() for x in bar.get_by_test_id("stTopNavLink").all_inner_texts()]
    sections = bar.get_by_test_id("stTopNavSection")
    labels = [x.strip() for x in sections.all_inner_texts()]
    assert labels == list(dict.fromkeys(t(p.section, lang) for p in APP_PAGES if p.section))
    for i in range(sections.count()):
        sections.nth(i).click()
        items = page.get_by_role("menuitem")
        items.first.wait_for()
        seen += [x.strip() for x in items.all_inner_texts()]
        page.keyboard.press("Escape")
        items.first.wait_for(state="detached")
    titles = [t(p.title, lang) for p in APP_PAGES]
    assert sorted(x.split("\n")[-1].strip() for x in seen) == sorted(titles)
    context.close()


def test_robustness_charts_give_each_unit_a_readable_row(page: Page, server: str):
    from criteria.bundled import load_bundled
    from scenarios.library import load_scenario
    from scicity.app.charts import ROW_STEP
    from scicity.engine.evaluate import evaluate

    ev = evaluate(load_bundled("towns"), load_scenario("balanced"))
    n = int((ev.table["status"] == "ranked").sum())
    page.goto(f"{server}/robustness?lang=ru&layer=towns")
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    charts.nth(1).wait_for(timeout=60_000)
    wait_idle(page, 60_000)
    for i in range(2):   # rank intervals, acceptability heat map
        box = charts.nth(i).bounding_box()
        assert box is not None and box["height"] >= n * ROW_STEP, (i, n, box)


@pytest.mark.parametrize("width", [1280, 1440, 800])
def test_map_shows_the_whole_country(browser, server: str, width: int, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    _open(page, server)
    frame = map_frame(page)
    page.wait_for_timeout(800)
    inside = frame.evaluate("""() => { const b = map_div.getBounds();
        return b.contains([40.6, 46.5]) && b.contains([55.4, 87.3]); }""")
    page.screenshot(path=str(tmp_path / f"map_{width}.png"))
    assert inside, f"the map at {width} px cuts the country"
    labels = frame.locator(".scicity-label").all_inner_texts()
    assert {"1", "2", "3", "4", "5"} <= {x.strip() for x in labels}
    assert any("Astana" in x for x in labels) and any("Shymkent" in x for x in labels)
    context.close()


def test_rapid_layer_and_language_switches_keep_every_weight(page: Page, server: str):
    _open(page, server)
    slider_input(page, "C2 ·").focus()
    page.keyboard.press("Home")
    expect(slider_input(page, "C2 ·")).to_have_value("0")
    wait_idle(page)
    radios = page.locator('[data-testid="stSidebar"] [role="radiogroup"]').nth(1)
    for i in range(20):
        radios.locator("label").nth(1 - i % 2).click()
        page.wait_for_timeout(150)
        if i == 9:
            page.get_by_text("Қазақша", exact=True).click()
    wait_idle(page, 60_000)
    page.get_by_text("English", exact=True).click()
    wait_idle(page, 60_000)
    assert "no bundled data" not in page.locator("body").inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    expect(slider_input(page, "C2 ·")).to_have_value("0")
    expect(slider_input(page, "C1 ·")).to_have_value("100")


def test_saved_weights_above_one_and_extreme_ratios_round_trip(page: Page, server: str,
                                                               scenario_dir):
    (scenario_dir / "extreme.toml").write_text(
        'name = "Extreme"\n[weights.criteria]\nC1 = 1000\nC2 = 1\nC3 = 1\nC4 = 1\n'
        '[weights.indicators]\nrd_staff = 2.5\n[gate]\nthreshold = 0.001\n',
        encoding="utf-8")
    _open(page, server)
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Extreme (saved)").click()
    wait_idle(page)
    expect(slider_input(page, "C1 ·")).to_have_value("100")
    wait_idle(page)
    page.get_by_label("Scenario name").fill("Extreme again")
    page.get_by_role("button", name="Save scenario").click()
    expect(page.get_by_text("Saved as “Extreme again”.")).to_be_visible()
    text = (scenario_dir / "extreme_again.toml").read_text(encoding="utf-8")
    assert re.search(r"C1 = 1000(\.0)?\n", text) and re.search(r"C2 = 1(\.0)?\n", text)
    assert re.search(r"rd_staff = 2\.5\n", text) and "threshold = 0.001" in text


def test_selected_row_then_layer_switch_has_no_error(page: Page, server: str):
    _open(page, server)
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 10 * 35 + 52)
    wait_idle(page)
    page.locator('[data-testid="stSidebar"] [role="radiogroup"]').nth(1).locator(
        "label").nth(1).click()
    wait_idle(page, 60_000)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_uploaded_markdown_and_katex_names_stay_text(page: Page, server: str, tmp_path):
    name = "![x](http://example.invalid/x.png) :red[red] $x^2$"
    path = tmp_path / "markup.csv"
    path.write_text("id,name_en,rd_staff,researchers_per_mln,rd_expenditure,grp,population\n"
                    f'KZ-10,"{name}",1394,946,7.0,3189.5,610189\n'
                    "KZ-11,Akmola,788,639,4.5,4093.9,787971\n"
                    "KZ-15,East,900,700,5.0,5000.0,1400000\n", encoding="utf-8")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    _open(page, server)
    page.get_by_text("Your own data").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    expect(page.get_by_text("Ranking your file markup.csv (3 rows).")).to_be_visible(
        timeout=15_000)
    frame = map_frame(page)
    xy = frame.evaluate("""() => { let p = null; const g = window.feature_group[
        window.feature_group.length - 1]; g.eachLayer(x => x.eachLayer && x.eachLayer(l => {
        if (l.feature && l.feature.id === 'KZ-10') p = l.getCenter(); }));
        const c = map_div.latLngToContainerPoint(p); return [c.x, c.y]; }""")
    selected = page.get_by_text("Selected: ", exact=False).first
    for _ in range(3):
        page.frame_locator("iframe").first.locator("#map_div").click(
            position={"x": xy[0], "y": xy[1]})
        wait_idle(page)
        if selected.is_visible():
            break
        page.wait_for_timeout(1000)
    expect(selected).to_be_visible()
    page.get_by_role("link", name="Profile").click()
    wait_idle(page)
    heading = page.get_by_role("heading", name=re.compile("^Selected:"))
    expect(heading).to_be_visible()
    assert name in heading.inner_text().replace("\u2060", "")    # word joiners only
    assert heading.locator("a[href^='http']").count() == 0
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("img").count() == 0 and main.locator(".katex").count() == 0
    assert not [u for u in requests if "example.invalid" in u]
