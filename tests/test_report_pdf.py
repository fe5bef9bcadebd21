"""The printable report printed to PDF by headless Chromium: page numbers on every page,
the ranking's header repeated, no table row and no legend split across pages, numbers
right-aligned. Needs Chromium and poppler-utils (``pdftotext``), as scripts/test.sh
installs them."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from criteria.bundled import load_bundled
from scenarios.library import load_scenario
from scicity.engine.evaluate import evaluate
from scicity.i18n import t
from scicity.view import mapview
from scicity.view.ranking import ranking_rows
from scicity.view.report import report_html

CHROMIUM = os.environ.get("SCICITY_CHROMIUM", "/usr/bin/chromium")


def _squash(text: str) -> str:
    return "".join(text.split())


def _print_pdf(tmp_path: Path, html: str) -> list[str]:
    """The text of each printed page."""
    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}"
    assert shutil.which("pdftotext"), "pdftotext missing: apt-get install poppler-utils"
    src, pdf = tmp_path / "report.html", tmp_path / "report.pdf"
    src.write_text(html, encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", src.as_uri()],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [p for p in text.split("\f") if p.strip()]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    ev = evaluate(load_bundled("towns"), load_scenario("balanced"))
    html = report_html(ev, "ru")
    return ev, html, _print_pdf(tmp_path_factory.mktemp("pdf"), html)


def test_every_page_is_numbered(printed):
    _, _, pages = printed
    assert len(pages) >= 3
    for i, page in enumerate(pages, start=1):
        assert f"{t('report_page', 'ru')} {i} / {len(pages)}" in page, i


def test_no_ranking_row_is_split_and_the_header_repeats(printed):
    ev, _, pages = printed
    rows = ranking_rows(ev, "ru").drop(columns="flags")
    words = {uid: set(" ".join(map(str, r)).split()) for uid, r in rows.iterrows()}
    squashed = [_squash(p) for p in pages]
    table_pages = set()
    for uid in rows.index:
        page = [i for i, p in enumerate(pages) if re.search(rf"(?m)^\s*\S+\s+{uid}\s", p)]
        assert len(page) == 1, (uid, page)
        table_pages.add(page[0])
        others = set().union(*(w for u, w in words.items() if u != uid))
        for word in words[uid] - others:   # words only this row has: all on its page
            for part in word.split("-"):   # a cell may wrap after a hyphen
                assert part in squashed[page[0]], (uid, word)
    assert len(table_pages) >= 2
    for i in table_pages:
        assert t("col_name", "ru") in pages[i] and t("col_gate", "ru") in pages[i]


def test_the_legend_is_on_one_page_and_numbers_are_right_aligned(printed):
    ev, html, pages = printed
    ranked = ev.table.loc[ev.table["status"] == "ranked", "score"]
    labels = [label for _, label in mapview.classify(ranked, ev.ascending).legend("ru")]
    holding = [i for i, p in enumerate(pages) if all(_squash(x) in _squash(p) for x in labels)]
    assert len(holding) == 1
    assert re.search(r"td\.num[^{]*\{[^}]*text-align: right", html)
    assert '<td class="num score">' in html and "break-inside: avoid" in html
