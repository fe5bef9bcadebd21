"""The robustness summary as localised tables (report and app): rank intervals and the
probability of the top k per unit, and how far each weight can move."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from scicity.i18n import number, percent, t
from scicity.robustness import RobustnessResult


def _interval(lo: object, hi: object, lang: str) -> str:
    return f"{percent(lo, lang)}–{percent(hi, lang)}"


def units_rows(res: RobustnessResult, lang: str, names: Mapping[str, str] | None = None
               ) -> pd.DataFrame:
    """Per ranked unit: current rank, name (from ``names`` by id when given), median rank,
    5–95 % rank interval and the probability of being in the top k (headers in ``lang``)."""
    u = res.units
    return pd.DataFrame({
        t("col_rank", lang): [number(r, lang, 0) for r in u["rank"]],
        t("col_name", lang): [names.get(i, n) if names else n
                              for i, n in zip(u.index, u["name"], strict=True)],
        t("col_median_rank", lang): [number(r, lang, 0) for r in u["median_rank"]],
        t("col_interval", lang): [f"{number(a, lang, 0)}–{number(b, lang, 0)}"
                                  for a, b in zip(u["rank_p05"], u["rank_p95"], strict=True)],
        t("col_p_top", lang, k=res.top_k): [percent(p, lang) for p in u["p_top_k"]],
    })


def stability_rows(res: RobustnessResult, lang: str) -> pd.DataFrame:
    """Per criterion: its weight and the intervals within which first place and the top-k
    set hold (the other weights rescaled in proportion)."""
    st = res.stability
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
