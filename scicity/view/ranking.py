"""One localised view of a ranking, shared by the app table, the report, the CLI text and
the map popups: rank, names in the language, score and sub-scores with one number of
decimals per column, the 3 % rule's state with its share, flags and status.

Cells are display text (numbers formatted with Babel in the language, ``—`` for a
missing one); ``NUMERIC`` says which columns hold numbers (right-aligned in print).
``esc`` is the one HTML escaper for text that reaches a page outside a Jinja template.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

import pandas as pd
from markupsafe import escape

from criteria.bundled import load_bundled
from criteria.caveats import caveat_flag
from criteria.model import Catalogue, load_catalogue
from scicity.engine.evaluate import Evaluation
from scicity.i18n import (
    DASH,
    indicator_name,
    is_missing,
    number,
    percent,
    t,
    translate,
    weight_status,
)

#: Decimals shown per column: the score, the sub-scores (0–1), the 3 % rule's share (in
#: percent) and the weights (in percent).
SCORE_DIGITS = 3
SUB_DIGITS = 2
SHARE_DIGITS = 2
WEIGHT_DIGITS = 1


def esc(value: object) -> str:
    """``value`` as HTML text (``&``, ``<``, ``>``, quotes escaped); nothing for a gap."""
    if is_missing(value):
        return ""
    return str(escape(str(value)))


@lru_cache(maxsize=1)
def _catalogue() -> Catalogue:
    return load_catalogue()


@lru_cache(maxsize=3)
def _region_names(lang: str) -> dict[str, str]:
    return dict(load_bundled("regions").units[f"name_{lang}"])


def region_name(iso: str, lang: str) -> str:
    """The name of region ``iso`` in ``lang`` (the code itself if unknown)."""
    return _region_names(lang).get(iso, iso)


def criteria_order(ev: Evaluation) -> tuple[str, ...]:
    """The criteria that entered the score, in the catalogue's order (C1 … C4)."""
    return tuple(c.id for c in _catalogue().criteria if c.id in ev.criteria)


def criterion_label(cid: str, lang: str) -> str:
    """``C1 Accredited research organisations`` in ``lang``."""
    return f"{cid} {_catalogue().criterion(cid).name.get(lang)}"


def gate_label(state: str, share: object, estimate: object, lower: object, lang: str,
               low: object = None, high: object = None) -> str:
    """The 3 % rule's state with its share interval and flags: ``restricted, 0.88–0.98%
    (estimate)``; without an upper bound ``≥ low``; without an interval the counted share
    (``≥`` for a lower-bound count)."""
    share_t, low_t, high_t = (None if is_missing(v) else percent(v, lang, SHARE_DIGITS)
                              for v in (share, low, high))
    return _gate_text(state, share_t, low_t, high_t, estimate, lower, lang)


def _gate_text(state: str, share: str | None, low: str | None, high: str | None,
               estimate: object, lower: object, lang: str) -> str:
    """``gate_label`` from the shares already formatted (None when missing)."""
    label = _label(f"state_{state}", lang)
    if state == "no_data":
        return label
    flags = [_label(k, lang) for k, on in (("flag_estimate", estimate),
                                           ("flag_lower_bound", lower)) if _on(on)]
    if low is not None:
        text = f"{label}, " + (f"≥ {low}" if high is None else f"{low}–{high}")
    else:
        text = f"{label}, {'≥ ' if _on(lower) else ''}" + (DASH if share is None else share)
    return text + (f" ({', '.join(flags)})" if flags else "")


def _on(flag: object) -> bool:
    return not is_missing(flag) and bool(flag)


@lru_cache(maxsize=256)
def _label(key: str, lang: str) -> str:
    """``t(key, lang)`` for a label without placeholders (many rows share it)."""
    return t(key, lang)


@lru_cache(maxsize=1024)
def _incomplete(missing: str, lang: str) -> str:
    names = ", ".join(indicator_name(i, lang) for i in missing.split(", "))
    return f"{_label('flag_incomplete', lang)}: {names}"


def _flags(estimated: object, gate_estimate: object, gate_lower: object, status: str,
           complete: object, missing: object, lang: str) -> str:
    """Estimates, lower bounds and gaps of one unit, separated by ``;``."""
    f = []
    if _on(estimated) or _on(gate_estimate):
        f.append(_label("flag_estimate", lang))
    if _on(gate_lower):
        f.append(_label("flag_lower_bound", lang))
    if status == "ranked" and not complete and missing:
        f.append(_incomplete(str(missing), lang))
    return "; ".join(f)


def caveat_flags(ids: Iterable[object], lang: str) -> dict[str, str]:
    """The short caveat (``criteria.caveats``) of every unit of ``ids`` that has one, in
    ``lang``, by unit id: for flags columns, popups and profiles."""
    out = {}
    for u in ids:
        m = caveat_flag(str(u))
        if m is not None:
            out[str(u)] = translate(m, lang)
    return out


def status_label(status: str, reason: object, lang: str) -> str:
    """``excluded: not a candidate``; a ranked unit shows its status only."""
    text = t(f"status_{status}", lang)
    return text if status == "ranked" or reason is None else f"{text}: {translate(reason, lang)}"


def ranking_rows(ev: Evaluation, lang: str) -> pd.DataFrame:
    """The ranking as display text, one row per unit (best first), indexed by unit id.
    Columns: ``rank``, ``id``, ``name``, [``region`` for towns], ``score``, ``sub_<C>``,
    ``gate``, ``flags``, ``status``; ``labels`` gives their headers. Numbers are
    formatted a column at a time (``numbers``, ``percents``)."""
    tb = ev.table

    def col(name: str) -> list[Any]:   # fast to iterate; None-filled if absent
        return tb[name].tolist() if name in tb else [None] * len(tb)

    cols: dict[str, object] = {
        "rank": ["—" if pd.isna(r) else str(int(r)) for r in col("rank")],
        "id": tb.index.tolist(),
        "name": col(f"name_{lang}"),
    }
    if "region_id" in tb:
        region = tb["region_id"]
        if "region_id_computed" in tb:
            region = tb["region_id_computed"].fillna(region)
        names = _region_names(lang)
        cols["region"] = [names.get(r, r) if isinstance(r, str) else ""
                          for r in region.tolist()]
    cols["score"] = numbers(tb["score"], lang, SCORE_DIGITS)
    for c in criteria_order(ev):
        cols[f"sub_{c}"] = numbers(tb[f"sub_{c}"], lang, SUB_DIGITS)
    share, low, high = ([None if x == DASH else x for x in percents(tb[c], lang, SHARE_DIGITS)]
                        if c in tb else col(c)
                        for c in ("gate_share", "gate_share_low", "gate_share_high"))
    cols["gate"] = [_gate_text(st, sh, lo, hi, est, lb, lang) for st, sh, lo, hi, est, lb in zip(
        col("gate_state"), share, low, high, col("gate_estimate"), col("gate_lower_bound"),
        strict=True)]
    flags = [_flags(e, ge, gl, st, comp, miss, lang)
             for e, ge, gl, st, comp, miss in zip(
                 col("estimated"), col("gate_estimate"), col("gate_lower_bound"),
                 col("status"), col("complete"), col("missing"), strict=True)]
    caveats = caveat_flags(tb.index, lang)            # sourced caveats (Baikonur's lease)
    cols["flags"] = ["; ".join(x for x in (caveats.get(str(u), ""), f) if x)
                     for u, f in zip(tb.index, flags, strict=True)]
    cols["status"] = [_label("status_ranked", lang) if s == "ranked"
                      else "; ".join(x for x in (status_label(s, r, lang),
                                                 caveats.get(str(u), "")) if x)
                      for u, s, r in zip(tb.index, col("status"), col("reason"), strict=True)]
    return pd.DataFrame(cols, index=tb.index)


@lru_cache(maxsize=16)
def _signs(lang: str, pct: bool) -> tuple[dict[int, str], tuple[str, str], tuple[str, str]]:
    """How ``number``/``percent`` write ``lang``'s numbers, read off their own output:
    the separators (a ``str.translate`` table from Python's ``,`` ``.`` ``-``), and the
    text before and after the digits of a positive and of a negative value."""
    sample = number(-1234.5, lang, 1)          # e.g. "-1 234,5"
    table = str.maketrans({"-": sample[0], ",": sample[2], ".": sample[6]})
    if not pct:
        return table, ("", ""), (sample[0], "")
    a, b = percent(0.5, lang).split("50", 1)
    c, d = percent(-0.5, lang).split("50", 1)
    return table, (a, b), (c, d)


#: Beyond this magnitude a number goes through Babel itself (``numbers``).
_FAST_LIMIT = 1e15


def _format_all(values: Iterable[object], lang: str, digits: int, pct: bool) -> list[str]:
    """``number``/``percent`` of each value, computed the same way Babel does (the
    value's shortest decimal text, scaled by 100 for a percentage, rounded half to even,
    grouped by three) without Babel's per-call overhead; gaps give ``—``, infinite or
    huge values go through ``number``/``percent``. A value that is not a number raises
    ``ValueError``."""
    table, pos, neg = _signs(lang, pct)
    spec = f",.{digits}f"
    column = pd.Series(values if isinstance(values, pd.Series) else list(values),
                       dtype=object)
    out = []
    for x in pd.to_numeric(column).astype(float).tolist():
        if x != x:   # NaN: a gap
            out.append(DASH)
        elif not math.isfinite(x) or abs(x) >= _FAST_LIMIT:
            out.append(percent(x, lang, digits) if pct else number(x, lang, digits))
        else:
            d = Decimal(repr(x)).scaleb(2) if pct else Decimal(repr(x))
            before, after = neg if d.is_signed() else pos
            out.append(before + format(abs(d), spec).translate(table) + after)
    return out


def numbers(values: Iterable[object], lang: str, digits: int) -> list[str]:
    """``number(v, lang, digits)`` of each value (the same text), for a whole column."""
    return _format_all(values, lang, digits, pct=False)


def percents(values: Iterable[object], lang: str, digits: int) -> list[str]:
    """``percent(v, lang, digits)`` of each value (the same text), for a whole column."""
    return _format_all(values, lang, digits, pct=True)


#: Columns holding numbers (right-aligned when printed).
NUMERIC = frozenset({"rank", "score", "weight", "criterion_weight", "coverage"})


def is_numeric(key: str) -> bool:
    """Whether column ``key`` of a view holds numbers."""
    return key in NUMERIC or key.startswith("sub_")


def labels(ev: Evaluation, lang: str, long: bool = True) -> dict[str, str]:
    """Column headers of ``ranking_rows`` in ``lang``; sub-scores as ``C1 name``
    (``long``) or ``C1``."""
    out = {"rank": t("col_rank", lang), "id": t("col_id", lang), "name": t("col_name", lang),
           "region": t("col_region", lang), "score": t("col_score", lang),
           "gate": t("col_gate", lang), "flags": t("col_flags", lang),
           "status": t("col_status", lang)}
    for c in criteria_order(ev):
        head = criterion_label(c, lang) if long else c
        # a sub-score resting on the region's figures is never shown as the unit's own (the
        # compact headers of the CLI and the report say it in their proxy warning/notes)
        ev_col = ev.table.get(f"evidence_{c}")
        if long and ev_col is not None and (
                ev_col[ev.table["status"] == "ranked"] == "context").any():
            head = f"{head} ({t('evidence_context', lang)})"
        out[f"sub_{c}"] = head
    return out


def localized(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """``frame`` with its columns renamed to ``names`` and a plain index."""
    return frame.rename(columns=names).reset_index(drop=True)


_ESCAPES = str.maketrans({"\t": "\\t", "\r": "\\r", "\n": "\\n"})


def text_table(frame: pd.DataFrame) -> str:
    """``frame.to_string(index=False)`` (the same text) for a frame of text cells, built
    directly: each column right-aligned to its widest cell or header, one space between
    columns, tabs and line breaks shown escaped. Other frames go to pandas."""
    values = [frame.iloc[:, j].tolist() for j in range(frame.shape[1])]
    if frame.empty or not all(isinstance(c, str) for c in frame.columns) or not all(
            type(v) is str for col in values for v in col):
        return frame.to_string(index=False)
    columns = []
    for name, col in zip(frame.columns, values, strict=True):
        cells = [str(name).translate(_ESCAPES), *(v.translate(_ESCAPES) for v in col)]
        width = max(map(len, cells))
        columns.append([c.rjust(width) for c in cells])
    return "\n".join(" ".join(row) for row in zip(*columns, strict=True))


def weights_rows(ev: Evaluation, lang: str) -> pd.DataFrame:
    """The weights actually used, per indicator: criterion, name, direction, the weights
    asked for (criterion, and local inside it), the global weight used, coverage, status;
    in C1–C4 order."""
    cat = _catalogue()
    order = {c.id: k for k, c in enumerate(cat.criteria)}
    w = ev.weights.iloc[sorted(range(len(ev.weights)),
                               key=lambda k: order.get(ev.weights["criterion"].iloc[k], 99))]
    return pd.DataFrame({
        "criterion": list(w["criterion"]),
        "indicator": [indicator_name(i, lang) for i in w.index],
        # an indicator scored through a value function is no longer "more" or "less is
        # better": the engine scores its value (0–1), and the weights table says so
        "direction": [t("direction_value_function" if int(k) != cat.field(i).sign
                        else f"direction_{cat.field(i).direction}", lang)
                      for i, k in zip(w.index, w["type"], strict=True)],
        "criterion_weight": [percent(v, lang, WEIGHT_DIGITS) for v in w["criterion_weight"]],
        "weight": [percent(v, lang, WEIGHT_DIGITS) if s == "used" else "—"
                   for v, s in zip(w["global_weight"], w["status"], strict=True)],
        "coverage": [percent(v, lang, 0) for v in w["coverage"]],
        "status": [weight_status(s, c, ev.scenario.min_coverage, lang)
                   for s, c in zip(w["status"], w["coverage"], strict=True)],
    }, index=w.index)


def weights_labels(lang: str) -> dict[str, str]:
    """Column headers of ``weights_rows`` in ``lang``."""
    return {k: t(f"wcol_{k}", lang) for k in ("criterion", "indicator", "direction",
                                               "criterion_weight", "weight", "coverage",
                                               "status")}


def sources_rows(sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The data sources (``Dataset.sources``) with headers in ``lang``."""
    frame = sources.reset_index()
    return frame.rename(columns={c: t(f"src_{c}", lang) for c in frame.columns})
