"""A unit's profile (``scicity.engine.profile``) as a localised table: headers, numbers and
verdicts in the reader's language, the value ÷ median ratio as a percentage."""

from __future__ import annotations

import pandas as pd

from scicity.i18n import as_float, is_missing, number, percent, t


def _value(v: object, lang: str) -> str:
    if is_missing(v):
        return "—"
    return number(v, lang, 0 if abs(as_float(v)) >= 1000 else None)


def profile_rows(prof: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per indicator: criterion, name, unit, value, national median, value as a share of
    the median, verdict and source (headers in ``lang``)."""
    return pd.DataFrame({
        t("wcol_criterion", lang): list(prof["criterion"]),
        t("profile_indicator", lang): list(prof["name"]),
        t("profile_unit", lang): list(prof["unit"]),
        t("profile_value", lang): [_value(v, lang) for v in prof["value"]],
        t("profile_median", lang): [_value(v, lang) for v in prof["median"]],
        t("profile_vs", lang): [percent(r, lang) for r in prof["ratio"]],
        t("profile_verdict", lang): [t(f"profile_{v}", lang) for v in prof["verdict"]],
        t("profile_source", lang): list(prof["source"]),
    })


def contribution_rows(contrib: pd.DataFrame, method: str, lang: str) -> pd.DataFrame:
    """Per indicator used (``scicity.engine.profile.score_contributions``): criterion,
    name, raw value, normalised value, weight used and — TOPSIS — its shares of the
    distances to the ideal and the anti-ideal, or — the other methods — its contribution
    (headers in ``lang``)."""
    out = pd.DataFrame({
        t("wcol_criterion", lang): list(contrib["criterion"]),
        t("profile_indicator", lang): list(contrib["name"]),
        t("profile_value", lang): [_value(v, lang) for v in contrib["value"]],
        t("profile_contrib_normalised", lang): [
            "—" if is_missing(v) else number(v, lang, 3) for v in contrib["normalised"]],
        t("profile_contrib_weight", lang): [percent(v, lang, 1) for v in contrib["weight"]],
    })
    if method == "topsis":
        out[t("profile_contrib_ideal", lang)] = [percent(v, lang, 1)
                                                 for v in contrib["share_ideal"]]
        out[t("profile_contrib_anti", lang)] = [percent(v, lang, 1)
                                                for v in contrib["share_anti_ideal"]]
    else:
        out[t("profile_contrib_value", lang)] = [
            "—" if is_missing(v) else number(v, lang, 4) for v in contrib["contribution"]]
    return out


def contribution_caption(method: str, score: float, lang: str,
                         distances: tuple[float, float] | None = None,
                         s: float | None = None) -> str:
    """How to read the contributions of ``method`` (``distances``: TOPSIS's (D+, D−);
    ``s``: VIKOR's group utility)."""
    sc = number(score, lang, 3)
    if method == "topsis" and distances is not None:
        return t("profile_contrib_caption_topsis", lang, score=sc,
                 d_plus=number(distances[0], lang, 3), d_minus=number(distances[1], lang, 3))
    if method == "vikor":
        return t("profile_contrib_caption_vikor", lang, score=sc,
                 s="—" if s is None else number(s, lang, 3))
    if method == "promethee2":
        return t("profile_contrib_caption_promethee2", lang, score=sc)
    return t("profile_contrib_caption_wsm", lang, score=sc)
