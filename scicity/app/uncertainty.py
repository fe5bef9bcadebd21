"""The data's own uncertainty in the app (issue 10): the robustness analysis over weights
and data, its statistically tied groups in plain words and on the map legend, the
data-aware rank intervals and the figures to request first with a CSV download.

The analysis with the data costs about a second on the towns, so only the robustness and
export pages run it; the map legend shows the tied groups of the last such analysis of
the very ranking on the map (kept in the session), and says where to get them otherwise.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from criteria.dataset import Dataset
from scenarios.model import scenario_to_doc
from scicity.app.resources import catalogue, dataset, md_text
from scicity.cli.voi import csv_bytes
from scicity.engine.data_uncertainty import figures_to_request
from scicity.engine.evaluate import Evaluation
from scicity.engine.robustness import RobustnessResult, WeightModel, robustness
from scicity.i18n import t
from scicity.view.robustness import legend_lines, ties_summary, units_rows, voi_rows

_TIES = "_tied_groups"


def _key(ev: Evaluation) -> str:
    """The ranking ``ev`` shows: layer, scenario and every unit's status and score."""
    scores = [None if pd.isna(s) else round(float(s), 12) for s in ev.table["score"]]
    return json.dumps([ev.layer, scenario_to_doc(ev.scenario), list(ev.table.index),
                       list(ev.table["status"]), scores], sort_keys=True, default=str)


def analysable(ev: Evaluation | None) -> bool:
    """Whether ``ev`` ranked at least two units on at least two criteria."""
    return (ev is not None and int((ev.table["status"] == "ranked").sum()) >= 2
            and len(ev.criteria) >= 2)


def analysis(ev: Evaluation, samples: int, weights: WeightModel | None = None,
             data: Dataset | None = None) -> RobustnessResult:
    """Robustness over weights and the data's declared intervals (``samples`` weight
    vectors, seed 0, no method comparison). Without ``data`` (the page's dataset is
    taken) its tied groups are kept for the map legend; with it nothing is kept, so that
    a deferred download can run it outside the page's run."""
    res = robustness(ev, samples=samples, seed=0, compare_methods=False, weights=weights,
                     data=data or dataset(ev.layer))
    if data is None:
        st.session_state[_TIES] = (_key(ev), res)
    return res


def figures_csv(ev: Evaluation, data: Dataset) -> bytes:
    """The whole value-of-information list of ``ev`` on ``data`` as the CSV of
    ``scicity voi``."""
    return csv_bytes(figures_to_request(ev, data, catalogue())[1])


def map_legend_lines(ev: Evaluation, lang: str) -> list[str]:
    """The tied groups of more than one unit for the map legend, when the robustness or
    export page analysed this very ranking; else a pointer to the robustness page."""
    kept = st.session_state.get(_TIES)
    if kept is None or kept[0] != _key(ev):
        return [t("legend_tied_pending", lang)]
    return legend_lines(kept[1], lang, dict(ev.table[f"name_{lang}"]))


def plain_ties(res: RobustnessResult, ev: Evaluation, lang: str) -> list[str]:
    """The plain sentences on tied groups, names made literal for Markdown."""
    names = {str(u): md_text(n) for u, n in ev.table[f"name_{lang}"].items()}
    return ties_summary(res, lang, names)


def show_data_part(res: RobustnessResult, ev: Evaluation, lang: str) -> None:
    """The ranks under weights and data (with the tied-group column) and the figures to
    request first, with the whole list as CSV."""
    names = dict(ev.table[f"name_{lang}"])
    st.markdown(f"**{t('robust_ranks_data', lang)}**")
    st.dataframe(units_rows(res, lang, names), hide_index=True)
    st.markdown(f"**{t('report_voi', lang)}**")
    if res.voi is None or res.voi.empty:
        st.caption(t("voi_none", lang))
        return
    table = voi_rows(res, lang, names)
    st.caption(t("voi_intro", lang, shown=len(table), total=len(res.voi)))
    st.dataframe(table, hide_index=True)
    st.download_button(t("voi_csv", lang), data=csv_bytes(res.voi),
                       file_name=f"scicity_{ev.layer}_{ev.scenario.id}_figures.csv",
                       mime="text/csv", key="dl_voi", on_click="ignore")
