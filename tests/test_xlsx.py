"""The XLSX export as an office reads it: localised header row, numbers rounded to the
precision shown (full precision in a second sheet), frozen header, filter, column widths,
and the metadata and provenance sheets."""

import io

import openpyxl
import pytest

from criteria.bundled import load_bundled
from scenarios.library import load_scenario
from scicity.engine.evaluate import evaluate
from scicity.i18n import t
from scicity.io.exports import xlsx_bytes


@pytest.fixture(scope="module")
def towns():
    return evaluate(load_bundled("towns"), load_scenario("balanced"))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_ranking_sheet_is_localised_rounded_and_laid_out(towns, lang):
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(towns, lang)))
    assert wb.sheetnames == ["ranking", "ranking_full", "metadata", "provenance"]
    ws = wb["ranking"]
    head = [c.value for c in ws[1]]
    assert head[:3] == [t("col_rank", lang), t("col_id", lang), t("col_name", lang)]
    assert not [h for h in head if "_" in h], head          # no raw identifiers
    subs = [h for h in head if h[:1] == "C" and h[1:2].isdigit()]
    assert [h[:2] for h in subs] == ["C1", "C2", "C3", "C4"][:len(subs)]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == ws.dimensions
    score = head.index(t("col_score", lang)) + 1
    full = {r[1]: r[5] for r in wb["ranking_full"].iter_rows(min_row=2, values_only=True)}
    shown = {r[1]: r[score - 1] for r in ws.iter_rows(min_row=2, values_only=True)}
    ranked = [u for u, v in shown.items() if v is not None]
    assert len(ranked) >= 5  # the 3 % interval rule restricts 22 of 27 towns
    for u in ranked:
        assert shown[u] == round(full[u], 3)
        assert shown[u] == pytest.approx(full[u], abs=5e-4)
    assert any(full[u] != shown[u] for u in ranked)          # the full sheet keeps more
    assert ws.cell(2, score).number_format == "0.000"
    name_col = openpyxl.utils.get_column_letter(3)
    longest = max(len(str(c.value or "")) for (c,) in ws.iter_rows(min_col=3, max_col=3))
    assert ws.column_dimensions[name_col].width == min(60, longest + 2)
    assert wb["ranking_full"].freeze_panes == "A2"
    meta = [c for row in wb["metadata"].iter_rows(values_only=True) for c in row if c]
    assert t("weights_used_header", lang) in meta and "scenario_id" in meta
    assert wb["provenance"].max_row > 100


def test_exports_carry_the_3_percent_rule_and_what_each_sub_score_rests_on(towns):
    import pandas as pd

    from scicity.io.exports import csv_bytes, json_document

    tb = towns.table
    csv = pd.read_csv(io.BytesIO(csv_bytes(towns)), encoding="utf-8-sig", dtype=str,
                      keep_default_na=False).set_index("id")
    units = pd.DataFrame(json_document(towns)["units"]).set_index("id")
    full = pd.read_excel(io.BytesIO(xlsx_bytes(towns)), sheet_name="ranking_full",
                         dtype=str, keep_default_na=False).set_index("id")
    for frame in (csv, units, full):
        assert list(frame.loc[tb.index, "gate_state"]) == list(tb["gate_state"])
        for c in towns.criteria:
            col = list(frame.loc[tb.index, f"evidence_{c}"])
            assert col == list(tb[f"evidence_{c}"]), c
            assert set(col) <= {"direct", "context", "none"}
    # Kurchatov's C3 rests on Abai Region's figures only: the export says so
    assert csv.loc["kurchatov", "evidence_C3"] == "context"
    assert {csv.loc[u, f"evidence_{c}"] for u in tb.index for c in towns.criteria} >= {
        "direct", "context"}
    header = list(csv.columns)
    assert min(header.index(f"evidence_{c}") for c in towns.criteria) > max(
        header.index(f"sub_{c}") for c in towns.criteria)


def test_region_exports_have_no_evidence_columns():
    from scicity.io.exports import ranking_frame

    ev = evaluate(load_bundled("regions"), load_scenario("balanced"))
    frame = ranking_frame(ev)
    assert "gate_state" in frame and not [c for c in frame if c.startswith("evidence_")]


def test_stream_writer_reads_back_as_openpyxl_writes_the_same_rows():
    import pandas as pd
    from openpyxl import Workbook

    from scicity.io.xlsx_stream import Sheet, workbook_bytes

    rows: list[list[object]] = [
        ["name", "score", "flag", "n", "note"],
        ["=HYPERLINK(\"http://x\")", 0.1 + 0.2, True, 3, " leading & trailing "],
        ["Қазақстан <b>", 1e-12, False, -7, None],
        [None, 123456789.123456789, None, 2**40, "two\nlines"],
        ["@sum", None, True, 0, "tab\there"],
    ]
    formats = [None, *([[None, "0.000", None, "0", None]] * 3), None]
    ours = openpyxl.load_workbook(io.BytesIO(workbook_bytes([
        Sheet("ranking", rows, formats, {0: 27, 4: 22.5}, freeze_header=True,
              filter_ref="A1:E5"),
        Sheet("it's other", [["only"]], [None])])))
    ref = Workbook()
    ws = ref.active
    ws.title = "ranking"
    for row, fmts in zip(rows, formats, strict=True):
        ws.append(row)
        for j, f in enumerate(fmts or []):
            if f:
                ws.cell(ws.max_row, j + 1).number_format = f
    ref.create_sheet("it's other").append(["only"])
    theirs = openpyxl.load_workbook(io.BytesIO(_saved(ref)))
    assert ours.sheetnames == theirs.sheetnames == ["ranking", "it's other"]
    got, want = ours["ranking"], theirs["ranking"]
    assert list(got.iter_rows(values_only=True)) == list(want.iter_rows(values_only=True))
    for r in range(1, 6):
        for c in range(1, 6):
            a, b = got.cell(r, c), want.cell(r, c)
            if b.value is not None:   # openpyxl would store "=…" as a formula: we never do
                assert (a.number_format, a.data_type) == (
                    b.number_format, "s" if b.data_type == "f" else b.data_type), (r, c)
    assert got.cell(2, 1).data_type == "s"   # text, never a formula
    assert got.freeze_panes == "A2" and got.auto_filter.ref == "A1:E5"
    assert got.column_dimensions["A"].width == 27 and got.column_dimensions["E"].width == 22.5
    frame = pd.read_excel(io.BytesIO(workbook_bytes([Sheet("x", rows, formats)])))
    assert list(frame.columns) == rows[0] and frame.shape == (4, 5)
    assert frame.loc[0, "note"] == " leading & trailing " and frame.loc[2, "n"] == 2**40


def test_stream_writer_replaces_characters_xml_cannot_hold():
    from scicity.io.xlsx_stream import Sheet, workbook_bytes

    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes([
        Sheet("s", [["a\x00b\x07c\x0bd"]], [None])])))
    assert wb["s"]["A1"].value == "a\ufffdb\ufffdc\ufffdd"


def _saved(book) -> bytes:
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
