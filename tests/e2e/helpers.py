"""Small page helpers shared by the browser tests and the app benchmark."""

from __future__ import annotations

from playwright.sync_api import Frame, Page

FILLS_JS = ("Array.from(document.querySelectorAll('path.leaflet-interactive'))"
            ".map(p => p.getAttribute('fill')).join(',')")


def wait_idle(page: Page, timeout_ms: float = 30_000) -> None:
    """Wait until the app's script has finished running (Streamlit's stApp state)."""
    page.wait_for_function(
        "() => { const a = document.querySelector('[data-testid=stApp]');"
        " return a && a.getAttribute('data-test-script-state') === 'notRunning'; }",
        timeout=timeout_ms)


def map_frame(page: Page, timeout_ms: float = 30_000) -> Frame:
    """The st_folium iframe, once the map has drawn its first vector layer."""
    page.frame_locator("iframe").first.locator("path.leaflet-interactive").first.wait_for(
        timeout=timeout_ms)
    return next(f for f in page.frames if "st_folium" in f.url)


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
