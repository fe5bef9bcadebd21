"""End-to-end: the real app in headless Chromium — map, sliders, language, scenarios,
downloads."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import openpyxl
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    POINTS_JS,
    map_fills,
    map_frame,
    slider_input,
    switch_layer,
    table_cells,
    upload,
    wait_idle,
)

TITLE_KK = "Ғылым қалашықтарына аумақ таңдау"
#: The container point of a region's centre on the map (the newest ranked layer).
CENTRE_OF_JS = """(id) => {
    let found = null;
    const group = window.feature_group[window.feature_group.length - 1];
    group.eachLayer(g => g.eachLayer && g.eachLayer(l => {
        if (l.feature && l.feature.id === id) found = l; }));
    const p = map_div.latLngToContainerPoint(found.getCenter());
    return [p.x, p.y]; }"""


def _open(page: Page, url: str) -> None:
    page.goto(url)
    map_frame(page)
    wait_idle(page)


def test_map_draws_twenty_regions_offline(page: Page, server: str):
    external = []
    page.on("request", lambda r: external.append(r.url)
            if not r.url.startswith(server) and "tile.openstreetmap" not in r.url else None)
    _open(page, server)
    frame = map_frame(page)
    assert frame.locator("path.leaflet-interactive").count() == 20
    assert frame.evaluate("typeof L") == "object"          # Leaflet served locally
    assert [u for u in external if not u.startswith("data:")] == []
    # Text from the scenario file reaches the page literally (quotes and all).
    expect(page.get_by_text("takes the Concept's list of criteria")).to_be_visible()


def test_slider_recolours_map_and_updates_table_without_reload(page: Page, server: str):
    _open(page, server)
    frame = map_frame(page)
    # The user's own pan and zoom, once the map has settled after its first render.
    frame.evaluate("map_div.setView([45, 75], 6)")
    page.wait_for_timeout(1500)
    frame.evaluate("map_div.setView([45, 75], 6)")
    fills, cells = map_fills(page), table_cells(page)
    # Everything on C4 (GRP): oil-rich Atyrau climbs into the top of the table.
    for crit in ("C1 ·", "C2 ·", "C3 ·"):
        slider_input(page, crit).focus()
        page.keyboard.press("Home")
        expect(slider_input(page, crit)).to_have_value("0")
    # Glide grid's accessible cells: column 3 is the name, row 1 the second place.
    expect(page.locator('[data-testid="stDataFrame"]').first
           .locator("td#glide-cell-2-1")).to_have_text("Atyrau Region", timeout=15_000)
    page.wait_for_function(
        """(before) => { const w = document.querySelector('iframe').contentWindow;
            const now = Array.from(w.document.querySelectorAll('path.leaflet-interactive'))
                .map(p => p.getAttribute('fill')).join(',');
            return now !== before; }""", arg=fills, timeout=15_000)
    assert table_cells(page) != cells
    frame = map_frame(page)
    assert frame.evaluate("map_div.getZoom()") == 6      # not reloaded: view kept
    centre = frame.evaluate("[map_div.getCenter().lat, map_div.getCenter().lng]")
    assert abs(centre[0] - 45) < 0.01 and abs(centre[1] - 75) < 0.01


def test_switch_to_kazakh_keeps_weights_and_url(page: Page, server: str):
    _open(page, server)
    slider_input(page, "C2 ·").focus()
    for _ in range(30):
        page.keyboard.press("ArrowLeft")
    expect(slider_input(page, "C2 ·")).to_have_value("70")
    page.get_by_text("Қазақша").click()
    expect(page.get_by_role("heading", name=TITLE_KK)).to_be_visible()
    page.wait_for_url(re.compile(r".*[?&]lang=kk(&|$).*"))   # the link follows the state
    expect(slider_input(page, "C2 ·")).to_have_value("70")
    expect(page.locator('[data-testid="stDataFrame"]').first.locator("td")
           .filter(has_text="Алматы қаласы").first).to_be_attached()
    page.goto(server + "/?lang=ru")
    expect(page.get_by_role("heading", name="Выбор территорий для наукоградов")).to_be_visible()


def test_save_and_reload_a_scenario(page: Page, server: str, scenario_dir):
    _open(page, server)
    slider_input(page, "C3 ·").focus()
    for _ in range(75):
        page.keyboard.press("ArrowLeft")
    expect(slider_input(page, "C3 ·")).to_have_value("25")
    wait_idle(page)   # the reruns of 75 key presses have finished
    hostile = "Browser test <img src=x onerror=alert(1)>"
    page.on("dialog", lambda d: (_ for _ in ()).throw(AssertionError("script ran")))
    page.get_by_label("Scenario name").fill(hostile)
    page.get_by_role("button", name="Save scenario").click()
    expect(page.get_by_text(f"Saved as “{hostile}”.")).to_be_visible()
    assert page.locator("img[src=x]").count() == 0
    assert (scenario_dir / "browser_test_img_src_x_onerror_alert_1.toml").exists()

    page.goto(server)                                             # a new session
    map_frame(page)
    expect(slider_input(page, "C3 ·")).to_have_value("100")
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Scenario").click()
    page.get_by_role("option", name=f"{hostile} (saved)").click()
    expect(slider_input(page, "C3 ·")).to_have_value("25")


def test_click_on_region_selects_it(page: Page, server: str):
    _open(page, server)
    frame = map_frame(page)
    xy = frame.evaluate(CENTRE_OF_JS, "KZ-10")
    page.frame_locator("iframe").first.locator("#map_div").click(
        position={"x": xy[0], "y": xy[1]})
    expect(page.get_by_text("Selected: Abai Region — Profile")).to_be_visible()
    expect(page.get_by_text("Candidate towns in this region: Kurchatov, Semey")).to_be_visible()
    page.get_by_role("link", name="Profile").click()
    expect(page.get_by_role("heading", name="Selected: Abai Region")).to_be_visible()


def test_downloads_open_and_read_correctly(page: Page, server: str, tmp_path):
    page.goto(server + "/?lang=kk")
    map_frame(page)
    page.get_by_role("link", name="Экспорт").click()
    files = {}
    expect(page.get_by_role("button", name="Карта қабаты, GeoJSON")).to_be_visible()
    for label, name in (("Рейтинг, CSV", "csv"), ("Рейтинг және метадеректер, XLSX", "xlsx"),
                        ("Карта қабаты, GeoJSON", "geojson"),
                        ("Басып шығаруға арналған есеп, HTML", "html")):
        wait_idle(page)
        with page.expect_download(timeout=30_000) as dl:
            page.get_by_role("button", name=label).click()
        path = tmp_path / f"export.{name}"
        dl.value.save_as(path)
        files[name] = path
    raw = files["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    csv_text = raw.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("rank,id,name_kk")
    assert "Ұлытау облысы" in csv_text and len(csv_text.splitlines()) == 21
    wb = openpyxl.load_workbook(files["xlsx"])
    assert wb.sheetnames[0] == "ranking" and {"metadata", "provenance"} <= set(wb.sheetnames)
    assert "Алматы қаласы" in [c.value for row in wb["ranking"].iter_rows(max_row=3)
                               for c in row]
    geo = json.loads(files["geojson"].read_text(encoding="utf-8"))
    assert len(geo["features"]) == 20
    props = geo["features"][0]["properties"]
    assert {"rank", "score", "sub_C1", "gate_state"} <= set(props)
    report = files["html"].read_text(encoding="utf-8")
    assert '<html lang="kk">' in report and "Ғылым қалашығына үміткерлер" in report
    assert "<svg" in report and "http://" not in report.split("<body>")[1].split("<h2")[0]
    page.goto(files["html"].as_uri())
    body = page.locator("body").inner_text()
    for letter in "ӘҒҚҢӨҰҮІ":
        assert letter in body or letter.lower() in body, letter
    assert page.locator("svg path").count() == 20
    assert "\ufffd" not in body   # no replacement characters


def test_three_broken_uploads_and_a_hostile_name(page: Page, server: str, scenario_dir,
                                                 tmp_path):
    before = {p.name: p.read_bytes() for p in scenario_dir.glob("*.toml")}
    files = {
        "no_id.csv": "name_en,rd_staff\nAbai,1394\n",
        "ru_locale.csv": ("id;name_ru;rd_staff;grp\nKZ-10;Абай;1\u00a0394;3\u00a0189,5\n"
                          "KZ-11;Акмола;много;4\u00a0093,9\n"),
        "unknown_region.csv": "id,name_en,rd_staff\nKZ-99,Nowhere,10\n",
        "hostile.csv": ("id,name_en,rd_staff,researchers_per_mln,rd_expenditure,grp,population\n"
                        "KZ-10,<img src=x onerror=alert(1)>,1394,946,7.0,3189.5,610189\n"
                        "KZ-11,Akmola,788,639,4.5,4093.9,787971\n"),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _open(page, server)
    page.get_by_text("Your own data").click()
    upload = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    expected = {
        "no_id.csv": "missing required column 'id'",
        "ru_locale.csv": "'много' is not a number",
        "unknown_region.csv": "'KZ-99' is not one of the 20 ISO 3166-2 region codes",
    }
    for name, message in expected.items():
        upload.set_input_files(str(tmp_path / name))
        expect(page.get_by_text(f"Problems in {name}")).to_be_visible(timeout=15_000)
        main = page.locator('[data-testid="stMain"]')
        expect(main.get_by_text(message, exact=False).first).to_be_visible()
        if name == "no_id.csv":
            expect(main.get_by_text(f"{name} cannot be used; the ranking still uses the "
                                    "bundled data.")).to_be_visible()
        assert page.get_by_role("heading", name="Science-city site selector").is_visible()
    upload.set_input_files(str(tmp_path / "hostile.csv"))
    expect(page.get_by_text("Ranking your file hostile.csv (2 rows).")).to_be_visible(
        timeout=15_000)
    frame = map_frame(page)
    expect(frame.locator("path.leaflet-interactive")).to_have_count(2, timeout=15_000)
    expect(page.get_by_text("a ranking of fewer than three units is not meaningful",
                            exact=False)).to_be_visible()
    expect(page.get_by_text("Not in your file (shown grey on the map):", exact=False)
           ).to_contain_text("Ulytau Region")
    xy = frame.evaluate(CENTRE_OF_JS, "KZ-10")
    page.frame_locator("iframe").first.locator("#map_div").click(
        position={"x": xy[0], "y": xy[1]})
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("<img src=x onerror=alert(1)>")
    assert frame.locator(".leaflet-popup-content img").count() == 0
    assert dialogs == []
    assert {p.name: p.read_bytes() for p in scenario_dir.glob("*.toml")} == before


#: The text of the ranking table's first cells (Glide grid's accessible mirror).
TABLE_TEXT_JS = """() => Array.from(document.querySelectorAll(
    '[data-testid="stDataFrame"] td')).slice(0, 60).map(c => c.textContent).join('|')"""
#: The marker of the town ranked first in the newest layer (its tooltip starts "#1 "),
#: as [container x, y, tooltip text, unit id]: the point layer's group holds the one
#: tooltip of all its markers.
FIRST_TOWN_JS = """() => {
    const g = window.feature_group[window.feature_group.length - 1];
    let found = null;
    g.eachLayer(group => {
        const tip = group._tooltip;
        if (!tip || typeof tip._content !== "function") return;
        group.eachLayer(l => { const text = tip._content(l);
            if (!found && text.startsWith("#1 ")) found = [l, text]; });
    });
    const c = map_div.latLngToContainerPoint(found[0].getLatLng());
    return [c.x, c.y, found[1], found[0].feature.id]; }"""


def test_two_thousand_town_upload_draws_on_canvas_and_follows_a_slider(page: Page,
                                                                       server: str,
                                                                       tmp_path):
    spec = importlib.util.spec_from_file_location(
        "bench_large", Path(__file__).resolve().parents[2] / "benchmarks" / "bench_large.py")
    bench_large = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_large)
    path = tmp_path / "towns2000.csv"
    bench_large.make_upload(path, 2000)
    _open(page, server)
    switch_layer(page, 1)
    upload(page, str(path))
    expect(page.get_by_text("Ranking your file towns2000.csv (2,000 rows).")).to_be_visible(
        timeout=60_000)
    frame = map_frame(page, 60_000)
    frame.wait_for_function(f"() => ({POINTS_JS})() >= 2000", timeout=60_000)
    assert frame.locator(".leaflet-overlay-pane canvas").count() >= 1   # not 2,000 SVGs
    wait_idle(page, 60_000)
    x, y, tip, uid = frame.evaluate(FIRST_TOWN_JS)
    assert re.fullmatch(r"#1 Town \d+ · \d\.\d{3} · .+", tip), tip
    assert uid == f"t{int(tip.split(' · ')[0][8:]):05d}"   # the marker carries its id
    map_div = page.frame_locator("iframe").first.locator("#map_div")
    for k in range(5):   # the map may still be settling: move onto the town again
        map_div.hover(position={"x": x + k % 2, "y": y})
        page.wait_for_timeout(300)
        if frame.locator(".leaflet-tooltip").count():
            break
    expect(frame.locator(".leaflet-tooltip")).to_contain_text(tip.split(" · ")[0],
                                                              timeout=10_000)
    map_div.click(position={"x": x, "y": y})
    name = tip.split(" · ")[0][3:]
    expect(page.get_by_text(f"Selected: {name} — Profile")).to_be_visible(timeout=30_000)
    wait_idle(page, 60_000)
    groups = frame.evaluate("window.feature_group.length")
    before = table_cells(page)
    for crit in ("C1 ·", "C2 ·", "C3 ·"):   # everything on C4
        slider_input(page, crit).focus()
        page.keyboard.press("Home")
        expect(slider_input(page, crit)).to_have_value("0")
    frame.wait_for_function(f"() => window.feature_group.length > {groups}", timeout=60_000)
    page.wait_for_function(f"""(before) => ({TABLE_TEXT_JS})() !== before""",
                           arg="|".join(before), timeout=60_000)
    frame.wait_for_function(f"() => ({POINTS_JS})() >= 2000", timeout=60_000)
    assert frame.evaluate(FIRST_TOWN_JS)[2] != tip   # the map shows the new ranking
