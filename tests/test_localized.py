"""Kazakh and Russian views carry no raw identifier and no English: the printable report
(its robustness part with the data's uncertainty, tied groups and the figures to request
first), the CLI text and the XLSX headers, for regions and towns (issue 11, item 5;
issue 10)."""

import html
import io
import re

import openpyxl
import pytest

from criteria.bundled import load_bundled
from scenarios.library import load_scenario
from scicity.cli.main import format_evaluation
from scicity.engine.evaluate import evaluate
from scicity.engine.robustness import robustness
from scicity.i18n import t
from scicity.io.exports import xlsx_bytes
from scicity.view.report import report_html

#: Latin words a Kazakh or Russian reader may see: method names, criterion codes, the
#: literature cited, the tool's name and the print shortcut.
ALLOWED = {"C", "Ctrl", "P", "PDF", "TOPSIS", "VIKOR", "PROMETHEE", "II", "SMAA",
           "Lahdelma", "Salminen", "scicity", "Q", "v"}


def _latin(text: str, ids) -> set[str]:
    for uid in sorted(ids, key=len, reverse=True):   # unit codes are shown as codes
        text = text.replace(uid, " ")
    return set(re.findall(r"[A-Za-z][A-Za-z_]*", text)) - ALLOWED


@pytest.fixture(scope="module", params=["regions", "towns"])
def evaluation(request):
    ds = load_bundled(request.param)
    ev = evaluate(ds, load_scenario("concept_emphasis"))
    return ev, robustness(ev, samples=500, seed=0, method_samples=0, data=ds)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_report_cli_and_xlsx_speak_the_language(evaluation, lang):
    ev, res = evaluation
    doc = report_html(ev, lang, res)
    body = doc.split("<body>")[1]
    body = body[:body.rindex("<h2>")]          # the sources keep their own titles
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    assert t("report_voi", lang) in text and t("col_tied", lang, level=0.9) in text
    codes = [*ev.table.index, *ev.sources.index]     # source codes point to the list
    assert _latin(text, codes) == set()
    cli = format_evaluation(ev, lang)
    assert _latin(cli[:cli.rindex("\n\n")], codes) == set()   # a caveat cites sources
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(ev, lang)))
    head = " ".join(str(c.value) for c in wb["ranking"][1])
    assert _latin(head, ()) == set()
    cells = " ".join(str(c) for row in wb["ranking"].iter_rows(min_row=2, values_only=True)
                     for c in row if isinstance(c, str))
    assert _latin(cells, ev.table.index) == set()


def test_the_same_views_in_english_are_english(evaluation):
    ev, _ = evaluation
    assert {"score", "rule"} <= _latin(format_evaluation(ev, "en"), ev.table.index)


def test_map_popups_and_legend_use_the_language_numbers(evaluation):
    ev, _ = evaluation
    from scicity.view import mapview
    from scicity.view.ranking import SCORE_DIGITS

    first = ev.table.index[0]
    score = ev.table.loc[first, "score"]
    pop = mapview.popup_html(ev, first, "ru")
    assert f"Оценка: {score:.{SCORE_DIGITS}f}".replace(".", ",") in pop
    assert _latin(re.sub(r"<[^>]+>", " ", pop), ev.table.index) == set()
    classes = mapview.classify(ev.table.loc[ev.table["status"] == "ranked", "score"],
                               ev.ascending)
    legend = mapview.legend_html(classes, "kk", ev.layer == "towns")
    assert "Фишер–Дженкс" in legend and "," in legend.split("</b>")[1]
