"""The XLSX template for experts who work offline, one sheet per expert, and its import.

Each sheet holds the expert's id and name (cells B2, B1), a comment cell (B5) and, from
row 8, one row per judgement: node, element A, element B and the value (column D) --
how many times A is more important than B on Saaty's scale (1..9, or 1/2..1/9 written
as a fraction or a decimal) -- then, for the reader, the names of A and B (E, F). With
direct weights a row is node, element, points and the element's name. Labels, headers
(row 7) and the instruction (row 6) are in one of the panel's languages; the import
accepts the headers of any of the three. Reading collects every problem with its sheet
and cell before anything is stored.
"""

from __future__ import annotations

import io
import re
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from criteria.model import Catalogue, load_catalogue
from mcda.messages import msg
from scicity.i18n import LANGS, t
from scicity.panel.service import Finding, PanelError, PanelStatus

MAX_BYTES = 5_000_000
HEADER_ROW = 7
FIRST_ROW = 8
#: Header keys of row 7 (columns A-D) by input mode.
HEADERS = {"pairwise": ("panel_x_node", "panel_x_a", "panel_x_b", "panel_x_value"),
           "direct": ("panel_x_node", "panel_x_element", None, "panel_x_points")}
#: Keys of the labels in A1:A5 (their values are in column B).
LABELS = ("panel_x_expert", "panel_x_expert_id", "panel_x_panel", "panel_x_round",
          "panel_x_comment")
_FRACTION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*$")


def template_lang(st: PanelStatus, lang: str | None = None) -> str:
    """``lang`` if it is one of the panel's languages, else the panel's first language."""
    langs = [x for x in st.languages if x in LANGS] or ["en"]
    return lang if lang in langs else langs[0]


def headers(mode: str, lang: str) -> tuple[str, ...]:
    """Row 7 of a template in ``lang`` (an empty string for an unused column)."""
    return tuple(t(k, lang) if k else "" for k in HEADERS[mode])


def template_bytes(st: PanelStatus, expert_ids: list[int] | None = None,
                   lang: str | None = None, cat: Catalogue | None = None) -> bytes:
    """The template for the panel's current round (all experts, or ``expert_ids``), with
    labels, headers and names in ``lang`` (one of the panel's languages; default its
    first)."""
    lang = template_lang(st, lang)
    cat = cat or load_catalogue()
    pairwise = st.input_mode == "pairwise"
    wb = Workbook()
    wb.remove(wb.active)
    for ex in st.experts:
        if expert_ids is not None and ex.id not in expert_ids:
            continue
        ws = wb.create_sheet(_title(ex.id, ex.name))
        for r, (k, v) in enumerate(zip(LABELS, (ex.name, ex.id, st.name, st.round, ""),
                                       strict=True), start=1):
            _put(ws, r, 1, t(k, lang))
            _put(ws, r, 2, v)
        _put(ws, 6, 1, t("panel_x_help_" + st.input_mode, lang))
        names = ("panel_x_name_a", "panel_x_name_b") if pairwise else ("panel_x_name",)
        for c, h in enumerate((*headers(st.input_mode, lang), *(t(k, lang) for k in names)),
                              start=1):
            _put(ws, HEADER_ROW, c, h or None)
        row = FIRST_ROW
        for node, a, b in _expected(st):
            for c, v in enumerate((node, a, b), start=1):
                _put(ws, row, c, v)
            for c, eid in enumerate((a, b) if pairwise else (a,), start=5):
                _put(ws, row, c, element_name(cat, str(eid), lang))
            row += 1
        for col, width in zip("ABCDEF", (14, 28, 28, 10, 40, 40), strict=True):
            ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def element_name(cat: Catalogue, eid: str, lang: str) -> str:
    """A criterion's or indicator's name in ``lang`` (the id when it is unknown)."""
    try:
        return str(cat.criterion(eid).name.get(lang))
    except KeyError:
        pass
    return next((str(f.name.get(lang)) for f in cat.fields if f.id == eid), eid)


def _expected(st: PanelStatus) -> list[tuple[str, str, str | None]]:
    """(node, A, B) of every row, in order (B is None with direct weights)."""
    if st.input_mode == "pairwise":
        return [(node, a, b) for node, ids in st.hierarchy.items()
                for i, a in enumerate(ids) for b in ids[i + 1:]]
    return [(node, a, None) for node, ids in st.hierarchy.items() for a in ids]


def read_template(data: bytes, st: PanelStatus, name: str = "workbook"
                  ) -> tuple[dict[int, dict[str, dict[str, Any]]], dict[int, str]]:
    """``({expert id: {node: entry}}, {expert id: comment})`` from filled sheets.

    Sheets left completely empty are skipped; anything else wrong raises PanelError
    listing each problem as ``sheet 'name', cell X9``.
    """
    if len(data) > MAX_BYTES:
        raise PanelError([("", msg("panel_too_big", size=len(data), limit=MAX_BYTES))], name)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise PanelError([("", msg("panel_not_xlsx", kind=type(exc).__name__))],
                         name) from None
    experts = {e.id: e for e in st.experts}
    accepted = {_norm(headers(st.input_mode, lang)) for lang in LANGS}
    problems: list[Finding] = []
    entries: dict[int, dict[str, dict[str, Any]]] = {}
    comments: dict[int, str] = {}
    for ws in wb.worksheets:
        where = f"sheet {ws.title!r}"
        rows = list(ws.iter_rows(min_row=1, max_row=FIRST_ROW + 400, max_col=4,
                                 values_only=True))
        eid = rows[1][1] if len(rows) > 1 and len(rows[1]) > 1 else None
        if not isinstance(eid, int) or eid not in experts:
            problems.append((f"{where}, cell B2", msg("panel_bad_expert_id", value=eid)))
            continue
        head = rows[HEADER_ROW - 1] if len(rows) >= HEADER_ROW else ()
        if _norm(head) not in accepted:
            problems.append((f"{where}, row {HEADER_ROW}", msg(
                "panel_bad_headers", found=tuple(str(h) for h in head if h is not None),
                expected=tuple(" | ".join(h for h in headers(st.input_mode, lang) if h)
                               for lang in LANGS))))
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
        raise PanelError([("", msg("panel_no_values"))], name)
    return entries, comments


def _norm(cells: tuple[Any, ...]) -> tuple[str, ...]:
    """Header cells A-D compared without case and outer spaces (None as "")."""
    padded = (tuple(cells) + ("",) * 4)[:4]
    return tuple("" if c is None else str(c).strip().casefold() for c in padded)


def _sheet_entries(rows: list[tuple[Any, ...]], st: PanelStatus, where: str,
                   problems: list[Finding]) -> dict[str, dict[str, Any]] | None:
    pairwise = st.input_mode == "pairwise"
    expected = _expected(st)
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
        want = (node, a, b)
        if tuple(None if x in ("", None) else x for x in got) != want:
            problems.append((f"{where}, row {r}", msg(
                "panel_rows_changed", expected=" / ".join(x for x in want if x))))
            continue
        x = parse_value(row[3] if len(row) > 3 else None)
        place = f"{where}, cell D{r}"
        if x is None:
            problems.append((place, msg("panel_not_number", value=row[3])
                             if row[3] is not None else msg("panel_missing_value")))
        elif pairwise and not (1 / 9 - 1e-3 <= x <= 9 + 1e-9):
            problems.append((place, msg("panel_outside_scale", value=row[3])))
        elif not pairwise and x <= 0:
            problems.append((place, msg("panel_points_positive", value=row[3])))
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
