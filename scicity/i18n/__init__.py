"""Interface text in Kazakh, Russian and English: gettext catalogues and Babel formatting.

Every interface label and every engine message (``mcda.messages``, msgid ``msg_<key>``)
lives in ``scicity/i18n/locale/<lang>/LC_MESSAGES/scicity.po``, one catalogue per language,
keyed by a stable msgid (``col_rank``). ``scripts/env.sh`` compiles them to ``.mo``
(``pybabel compile``); when a ``.mo`` is absent or older than its ``.po`` the ``.po`` is
compiled in memory, so a fresh clone works. Placeholders use Python format specs that
are applied with Babel in the reader's language: ``{x:.3f}`` decimals, ``{p:.0%}`` a ratio
as a percentage, ``{n:,}`` a grouped integer; a list is joined the language's way.
An entry with plural forms takes its count as ``n``.

``t(key, lang, **params)`` gives a label, ``translate(message, lang)`` an engine message,
``number``/``percent``/``format_number`` format one number; nothing else in the project
formats a number for display.
"""

from __future__ import annotations

import math
import numbers
import string
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path
from typing import Literal, SupportsFloat

import pandas as pd
from babel import Locale
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent, format_scientific
from babel.support import Translations

from criteria.problems import (
    INDICATOR_PARAMS,
    REGION_CHOICE_PARAMS,
    REGION_PARAMS,
    UNIT_PARAMS,
)
from mcda.messages import Message

Lang = Literal["kk", "ru", "en"]
LANGS: tuple[Lang, ...] = ("kk", "ru", "en")
LANG_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
DOMAIN = "scicity"
LOCALE_DIR = Path(__file__).with_name("locale")
#: Shown for a missing number.
DASH = "—"


def po_path(lang: str) -> Path:
    """The catalogue source of ``lang``."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalogue(lang: str) -> Translations:
    """The compiled catalogue of ``lang``: its ``.mo`` when up to date, else the ``.po``
    compiled in memory. Keys missing in ``lang`` fall back to English."""
    po = po_path(lang)
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        data = BytesIO(mo.read_bytes())
    else:
        with po.open("rb") as f:
            cat = read_po(f, locale=lang, domain=DOMAIN)
        data = BytesIO()
        write_mo(data, cat)
        data.seek(0)
    tr = Translations(data, domain=DOMAIN)
    if lang != "en":
        tr.add_fallback(catalogue("en"))
    return tr


def as_float(value: object) -> float:
    """A table cell (int, float, numpy scalar, numeric text) as a float; TypeError
    for anything else."""
    if isinstance(value, SupportsFloat | str):
        return float(value)
    raise TypeError(f"not a number: {value!r}")


def number(value: object, lang: str, digits: int | None = 3, group: bool = True) -> str:
    """``value`` with ``digits`` decimals (None: up to three, as needed) in ``lang``'s
    convention; a dash when missing."""
    if is_missing(value):
        return DASH
    decimals = "###" if digits is None else "0" * digits
    pattern = "#,##0" + ("." + decimals if decimals else "")
    if not group:
        pattern = pattern.replace("#,##", "")
    return format_decimal(as_float(value), pattern, locale=lang)


def percent(value: object, lang: str, digits: int = 0) -> str:
    """A ratio (0.031) as a percentage (3.1 %) in ``lang``'s convention."""
    if is_missing(value):
        return DASH
    base = Locale.parse(lang).percent_formats[None].pattern
    pattern = base.replace("0", "0" + ("." + "0" * digits if digits else ""), 1)
    return format_percent(as_float(value), pattern, locale=lang)


def integer(value: object, lang: str) -> str:
    """A whole number, grouped in ``lang``'s convention."""
    return number(value, lang, 0)


def is_missing(value: object) -> bool:
    """Whether ``value`` is a gap: None, NaN, ``pd.NA`` or ``pd.NaT``."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, numbers.Real) and math.isnan(float(value))


def format_number(value: float | numbers.Real, spec: str, lang: str) -> str:
    """``value`` with a Python-style format spec (``,``, ``.Nf``, ``.N%``, ``.Ng``) in
    ``lang``'s convention (Babel). ``float`` in the annotation because mypy does not check
    the numeric tower (``numbers.Real``) statically."""
    kind = spec[-1] if spec and spec[-1] in "f%gd" else ""
    body = spec[:-1] if kind else spec
    group = "," in body or kind in ("", "g")
    digits = int(body.split(".")[1]) if "." in body else None
    if kind == "%":
        return percent(value, lang, digits or 0)
    if kind == "g":
        text = f"{value:.{digits or 6}g}"
        if "e" in text:
            return format_scientific(float(value), locale=lang)
        return number(float(text), lang, len(text.partition(".")[2]), group)
    if kind == "f":
        return number(value, lang, digits or 0, group)
    if isinstance(value, numbers.Integral) or float(value).is_integer():
        return number(value, lang, 0, group)
    return number(value, lang, digits, group)


class _Formatter(string.Formatter):
    """``str.format`` with numbers, lists and messages in the reader's language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, numbers.Real):
            return format_number(value, format_spec, self.lang)
        return str(value)


def _fill(text: str, lang: str, params: Mapping[str, object]) -> str:
    return _Formatter(lang).format(text, **params) if params else text


def t(key: str, lang: str, **params: object) -> str:
    """The label ``key`` in ``lang``, its placeholders filled (numbers with Babel).
    An entry with plural forms picks the form for ``n``."""
    tr = catalogue(lang)
    text = key
    if "n" in params:
        text = tr.ngettext(key, key, int(as_float(params["n"])))
    if text == key:
        text = tr.gettext(key)
    return _fill(text, lang, params)


@lru_cache(maxsize=4096)
def indicator_name(fid: str, lang: str, unit: bool = False) -> str:
    """The name (or with ``unit`` the unit) of indicator ``fid`` in ``lang`` (the id
    itself if it is unknown)."""
    from criteria.model import load_catalogue

    try:
        f = load_catalogue().field(fid)
    except (KeyError, ValueError):
        return fid
    return (f.unit if unit else f.name).get(lang)


@lru_cache(maxsize=3)
def _region_names(lang: str) -> dict[str, str]:
    from criteria.bundled import load_bundled

    return {str(k): str(v) for k, v in load_bundled("regions").units[f"name_{lang}"].items()}


def _region(code: str, lang: str) -> str:
    """``KZ-11 (name)`` in ``lang``."""
    return f"{code} ({_region_names(lang).get(code, code)})"


def _param(name: str, value: object, lang: str) -> object:
    if isinstance(value, Message):
        return translate(value, lang)
    if isinstance(value, str | Iterable) and name in (INDICATOR_PARAMS | UNIT_PARAMS
                                                      | REGION_PARAMS | REGION_CHOICE_PARAMS):
        ids = [value] if isinstance(value, str) else [str(i) for i in value]
        if name in REGION_PARAMS | REGION_CHOICE_PARAMS:
            names = [_region(c, lang) for c in ids]
        else:
            names = [indicator_name(i, lang, name in UNIT_PARAMS) for i in ids]
        if not ids:
            return ""
        if name in REGION_CHOICE_PARAMS:
            return format_list(names, style="or", locale=lang)
        return format_list(names, locale=lang)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return format_list([translate(v, lang) for v in value], locale=lang) if value else ""
    return value


def translate(message: object, lang: str) -> str:
    """An engine message in ``lang`` (nested messages and indicator ids translated); a
    plain string (text the user wrote) unchanged; None as an empty string."""
    if message is None:
        return ""
    if not isinstance(message, Message):
        return str(message)
    params = {k: _param(k, v, lang) for k, v in message.params.items()}
    return t(f"msg_{message.key}", lang, **params)


def weight_status(code: str, coverage: float, minimum: float, lang: str) -> str:
    """The status of an indicator in a weights table (a ``WEIGHT_STATUSES`` code)."""
    if code in ("used", "constant"):
        return t(f"weight_status_{code}", lang)
    if code == "coverage":
        return t("msg_status_coverage", lang, coverage=coverage, minimum=minimum)
    return t(f"msg_status_{code}", lang)
