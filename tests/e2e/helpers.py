"""Small page helpers shared by the browser tests and the app benchmark."""

from __future__ import annotations

import time

from playwright.sync_api import Error, Frame, Page

FILLS_JS = ("Array.from(document.querySelectorAll('path.leaflet-interactive'))"
            ".map(p => p.getAttribute('fill')).join(',')")


def wait_idle(page: Page, timeout_ms: float = 30_000) -> None:
    """Wait until the app's script has finished running (Streamlit's stApp state)."""
    page.wait_for_function(
        "() => { const a = document.querySelector('[data-testid=stApp]');"
        " return a && a.getAttribute('data-test-script-state') === 'notRunning'; }",
        timeout=timeout_ms)


#: The number of circle markers (towns) in the newest ranked layer on the map.
POINTS_JS = """() => { const g = window.feature_group
    && window.feature_group[window.feature_group.length - 1];
  let n = 0;
  const walk = l => { if (l instanceof L.CircleMarker) n++; else if (l.eachLayer)
    l.eachLayer(walk); };
  if (g) walk(g);
  return n; }"""


def map_frame(page: Page, timeout_ms: float = 30_000) -> Frame:
    """The st_folium iframe, once the map has drawn its first vector layer (SVG paths,
    or the canvas a large town layer is drawn on)."""
    page.frame_locator("iframe").first.locator(
        ".leaflet-overlay-pane path.leaflet-interactive, .leaflet-overlay-pane canvas"
    ).first.wait_for(timeout=timeout_ms)
    return next(f for f in page.frames if "st_folium" in f.url)


def wait_points(page: Page, n: int, timeout_ms: float = 60_000) -> Frame:
    """The map's iframe once its newest layer holds at least ``n`` circle markers (the
    iframe may be replaced while the page is redrawn: then the new one is waited for)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        left = max(1.0, deadline - time.monotonic()) * 1000
        try:
            frame = map_frame(page, left)
            frame.wait_for_function(f"() => ({POINTS_JS})() >= {n}", timeout=left,
                                    polling=100)
            return frame
        except Error as exc:
            if "detached" not in str(exc) or time.monotonic() > deadline:
                raise


def map_fills(page: Page) -> str:
    """Fill colours of every interactive vector on the map, comma-separated."""
    return map_frame(page).evaluate(FILLS_JS)


def table_cell(page: Page, col: int, row: int):
    """A cell of the ranking table (0-based row; column 1 = rank, 2 = id, 3 = name)."""
    return page.locator('[data-testid="stDataFrame"]').first.locator(
        f"td#glide-cell-{col}-{row}")


def table_cells(page: Page, limit: int = 60) -> list[str]:
    """The first cells of the ranking table (Glide grid's accessible DOM table)."""
    cells = page.locator('[data-testid="stDataFrame"]').first.locator("td")
    cells.first.wait_for(state="attached")
    return cells.all_text_contents()[:limit]


def slider_input(page: Page, label_start: str):
    """The range input of the slider whose label starts with ``label_start``."""
    return (page.locator('[data-testid="stSlider"]').filter(has_text=label_start)
            .locator("input[type=range]"))


def switch_layer(page: Page, index: int) -> None:
    """Choose the sidebar's layer option ``index`` (0 regions, 1 towns)."""
    option = page.locator('[data-testid="stSidebar"] [role="radiogroup"]').nth(1).locator(
        "label").nth(index)
    option.click()
    option.locator("input").wait_for(state="attached")
    page.wait_for_function("(i) => document.querySelectorAll("
                           "'[data-testid=stSidebar] [role=radiogroup]')[1]"
                           ".querySelectorAll('input')[i].checked", arg=index)
    wait_idle(page, 60_000)


def open_upload(page: Page):
    """The file input of the sidebar's uploader (its expander opened)."""
    zones = "document.querySelectorAll('[data-testid=stFileUploaderDropzone]').length"
    # the other layer's uploader may linger a moment while the page is redrawn
    page.wait_for_function(f"{zones} <= 1")
    if not page.locator('[data-testid="stFileUploaderDropzone"]').is_visible():
        page.get_by_text("Your own data").click()
    page.wait_for_function(f"{zones} === 1")
    page.locator('[data-testid="stFileUploaderDropzone"]').wait_for()
    return page.locator('[data-testid="stFileUploaderDropzoneInput"]')


def upload(page: Page, path: str) -> None:
    """Give ``path`` to the sidebar's uploader; set again if the input was replaced while
    the expander opened (the file's name never shows under the uploader then)."""
    name = path.rsplit("/", 1)[-1]
    for attempt in range(3):
        open_upload(page).set_input_files(path)
        shown = page.locator('[data-testid="stSidebar"]').get_by_text(name, exact=False)
        try:
            shown.first.wait_for(timeout=15_000)
            return
        except Error:
            if attempt == 2:
                raise
