"""The ranking and weights tables as the app shows them: the localised rows of
``scicity.view.ranking`` with column widths that keep rank, name and score visible."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scicity.engine import Evaluation
from scicity.view.ranking import labels, localized, ranking_rows, weights_labels, weights_rows


def ranking_view(ev: Evaluation, lang: str) -> pd.DataFrame:
    """One row per unit, best first, as display text in ``lang``."""
    return localized(ranking_rows(ev, lang), labels(ev, lang))


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
