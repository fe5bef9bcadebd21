"""Problems with the user's input (``criteria.problems``) in the reader's language: the
place (row, column, feature, key) and the message, translated through the catalogues
(in English exactly the command line's text)."""

from __future__ import annotations

from criteria.problems import Problem, UserInputError, english
from mcda.messages import Message
from scicity.i18n import translate


def message_text(message: Message, lang: str) -> str:
    """A problem's message in ``lang``."""
    return english(message) if lang == "en" else translate(message, lang)


def place_text(problem: Problem, lang: str) -> str:
    """Where ``problem`` is, in ``lang`` (empty for the whole input)."""
    return problem.where(lambda m: message_text(m, lang))


def problem_text(problem: Problem, lang: str, file: bool = False) -> str:
    """``place: message`` in ``lang`` (with ``file`` first: ``file: place: message``)."""
    parts = [problem.file] if file else []
    parts += [place_text(problem, lang), message_text(problem.content, lang)]
    return ": ".join(p for p in parts if p)


def error_text(exc: BaseException, lang: str) -> str:
    """An exception as text for the reader: every problem of a ``UserInputError`` in
    ``lang``, one per line; the message an exception carries as ``content``
    (``scenarios.store.ScenarioExistsError``); any other exception's own words."""
    if isinstance(exc, UserInputError):
        return "\n".join(problem_text(p, lang, file=True) for p in exc.problems)
    content = getattr(exc, "content", None)
    return message_text(content, lang) if isinstance(content, Message) else str(exc)


def problems_text(problems: tuple[Problem, ...] | list[Problem], lang: str) -> str:
    """Several problems of one input on one line, in ``lang``."""
    return "; ".join(problem_text(p, lang) for p in problems)
