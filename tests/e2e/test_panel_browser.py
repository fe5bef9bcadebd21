"""End-to-end expert panel in headless Chromium, on SQLite and on PostgreSQL: the
facilitator creates a panel, two experts judge through their links, the third by the
XLSX template, the facilitator aggregates, sees consensus and disagreement, opens round 2
(where an expert sees the anonymous group judgement) and ranks with the group weights."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from scicity.panel import db, service, workbook
from tests import panel_fixtures
from tests.e2e.helpers import wait_idle

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 60_000  # the test machine is shared; Streamlit reruns can take seconds under load
pg_server = panel_fixtures.pg_server


@pytest.fixture(params=["sqlite", "postgresql"])
def panel_app(request, tmp_path) -> Iterator[tuple[str, str]]:
    """An app server whose panel database is fresh; yields (base address, database URL)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'data' / 'panel.sqlite'}"
    else:
        url = panel_fixtures.fresh_pg_database(request.getfixturevalue("pg_server"))
    port = panel_fixtures.free_port()
    env = {**os.environ, "SCICITY_DATABASE_URL": url,
           "SCICITY_SCENARIO_DIR": str(tmp_path / "scenarios")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "scicity.cli.serve", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("the app server did not start")
            time.sleep(0.2)
    yield base, url
    proc.terminate()
    proc.wait(timeout=10)
    db.dispose_all()


def _judge(page: Page, link: str, moves: list[tuple[int, str, int]]) -> None:
    page.goto(link + "&lang=en")
    wait_idle(page)
    expect(page.get_by_text("round 1 of 2")).to_be_visible(timeout=WAIT_MS)
    sliders = page.locator('[data-testid="stSlider"] input[type=range]')
    expect(sliders).to_have_count(6, timeout=WAIT_MS)   # all six drawn, not just the first
    for k, key, times in moves:
        sliders.nth(k).focus()
        for _ in range(times):
            page.keyboard.press(key)
        wait_idle(page)
        expect(page.get_by_text("Draft saved")).to_be_visible(timeout=WAIT_MS)
    page.get_by_label("Comment (optional)").fill("judged in the browser")
    page.get_by_role("button", name="Submit round 1").click()
    expect(page.get_by_text("Round 1 submitted. Thank you.")).to_be_visible(timeout=WAIT_MS)


def test_panel_end_to_end(panel_app, page: Page, tmp_path):
    base, url = panel_app
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{base}/?panel_admin=1")
    wait_idle(page)
    page.get_by_role("tab", name="Create a panel").click()
    page.get_by_label("Panel name").fill("Science city weights 2026")
    page.get_by_label("Experts, one per line").fill(
        "Expert A; Ministry; 1\nExpert B; Academy; 1\nExpert C; Akimat; 1")
    page.get_by_role("button", name="Create panel").click()
    expect(page.get_by_text("Panel created.")).to_be_visible(timeout=WAIT_MS)
    page.locator("pre").nth(3).wait_for()
    codes = page.locator("pre").all_inner_texts()
    secret = codes[0].strip()
    links = [c.strip() for c in codes[1:]]
    assert len(links) == 3 and all("?panel_token=" in x for x in links)

    expert = page.context.new_page()
    expert.set_default_timeout(WAIT_MS)
    _judge(expert, links[0], [(0, "ArrowRight", 2), (1, "ArrowRight", 4)])
    _judge(expert, links[1], [(0, "ArrowRight", 1), (2, "ArrowRight", 2)])
    # a wrong link sees nothing of the panel
    expert.goto(links[0][:-4] + "AAAA")
    wait_idle(expert)
    expect(expert.get_by_text("This link is not valid.")).to_be_visible(timeout=WAIT_MS)
    assert expert.locator('[data-testid="stSlider"]').count() == 0
    assert "Science city" not in expert.content()

    page.goto(f"{base}/?panel_admin=1")
    wait_idle(page)
    page.get_by_label("Facilitator secret").fill(secret)
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_text("Science city weights 2026")).to_be_visible(timeout=WAIT_MS)
    page.get_by_text("Offline experts: XLSX template").click()
    with page.expect_download(timeout=30_000) as dl:
        page.get_by_role("button", name="Download the template").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()))
    sheet = next(ws for ws in book.worksheets if "Expert C" in ws.title)
    for k, v in enumerate([3, 5, 3, 2, 1, "1/2"]):
        sheet.cell(row=workbook.FIRST_ROW + k, column=4, value=v)
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(filled))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("Imported and submitted: Expert C")).to_be_visible(timeout=WAIT_MS)

    expect(page.get_by_text("Group result — round 1, 3 experts")).to_be_visible(timeout=WAIT_MS)
    with db.session(url) as s:
        o = service.aggregate(s, secret)
    rows = o.nodes["criteria"].individual
    assert len({tuple(r.round(6)) for r in rows}) == 3  # the slider moves were saved
    consensus = page.locator("[data-testid=stMetric]").filter(has_text="AHP consensus S*")
    expect(consensus).to_contain_text(f"{o.consensus:.1%}", timeout=WAIT_MS)
    expect(page.get_by_text("Disagreement per pair")).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_text("Experts furthest from the group").first).to_be_visible(
        timeout=WAIT_MS)
    expect(page.get_by_text("Ranking with the panel's weights")).to_be_visible(timeout=WAIT_MS)
    assert page.locator("[data-testid=stVegaLiteChart]").count() >= 1

    page.get_by_role("button", name="Open round 2").click()
    expect(page.get_by_text("round 2 of 2")).to_be_visible(timeout=WAIT_MS)
    expert.goto(links[0] + "&lang=en")
    wait_idle(expert)
    expect(expert.get_by_text("round 2 of 2")).to_be_visible(timeout=WAIT_MS)
    expect(expert.get_by_text("group in round 1:").first).to_be_visible(timeout=WAIT_MS)
    expect(expert.get_by_text("Expert B")).to_have_count(0, timeout=WAIT_MS)
