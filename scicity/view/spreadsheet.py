"""The ranking as a spreadsheet reader sees it: localised headers, numbers rounded to the
precision the app shows (kept as numbers, so they sort and filter), and the sheet's
layout — frozen header row, filter, column widths, number formats."""

from __future__ import annotations

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scicity.engine.evaluate import Evaluation
from scicity.i18n import t
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


def style_sheet(ws: Worksheet, formats: dict[str, str], table: bool) -> None:
    """Fit column widths to their text; for a ``table`` sheet also freeze the header row
    and add a filter; apply ``formats`` (header → number format) to their columns."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                n = max(len(line) for line in str(cell.value).splitlines() or [""])
                widths[cell.column] = max(widths.get(cell.column, 0), n)
    for col, n in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(MAX_WIDTH, n + 2)
    if not table or ws.max_row < 1:
        return
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for cell in ws[1]:
        fmt = formats.get(str(cell.value))
        if fmt:
            for (c,) in ws.iter_rows(min_row=2, min_col=cell.column, max_col=cell.column):
                c.number_format = fmt
