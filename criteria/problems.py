"""One error model for everything a user gives the tool: data tables, matrices, scenario
files, command-line options and uploads.

A ``Problem`` names the input (``file``: a file name, a path or an option such as
``--weights``), its place — row and column of a table, or the key of a structured
document — and the message. ``UserInputError`` carries every problem of an input that
cannot be used (errors first); interfaces print ``severity: file: place: message``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Problem:
    """One finding about user input.

    ``row``: 1-based as the user sees it (a table's header is row 1; features of a geo
    file are numbered from 1 with ``row_label`` "feature"); ``column``: the column's name
    as written; ``column_number``: its 1-based position where a name alone is ambiguous;
    ``key``: the place in a structured document (e.g. ``weights.criteria.C1``). All None
    for a finding about the whole input."""

    severity: Severity
    file: str
    row: int | None
    column: str | None
    message: str
    row_label: str = "row"
    key: str | None = None
    column_number: int | None = None

    @property
    def place(self) -> str:
        """Where the problem is, as text: ``row 3, column 'x'``, a key, or ""."""
        if self.key is not None:
            return self.key
        col = ""
        if self.column_number is not None:
            col = f"column {self.column_number}" + (f" ({self.column!r})" if self.column else "")
        elif self.column:
            col = f"column {self.column!r}"
        row = f"{self.row_label} {self.row}" if self.row is not None else ""
        return ", ".join(x for x in (row, col) if x)

    def __str__(self) -> str:
        where = self.place
        return f"{self.file}: {where}: {self.message}" if where else f"{self.file}: {self.message}"


def error(file: str, message: str, *, row: int | None = None, column: str | None = None,
          key: str | None = None, row_label: str = "row",
          column_number: int | None = None) -> Problem:
    """An error-severity problem."""
    return Problem("error", file, row, column, message, row_label, key, column_number)


class UserInputError(ValueError):
    """Input that cannot be used; ``problems`` lists every finding, errors first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=lambda p: p.severity != "error")
        super().__init__("\n".join(str(p) for p in self.problems))


def fail(file: str, message: str, *, row: int | None = None, column: str | None = None,
         key: str | None = None, row_label: str = "row",
         column_number: int | None = None) -> UserInputError:
    """A ``UserInputError`` with one error (``raise fail(...)``); the place as in
    :func:`error`."""
    return UserInputError([error(file, message, row=row, column=column, key=key,
                                 row_label=row_label, column_number=column_number)])
