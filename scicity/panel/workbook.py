"""The XLSX template for experts who work offline, one sheet per expert, and its import.

Each sheet holds the expert's id and name (cells B2, B1), a comment cell (B5) and, from
row 8, one row per judgement: node, element A, element B and the value (column D) --
how many times A is more important than B on Saaty's scale (1..9, or 1/2..1/9 written
as a fraction or a decimal). With direct weights a row is node, element, points.
Reading collects every problem with its sheet and cell before anything is stored.
"""

from __future__ import annotations

import io
import re
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from scicity.panel.service import PanelError, PanelStatus

MAX_BYTES = 5_000_000
FIRST_ROW = 8
_FRACTION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*$")


def template_bytes(st: PanelStatus, expert_ids: list[int] | None = None) -> bytes:
    """The template for the panel's current round (all experts, or ``expert_ids``)."""
    wb = Workbook()
    wb.remove(wb.active)
    for ex in st.experts:
        if expert_ids is not None and ex.id not in expert_ids:
            continue
        ws = wb.create_sheet(_title(ex.id, ex.name))
        for r, (k, v) in enumerate((("Expert", ex.name), ("Expert id", ex.id),
                                    ("Panel", st.name), ("Round", st.round),
                                    ("Comment", "")), start=1):
            _put(ws, r, 1, k)
            _put(ws, r, 2, v)
        if st.input_mode == "pairwise":
            _put(ws, 6, 1, "Value: how many times A is more important than B "
                 "(1 = equal, 3, 5, 7, 9; 1/3 .. 1/9 when B is more important)")
            head = ("Node", "A", "B", "Value")
        else:
            _put(ws, 6, 1, "Points: any positive numbers; only their proportions count")
            head = ("Node", "Element", "", "Points")
        for c, h in enumerate(head, start=1):
            _put(ws, 7, c, h)
        row = FIRST_ROW
        for node, ids in st.hierarchy.items():
            pairs = ([(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]
                     if st.input_mode == "pairwise" else [(a, "") for a in ids])
            for a, b in pairs:
                _put(ws, row, 1, node)
                _put(ws, row, 2, a)
                _put(ws, row, 3, b)
                row += 1
        ws.column_dimensions["A"].width = 14
        ws.column_dimensions["B"].width = 28
        ws.column_dimensions["C"].width = 28
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_template(data: bytes, st: PanelStatus, name: str = "workbook"
                  ) -> tuple[dict[int, dict[str, dict[str, Any]]], dict[int, str]]:
    """``({expert id: {node: entry}}, {expert id: comment})`` from filled sheets.

    Sheets left completely empty are skipped; anything else wrong raises PanelError
    listing each problem as ``sheet 'name', cell X9``.
    """
    if len(data) > MAX_BYTES:
        raise PanelError([("", f"{len(data)} bytes exceed the {MAX_BYTES} byte limit")], name)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise PanelError([("", f"not a readable XLSX workbook ({type(exc).__name__})")],
                         name) from None
    experts = {e.id: e for e in st.experts}
    problems: list[tuple[str, str]] = []
    entries: dict[int, dict[str, dict[str, Any]]] = {}
    comments: dict[int, str] = {}
    for ws in wb.worksheets:
        where = f"sheet {ws.title!r}"
        rows = list(ws.iter_rows(min_row=1, max_row=FIRST_ROW + 400, max_col=4,
                                 values_only=True))
        eid = rows[1][1] if len(rows) > 1 and len(rows[1]) > 1 else None
        if not isinstance(eid, int) or eid not in experts:
            problems.append((f"{where}, cell B2", f"{eid!r} is not an expert id of this panel"))
            continue
        got = _sheet_entries(rows, st, where, problems)
        if got is None:
            continue
        entries[eid] = got
        comment = rows[4][1] if len(rows) > 4 and len(rows[4]) > 1 else None
        comments[eid] = "" if comment is None else str(comment)
    wb.close()
    if problems:
        raise PanelError(problems, name)
    if not entries:
        raise PanelError([("", "no sheet has any filled value")], name)
    return entries, comments


def _sheet_entries(rows: list[tuple[Any, ...]], st: PanelStatus, where: str,
                   problems: list[tuple[str, str]]) -> dict[str, dict[str, Any]] | None:
    pairwise = st.input_mode == "pairwise"
    expected = [(node, a, b) for node, ids in st.hierarchy.items()
                for a, b in ([(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]
                             if pairwise else [(a, None) for a in ids])]
    body = rows[FIRST_ROW - 1:FIRST_ROW - 1 + len(expected)]
    values = [r[3] if len(r) > 3 else None for r in body]
    if all(v is None for v in values):
        return None  # an expert who answered online leaves the sheet empty
    before = len(problems)
    out: dict[str, dict[str, Any]] = {node: {"order": ids, ("upper" if pairwise else
                                                           "weights"): []}
                                      for node, ids in st.hierarchy.items()}
    for k, (node, a, b) in enumerate(expected):
        r = FIRST_ROW + k
        row = body[k] if k < len(body) else ()
        got = tuple(row[:3]) if row else ()
        want = (node, a, b if pairwise else None)
        if tuple(None if x in ("", None) else x for x in got) != want:
            problems.append((f"{where}, row {r}", f"expected {node} / {a}"
                             + (f" / {b}" if pairwise else "") + "; the rows were changed"))
            continue
        x = parse_value(row[3] if len(row) > 3 else None)
        place = f"{where}, cell D{r}"
        if x is None:
            problems.append((place, f"{row[3]!r} is not a number" if row[3] is not None
                             else "missing value"))
        elif pairwise and not (1 / 9 - 1e-3 <= x <= 9 + 1e-9):
            problems.append((place, f"{row[3]!r} is outside Saaty's scale 1/9 .. 9"))
        elif not pairwise and x <= 0:
            problems.append((place, f"{row[3]!r} must be a positive number of points"))
        else:
            out[node]["upper" if pairwise else "weights"].append(
                max(x, 1 / 9) if pairwise else x)
    return out if len(problems) == before else None


def parse_value(v: object) -> float | None:
    """A number from a cell: numeric, decimal text, or a fraction such as ``1/3``."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, str):
        m = _FRACTION.match(v)
        if m:
            den = float(m.group(2))
            return float(m.group(1)) / den if den else None
        try:
            return float(v.strip().replace(",", "."))
        except ValueError:
            return None
    return None


def _title(eid: int, name: str) -> str:
    clean = re.sub(r"[\[\]:*?/\\']", " ", name).strip()
    return f"{eid} {clean}"[:31]


def _put(ws: Worksheet, row: int, col: int, value: object) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    if cell.data_type == "f":  # text starting with '=' stays text, never a formula
        cell.data_type = "s"
