"""End-to-end (issue 16, item 9): the Compare page given a scenario for the other layer
says in words that these cannot be compared on this layer; fixed goalposts on an upload
with a constant column compare (the column skipped) — never a traceback."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.helpers import map_frame, wait_idle


def _open_compare(page: Page, server: str) -> None:
    page.goto(server)
    map_frame(page, timeout_ms=60_000)
    wait_idle(page)
    page.get_by_role("link", name="Compare scenarios").click()
    wait_idle(page, 60_000)


def _choose_b(page: Page, option: str) -> None:
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').nth(1).click()
    page.get_by_role("option", name=option).click()
    wait_idle(page, 60_000)


def test_compare_with_a_scenario_for_the_other_layer(page: Page, server: str,
                                                     scenario_dir: Path):
    path = scenario_dir / "towns_only_e2e.toml"
    path.write_text('name = "Towns only e2e"\nlayer = "towns"\n[weights.criteria]\n'
                    "C1 = 1\nC2 = 1\nC3 = 1\nC4 = 1\n", encoding="utf-8")
    try:
        _open_compare(page, server)
        _choose_b(page, "Towns only e2e")
        expect(page.get_by_text("These two scenarios cannot be compared on this layer:",
                                exact=False)).to_be_visible()
        body = page.locator("body").inner_text()
        assert "towns" in body.split("cannot be compared on this layer:")[1][:200]
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        path.unlink()


def test_compare_goalposts_on_an_upload_with_a_constant_column(page: Page, server: str,
                                                               tmp_path: Path):
    csv = tmp_path / "constant.csv"
    csv.write_text("id,name_en,rd_staff,researchers_per_mln,rd_expenditure,grp,population\n"
                   "KZ-10,Abai,1394,946,7.0,3189.5,610189\n"
                   "KZ-11,Akmola,1394,639,4.5,4093.9,787971\n"
                   "KZ-15,Aktobe,1394,700,5.0,5000.0,1400000\n", encoding="utf-8")
    page.goto(server)
    map_frame(page, timeout_ms=60_000)
    wait_idle(page)
    page.get_by_text("Your own data").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(csv))
    expect(page.get_by_text("Ranking your file constant.csv (3 rows).")).to_be_visible(
        timeout=15_000)
    page.get_by_role("link", name="Compare scenarios").click()
    wait_idle(page, 60_000)
    _choose_b(page, "Balanced, fixed goalposts")
    assert page.locator('[data-testid="stException"]').count() == 0
    # compared: the constant R&D staff column is skipped (with a note) under both
    # scenarios, and the three regions are ranked under A and B
    grid = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').first
    expect(grid).to_be_visible()
    for name in ("Abai", "Akmola", "Aktobe"):   # the grid fills its cell mirror lazily
        expect(grid.locator("td").filter(has_text=name).first).to_be_attached(
            timeout=30_000)
