"""One error model for everything a user gives the tool: data tables, matrices, scenario
files, command-line options and uploads.

A ``Problem`` names the input (``file``: a file name, a path or an option such as
``--weights``), its place — row and column of a table, or the key of a structured
document — and what is wrong as a message (``mcda.messages.Message``: a key and its
parameters), which the view translates (``scicity.view.problems``). ``str(problem)`` and
``problem.message`` are the English text, as the command line prints it.
``UserInputError`` carries every problem of an input that cannot be used (errors first);
interfaces print ``severity: file: place: message``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from mcda.messages import TEMPLATES, Message, msg

Severity = Literal["error", "warning", "info"]
RowLabel = Literal["row", "feature"]

#: Message parameters holding an indicator id (shown as its name), the id of an indicator
#: whose unit is shown, a region code (shown as ``code (name)``) or region codes offered
#: as choices (``a or b``).
INDICATOR_PARAMS = frozenset({"indicator", "indicators", "fields"})
UNIT_PARAMS = frozenset({"unit_of"})
REGION_PARAMS = frozenset({"declared_region", "computed_region"})
REGION_CHOICE_PARAMS = frozenset({"region_choices"})
#: Keys of a structured document that are words, not paths: the message key saying them.
NAMED_PLACES = {"TOML syntax": "place_toml_syntax", "scenario": "place_scenario"}


@dataclass(frozen=True)
class Problem:
    """One finding about user input.

    ``row``: 1-based as the user sees it (a table's header is row 1; features of a geo
    file are numbered from 1 with ``row_label`` "feature"); ``column``: the column's name
    as written; ``column_number``: its 1-based position where a name alone is ambiguous;
    ``key``: the place in a structured document (e.g. ``weights.criteria.C1``), followed by
    row and column where it is a matrix. All None for a finding about the whole input.
    ``content``: what is wrong, as a message."""

    severity: Severity
    file: str
    row: int | None
    column: str | None
    content: Message
    row_label: RowLabel = "row"
    key: str | None = None
    column_number: int | None = None

    def where(self, render: Callable[[Message], str]) -> str:
        """The place as text, its words rendered by ``render`` (a language's): ``row 3,
        column 'x'``, a key (``ahp.criteria.matrix row 2``), or ""."""
        parts = []
        if self.row is not None:
            parts.append(msg(f"place_{self.row_label}", row=self.row))
        if self.column_number is not None:
            parts.append(msg("place_column_number_named", number=self.column_number,
                             column=self.column) if self.column else
                         msg("place_column_number", number=self.column_number))
        elif self.column:
            parts.append(msg("place_column", column=self.column))
        cell = ", ".join(render(p) for p in parts)
        if self.key is None:
            return cell
        key = render(msg(NAMED_PLACES[self.key])) if self.key in NAMED_PLACES else self.key
        return f"{key} {cell}" if cell else key

    @property
    def place(self) -> str:
        """Where the problem is, in English."""
        return self.where(english)

    @property
    def message(self) -> str:
        """What is wrong, in English."""
        return english(self.content)

    def __str__(self) -> str:
        return ": ".join(x for x in (self.file, self.place, self.message) if x)


def english(message: Message) -> str:
    """The English text of ``message`` with Python's own number formatting: the command
    line's text (the view's is ``scicity.i18n.translate``). Lists are joined with commas,
    indicator ids shown as their names."""
    params = {k: _english_param(k, v) for k, v in message.params.items()}
    return TEMPLATES[message.key].format(**params) if params else TEMPLATES[message.key]


def _english_param(name: str, value: object) -> object:
    if isinstance(value, Message):
        return english(value)
    if name in INDICATOR_PARAMS | UNIT_PARAMS:
        from criteria.model import load_catalogue

        ids = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
        cat = load_catalogue()
        try:
            return ", ".join(cat.field(i).unit.en if name in UNIT_PARAMS else cat.field(i).name.en
                             for i in ids)
        except (KeyError, ValueError):
            return ", ".join(str(i) for i in ids)
    if name in REGION_PARAMS | REGION_CHOICE_PARAMS:
        from geodata.region_names import REGION_NAMES

        codes = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
        return (" or " if name in REGION_CHOICE_PARAMS else ", ").join(
            f"{c} ({REGION_NAMES.get(c, c)})" for c in codes)
    if isinstance(value, tuple | list):
        return ", ".join(english(v) if isinstance(v, Message) else str(v) for v in value)
    return value


def _content(message: Message | str) -> Message:
    """A message; text (from code that still gives English, or an exception's own words)
    is carried as it is."""
    return message if isinstance(message, Message) else msg("text", text=message)


def error(file: str, message: Message | str, *, row: int | None = None,
          column: str | None = None, key: str | None = None, row_label: RowLabel = "row",
          column_number: int | None = None) -> Problem:
    """An error-severity problem."""
    return Problem("error", file, row, column, _content(message), row_label, key,
                   column_number)


class UserInputError(ValueError):
    """Input that cannot be used; ``problems`` lists every finding, errors first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=lambda p: p.severity != "error")
        super().__init__("\n".join(str(p) for p in self.problems))


def fail(file: str, message: Message | str, *, row: int | None = None,
         column: str | None = None, key: str | None = None, row_label: RowLabel = "row",
         column_number: int | None = None) -> UserInputError:
    """A ``UserInputError`` with one error (``raise fail(...)``); the place as in
    :func:`error`."""
    return UserInputError([error(file, message, row=row, column=column, key=key,
                                 row_label=row_label, column_number=column_number)])
