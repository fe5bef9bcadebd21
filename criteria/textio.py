"""Reading user files: one bounded reader, one decoder, one delimiter rule and one number
parser for every text input (data tables, matrices, scenario files).

Only regular files are read (a device, FIFO or folder is refused before any byte is
read), and never more than the limit plus one byte: the size the file system reports is
not trusted.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np

from criteria.problems import Problem, fail
from mcda.messages import Message, msg

#: Longest cell the csv module reads (its default limit), in characters.
MAX_CELL = csv.field_size_limit()
_CHUNK = 1 << 20


def too_large(size: int, limit: int) -> Message:
    """The message for an input over its size limit."""
    return msg("input_too_large", size=size, limit=limit)


def read_bounded(path: Path, limit: int, name: str) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit``; ``UserInputError``
    naming ``name`` when it is missing, not a regular file, or larger."""
    try:
        # O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise fail(name, msg("input_cannot_read", reason=exc.strerror or str(exc))) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            what = "input_kind_folder" if stat.S_ISDIR(st.st_mode) else "input_kind_device"
            raise fail(name, msg("input_not_regular_file", kind=msg(what)))
        if st.st_size > limit:
            raise fail(name, too_large(st.st_size, limit))
        os.set_blocking(fd, True)
        chunks, got = [], 0
        while got <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise fail(name, msg("input_cannot_read", reason=exc.strerror or str(exc))) from None
    finally:
        os.close(fd)
    if got > limit:
        raise fail(name, msg("input_over_limit", limit=limit))
    return b"".join(chunks)


def decode(raw: bytes, name: str, problems: list[Problem] | None = None) -> str:
    """Text from bytes: UTF-8 (with or without a BOM); when ``problems`` is given (tables
    exported by spreadsheets) also UTF-16 with a byte-order mark (Excel's "Unicode
    text") and Windows-1251, the latter reported as an info."""
    if problems is not None and raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise fail(name, msg("input_bad_utf16", byte=exc.start)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if problems is None:
            raise fail(name, msg("input_not_utf8", byte=exc.start)) from None
    try:
        text = raw.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise fail(name, msg("input_not_utf8_nor_cp1251", byte=exc.start)) from None
    problems.append(Problem("info", name, None, None, msg("input_read_as_cp1251")))
    return text


def delimiter(text: str) -> str:
    """The separator of a delimited text: the most frequent of ``;``, tab and ``,`` on the
    first non-blank line (``;`` wins a tie: Excel's choice where ``,`` is the decimal
    sign); ``,`` when there is none."""
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    counts = {d: first.count(d) for d in (";", "\t", ",")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def csv_rows(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """(line number where the row starts, cells) of every row, blank lines counted as a
    spreadsheet counts them; a cell over ``MAX_CELL`` characters stops with a located
    error."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter(text))
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise fail(name, msg("input_cell_too_long", limit=MAX_CELL), row=start) from None
            raise fail(name, msg("input_not_csv", detail=str(exc)), row=start) from None
        yield start, row


# ----------------------------------------------------------------------------- numbers

_MISSING_MARKS = {"", "-", "—", "–", "na", "n/a", "н/д", "нд", "..."}
_NON_FINITE = {"nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
_GROUP_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009](?=\d{3}(?:\D|$))")


@dataclass(frozen=True)
class Parsed:
    """A parsed cell: ``value`` (None = missing), whether it had a ``%`` sign, an error."""

    value: float | None
    percent: bool = False
    error: Message | None = None


def _float(t: str, fraction: bool) -> float:
    if fraction and "/" in t:
        num, _, den = t.partition("/")
        return float(num) / float(den)
    return float(t)


def parse_number(cell: object, fraction: bool = False) -> Parsed:
    """A number from a cell: ``1234.5``, ``1 234,5`` (spaces, non-breaking or narrow
    non-breaking spaces between thousands, decimal comma), ``1,234.5``, ``1.234,5``,
    ``3,5%``, and with ``fraction`` ``1/3``. Empty cells and ``-``, ``—``, ``n/a``,
    ``н/д`` are missing (no error)."""
    if cell is None:
        return Parsed(None)
    if isinstance(cell, bool):
        return Parsed(float(cell))
    if isinstance(cell, int | float | np.number):
        v = float(cell)
        return Parsed(v) if math.isfinite(v) else Parsed(None, error=msg("input_not_finite_value",
                                                                     value=cell))
    if isinstance(cell, datetime | date):
        return Parsed(None, error=msg("input_date", value=cell))
    text = str(cell).strip()
    try:   # the common case: a plain number
        v = float(text)
        if math.isfinite(v):
            return Parsed(v)
    except ValueError:
        pass
    if text.casefold() in _MISSING_MARKS:
        return Parsed(None)
    if text.casefold() in _NON_FINITE:
        return Parsed(None, error=msg("input_not_finite_number", text=text))
    percent = text.endswith("%")
    t = _GROUP_SPACE.sub("", text[:-1].strip() if percent else text)
    if "," in t and "." in t:
        dec = "," if t.rfind(",") > t.rfind(".") else "."
        t = t.replace("." if dec == "," else ",", "").replace(",", ".")
    elif t.count(",") == 1:
        t = t.replace(",", ".")
    elif t.count(",") > 1 and re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", t):
        t = t.replace(",", "")
    elif t.count(".") > 1 and re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")
    try:
        v = _float(t, fraction)
    except (ValueError, ZeroDivisionError):
        return Parsed(None, error=msg("input_not_number", text=text))
    if not math.isfinite(v):
        return Parsed(None, error=msg("input_not_finite_number", text=text))
    return Parsed(v, percent)
