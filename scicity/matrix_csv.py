"""Reading a labelled numeric matrix from CSV: first column = row names, header = column
names. Accepts comma, semicolon or tab separators, a UTF-8 byte-order mark, decimal
commas (with ``;`` separators, as Excel writes them in Russian and Kazakh locales) and
fractions such as ``1/3`` (for AHP judgements). Every problem is reported with its row
and column."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAX_MATRIX_BYTES = 5 * 1024 * 1024


class MatrixError(ValueError):
    """A matrix file that cannot be used; ``problems`` lists one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class LabelledMatrix:
    """Row names, column names and float values (NaN where a cell is empty)."""

    rows: list[str]
    columns: list[str]
    values: np.ndarray


def parse_number(text: str, decimal_comma: bool) -> float:
    """A number from a cell: ``1.5``, ``1,5`` (decimal comma), ``1/3``, ``1 234``."""
    t = text.strip().replace("\u00a0", "").replace("\u202f", "")
    if decimal_comma:
        t = t.replace(" ", "").replace(",", ".")
    if "/" in t:
        num, _, den = t.partition("/")
        value = float(num) / float(den)
    else:
        value = float(t)
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not finite")
    return value


def read_matrix_csv(path: Path, allow_empty: bool = False) -> LabelledMatrix:
    """Read ``path``; raise MatrixError naming the file, row and column of every problem."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_MATRIX_BYTES:
            raise MatrixError([f"{name}: {size} bytes, more than the limit of "
                               f"{MAX_MATRIX_BYTES} bytes"])
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise MatrixError([f"{name}: cannot read: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError as exc:
        raise MatrixError([f"{name}: not UTF-8 text (byte {exc.start})"]) from None
    if not text.strip():
        raise MatrixError([f"{name}: the file is empty"])
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
        delim = dialect.delimiter
    except csv.Error:
        delim = ","
    # Row numbers as the user sees them in a spreadsheet: blank lines count.
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    numbered = [(reader.line_num, r) for r in reader]
    numbered = [(i, r) for i, r in numbered if any(c.strip() for c in r)]
    (head_row, first), body = numbered[0], numbered[1:]
    header = [h.strip() for h in first[1:]]
    problems: list[str] = []
    if not header:
        problems.append(f"{name}: row {head_row}: expected a header with column names after "
                        "the first cell")
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        problems.append(f"{name}: row {head_row}: repeated column names {dupes}")
    names: list[str] = []
    values = np.full((len(body), len(header)), np.nan)
    for k, (i, row) in enumerate(body):
        if len(row) - 1 != len(header):
            problems.append(f"{name}: row {i}: {len(row) - 1} values, expected {len(header)}")
            continue
        names.append(row[0].strip())
        for j, cell in enumerate(row[1:]):
            where = f"{name}: row {i}, column {j + 2} ({header[j]!r})"
            if not cell.strip():
                if not allow_empty:
                    problems.append(f"{where}: empty cell, expected a number")
                continue
            try:
                values[k, j] = parse_number(cell, decimal_comma=delim == ";")
            except (ValueError, ZeroDivisionError):
                problems.append(f"{where}: {cell.strip()!r} is not a number")
    if not body:
        problems.append(f"{name}: no data rows below the header")
    if problems:
        raise MatrixError(problems)
    return LabelledMatrix(rows=names, columns=header, values=values)
