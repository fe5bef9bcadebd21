"""The ranking as a spreadsheet reader sees it: localised headers, numbers rounded to the
precision the app shows (kept as numbers, so they sort and filter), and the sheet's
layout — frozen header row, filter, column widths, number formats.

Sheets are written with openpyxl's write-only (streaming) workbook: a 10,000-unit layer
has about a million cells, which a normal workbook builds as objects, styles afterwards
and then serialises (18 s and 700 MB before).
"""

from __future__ import annotations

import math
from datetime import date, time, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from scicity.engine.evaluate import Evaluation
from scicity.i18n import is_missing, t
from scicity.view.ranking import (
    SCORE_DIGITS,
    SHARE_DIGITS,
    SUB_DIGITS,
    criteria_order,
    criterion_label,
    labels,
    ranking_rows,
)

#: Widest column, in characters.
MAX_WIDTH = 60


def _fmt(digits: int, pct: bool = False) -> str:
    return ("0" + ("." + "0" * digits if digits else "")) + ("%" if pct else "")


def ranking_sheet(ev: Evaluation, lang: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The ranking sheet's table (headers in ``lang``) and the Excel number format of each
    numeric column, by header."""
    tb = ev.table
    rows = ranking_rows(ev, lang)
    head = labels(ev, lang)
    out = pd.DataFrame({
        head["rank"]: tb["rank"].astype("Float64").round(0).astype("Int64"),
        head["id"]: list(tb.index),
        head["name"]: list(rows["name"]),
    }, index=tb.index)
    if "region" in rows:
        out[head["region"]] = rows["region"]
    out[head["score"]] = tb["score"].astype(float).round(SCORE_DIGITS)
    formats = {head["score"]: _fmt(SCORE_DIGITS)}
    for c in criteria_order(ev):
        out[criterion_label(c, lang)] = tb[f"sub_{c}"].astype(float).round(SUB_DIGITS)
        formats[criterion_label(c, lang)] = _fmt(SUB_DIGITS)
    out[head["gate"]] = [t(f"state_{s}", lang) for s in tb["gate_state"]]
    share = t("col_share_ratio", lang)
    out[share] = tb["gate_share"].astype(float).round(SHARE_DIGITS + 2)
    formats[share] = _fmt(SHARE_DIGITS, pct=True)
    for key, col in (("col_share_low", "gate_share_low"), ("col_share_high", "gate_share_high")):
        if col in tb:   # the 3 % rule's share interval, as shown in the app
            out[t(key, lang)] = tb[col].astype(float).round(SHARE_DIGITS + 2)
            formats[t(key, lang)] = _fmt(SHARE_DIGITS, pct=True)
    if "gate_decider" in tb:   # researchers that would settle an undetermined rule
        out[t("col_gate_decider", lang)] = tb["gate_decider"].astype(float).round(0)
        formats[t("col_gate_decider", lang)] = _fmt(0)
    out[head["flags"]] = rows["flags"]
    out[head["status"]] = rows["status"]
    return out.reset_index(drop=True), formats


#: One block of a sheet: an optional title row above the table, and the table.
Block = tuple[str | None, pd.DataFrame]


def cell_value(value: object) -> object:
    """A table value as pandas' ``to_excel`` writes it: a gap as an empty cell (None),
    infinity as the text ``inf``/``-inf``, numpy numbers as Python numbers, anything
    else that is not a number or text as its text."""
    if is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        x = float(value)
        return x if math.isfinite(x) else ("inf" if x > 0 else "-inf")
    if isinstance(value, Decimal | date | time | timedelta):
        return value
    return str(value)


def _column_values(column: pd.Series) -> list[object]:
    """``cell_value`` of every value of a column (numeric columns without a call per
    value)."""
    if pd.api.types.is_float_dtype(column.dtype) and isinstance(column.dtype, np.dtype):
        return [None if x != x else x if math.isfinite(x) else ("inf" if x > 0 else "-inf")
                for x in column.tolist()]
    if (pd.api.types.is_integer_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype)
            ) and isinstance(column.dtype, np.dtype):
        return column.tolist()
    return [cell_value(v) for v in column.tolist()]


def _width(value: object) -> int:
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_sheet(book: Workbook, title: str, blocks: list[Block], formats: dict[str, str],
                table: bool) -> None:
    """Append a sheet to the write-only workbook ``book``: each block's title row (if
    any), its header row and its rows, with one empty row between blocks; text is
    stored as text (never as a formula); columns fitted to their widest text (at most
    ``MAX_WIDTH`` characters); for a ``table`` sheet (one block) the header row frozen
    and a filter over the table; ``formats`` (header → Excel number format) applied to
    the data cells of those columns."""
    ws = book.create_sheet(title)
    rows: list[list[object]] = []
    row_formats: list[list[str | None] | None] = []   # per data row, per column
    for k, (head, frame) in enumerate(blocks):
        lead: list[list[object]] = ([[]] if k else []) + ([[head]] if head is not None else [])
        rows += [*lead, [cell_value(c) for c in frame.columns]]
        row_formats += [None] * (len(lead) + 1)
        fmts = [formats.get(str(c)) for c in frame.columns]
        columns = [_column_values(frame.iloc[:, j]) for j in range(frame.shape[1])]
        rows += ([list(r) for r in zip(*columns, strict=True)] if columns
                 else [[] for _ in range(len(frame))])
        row_formats += [fmts if any(fmts) else None] * len(frame)
    widths: dict[int, int] = {}
    for row in rows:
        for j, v in enumerate(row):
            if v is not None:
                widths[j] = max(widths.get(j, 0), _width(v))
    for j, n in sorted(widths.items()):
        ws.column_dimensions[get_column_letter(j + 1)].width = min(MAX_WIDTH, n + 2)
    if table and rows:
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(rows[0])))}{len(rows)}"
    for row, row_fmts in zip(rows, row_formats, strict=True):
        ws.append([_cell(ws, v, None if row_fmts is None else row_fmts[j])
                   for j, v in enumerate(row)])


def _cell(ws: WriteOnlyWorksheet, value: object, fmt: str | None) -> object:
    """``value`` as appended to a write-only sheet: a cell object where it needs a
    number format, or where openpyxl would read text starting with ``=`` as a formula
    (a name such as ``=HYPERLINK(...)`` from a user file must stay text)."""
    is_formula = isinstance(value, str) and len(value) > 1 and value.startswith("=")
    if value is None or (fmt is None and not is_formula):
        return value
    cell = WriteOnlyCell(ws, value)
    if is_formula:
        cell.data_type = "s"
    if fmt is not None:
        cell.number_format = fmt
    return cell
