"""Map and ranking: the table first (it reaches the browser first), the map with the
top units' ranks and the three cities labelled; a row and a map click select the same
unit."""

import streamlit as st
from streamlit_folium import st_folium

from scicity.app.context import current
from scicity.app.maplabels import add_labels
from scicity.app.method_panel import promethee_is_weighted_sum
from scicity.app.resources import bundled, catalogue, md_text, unit_at
from scicity.app.save import save_panel
from scicity.app.tables import (
    STACK_CSS,
    method_notes,
    ranking_columns,
    ranking_view,
    shown_rows,
    weights_view,
)
from scicity.app.uncertainty import map_legend_lines
from scicity.i18n import t, translate
from scicity.view import mapview

ctx = current()
lang, layer, ev = ctx.lang, ctx.layer, ctx.ev
ss = st.session_state


def select(uid):
    ss["selected"] = uid


def absent_units(layer):
    """Bundled units missing from the user's file, by id → name (none without a file)."""
    if layer not in ss.get("user_data", {}):
        return {}
    units = bundled(layer).units
    missing = units.index.difference(ev.table.index, sort=False)
    return dict(zip(missing, units.loc[missing, f"name_{lang}"], strict=True))


if ev is not None:
    for note in method_notes(ev, lang):    # VIKOR's compromise solution or set
        st.info(md_text(translate(note, lang)))
    if promethee_is_weighted_sum(ctx):
        st.info(t("promethee_ws_note", lang))
    st.html(STACK_CSS)
    left, right = st.columns([3, 2])
    shown = shown_rows(ev, lang)   # once, for the table and the map
    with right:
        st.caption(t("score_lower" if ev.ascending else "score_higher", lang))
        view = ranking_view(ev, lang, shown)
        ids = list(view[t("col_id", lang)])
        sel = st.dataframe(view, hide_index=True, on_select="rerun", height=520,
                           selection_mode="single-row", key=f"ranking_table_{layer}",
                           column_config=ranking_columns(ev, lang))
        rows = [r for r in (sel.selection.rows if sel is not None else []) if r < len(ids)]
        picked = ids[rows[0]] if rows else None
        if picked is not None and picked != ss.get("last_table_pick"):
            ss["last_table_pick"] = picked
            select(picked)
    with left:
        ranked = ev.table.loc[ev.table["status"] == "ranked", "score"]
        classes = mapview.classify(ranked, ev.ascending)
        crit_names = {c.id: c.name.get(lang) for c in catalogue().criteria}
        layer_fn = mapview.region_layer if layer == "regions" else mapview.town_layer
        fg = layer_fn(ev, lang, crit_names, classes, rows=shown)
        add_labels(fg, ev, lang, ss.get("selected"), absent_units(layer))
        out = st_folium(mapview.base_map(), key="map", feature_group_to_add=fg,
                        returned_objects=["last_object_clicked"], height=520,
                        use_container_width=True)
        click = (out or {}).get("last_object_clicked")
        if click and click != ss.get("last_click"):
            ss["last_click"] = click
            select(unit_at(ev.table, layer, click["lat"], click["lng"]))
        st.markdown(mapview.legend_html(classes, lang, towns=layer == "towns",
                                        tied=map_legend_lines(ev, lang)),
                    unsafe_allow_html=True)
        uid = ss.get("selected")
        if uid in ev.table.index:
            text = (t("selected", lang, name=md_text(ev.table.loc[uid, f"name_{lang}"]))
                    + " — " + t("tab_profile", lang))
            if layer == "regions":
                towns = bundled("towns").units
                inside = towns.loc[towns["region_id"] == uid, f"name_{lang}"]
                text += "  \n" + t("towns_here", lang) + ": " + (
                    ", ".join(md_text(n) for n in inside) if len(inside)
                    else t("no_towns_in_region", lang))
            st.info(text)
    n_ranked = int((ev.table["status"] == "ranked").sum())
    if n_ranked < 3:
        st.warning(t("few_ranked", lang, n=n_ranked))
    absent = absent_units(layer)
    if absent:
        st.info(t("absent_units", lang, names=md_text(", ".join(absent.values()))))
    with st.expander(t("notes", lang)):
        for n in ev.notes:
            st.markdown(f"- {md_text(translate(n, lang))}")
    with st.expander(t("weights_used_header", lang)):
        st.dataframe(weights_view(ev, lang), hide_index=True)
save_panel(ctx.scenario, lang)
