"""A small XLSX (Office Open XML) writer for large tables: cells as plain values.

Written for the ranking export of a 10,000-unit layer (about a million cells), where
openpyxl spends about 5 µs a cell building and serialising cell objects; here a row is
one string. It writes what the export needs and nothing more: sheets of numbers
(16 significant digits, as openpyxl writes them), booleans and text (inline strings,
``xml:space="preserve"``), a number format per cell, column widths, a frozen header row
and a filter. Text is always text
(a leading ``=`` is never a formula); characters XML cannot hold become U+FFFD.
``tests/test_xlsx.py`` reads the files back with openpyxl and pandas and compares them
with what openpyxl writes from the same rows.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from openpyxl.styles.numbers import BUILTIN_FORMATS_REVERSE
from openpyxl.utils import get_column_letter

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: Characters XML 1.0 cannot hold (and surrogates, which UTF-8 cannot encode).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: First id of a number format that is not built in.
_CUSTOM_FORMAT_ID = 164


@dataclass
class Sheet:
    """One worksheet: its ``rows`` (lists of None, bool, int, float or str), for each row
    the number format of each cell (``formats``: None, or a list as long as the row with
    None where the cell has none), column widths in characters (by 0-based column),
    whether the first row is frozen and the filter's range (``A1:N101``) if any."""

    title: str
    rows: list[list[object]]
    formats: list[list[str | None] | None]
    widths: dict[int, float] = field(default_factory=dict)
    freeze_header: bool = False
    filter_ref: str | None = None


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", value))


def _number(value: float | int) -> str:
    """A number's text as openpyxl writes it (``%.16g``), so a file is the same whichever
    of the two wrote it."""
    if not math.isfinite(value):
        raise ValueError(f"an XLSX cell cannot hold {value!r}")
    return f"{value:.16g}"


class _Styles:
    """Cell formats (``cellXfs``): 0 is the default; one per number format used."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def of(self, fmt: str | None) -> int:
        if fmt is None:
            return 0
        return self.index.setdefault(fmt, len(self.index) + 1)

    def xml(self) -> str:
        ids: dict[str, int] = {}
        custom: list[str] = []
        for fmt in self.index:
            if fmt in BUILTIN_FORMATS_REVERSE:
                ids[fmt] = BUILTIN_FORMATS_REVERSE[fmt]
            else:
                ids[fmt] = _CUSTOM_FORMAT_ID + len(custom)
                custom.append(f'<numFmt numFmtId="{ids[fmt]}" formatCode={quoteattr(fmt)}/>')
        xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'] + [
            f'<xf numFmtId="{ids[f]}" fontId="0" fillId="0" borderId="0" xfId="0" '
            'applyNumberFormat="1"/>' for f in self.index]
        return (f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
                + (f'<numFmts count="{len(custom)}">{"".join(custom)}</numFmts>'
                   if custom else "")
                + '<fonts count="1"><font><sz val="11"/><name val="Calibri"/>'
                '<family val="2"/></font></fonts>'
                '<fills count="2"><fill><patternFill patternType="none"/></fill>'
                '<fill><patternFill patternType="gray125"/></fill></fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
                '</border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
                'borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
                '</cellStyles></styleSheet>')


def _row_xml(r: int, row: Sequence[object], fmts: Sequence[str | None] | None,
             letters: list[str], styles: _Styles) -> str:
    cells = []
    for j, v in enumerate(row):
        if v is None:
            continue
        ref = f"{letters[j]}{r}"
        s = styles.of(fmts[j]) if fmts is not None else 0
        style = f' s="{s}"' if s else ""
        if isinstance(v, str):
            cells.append(f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">'
                         f"{_text(v)}</t></is></c>")
        elif isinstance(v, bool):
            cells.append(f'<c r="{ref}"{style} t="b"><v>{int(v)}</v></c>')
        elif isinstance(v, int | float):
            cells.append(f'<c r="{ref}"{style}><v>{_number(v)}</v></c>')
        else:
            raise TypeError(f"an XLSX cell holds a number, a boolean or text, not {v!r}")
    return f'<row r="{r}">{"".join(cells)}</row>'


def _write_sheet(out: IO[bytes], sheet: Sheet, styles: _Styles, chunk: int = 2_000) -> None:
    """The worksheet XML of ``sheet`` into ``out``, ``chunk`` rows at a time."""
    ncols = max((len(r) for r in sheet.rows), default=0)
    letters = [get_column_letter(j + 1) for j in range(max(ncols, 1))]
    view = ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            if sheet.freeze_header else '<selection activeCell="A1" sqref="A1"/>')
    cols = "".join(f'<col min="{j + 1}" max="{j + 1}" width="{w:g}" customWidth="1"/>'
                   for j, w in sorted(sheet.widths.items()))
    out.write((f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
               f'<sheetViews><sheetView workbookViewId="0">{view}</sheetView></sheetViews>'
               '<sheetFormatPr defaultRowHeight="15"/>'
               + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>").encode())
    for start in range(0, len(sheet.rows), chunk):
        out.write("".join(
            _row_xml(i + 1, sheet.rows[i], sheet.formats[i], letters, styles)
            for i in range(start, min(start + chunk, len(sheet.rows)))).encode())
    out.write(("</sheetData>"
               + (f'<autoFilter ref="{sheet.filter_ref}"/>' if sheet.filter_ref else "")
               + '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" '
               'footer="0.5"/></worksheet>').encode())


def _quoted_sheet(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """The workbook of ``sheets`` (in order) as XLSX bytes. Each sheet is written (and can
    be dropped) before the next is taken, so ``sheets`` may be a generator."""
    styles = _Styles()
    buf = io.BytesIO()
    done: list[tuple[str, str | None]] = []   # (title, filter range)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for k, sheet in enumerate(sheets, start=1):
            if len(sheet.rows) != len(sheet.formats):
                raise ValueError(f"sheet {sheet.title!r}: one format list per row expected")
            with z.open(f"xl/worksheets/sheet{k}.xml", "w") as out:
                _write_sheet(out, sheet, styles)
            done.append((sheet.title, sheet.filter_ref))
        for name, text in _package(done, styles).items():
            z.writestr(name, text.encode("utf-8"))
    return buf.getvalue()


def _package(sheets: list[tuple[str, str | None]], styles: _Styles) -> dict[str, str]:
    """Every part but the worksheets: workbook, styles, relationships, content types."""
    n = len(sheets)
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{k}" hidden="1">'
        f'{_text(_quoted_sheet(title))}!'
        + ":".join("$" + re.sub(r"(\d+)", r"$\1", p) for p in ref.split(":"))
        + "</definedName>"
        for k, (title, ref) in enumerate(sheets) if ref)
    return {
        "xl/workbook.xml": (
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/>'
            "</bookViews><sheets>"
            + "".join(f'<sheet name={quoteattr(_NOT_XML.sub("", title))} sheetId="{k}" '
                      f'r:id="rId{k}"/>' for k, (title, _) in enumerate(sheets, start=1))
            + "</sheets>" + (f"<definedNames>{names}</definedNames>" if names else "")
            + "</workbook>"),
        "xl/styles.xml": styles.xml(),
        "xl/_rels/workbook.xml.rels": (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
            + "".join(f'<Relationship Id="rId{k}" Type="{_REL}/worksheet" '
                      f'Target="worksheets/sheet{k}.xml"/>' for k in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>"),
        "_rels/.rels": (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "[Content_Types].xml": (
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            f'ContentType="{_CT}.spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.spreadsheetml.styles+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{k}.xml" '
                      f'ContentType="{_CT}.spreadsheetml.worksheet+xml"/>'
                      for k in range(1, n + 1))
            + "</Types>"),
    }
