"""The ranking and weights tables as the app shows them: the localised rows of
``scicity.view.ranking`` with column widths that keep rank, name and score visible."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from mcda.messages import Message
from scicity.engine.evaluate import Evaluation
from scicity.i18n import number, t
from scicity.view.ranking import (
    SCORE_DIGITS,
    labels,
    localized,
    ranking_rows,
    weights_labels,
    weights_rows,
)

#: VIKOR's group utility S and individual regret R, shown next to Q (lower is better).
VIKOR_COLUMNS = ("vikor_s", "vikor_r")


def shown_rows(ev: Evaluation, lang: str) -> pd.DataFrame:
    """``ranking_rows(ev, lang)``, kept in the session for the same evaluation (the same
    object) and language; not to be changed by the caller."""
    kept = st.session_state.get("_ranking_rows")
    if kept is None or kept[0] is not ev or kept[1] != lang:
        kept = (ev, lang, ranking_rows(ev, lang))
        st.session_state["_ranking_rows"] = kept
    return kept[2]


def ranking_view(ev: Evaluation, lang: str, rows: pd.DataFrame | None = None
                 ) -> pd.DataFrame:
    """One row per unit, best first, as display text in ``lang``; with VIKOR, S and R
    follow the score (Q). ``rows``: ``ranking_rows(ev, lang)`` when already built (not
    changed here)."""
    rows = ranking_rows(ev, lang) if rows is None else rows.copy()
    head = labels(ev, lang)
    at = list(rows.columns).index("score") + 1
    for k, col in enumerate(c for c in VIKOR_COLUMNS if c in ev.table):
        rows.insert(at + k, col, [number(v, lang, SCORE_DIGITS)
                                  for v in ev.table.loc[rows.index, col]])
        head[col] = t(f"col_{col}", lang)
    return localized(rows, head)


def method_notes(ev: Evaluation, lang: str) -> list[Message]:
    """The engine's notes on the method's result that belong above the ranking: VIKOR's
    compromise solution or set, its units by name in ``lang``."""
    names = ev.table[f"name_{lang}"]
    out = []
    for n in ev.notes:
        if n.key.startswith("vikor_"):
            units = n.params.get("units", ())
            ids = units if isinstance(units, tuple | list) else ()
            out.append(replace(n, params={**n.params, "units": tuple(
                str(names.get(u, u)) for u in ids)}))
    return out


def ranking_columns(ev: Evaluation, lang: str) -> dict:
    """Rank, name and score pinned at widths that never clip them (1280 and 800 px)."""
    head = labels(ev, lang)
    return {head["rank"]: st.column_config.TextColumn(width=44, pinned=True),
            head["name"]: st.column_config.TextColumn(width=150, pinned=True),
            head["score"]: st.column_config.TextColumn(width=72, pinned=True),
            head["id"]: st.column_config.TextColumn(width="small")}


def weights_view(ev: Evaluation, lang: str) -> pd.DataFrame:
    """The weights actually used, per indicator, in ``lang``."""
    return localized(weights_rows(ev, lang), weights_labels(lang))


#: Below 1100 px the map and the ranking table stack (our own CSS, no user text).
STACK_CSS = """<style>
@media (max-width: 1100px) {
  div[data-testid="stHorizontalBlock"]:has(iframe) { flex-wrap: wrap; }
  div[data-testid="stHorizontalBlock"]:has(iframe) > div[data-testid="stColumn"] {
    min-width: 100% !important; flex: 1 1 100% !important; }
}
</style>"""
