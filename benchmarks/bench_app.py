"""App benchmark in a real browser: server start to map drawn, slider change to updated
table and map (p50, p95 over N changes), each measured for the app and for a floor app
(``benchmarks/floor_app.py``: the same 20 polygons, local Leaflet, ``feature_group_to_add``,
one slider) in the same run, with the ratios; and the size of the map payload.

Run: python benchmarks/bench_app.py [--changes 30]. Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_server  # noqa: E402
from tests.e2e.helpers import map_frame, slider_input, wait_idle  # noqa: E402

#: Resolves, after a slider change, with the times (ms since ``t0``) at which the map has
#: a new feature group (streamlit-folium pushes one per update), the table's canvas shows
#: new pixels (what the user sees), and the table's accessible cell mirror has the new
#: first-row score (Glide grid updates that mirror lazily, so it is reported apart).
UPDATED_JS = """([t0, groups, score, canvas]) => new Promise(resolve => {
  const marks = {};
  const check = () => {
    const now = performance.now() - t0;
    const w = document.querySelector('iframe').contentWindow;
    const grid = document.querySelector('[data-testid="stDataFrame"]');
    const cell = grid.querySelector('td#glide-cell-4-0');
    const cv = grid.querySelector('canvas').toDataURL();
    if (!marks.map && w.feature_group && w.feature_group.length > groups) marks.map = now;
    if (!marks.canvas && cv !== canvas) marks.canvas = now;
    if (!marks.mirror && cell && cell.textContent !== score) marks.mirror = now;
    if (marks.map && marks.canvas && marks.mirror) resolve(marks);
    else requestAnimationFrame(check);
  };
  check();
})"""
STATE_JS = """() => [document.querySelector('iframe').contentWindow.feature_group.length,
  document.querySelector('[data-testid="stDataFrame"] td#glide-cell-4-0').textContent,
  document.querySelector('[data-testid="stDataFrame"] canvas').toDataURL()]"""


def _pct(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, round(q * (len(v) - 1)))]


def payload_sizes() -> dict[str, int]:
    """Bytes of what st_folium sends for the regions and towns layers."""
    import folium
    from streamlit_folium import _get_feature_group_string, _get_map_string

    from criteria.bundled import load_bundled
    from scenarios.library import load_scenario
    from scicity.engine.evaluate import evaluate
    from scicity.view import mapview

    out = {}
    for layer, fn in (("regions", mapview.region_layer), ("towns", mapview.town_layer)):
        ev = evaluate(load_bundled(layer), load_scenario("balanced"))
        classes = mapview.classify(ev.table.loc[ev.table["status"] == "ranked", "score"],
                                   ev.ascending)
        fg = fn(ev, "en", {c: c for c in ev.criteria}, classes)
        m = mapview.base_map()
        m.get_root().render()
        base = _get_map_string(m)
        group = _get_feature_group_string(fg, m)
        out[f"{layer}: map script"] = len(base.encode())
        out[f"{layer}: ranked layer"] = len(group.encode())
        assert isinstance(fg, folium.FeatureGroup)
    return out


def measure(p, port: int, tmp: Path, changes: int, script: str | None,
            score_col: int) -> tuple[float, list[float], list[float]]:
    """Server start to map drawn (s), and per slider change the ms to the new map and
    table canvas (``visible``) and to the table's text mirror (``mirror``)."""
    browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    t0 = time.perf_counter()
    proc = start_server(port, tmp, script)
    cell = f'td#glide-cell-{score_col}-0'
    try:
        page.goto(f"http://127.0.0.1:{port}")
        map_frame(page, timeout_ms=60_000)
        start_to_map = time.perf_counter() - t0
        wait_idle(page)
        page.locator(f'[data-testid="stDataFrame"] {cell}').wait_for(state="attached")
        visible, mirror = [], []
        slider = slider_input(page, "C1 ·")
        for i in range(changes):
            groups, score, canvas = page.evaluate(STATE_JS.replace("td#glide-cell-4-0", cell))
            slider.focus()
            t_press = page.evaluate("performance.now()")
            page.evaluate("a => { window.__done = (" + UPDATED_JS.replace(
                "td#glide-cell-4-0", cell) + ")(a); }", [t_press, groups, score, canvas])
            page.keyboard.press("PageDown" if i % 2 == 0 else "PageUp")
            marks = page.evaluate("window.__done")
            visible.append(max(marks["map"], marks["canvas"]))
            mirror.append(max(marks["map"], marks["mirror"]))
            wait_idle(page)
    finally:
        browser.close()
        proc.terminate()
        proc.wait(timeout=10)
    return start_to_map, visible, mirror


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--changes", type=int, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        # Streamlit serves ``static/`` next to the script: the floor gets the same Leaflet.
        floor_dir = Path(tmp) / "floor"
        floor_dir.mkdir()
        shutil.copy(ROOT / "benchmarks" / "floor_app.py", floor_dir / "floor_app.py")
        (floor_dir / "static").symlink_to(ROOT / "static", target_is_directory=True)
        floor = measure(p, free_port(), Path(tmp), args.changes,
                        str(floor_dir / "floor_app.py"), 2)
        app = measure(p, free_port(), Path(tmp), args.changes, None, 3)
    for name, (start, visible, mirror) in (("floor (streamlit-folium, 1 slider)", floor),
                                           ("scicity app", app)):
        print(f"{name}: server start to map drawn {start:.2f} s; slider change to updated "
              f"table and map, {len(visible)} changes: p50 {statistics.median(visible):.0f} "
              f"ms, p95 {_pct(visible, 0.95):.0f} ms, max {max(visible):.0f} ms; table text "
              f"mirror p50 {statistics.median(mirror):.0f} ms")
    ratio_slider = statistics.median(app[1]) / statistics.median(floor[1])
    ratio_first = app[0] / floor[0]
    print(f"ratio slider -> map and table p50, app / floor: {ratio_slider:.2f} "
          f"(target <= 1.5)")
    print(f"ratio first map, app / floor: {ratio_first:.2f} (target <= 1.3)")
    for name, size in payload_sizes().items():
        print(f"payload {name}: {size / 1024:.1f} KB")
    print("target: regions payload <= 250 KB")


if __name__ == "__main__":
    main()
