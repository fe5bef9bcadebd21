"""The ranking and profile tables as the user sees them, in the chosen language: one
number of decimals per column, percentages for shares and ratios, no "None" cells."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scicity.app.resources import catalogue
from scicity.engine import Evaluation
from scicity.i18n import t, translate

SCORE_DECIMALS = 3
SUB_DECIMALS = 2


def ranking_view(ev: Evaluation, lang: str) -> pd.DataFrame:
    """One row per unit, best first: rank, id, name, score, sub-scores (C1–C4), the 3 %
    rule, flags and status."""
    tb = ev.table
    cat = catalogue()
    flags = []
    for _, r in tb.iterrows():
        f = []
        if r["estimated"] or r["gate_estimate"]:
            f.append(t("flag_estimate", lang))
        if r["gate_lower_bound"]:
            f.append(t("flag_lower_bound", lang))
        if r["status"] == "ranked" and not r["complete"]:
            f.append(f"{t('flag_incomplete', lang)}: {r['missing']}")
        flags.append("; ".join(f))
    df = pd.DataFrame({
        t("col_rank", lang): tb["rank"].astype("Int64"),
        t("col_id", lang): tb.index,
        t("col_name", lang): tb[f"name_{lang}"],
        t("col_score", lang): tb["score"].astype(float),
    })
    for c in ev.criteria:
        df[f"{c} {cat.criterion(c).name.get(lang)}"] = tb[f"sub_{c}"].astype(float)
    df[t("col_gate", lang)] = [t(f"state_{s}", lang) for s in tb["gate_state"]]
    df[t("col_share", lang)] = tb["gate_share"].astype(float) * 100
    df[t("col_flags", lang)] = flags
    df[t("col_status", lang)] = [
        t(f"status_{s}", lang) + (f": {translate(r, lang)}" if r and s != "ranked" else "")
        for s, r in zip(tb["status"], tb["reason"], strict=True)]
    return df.reset_index(drop=True)


def ranking_columns(ev: Evaluation, lang: str) -> dict:
    """Column formats: the score with 3 decimals wide enough never to clip, sub-scores
    with 2, the researchers' share as a percentage with 2; rank, id and name pinned."""
    cfg = {
        t("col_rank", lang): st.column_config.NumberColumn(format="%d", width=44, pinned=True),
        t("col_id", lang): st.column_config.TextColumn(width="small"),
        t("col_name", lang): st.column_config.TextColumn(width=150, pinned=True),
        t("col_score", lang): st.column_config.NumberColumn(
            format=f"%.{SCORE_DECIMALS}f", width=72, pinned=True),
        t("col_share", lang): st.column_config.NumberColumn(format="%.2f %%"),
    }
    for c in ev.criteria:
        name = f"{c} {catalogue().criterion(c).name.get(lang)}"
        cfg[name] = st.column_config.NumberColumn(format=f"%.{SUB_DECIMALS}f")
    return cfg


#: Below 1100 px the map and the ranking table stack (our own CSS, no user text).
STACK_CSS = """<style>
@media (max-width: 1100px) {
  div[data-testid="stHorizontalBlock"]:has(iframe) { flex-wrap: wrap; }
  div[data-testid="stHorizontalBlock"]:has(iframe) > div[data-testid="stColumn"] {
    min-width: 100% !important; flex: 1 1 100% !important; }
}
</style>"""


def weights_view(ev: Evaluation, lang: str) -> pd.DataFrame:
    """The weights actually used, per indicator, in the user's language (percentages)."""
    cat = catalogue()
    w = ev.outcome.weights

    def status(s: str) -> str:
        if s == "used":
            return t("w_used", lang)
        return t("status_weight0", lang) if s == "weight 0" else translate(s, lang)

    return pd.DataFrame({
        t("w_criterion", lang): w["criterion"],
        t("profile_indicator", lang): [cat.field(i).name.get(lang) for i in w.index],
        t("w_direction", lang): [t(f"w_{cat.field(i).direction}", lang) for i in w.index],
        t("w_crit_weight", lang): [f"{x:.0%}" for x in w["criterion_weight"]],
        t("w_global", lang): [f"{x:.1%}" for x in w["global_weight"]],
        t("w_coverage", lang): [f"{x:.0%}" for x in w["coverage"]],
        t("w_status", lang): [status(s) for s in w["status"]],
    })
