"""The app's "Shortlist" page: k, the constraints, the best set on the map with the
runners-up, why each member is in it, and how often each set is best over weight samples.

A thin layer over :mod:`scicity.engine.shortlist`: ``render(lang, layer, ev)`` draws the page
for an evaluation ``ev``. Labels are the catalogue entries ``shortlist_*`` (title
``tab_shortlist``); the engine's reasons and errors are messages ``shortlist_*``
translated by :func:`scicity.i18n.translate`.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig
from streamlit_folium import st_folium

from criteria.dataset import Dataset
from criteria.model import load_catalogue
from criteria.typology import TYPES
from mcda.shortlist import Constraints, EligibilityFilter, Reason, ShortlistError
from scicity.app.resources import dataset
from scicity.cli.shortlist import render as render_file
from scicity.engine.evaluate import Evaluation
from scicity.engine.shortlist import MODEL_COLUMN, MODEL_TYPES, ShortlistResult, shortlist
from scicity.i18n import t, translate
from scicity.io import shortlist_export
from scicity.view import mapview
from scicity.view.ranking import region_name

SET_FILL, RUNNER_FILL = "#b2182b", "#f4a582"
SAMPLE_CHOICES = (0, 1_000, 10_000)


def label(key: str, lang: str, **fmt: object) -> str:
    """The page's text ``shortlist_<key>`` (the title: ``tab_shortlist``) in ``lang``, from
    the gettext catalogues."""
    return t("tab_shortlist" if key == "title" else f"shortlist_{key}", lang, **fmt)


def title(lang: str) -> str:
    """The page's title (for the app's navigation)."""
    return label("title", lang)


def render(lang: str, layer: str, ev: Evaluation | None) -> None:
    """Draw the page for evaluation ``ev`` (nothing more when the ranking failed)."""
    st.subheader(title(lang))
    st.caption(label("intro", lang))
    if ev is None:
        return
    ranked = ev.table[ev.table["status"] == "ranked"]
    if len(ranked) < 1:
        return
    cons, samples = _controls(lang, layer, ev, ranked)
    try:
        res = shortlist(ev, cons, samples=samples, seed=0)
    except ShortlistError as exc:
        st.error(label("error", lang, reason=_md(translate(exc.message, lang))))
        return
    _result(lang, layer, ev, res)


def _controls(lang: str, layer: str, ev: Evaluation, ranked: pd.DataFrame
              ) -> tuple[Constraints, int]:
    names = {u: str(ranked.at[u, f"name_{lang}"]) for u in ranked.index}
    c1, c2, c3 = st.columns(3)
    k = int(c1.number_input(label("k", lang), 1, min(10, len(ranked)), min(3, len(ranked)),
                            key="sl_k"))
    fixed = c2.multiselect(label("fix", lang), list(names), key=f"sl_fix:{layer}",
                           format_func=names.__getitem__)
    excluded = c3.multiselect(label("exclude", lang), [u for u in names if u not in fixed],
                              key=f"sl_exclude:{layer}", format_func=names.__getitem__)
    d1, d2, d3 = st.columns(3)
    cap = int(d1.number_input(label("max_per_region", lang), 0, 10, 0, key="sl_cap"))
    dist = 0.0
    if layer == "towns":
        dist = float(d2.number_input(label("min_distance", lang), 0.0, 3000.0, 0.0, 50.0,
                                     key="sl_dist"))
    types = [*TYPES, *(MODEL_TYPES if MODEL_COLUMN in ev.table else ())]
    require = d3.multiselect(label("require", lang), types, key="sl_require",
                             format_func=lambda x: label(f"type_{x}", lang))
    e1, e2 = st.columns(2)
    elig: EligibilityFilter = e1.radio(
        label("eligibility", lang), ("any", "eligible", "eligible_or_undetermined"),
        key="sl_elig", horizontal=True, format_func=lambda x: label(f"elig_{x}", lang))
    samples = int(e2.select_slider(label("samples", lang), SAMPLE_CHOICES, 10_000,
                                   key="sl_samples", format_func=lambda n: f"{n:,}"))
    cons = Constraints(k=k, fixed=tuple(fixed), excluded=tuple(excluded),
                       max_per_region=cap or None, min_distance_km=dist or None,
                       require=tuple(require), eligibility=elig)
    return cons, samples


def _result(lang: str, layer: str, ev: Evaluation, res: ShortlistResult) -> None:
    m = res.members
    st.markdown(f"**{label('set', lang)}**")
    st.dataframe(pd.DataFrame({
        label("col_rank", lang): m["rank"],
        label("col_name", lang): [ev.table.at[u, f"name_{lang}"] for u in m.index],
        label("col_score", lang): m["score"].round(4),
        label("col_region", lang): [region_name(r, lang) if r else "" for r in m["region"]],
        label("col_types", lang): [", ".join(label(f"type_{x}", lang) for x in s.split(";") if x)
                                   for s in m["types"]],
        label("col_gate", lang): [_state(x, lang) for x in m["gate_state"]],
        label("col_p_in", lang): m["p_in_best_set"],
        label("col_why", lang): [_why(rs, lang) for rs in m["reasons"]],
    }), hide_index=True, key="sl_set", column_config={label("col_p_in", lang): _bar()})
    r = res.robust
    if r is None or res.p_best is None:
        st.caption(label("no_samples", lang))
    else:
        st.info(label("p_best", lang, samples=r.samples, p=f"{res.p_best:.1%}") + "  \n"
                + label("most_often", lang, s=_md(", ".join(_names(ev, r.most_often, lang))),
                        p=f"{r.sets[0][1]:.1%}"))
    _map(lang, layer, ev, res)
    if r is not None:
        left, right = st.columns(2)
        left.caption(label("sets", lang))
        left.dataframe(pd.DataFrame({
            label("col_set", lang): [", ".join(_names(ev, s, lang)) for s, _ in r.sets[:10]],
            label("col_p", lang): [p for _, p in r.sets[:10]]}), hide_index=True,
            key="sl_sets", column_config={label("col_p", lang): _bar()})
        inc = pd.Series(r.inclusion)
        inc = inc[inc > 0].sort_values(ascending=False)
        right.caption(label("inclusion", lang))
        right.dataframe(pd.DataFrame({
            label("col_name", lang): _names(ev, tuple(inc.index), lang),
            label("col_p_in", lang): inc.to_numpy()}), hide_index=True, key="sl_inclusion",
            column_config={label("col_p_in", lang): _bar()})
    if res.runners_up:
        st.caption(label("runners_up", lang))
        st.dataframe(pd.DataFrame({
            label("col_set", lang): [", ".join(_names(ev, s.members, lang))
                                     for s in res.runners_up],
            label("col_total", lang): [round(s.total, 4) for s in res.runners_up]}),
            hide_index=True, key="sl_runners")
    if len(res.left_out):
        st.caption(label("left_out", lang))
        st.dataframe(pd.DataFrame({
            label("col_rank", lang): res.left_out["rank"],
            label("col_name", lang): _names(ev, tuple(res.left_out.index), lang),
            label("col_why", lang): [_why(rs, lang) for rs in res.left_out["reasons"]]}),
            hide_index=True, key="sl_left_out")
    b1, b2 = st.columns(2)
    b1.download_button(label("download", lang, fmt="JSON"), render_file(res, "json", lang),
                       file_name=f"shortlist_{layer}.json", mime="application/json")
    b2.download_button(label("download", lang, fmt="CSV"),
                       render_file(res, "csv", lang).encode("utf-8-sig"),
                       file_name=f"shortlist_{layer}.csv", mime="text/csv")
    _dossier_downloads(lang, layer, res)


#: The shortlist-with-dossiers files offered for download, with their MIME types.
DOSSIER_FILES = ((".html", "text/html"), (".json", "application/json"),
                 (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                 (".csv", "text/csv"))


def _dossier_downloads(lang: str, layer: str, res: ShortlistResult) -> None:
    """One file per format holding the set, its constraints, why each member is in it,
    how often it is best and every member's dossier (built when clicked)."""
    ds = dataset(layer)
    for col, (suffix, mime) in zip(st.columns(len(DOSSIER_FILES)), DOSSIER_FILES,
                                   strict=True):
        col.download_button(label("download_dossiers", lang, fmt=suffix[1:].upper()),
                            _deferred(suffix, res, ds, lang),
                            file_name=f"shortlist_{layer}_dossiers{suffix}", mime=mime,
                            key=f"sl_dossiers{suffix}")


def _map(lang: str, layer: str, ev: Evaluation, res: ShortlistResult) -> None:
    chosen = set(res.selection.members)
    runners = {u for s in res.runners_up for u in s.members} - chosen
    styles = {u: map_style(u in chosen, u in runners) for u in ev.table.index}
    crit = {c.id: c.name.get(lang) for c in load_catalogue().criteria}
    fg = (mapview.town_layer(ev, lang, crit, None, styles) if layer == "towns"
          else mapview.region_layer(ev, lang, crit, None, styles))
    st_folium(mapview.base_map(), key="sl_map", feature_group_to_add=fg, returned_objects=[],
              height=460, use_container_width=True)
    st.markdown(legend_html(lang), unsafe_allow_html=True)


def _deferred(suffix: str, res: ShortlistResult, ds: Dataset, lang: str
              ) -> Callable[[], bytes]:
    """The shortlist-with-dossiers file in ``suffix``'s format and ``lang``, built when
    called."""
    build = shortlist_export.FORMATS[suffix].build
    return lambda: build(res, ds, lang)


def map_style(chosen: bool, runner_up: bool) -> dict[str, object]:
    """Leaflet style: the chosen set dark red with a black ring, runners-up salmon, the
    rest pale."""
    if chosen:
        return {"fillColor": SET_FILL, "color": "#000000", "weight": 3, "fillOpacity": 0.9}
    if runner_up:
        return {"fillColor": RUNNER_FILL, "color": "#555555", "weight": 1.5,
                "fillOpacity": 0.8}
    return {"fillColor": mapview.EXCLUDED_FILL, "color": "#999999", "weight": 1,
            "fillOpacity": 0.5}


def legend_html(lang: str) -> str:
    """The map's legend (escaped labels)."""
    items = ((SET_FILL, "#000000", "legend_set"), (RUNNER_FILL, "#555555", "legend_runner"),
             (mapview.EXCLUDED_FILL, "#999999", "legend_other"))
    spans = [f'<span style="display:inline-block;width:12px;height:12px;border-radius:6px;'
             f'background:{fill};border:2px solid {ring};margin:0 4px 0 12px"></span>'
             f"{html.escape(label(key, lang))}" for fill, ring, key in items]
    return f'<div class="sl-legend">{"".join(spans)}</div>'


def _why(reasons: list[Reason], lang: str) -> str:
    return "; ".join(translate(r.message, lang) for r in reasons)


def _state(state: str, lang: str) -> str:
    """The 3 % rule's state in ``lang`` (in words when the catalogue lacks it)."""
    key = f"state_{state}"
    text = t(key, lang)
    return state.replace("_", " ") if text == key else text


def _bar() -> ColumnConfig:
    """A probability as a bar with its percentage."""
    return st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="percent")


def _names(ev: Evaluation, ids: tuple[str, ...], lang: str) -> list[str]:
    return [str(ev.table.at[u, f"name_{lang}"]) for u in ids]


def _md(text: object) -> str:
    """Text made literal for Streamlit's Markdown."""
    return "".join(f"\\{c}" if c in "\\`*_{}[]()#+-.!|<>~$" else c for c in str(text))
