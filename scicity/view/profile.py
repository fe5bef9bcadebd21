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
