"""The robustness summary as localised tables (report and app): rank intervals and the
probability of the top k per unit (under the weights, and under weights and data), the
statistically tied groups, the figures to request first, and how far each weight can
move."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from babel.lists import format_list

from criteria.derive import DERIVED_SOURCE
from scicity.engine.data_uncertainty import PROVEN_RANGE
from scicity.engine.robustness import RobustnessResult
from scicity.i18n import DASH, indicator_name, is_missing, number, percent, t
from scicity.view.ranking import numbers, percents, region_name

#: Rows of the value-of-information list shown in the report and the app.
VOI_ROWS = 10
#: The language the data files' notes (e.g. the reason of a declared interval) are in.
DATA_LANG = "en"


def _interval(lo: object, hi: object, lang: str) -> str:
    return f"{percent(lo, lang)}–{percent(hi, lang)}"


def _names(res: RobustnessResult, names: Mapping[str, str] | None) -> dict[str, str]:
    own = {str(i): str(n) for i, n in res.units["name"].items()}
    return own | {str(k): str(v) for k, v in (names or {}).items()}


def tied_with(res: RobustnessResult, lang: str, names: Mapping[str, str] | None = None
              ) -> dict[str, str]:
    """Per ranked unit in a statistically tied group of more than one: "≈ " and the other
    members' names (best first), the way the tied-group column shows it."""
    name = _names(res, names)
    out = {}
    for group in (g for g in res.tied_groups if len(g) > 1):
        for uid in group:
            others = [name.get(str(o), str(o)) for o in group if o != uid]
            out[str(uid)] = "≈ " + format_list(others, locale=lang)
    return out


def tied_sentences(res: RobustnessResult, lang: str, names: Mapping[str, str] | None = None
                   ) -> list[str]:
    """One plain sentence per statistically tied group of more than one unit, best first
    ("Alatau City and Konaev are statistically tied (90 %)")."""
    name = _names(res, names)
    return [t("plain_tied", lang, names=format_list([name.get(str(u), str(u)) for u in g],
                                                    locale=lang), level=res.tie_level)
            for g in res.tied_groups if len(g) > 1]


def uncertain_scored(res: RobustnessResult) -> int:
    """How many figures entering the scores are uncertain in the data: a declared interval
    or a missing value's range (the only sources of the data's tied groups; every other
    scored figure is taken as exact)."""
    v = res.voi
    if v is None or v.empty or "scored" not in v:
        return 0
    return int(v["scored"].astype(bool).sum())


def ties_summary(res: RobustnessResult, lang: str, names: Mapping[str, str] | None = None
                 ) -> list[str]:
    """The plain sentences under the rank ranges: the data's tied groups, or that within
    the few uncertain scored figures (how many) the data separate every rank, or that the
    data are taken as exact; then the groups whose rank intervals overlap once the weights vary
    as well (``tied_groups_joint``) — the weights being the larger source of instability
    when the data tie no one."""
    name = _names(res, names)
    level = res.tie_level
    out = tied_sentences(res, lang, names)
    n = uncertain_scored(res)
    if not out:
        out = [t("plain_data_ties_none", lang, n=n, level=level) if n
               else t("plain_data_exact", lang)]
    joint = [format_list([name.get(str(u), str(u)) for u in g], locale=lang)
             for g in res.tied_groups_joint if len(g) > 1]
    if not joint:
        return [*out, t("plain_weights_no_ties", lang, level=level)]
    key = "plain_joint_ties" if any(len(g) > 1 for g in res.tied_groups) else \
        "plain_weights_ties"
    return [*out, t(key, lang, level=level, groups="; ".join(joint))]


def legend_lines(res: RobustnessResult | None, lang: str,
                 names: Mapping[str, str] | None = None) -> list[str]:
    """The map legend's lines for the statistically tied groups of more than one unit
    ("Statistically tied (90 %): Aksu, Ekibastuz"), best group first; none without a
    robustness result."""
    if res is None:
        return []
    name = _names(res, names)
    return [t("legend_tied", lang, level=res.tie_level,
              names=format_list([name.get(str(u), str(u)) for u in g], locale=lang))
            for g in res.tied_groups if len(g) > 1]


def units_rows(res: RobustnessResult, lang: str, names: Mapping[str, str] | None = None
               ) -> pd.DataFrame:
    """Per ranked unit: current rank, name (from ``names`` by id when given), the units it
    is statistically tied with, median rank, 5–95 % rank interval and the probability of
    being in the top k (headers in ``lang``), best rank first. When the data's intervals
    were sampled, the 5–95 % interval and P(top k) under weights and data follow each
    weights-only column."""
    u = res.units.sort_values("rank", kind="stable")
    name = _names(res, names)
    ties = tied_with(res, lang, names)
    k = res.top_k

    def interval(lo: str, hi: str) -> list[str]:   # "5–12"
        return [f"{a}–{b}" for a, b in zip(numbers(u[lo], lang, 0), numbers(u[hi], lang, 0),
                                            strict=True)]

    cols = {
        t("col_rank", lang): numbers(u["rank"], lang, 0),
        t("col_name", lang): [name[str(i)] for i in u.index],
        t("col_tied", lang, level=res.tie_level): [ties.get(str(i), "") for i in u.index],
        t("col_median_rank", lang): numbers(u["median_rank"], lang, 0),
        t("col_interval", lang): interval("rank_p05", "rank_p95"),
    }
    if res.data_uncertainty:
        cols[t("col_interval_data", lang)] = interval("rank_p05_data", "rank_p95_data")
    cols[t("col_p_top", lang, k=k)] = percents(u["p_top_k"], lang, 0)
    if res.data_uncertainty:
        cols[t("col_p_top_data", lang, k=k)] = percents(u["p_top_k_data"], lang, 0)
    return pd.DataFrame(cols)


def _amount(value: object, lang: str) -> str:
    """A figure's value: whole numbers from 100 up, else three significant digits."""
    if is_missing(value):
        return DASH
    v = float(value)  # type: ignore[arg-type]
    if abs(v) >= 100 or v == int(v):
        return number(v, lang, 0)
    return number(float(f"{v:.3g}"), lang, None)


def _state(code: object, lang: str) -> str:
    return t(f"state_{code}", lang) if code else ""


_VOI_COLUMNS = ["unit", "name", "field", "kind", "value", "low", "high", "reason",
                "source_id", "year", "rank_now", "rank_low", "rank_high", "gate_now",
                "gate_low", "gate_high", "gate_crossing"]


def voi_rows(res: RobustnessResult, lang: str, names: Mapping[str, str] | None = None,
             rows: int | None = VOI_ROWS) -> pd.DataFrame:
    """The figures to request first (the first ``rows`` of the value-of-information list,
    all when None), in priority order: unit, figure, stated value, the range used and why,
    source code, the unit's rank now (at the low → high end), its state under the 3 % rule
    at the low → high end and the value at which its share crosses the threshold ("not
    reachable within the range" when no value in the range reaches it). Unit
    names from ``names`` by id (a regional figure's region by its own name), figure names
    from the catalogue in ``lang``; the reason of a declared interval is the data's own
    text in ``DATA_LANG`` (a pointer to it in the other languages), that of a missing
    figure the assumed range in ``lang``."""
    v = res.voi if res.voi is not None else pd.DataFrame(columns=_VOI_COLUMNS)
    v = v if rows is None else v.head(rows)
    nm = {str(k): str(x) for k, x in (names or {}).items()}
    nm |= {str(u): region_name(str(u), lang) for u in v["unit"]
           if str(u) not in nm and region_name(str(u), lang) != str(u)}
    out = {
        t("voi_priority", lang): [number(i, lang, 0) for i in range(1, len(v) + 1)],
        t("col_name", lang): [nm.get(str(u), str(n)) for u, n in
                              zip(v["unit"], v["name"], strict=True)],
        t("voi_field", lang): [indicator_name(str(f), lang) for f in v["field"]],
        t("voi_value", lang): [_amount(x, lang) for x in v["value"]],
        t("voi_range", lang): [f"{_amount(a, lang)}–{_amount(b, lang)}" for a, b in
                               zip(v["low"], v["high"], strict=True)],
        t("voi_reason", lang): [_reason(kind, why, lang) for kind, why in
                                zip(v["kind"], v["reason"], strict=True)],
        t("voi_source", lang): [_source(s, y, lang) for s, y in
                                zip(v["source_id"], v["year"], strict=True)],
        t("voi_rank", lang): [_rank_move(r, lo, hi, lang) for r, lo, hi in
                              zip(v["rank_now"], v["rank_low"],
                                  v["rank_high"], strict=True)],
        t("voi_gate", lang): [f"{_state(a, lang)} → {_state(b, lang)}" if a else ""
                              for a, b in zip(v["gate_low"], v["gate_high"],
                                              strict=True)],
        t("voi_crossing", lang): [_crossing(now, x, lang) for now, x in
                                  zip(v["gate_now"], v["gate_crossing"], strict=True)],
    }
    return pd.DataFrame(out)


def _crossing(state: object, value: object, lang: str) -> str:
    """The figure's value at the threshold; for a 3 % rule input (``state`` set) whose
    range does not reach it, "not reachable within the range"; else a dash."""
    if not is_missing(value):
        return _amount(value, lang)
    return t("voi_not_reachable", lang) if state and not is_missing(state) else DASH


def voi_numeric(lang: str) -> set[str]:
    """The headers of :func:`voi_rows` whose cells are numbers."""
    return {t(k, lang) for k in ("voi_priority", "voi_value", "voi_range", "voi_rank",
                                 "voi_crossing")}


def _reason(kind: object, why: object, lang: str) -> str:
    if kind == "missing":
        proven = str(why).startswith(PROVEN_RANGE)
        return t("voi_missing_proven" if proven else "voi_missing_reason", lang)
    return str(why) if lang == DATA_LANG and why else t("voi_interval_reason", lang)


def _source(sid: object, year: object, lang: str) -> str:
    if not sid or is_missing(sid):
        return DASH
    code = t("voi_derived", lang) if sid == DERIVED_SOURCE else str(sid)
    return f"{code}, {year}" if year and not is_missing(year) else code


def _rank_move(now: object, lo: object, hi: object, lang: str) -> str:
    if is_missing(now):
        return DASH
    return f"{number(now, lang, 0)} ({number(lo, lang, 0)} → {number(hi, lang, 0)})"


def stability_rows(res: RobustnessResult, lang: str) -> pd.DataFrame:
    """Per criterion: its weight and the intervals within which first place and the top-k
    set hold (the other weights rescaled in proportion), in C1–C4 order."""
    st = res.stability.sort_index()
    k = res.top_k
    return pd.DataFrame({
        t("wcol_criterion", lang): list(st.index),
        t("col_weight", lang): [percent(w, lang) for w in st["weight"]],
        t("col_first", lang): [_interval(a, b, lang)
                               for a, b in zip(st["first_lo"], st["first_hi"], strict=True)],
        t("col_topk", lang, k=k): [_interval(a, b, lang) for a, b in
                                   zip(st["top_k_lo"], st["top_k_hi"], strict=True)],
    })


def reversal_rows(rev: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per criterion: its weight and the interval within which a pair keeps its order."""
    return pd.DataFrame({
        t("wcol_criterion", lang): list(rev.index),
        t("col_weight", lang): [percent(w, lang) for w in rev["weight"]],
        t("col_holds", lang): [_interval(a, b, lang)
                               for a, b in zip(rev["lo"], rev["hi"], strict=True)],
    })
