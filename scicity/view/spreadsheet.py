"""The ranking as a spreadsheet reader sees it: localised headers, numbers rounded to the
precision the app shows (kept as numbers, so they sort and filter), and the sheet's
layout — frozen header row, filter, column widths, number formats.

``sheet`` lays a sheet out for ``scicity.io.xlsx_stream``, which writes it: a
10,000-unit layer has about a million cells, which openpyxl builds as objects, styles
and serialises one by one (18 s and 700 MB with a normal workbook, 9 s with its
write-only one).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from scicity.engine.evaluate import Evaluation
from scicity.i18n import is_missing, t
from scicity.io.xlsx_stream import Sheet
from scicity.view.ranking import (
    SCORE_DIGITS,
    SHARE_DIGITS,
    SUB_DIGITS,
    criteria_order,
    labels,
    ranking_rows,
)

#: Widest column, in characters.
MAX_WIDTH = 60


def _fmt(digits: int, pct: bool = False) -> str:
    return ("0" + ("." + "0" * digits if digits else "")) + ("%" if pct else "")


def ranking_sheet(ev: Evaluation, lang: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The ranking sheet's table (headers in ``lang``, a sub-score resting on regional
    figures headed ``(regional context)`` as in the app) and the Excel number format of
    each numeric column, by header."""
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
    for c in criteria_order(ev):   # "C1 name (regional context)" as the app heads it
        out[head[f"sub_{c}"]] = tb[f"sub_{c}"].astype(float).round(SUB_DIGITS)
        formats[head[f"sub_{c}"]] = _fmt(SUB_DIGITS)
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
    infinity as the text ``inf``/``-inf``, numpy numbers and booleans as Python ones,
    anything else as its text."""
    if is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        x = float(value)
        return x if math.isfinite(x) else ("inf" if x > 0 else "-inf")
    return str(value)


def _column_values(column: pd.Series) -> list[object]:
    """``cell_value`` of every value of a column (numeric and text columns without a
    call per value)."""
    values = column.tolist()
    if isinstance(column.dtype, np.dtype) and column.dtype.kind == "f":
        return [None if x != x else x if math.isfinite(x) else ("inf" if x > 0 else "-inf")
                for x in values]
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iub":
        return values
    if all(type(v) is str for v in values):
        return values
    return [cell_value(v) for v in values]


#: What ``str.splitlines`` breaks a line at.
_LINE_BREAKS = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _widest(values: list[object]) -> int:
    """The longest line of the values' text (0 for none)."""
    texts = [v if type(v) is str else str(v) for v in values if v is not None]
    if not texts:
        return 0
    if not _LINE_BREAKS.search("".join(texts)):
        return max(map(len, texts))
    return max(max((len(line) for line in v.splitlines()), default=0) for v in texts)


def sheet(title: str, blocks: list[Block], formats: dict[str, str], table: bool) -> Sheet:
    """A sheet of ``blocks``: each block's title row (if any), its header row and its
    rows, with one empty row between blocks; columns fitted to their widest text (at
    most ``MAX_WIDTH`` characters); for a ``table`` sheet (one block) the header row
    frozen and a filter over the table; ``formats`` (header → Excel number format)
    applied to the data cells of those columns."""
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
    widths: dict[int, float] = {}
    for j in range(max(map(len, rows), default=0)):
        cells = [row[j] for row in rows if j < len(row) and row[j] is not None]
        if cells:
            widths[j] = min(MAX_WIDTH, _widest(cells) + 2)
    ref = (f"A1:{get_column_letter(max(1, len(rows[0])))}{len(rows)}"
           if table and rows else None)
    return Sheet(title, rows, row_formats, widths, freeze_header=table and bool(rows),
                 filter_ref=ref)
