"""Reading a labelled numeric matrix from CSV: first column = row names, header = column
names. Accepts comma, semicolon or tab separators, UTF-8 (with or without a byte-order
mark), UTF-16 or Windows-1251 text, decimal commas and fractions such as ``1/3`` (for
AHP judgements). Every problem is reported with its row and column
(``criteria.problems``); a file of only empty cells is an error, not a crash."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from criteria.problems import Problem, UserInputError, error, fail
from criteria.textio import csv_rows, decode, parse_number, read_bounded
from mcda.messages import Message, msg

MAX_MATRIX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class LabelledMatrix:
    """Row names, column names and float values (NaN where a cell is empty)."""

    rows: list[str]
    columns: list[str]
    values: np.ndarray


def read_matrix_csv(path: Path, allow_empty: bool = False) -> LabelledMatrix:
    """Read ``path``; raise UserInputError naming the file, row and column of every
    problem."""
    name = str(path)
    info: list[Problem] = []
    text = decode(read_bounded(path, MAX_MATRIX_BYTES, name), name, info)
    # Row numbers as the user sees them in a spreadsheet: blank lines count.
    numbered = [(i, r) for i, r in csv_rows(text, name) if any(c.strip() for c in r)]
    if not numbered:
        raise fail(name, msg("input_empty_file" if not text.strip() else
                             "input_every_cell_empty"))
    (head_row, first), body = numbered[0], numbered[1:]
    header = [h.strip() for h in first[1:]]
    problems: list[Problem] = []
    if not header:
        problems.append(error(name, msg("input_no_header"), row=head_row))
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        problems.append(error(name, msg("input_repeated_columns", names=repr(dupes)),
                              row=head_row))
    names: list[str] = []
    values = np.full((len(body), len(header)), np.nan)
    for k, (i, row) in enumerate(body):
        if len(row) - 1 != len(header):
            problems.append(error(name, msg("input_value_count", count=len(row) - 1,
                                            expected=len(header)), row=i))
            continue
        names.append(row[0].strip())
        for j, cell in enumerate(row[1:]):
            def at(found: Message, i: int = i, j: int = j) -> Problem:
                return error(name, found, row=i, column=header[j], column_number=j + 2)

            p = parse_number(cell, fraction=True)
            if not cell.strip():
                if not allow_empty:
                    problems.append(at(msg("input_empty_cell")))
            elif p.error or p.percent:
                problems.append(at(msg("input_not_number", text=cell.strip())))
            elif p.value is None:
                if not allow_empty:
                    problems.append(at(msg("input_missing_mark", text=cell.strip())))
            else:
                values[k, j] = p.value
    if not body:
        problems.append(error(name, msg("input_no_data_rows")))
    if problems:
        raise UserInputError(problems)
    return LabelledMatrix(rows=names, columns=header, values=values)
