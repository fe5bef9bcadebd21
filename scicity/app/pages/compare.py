"""Compare two scenarios: rank under A and B with the signed shift (+4 up, −2 down) and
a map of the shifts with its legend. Opens on the current settings against the first
other scenario, so it shows something."""

import html

import numpy as np
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from scicity.app.context import current
from scicity.app.resources import catalogue, dataset, md_text, scenario_options
from scicity.engine.compare import rank_shifts
from scicity.engine.evaluate import evaluate
from scicity.i18n import t
from scicity.view import mapview
from scicity.view.problems import error_text

PALETTE = ("#762a83", "#af8dc3", "#e7d4e8", "#f7f7f7", "#d9f0d3", "#7fbf7b", "#1b7837")
ctx = current()
lang, layer, ev = ctx.lang, ctx.layer, ctx.ev
opts, _ = scenario_options()


def shift_colour(shift: float) -> str:
    """Diverging colour of a rank shift: green up, purple down, white none (PRGn-7)."""
    k = int(np.clip(np.sign(shift) * min(3, np.ceil(abs(shift) / 2)), -3, 3))
    return PALETTE[k + 3]


def label(r: str) -> str:
    return t("current_settings", lang) if r == "current" else opts[r].display_name(lang)


def show() -> None:
    base_ref = st.session_state.get("base_ref")
    other = next((r for r in opts if r != base_ref), "current")
    choices = ["current", *opts]
    c1, c2 = st.columns(2)
    a_ref = c1.selectbox(t("compare_a", lang), choices, key=f"cmp_a:{lang}", format_func=label)
    b_ref = c2.selectbox(t("compare_b", lang), choices, key=f"cmp_b:{lang}", format_func=label,
                         index=choices.index(other))
    try:
        evs = [ev if r == "current" else evaluate(dataset(layer), opts[r], catalogue())
               for r in (a_ref, b_ref)]
        shifts = rank_shifts(evs[0], evs[1], lang)
    except ValueError as exc:
        st.error(t("compare_failed", lang, reason=md_text(error_text(exc, lang))))
        return
    signed = ["—" if pd.isna(s) else f"{int(s):+d}".replace("-", "−") if s else "0"
              for s in shifts["shift"]]
    ranks = {t(c, lang): ["—" if pd.isna(r) else str(int(r)) for r in shifts[c]]
             for c in ("rank_a", "rank_b")}   # an unranked unit: —, never "None"
    st.dataframe(pd.DataFrame({t("col_name", lang): shifts["name"], **ranks,
                               t("rank_shift", lang): signed}),
                 hide_index=True, key="cmp_table",
                 column_config={k: st.column_config.TextColumn(alignment="right")
                                for k in ranks})
    st.caption(t("compare_map", lang))
    styles = {}
    for uid, s in shifts["shift"].items():
        styles[uid] = ({"fillColor": mapview.EXCLUDED_FILL, "color": "#999999", "weight": 1,
                        "fillOpacity": 0.6} if pd.isna(s) else
                       {"fillColor": shift_colour(float(s)), "color": mapview.OUTLINE,
                        "weight": 1, "fillOpacity": 0.85})
    crit_names = {c.id: c.name.get(lang) for c in catalogue().criteria}
    layer_fn = mapview.region_layer if layer == "regions" else mapview.town_layer
    left, right = st.columns([4, 1])
    with left:
        st_folium(mapview.base_map(), key="cmp_map",
                  feature_group_to_add=layer_fn(evs[1], lang, crit_names, None, styles=styles),
                  returned_objects=[], height=420, use_container_width=True)
    legend = [(PALETTE[6], t("shift_up", lang, k="5+")), (PALETTE[5], t("shift_up", lang, k="3–4")),
              (PALETTE[4], t("shift_up", lang, k="1–2")), (PALETTE[3], t("shift_none", lang)),
              (PALETTE[2], t("shift_down", lang, k="1–2")),
              (PALETTE[1], t("shift_down", lang, k="3–4")),
              (PALETTE[0], t("shift_down", lang, k="5+")),
              (mapview.EXCLUDED_FILL, t("shift_unranked", lang))]
    right.markdown(f"**{t('shift_legend', lang)}**<br>" + "<br>".join(
        f'<span style="display:inline-block;width:14px;height:14px;background:{c};'
        f'border:1px solid #555;vertical-align:middle;margin-right:6px"></span>{html.escape(x)}'
        for c, x in legend), unsafe_allow_html=True)


if ev is not None:
    show()
