"""App benchmark in a real browser: server start to map drawn, slider change to updated
table and map (p50, p95 over N changes), each measured for the app and for a floor app
(``benchmarks/floor_app.py``: the same 20 polygons, local Leaflet, ``feature_group_to_add``,
one slider) in the same run, with the ratios; and the size of the map payload.

With ``--towns N`` (issue 16) the case is a user upload of N synthetic towns
(``bench_large.make_upload``, seeded; test data for speed only): the app is started,
switched to the town layer, given the file through its uploader, and timed from the
upload to the N points drawn, then per slider change. The floor draws the same N points
(canvas circle markers, no tooltips) next to an N-row table. ``--baseline REV`` also times
the app of a git revision (extracted with ``git archive``) on the same file in the same
run, with ``--baseline-changes`` slider changes (an old revision can take a minute each).

Run: python benchmarks/bench_app.py [--changes 30] [--towns 10000 [--baseline main]].
Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    start_server,
)
from tests.e2e.helpers import (  # noqa: E402
    map_frame,
    slider_input,
    switch_layer,
    wait_idle,
    wait_points,
)
from tests.e2e.helpers import upload as give_file  # noqa: E402

#: Resolves, after a slider change, with the times (ms since ``t0``) at which the map has
#: a new feature group (streamlit-folium pushes one per update), the table's canvas shows
#: new pixels (what the user sees), and the table's accessible cell mirror has new text
#: in its first cells (Glide grid updates that mirror lazily, so it is reported apart).
#: When the rows in view do not change (many towns tied at the top), the table's marks are
#: the end of the app's run that sent the new table (``done``). Gives up after ``limit`` ms.
#: Checks every 40 ms (reading the table's canvas on every frame took a core of its own).
UPDATED_JS = """([t0, groups, text, canvas, limit]) => new Promise(resolve => {
  const marks = {};
  const check = () => {
    const now = performance.now() - t0;
    const w = document.querySelector('iframe').contentWindow;
    const grid = document.querySelector('[data-testid="stDataFrame"]');
    const cells = Array.from(grid.querySelectorAll('td')).slice(0, 60)
      .map(c => c.textContent).join('|');
    const cv = marks.canvas ? canvas : grid.querySelector('canvas').toDataURL();
    const state = document.querySelector('[data-testid=stApp]')
      .getAttribute('data-test-script-state');
    if (!marks.ran && state === 'running') marks.ran = now;
    if (marks.ran && !marks.done && state === 'notRunning') marks.done = now;
    if (!marks.map && w.feature_group && w.feature_group.length > groups) marks.map = now;
    if (!marks.canvas && cv !== canvas) marks.canvas = now;
    if (!marks.mirror && cells !== text) marks.mirror = now;
    if ((marks.map && (marks.canvas || marks.done) && (marks.mirror || marks.done))
        || now > limit) resolve(marks);
    else setTimeout(check, 40);
  };
  check();
})"""
STATE_JS = """() => [document.querySelector('iframe').contentWindow.feature_group.length,
  Array.from(document.querySelectorAll('[data-testid="stDataFrame"] td')).slice(0, 60)
    .map(c => c.textContent).join('|'),
  document.querySelector('[data-testid="stDataFrame"] canvas').toDataURL()]"""


def _pct(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, round(q * (len(v) - 1)))]


def payload_sizes(upload: Path | None = None) -> dict[str, int]:
    """Bytes of what st_folium sends for the regions and towns layers (and for the
    uploaded towns file, if any)."""
    from streamlit_folium import _get_feature_group_string, _get_map_string

    from criteria.bundled import load_bundled
    from criteria.model import load_catalogue
    from scenarios.library import load_scenario
    from scicity.app.maplabels import add_labels
    from scicity.engine.evaluate import evaluate
    from scicity.io.uploads import read_upload
    from scicity.view import mapview

    cat = load_catalogue()
    cases = [("regions", load_bundled("regions")), ("towns", load_bundled("towns"))]
    if upload is not None:
        ds, _ = read_upload(upload.name, upload.read_bytes(), "towns", cat)
        assert ds is not None
        cases.append((f"{len(ds.units)} uploaded towns", ds))
    out = {}
    for name, ds in cases:
        ev = evaluate(ds, load_scenario("balanced", cat), cat)
        classes = mapview.classify(ev.table.loc[ev.table["status"] == "ranked", "score"],
                                   ev.ascending)
        fn = mapview.region_layer if ev.layer == "regions" else mapview.town_layer
        fg = fn(ev, "en", {c: c for c in ev.criteria}, classes)
        add_labels(fg, ev, "en", None)
        m = mapview.base_map()
        m.get_root().render()
        out[f"{name}: map script"] = len(_get_map_string(m).encode())
        out[f"{name}: ranked layer"] = len(_get_feature_group_string(fg, m).encode())
    return out


def measure(p, port: int, tmp: Path, changes: int, script: str | None,
            cwd: Path = ROOT, upload: Path | None = None, n_points: int = 0,
            env: dict[str, str] | None = None, timeout_s: float = 120,
            slider_label: str = "C1 ·") -> tuple[float, float | None, list[float], list[float]]:
    """Server start to first map drawn (s); with ``upload``, the upload (town layer) to
    its ``n_points`` drawn (s), else None; and per slider change the ms to the new map
    and table canvas (``visible``) and to the table's text mirror (``mirror``). Without
    ``upload`` but with ``n_points`` the first map must hold that many points. The slider
    moved is the one labelled ``slider_label`` (on the synthetic towns C1 and C3 have no
    data, so the app's town case moves C2)."""
    browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    page.set_default_timeout(timeout_s * 1000)
    t0 = time.perf_counter()
    proc = start_server(port, tmp, script, cwd=cwd, env=env, wait_s=90)
    try:
        page.goto(f"http://127.0.0.1:{port}")
        map_frame(page, timeout_ms=timeout_s * 1000)
        if n_points and upload is None:
            wait_points(page, n_points, timeout_s * 1000)
        start_to_map = time.perf_counter() - t0
        wait_idle(page, timeout_s * 1000)
        to_points = None
        if upload is not None:
            switch_layer(page, 1)
            t1 = time.perf_counter()
            give_file(page, str(upload))
            wait_points(page, n_points, timeout_s * 1000)
            to_points = time.perf_counter() - t1
            wait_idle(page, timeout_s * 1000)
        page.locator('[data-testid="stDataFrame"] td').first.wait_for(state="attached")
        visible, mirror = [], []
        slider = slider_input(page, slider_label)
        for i in range(changes):
            groups, text, canvas = page.evaluate(STATE_JS)
            slider.focus()
            t_press = page.evaluate("performance.now()")
            page.evaluate("a => { window.__done = (" + UPDATED_JS + ")(a); }",
                          [t_press, groups, text, canvas, timeout_s * 1000])
            page.keyboard.press("PageDown" if i % 2 == 0 else "PageUp")
            marks = page.evaluate("window.__done")
            if "map" not in marks or not ({"canvas", "done"} & set(marks)):
                raise RuntimeError(f"no update within {timeout_s} s after slider change {i}: "
                                   f"{marks}")
            visible.append(max(marks["map"], marks.get("canvas", marks.get("done", 0))))
            mirror.append(max(marks["map"], marks.get("mirror", marks.get("done", 0))))
            wait_idle(page, timeout_s * 1000)
    finally:
        browser.close()
        proc.terminate()
        proc.wait(timeout=10)
    return start_to_map, to_points, visible, mirror


def extract(rev: str, dest: Path) -> Path:
    """The tree of git revision ``rev`` unpacked in ``dest``."""
    data = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def report(name: str, res: tuple[float, float | None, list[float], list[float]]) -> None:
    start, upload, visible, mirror = res
    text = f"{name}: server start to map drawn {start:.2f} s; "
    if upload is not None:
        text += f"upload to all points drawn {upload:.2f} s; "
    print(text + f"slider change to updated table and map, {len(visible)} changes: p50 "
          f"{statistics.median(visible):.0f} ms, p95 {_pct(visible, 0.95):.0f} ms, max "
          f"{max(visible):.0f} ms; table text mirror p50 {statistics.median(mirror):.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--changes", type=int, default=30)
    ap.add_argument("--towns", type=int, default=0,
                    help="upload this many synthetic towns (0: the bundled regions)")
    ap.add_argument("--baseline", default="none",
                    help="with --towns: also time the app of this git revision")
    ap.add_argument("--baseline-changes", type=int, default=3)
    args = ap.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp_name, sync_playwright() as p:
        tmp = Path(tmp_name)
        # Streamlit serves ``static/`` next to the script: the floor gets the same Leaflet.
        floor_dir = tmp / "floor"
        floor_dir.mkdir()
        shutil.copy(ROOT / "benchmarks" / "floor_app.py", floor_dir / "floor_app.py")
        (floor_dir / "static").symlink_to(ROOT / "static", target_is_directory=True)
        upload = None
        results = {}
        if args.towns:
            import bench_large

            upload = tmp / f"towns{args.towns}.csv"
            bench_large.make_upload(upload, args.towns)
            floor_env = {"SCICITY_FLOOR_TOWNS": str(upload)}
            results["floor (same points on canvas, 1 slider)"] = measure(
                p, free_port(), tmp, args.changes, str(floor_dir / "floor_app.py"),
                n_points=args.towns, env=floor_env)
            results["scicity app"] = measure(p, free_port(), tmp, args.changes, None,
                                             upload=upload, n_points=args.towns,
                                             slider_label="C2 ·")
            if args.baseline != "none":
                base = extract(args.baseline, tmp / "baseline")
                results[f"scicity app at {args.baseline}"] = measure(
                    p, free_port(), tmp, args.baseline_changes, None, cwd=base,
                    upload=upload, n_points=args.towns, timeout_s=300, slider_label="C2 ·")
        else:
            results["floor (streamlit-folium, 1 slider)"] = measure(
                p, free_port(), tmp, args.changes, str(floor_dir / "floor_app.py"))
            results["scicity app"] = measure(p, free_port(), tmp, args.changes, None)
        for name, res in results.items():
            report(name, res)
        floor, app = list(results.values())[:2]
        print(f"ratio slider -> map and table p50, app / floor: "
              f"{statistics.median(app[2]) / statistics.median(floor[2]):.2f} "
              f"(target <= 1.5)")
        if args.towns:
            print(f"target: slider -> map and table p50 <= 1500 ms with {args.towns} "
                  f"points (measured {statistics.median(app[2]):.0f} ms)")
            if len(results) > 2:
                base_res = list(results.values())[2]
                print(f"ratio {args.baseline} / this tree: upload to points drawn "
                      f"{base_res[1] / app[1]:.1f}; slider p50 "
                      f"{statistics.median(base_res[2]) / statistics.median(app[2]):.1f}")
        else:
            print(f"ratio first map, app / floor: {app[0] / floor[0]:.2f} (target <= 1.3)")
        for name, size in payload_sizes(upload).items():
            print(f"payload {name}: {size / 1024:.1f} KB")
    if not args.towns:
        print("target: regions payload <= 250 KB")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
