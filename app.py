"""Streamlit app: weight sliders over a Folium map, scenarios, AHP editor and exports.

A thin layer over ``scicity.engine``: widgets build a Scenario, the engine ranks the
layer, and the results are drawn. Run with ``streamlit run app.py``.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from criteria.bundled import bundled_layers, load_bundled
from criteria.dataset import Dataset
from criteria.model import Catalogue, load_catalogue
from mcda import ahp as ahp_mod
from mcda.registry import METHOD_NAMES, NORMALIZATION_NAMES
from scenarios.library import builtin_ids, load_scenario
from scenarios.model import GateSettings, PairwiseMatrix, Scenario
from scenarios.store import ScenarioStore
from scicity import exports, mapview
from scicity.compare import rank_shifts
from scicity.engine import Evaluation, evaluate
from scicity.geoexport import geojson_bytes
from scicity.i18n import LANG_NAMES, LANGS, number, t, translate
from scicity.profile import profile
from scicity.report import report_html
from scicity.robustness import RobustnessResult, WeightModel, ranked_problem, reversal, robustness
from scicity.uploads import read_upload
from scicity.view.profile import profile_rows
from scicity.view.ranking import labels, localized, ranking_rows, weights_labels, weights_rows
from scicity.view.robustness import reversal_rows, stability_rows

ROBUST_SAMPLES = 10_000
SAATY_OPTIONS: tuple[str, ...] = (*(f"1/{k}" for k in range(9, 1, -1)),
                                  *(str(k) for k in range(1, 10)))
SAATY_VALUES = {o: (1 / int(o[2:]) if o.startswith("1/") else float(o)) for o in SAATY_OPTIONS}

st.set_page_config(page_title="scicity", page_icon="🧭", layout="wide")

# --- panel hook (issue 14): an expert's link (?panel_token=...) or the facilitator's page
# (?panel_admin=1) replaces the whole app with that page; see scicity/panel/pages.
if "panel_token" in st.query_params or "panel_admin" in st.query_params:
    from scicity.panel.pages import route

    route()
    st.stop()
# --- end of panel hook


# ----------------------------------------------------------------- cached resources
@st.cache_resource
def catalogue() -> Catalogue:
    return load_catalogue()


@st.cache_resource
def bundled(layer: str) -> Dataset:
    return load_bundled(layer)


def dataset(layer: str) -> Dataset:
    """The layer being ranked: the user's uploaded table if any, else the bundled data."""
    return st.session_state.get("user_data", {}).get(layer) or bundled(layer)


def store() -> ScenarioStore:
    return ScenarioStore(catalogue=catalogue())


# ----------------------------------------------------------------------- language
def md_text(text: object) -> str:
    """User-supplied text made literal for Streamlit's Markdown (no HTML, no markup):
    Markdown punctuation is backslash-escaped first, then ``& < > " '`` become entities
    (in that order, so no backslash lands inside an entity)."""
    marked = re.sub(r"([\\`*_{}\[\]()#+!|~-])", r"\\\1", str(text))
    return html.escape(marked, quote=True)


def current_lang() -> str:
    if "lang" not in st.session_state:
        q = st.query_params.get("lang", "en")
        st.session_state.lang = q if q in LANGS else "en"
    return st.session_state.lang


def _sync_lang() -> None:
    st.query_params["lang"] = st.session_state.lang


# ------------------------------------------------------------- scenario <-> widgets
def scenario_options() -> tuple[dict[str, Scenario], list]:
    saved, broken = store().load_all()
    opts = {f"builtin:{sid}": load_scenario(sid, catalogue()) for sid in builtin_ids()}
    opts.update({f"saved:{sid}": s for sid, s in saved.items()})
    return opts, broken


def _nearest_saaty(x: float) -> str:
    return min(SAATY_OPTIONS, key=lambda o: abs(np.log(SAATY_VALUES[o]) - np.log(x)))


def apply_scenario(s: Scenario) -> None:
    """Set every widget's state from scenario ``s``."""
    cat = catalogue()
    ss = st.session_state
    ss.method = s.method
    ss.normalization = s.normalization
    ss.gate_regions = s.gate.regions
    ss.gate_towns = s.gate.towns
    ss.gate_threshold = round(s.gate.threshold * 100, 1)
    ss.missing = s.missing
    ss.min_coverage = round(s.min_coverage * 100)
    ss.ri_table = s.ri_table
    ss.weight_mode = "ahp" if s.ahp_criteria is not None else "direct"
    crit = [c.id for c in cat.criteria]
    cw = s.criterion_weights or {c: 1.0 for c in crit}
    top = max(cw.values()) or 1.0
    for c in crit:
        ss[f"w_{c}"] = round(100 * cw.get(c, 0.0) / top)
    for f in cat.fields:
        if f.is_indicator:
            ss[f"wi_{f.id}"] = round(100 * min(1.0, s.indicator_weights.get(f.id, 1.0)))
    pm = s.ahp_criteria
    for i, a in enumerate(crit):
        for b in crit[i + 1:]:
            val = 1.0
            if pm is not None and a in pm.order and b in pm.order:
                val = pm.matrix[pm.order.index(a)][pm.order.index(b)]
            ss[f"ahp_{a}_{b}"] = _nearest_saaty(val)
    ss.loaded_scenario = s


def _on_scenario_change() -> None:
    opts, _ = scenario_options()
    ref = st.session_state.scenario_ref
    if ref in opts:
        apply_scenario(opts[ref])


def criteria_matrix(crit: list[str]) -> np.ndarray:
    """The AHP matrix of the criteria from the judgement widgets."""
    n = len(crit)
    m = np.ones((n, n))
    for i, a in enumerate(crit):
        for j in range(i + 1, n):
            v = SAATY_VALUES[st.session_state[f"ahp_{a}_{crit[j]}"]]
            m[i, j], m[j, i] = v, 1 / v
    return m


def current_scenario() -> Scenario:
    """The scenario the widgets describe now."""
    ss = st.session_state
    cat = catalogue()
    base: Scenario = ss.loaded_scenario
    crit = [c.id for c in cat.criteria]
    ahp_c = None
    cw = {}
    if ss.weight_mode == "ahp":
        m = criteria_matrix(crit)
        ahp_c = PairwiseMatrix(tuple(crit), tuple(tuple(float(x) for x in r) for r in m))
    else:
        cw = {c: float(ss[f"w_{c}"]) for c in crit}
    iw = {f.id: ss[f"wi_{f.id}"] / 100 for f in cat.fields if f.is_indicator}
    return replace(
        base,
        method=ss.method,
        normalization=ss.normalization,
        criterion_weights=cw,
        ahp_criteria=ahp_c,
        indicator_weights=iw,
        ahp_indicators=base.ahp_indicators,
        gate=GateSettings(threshold=ss.gate_threshold / 100, regions=ss.gate_regions,
                          towns=ss.gate_towns, no_data=base.gate.no_data),
        missing=ss.missing,
        min_coverage=ss.min_coverage / 100,
        ri_table=ss.ri_table,
    )


# ------------------------------------------------------------------------ sidebar
def _persist_hidden_widgets(layer: str) -> None:
    """Keep the values of widgets this run will not draw (the other layer's 3 % toggle and
    indicator sliders; the sliders or AHP judgements of the weight mode not in use):
    Streamlit forgets a widget's value after a run that does not draw it. Widgets that
    are drawn are left alone, so a change the user makes during a run is never
    overwritten."""
    cat = catalogue()
    ss = st.session_state
    hidden = [f"gate_{lyr}" for lyr in ("regions", "towns") if lyr != layer]
    hidden += [f"wi_{f.id}" for f in cat.fields if f.is_indicator and layer not in f.layers]
    crit = [c.id for c in cat.criteria]
    if ss.get("weight_mode") == "ahp":
        hidden += [f"w_{c}" for c in crit]
    else:
        hidden += [f"ahp_{a}_{b}" for i, a in enumerate(crit) for b in crit[i + 1:]]
    for k in hidden:
        if k in ss:
            ss[k] = ss[k]


def init_state(opts: dict[str, Scenario]) -> None:
    """Load the default or just-saved scenario into the widgets' state."""
    pending = st.session_state.pop("pending_ref", None)
    if pending in opts:
        st.session_state.scenario_ref = pending
        apply_scenario(opts[pending])
    if st.session_state.get("scenario_ref") not in opts:
        st.session_state.scenario_ref = "builtin:balanced"
        apply_scenario(opts["builtin:balanced"])
    st.session_state.setdefault("layer", "regions")
    _persist_hidden_widgets(st.session_state.layer)


def sidebar(lang: str, layer: str, opts: dict[str, Scenario], broken: list,
            stability: pd.DataFrame | None) -> None:
    """Draw the controls (after the results, so that the map and table reach the browser
    first); ``stability`` gives the weight stability interval shown by each slider."""
    cat = catalogue()
    sb = st.sidebar
    sb.radio(t("language", lang), LANGS, key="lang", format_func=LANG_NAMES.get,
             horizontal=True, on_change=_sync_lang)
    layers = [lyr for lyr in ("regions", "towns") if lyr in bundled_layers()]
    sb.radio(t("layer", lang), layers, key="layer", horizontal=True,
             format_func=lambda x: t(f"layer_{x}", lang))
    sb.selectbox(
        t("scenario", lang), list(opts), key="scenario_ref", on_change=_on_scenario_change,
        format_func=lambda r: opts[r].display_name(lang) + ("" if r.startswith("builtin:")
                                              else f" ({t('saved_suffix', lang)})"))
    if broken:
        with sb.expander(f"⚠ {t('broken_scenarios', lang)} ({len(broken)})"):
            for b in broken:
                st.text(f"{b.path.name}: {b.reason}")
    upload_panel(lang, layer)
    loaded: Scenario = st.session_state.loaded_scenario
    sb.caption(md_text(textwrap.shorten(loaded.display_description(lang), 400, placeholder=" …")))
    c1, c2 = sb.columns(2)
    c1.selectbox(t("method", lang), METHOD_NAMES, key="method",
                 format_func=lambda m: t(f"method_{m}", lang))
    c2.selectbox(t("normalization", lang), NORMALIZATION_NAMES, key="normalization",
                 format_func=lambda n: t(f"norm_{n}", lang))

    sb.subheader(t("gate_header", lang))
    sb.toggle(t("gate_apply", lang), key=f"gate_{layer}")
    sb.slider(t("gate_threshold", lang), 0.5, 10.0, step=0.1, key="gate_threshold")
    if layer == "regions":
        sb.caption(t("gate_info_regions", lang))

    sb.subheader(t("weights_header", lang))
    sb.radio(t("weight_mode", lang), ("direct", "ahp"), key="weight_mode", horizontal=True,
             format_func=lambda m: t(f"mode_{m}", lang))
    crit = [c.id for c in cat.criteria]
    if st.session_state.weight_mode == "direct":
        total = sum(st.session_state[f"w_{c}"] for c in crit) or 1
        for c in cat.criteria:
            sb.slider(f"{c.id} · {c.name.get(lang)}", 0, 100, key=f"w_{c.id}")
            share = st.session_state[f"w_{c.id}"] / total
            text = t("weight_used", lang, w=share)
            if stability is not None and c.id in stability.index:
                row = stability.loc[c.id]
                text += " · ↔ " + t("stable_first", lang, lo=row["first_lo"],
                                     hi=row["first_hi"])
            sb.caption(text)
    else:
        ahp_editor(crit, lang)
    for c in cat.criteria:
        inds = cat.indicators(layer, c.id)
        if len(inds) < 2:
            continue
        with sb.expander(t("indicator_weights", lang, c=c.id)):
            tot = sum(st.session_state[f"wi_{f.id}"] for f in inds) or 1
            for f in inds:
                st.slider(f.name.get(lang), 0, 100, key=f"wi_{f.id}")
                st.caption(t("weight_used", lang, w=st.session_state[f"wi_{f.id}"] / tot))

    sb.subheader(t("missing_header", lang))
    sb.radio(t("missing_header", lang), ("worst", "redistribute", "exclude"), key="missing",
             label_visibility="collapsed", format_func=lambda m: t(f"missing_{m}", lang))
    sb.slider(t("min_coverage", lang), 0, 100, step=5, key="min_coverage")


def upload_panel(lang: str, layer: str) -> None:
    """Rank the user's own table of this layer; every problem is listed with its place."""
    with st.sidebar.expander(t("upload_header", lang),
                             expanded=bool(st.session_state.get("upload_problems"))):
        up = st.file_uploader(t("upload_label", lang), key=f"upload_{layer}",
                              type=["csv", "txt", "tsv", "xlsx", "geojson", "json", "gpkg"])
        user = st.session_state.setdefault("user_data", {})
        if up is None:
            if user.pop(layer, None) is not None:
                st.session_state.pop("upload_problems", None)
                st.rerun()   # the results above were drawn from the removed file
            return
        if st.session_state.get(f"upload_seen_{layer}") != up.file_id:
            st.session_state[f"upload_seen_{layer}"] = up.file_id
            ds, problems = read_upload(up.name, up.getvalue(), layer, catalogue())
            if ds is None:
                user.pop(layer, None)
            else:
                user[layer] = ds
            st.session_state.upload_problems = [
                {"severity": p.severity, "row": p.row, "column": p.column or "",
                 "message": p.message} for p in problems]
            st.rerun()   # draw the results from the new data
        problems = st.session_state.get("upload_problems", [])
        if layer in user:
            st.success(t("using_upload", lang, file=md_text(up.name),
                         n=len(user[layer].units)))
        if problems:
            st.caption(t("upload_errors", lang, file=md_text(up.name)))
            st.dataframe(pd.DataFrame(problems), hide_index=True)


def ahp_editor(crit: list[str], lang: str) -> None:
    """Saaty-scale judgements for every pair of criteria, with live CR."""
    cat = catalogue()
    sb = st.sidebar
    sb.caption(t("ahp_scale_help", lang))
    for i, a in enumerate(crit):
        for b in crit[i + 1:]:
            sb.select_slider(f"{a} : {b} — {cat.criterion(a).name.get(lang)} / "
                             f"{cat.criterion(b).name.get(lang)}", SAATY_OPTIONS,
                             key=f"ahp_{a}_{b}")
    sb.selectbox(t("ri_table", lang), list(ahp_mod.RI_TABLES), key="ri_table")
    res = ahp_mod.ahp(criteria_matrix(crit), ri_table=st.session_state.ri_table)
    sb.caption(t("ahp_cr", lang, cr=res.cr, lam=res.lambda_max, ci=res.ci, ri=res.ri,
                 table=res.ri_table))
    if res.consistent:
        sb.success(t("ahp_ok", lang))
    elif res.worst is not None:
        w = res.worst
        a, b = crit[w.i], crit[w.j]
        sb.warning(t("ahp_bad", lang, a=a, b=b, cur=_nearest_saaty(w.current),
                     sug=_nearest_saaty(w.suggested), cr2=w.cr_if_suggested))
        sb.button(t("ahp_apply", lang), key="ahp_apply", on_click=_set_judgement,
                  args=(f"ahp_{a}_{b}", _nearest_saaty(w.suggested)))
    for c, w in zip(crit, res.weights, strict=True):
        sb.caption(f"{c}: {t('weight_used', lang, w=w)}")


def _set_judgement(key: str, value: str) -> None:
    st.session_state[key] = value


# ---------------------------------------------------------------------- main area
def ranking_view(ev: Evaluation, lang: str) -> pd.DataFrame:
    """The ranking as the user sees it, in the chosen language (``scicity.view.ranking``)."""
    return localized(ranking_rows(ev, lang), labels(ev, lang))


def _select(uid: str | None) -> None:
    st.session_state.selected = uid


def map_panel(ev: Evaluation, lang: str, layer: str) -> None:
    cat = catalogue()
    crit_names = {c.id: c.name.get(lang) for c in cat.criteria}
    ranked = ev.table.loc[ev.table["status"] == "ranked", "score"]
    classes = mapview.classify(ranked, ev.ascending)
    if layer == "regions":
        fg = mapview.region_layer(ev, lang, crit_names, classes)
    else:
        fg = mapview.town_layer(ev, lang, crit_names, classes)
    out = st_folium(mapview.base_map(), key="map", feature_group_to_add=fg,
                    returned_objects=["last_object_clicked"], height=520,
                    use_container_width=True)
    click = (out or {}).get("last_object_clicked")
    if click and click != st.session_state.get("last_click"):
        st.session_state.last_click = click
        _select(unit_at(ev, layer, click["lat"], click["lng"]))
    st.markdown(mapview.legend_html(classes, lang, towns=layer == "towns"),
                unsafe_allow_html=True)
    uid = st.session_state.get("selected")
    if uid in ev.table.index:
        text = (t("selected", lang, name=md_text(ev.table.loc[uid, f"name_{lang}"]))
                + " — " + t("tab_profile", lang))
        if layer == "regions" and "towns" in bundled_layers():
            towns = bundled("towns").units
            inside = towns.loc[towns["region_id"] == uid, f"name_{lang}"]
            text += "  \n" + t("towns_here", lang) + ": " + (
                ", ".join(md_text(n) for n in inside) if len(inside)
                else t("no_towns_in_region", lang))
        st.info(text)


def unit_at(ev: Evaluation, layer: str, lat: float, lon: float) -> str | None:
    """The unit under a clicked point: the region containing it, or the nearest town."""
    if layer == "regions":
        from geodata.regions import region_of_point

        return region_of_point(lon, lat, web=True)
    tb = ev.table.dropna(subset=["lat", "lon"])
    if tb.empty:
        return None
    d = (tb["lat"] - lat) ** 2 + ((tb["lon"] - lon) * np.cos(np.radians(lat))) ** 2
    return str(d.idxmin()) if float(d.min()) ** 0.5 < 0.3 else None


def table_panel(ev: Evaluation, lang: str) -> None:
    st.caption(t("score_lower" if ev.ascending else "score_higher", lang))
    view = ranking_view(ev, lang)
    sel = st.dataframe(view, hide_index=True, on_select="rerun",
                       selection_mode="single-row", key="ranking_table", height=520)
    rows = sel.selection.rows if sel is not None else []
    picked = view.iloc[rows[0]][t("col_id", lang)] if rows else None
    if picked is not None and picked != st.session_state.get("last_table_pick"):
        st.session_state.last_table_pick = picked
        _select(picked)


def profile_panel(ev: Evaluation, lang: str, layer: str) -> None:
    uid = st.session_state.get("selected")
    if not uid or uid not in ev.table.index:
        st.info(t("select_hint", lang))
        return
    row = ev.table.loc[uid]
    st.subheader(t("selected", lang, name=md_text(row[f"name_{lang}"])))
    st.markdown(mapview.popup_html(ev, uid, lang,
                                   {c.id: c.name.get(lang) for c in catalogue().criteria}),
                unsafe_allow_html=True)
    prof = profile(dataset(layer), uid, catalogue(), lang)
    st.dataframe(profile_rows(prof, lang), hide_index=True)
    if layer == "regions" and "towns" in bundled_layers():
        towns = bundled("towns").units
        inside = towns[towns["region_id"] == uid]
        st.markdown(f"**{t('towns_in_region', lang, name=md_text(row[f'name_{lang}']))}**")
        if inside.empty:
            st.caption(t("no_towns_in_region", lang))
        else:
            st.dataframe(inside[[f"name_{lang}"]].rename(
                columns={f"name_{lang}": t("col_name", lang)}))


def compare_panel(ev: Evaluation, lang: str, layer: str) -> None:
    opts, _ = scenario_options()
    choices = ["current", *opts]
    def label(r):
        return (t("current_settings", lang) if r == "current"
                else opts[r].display_name(lang))
    c1, c2 = st.columns(2)
    a_ref = c1.selectbox(t("compare_a", lang), choices, key="cmp_a", format_func=label)
    b_ref = c2.selectbox(t("compare_b", lang), choices, key="cmp_b", format_func=label,
                         index=min(1, len(choices) - 1))
    ds = dataset(layer)
    evs = []
    for ref in (a_ref, b_ref):
        evs.append(ev if ref == "current" else evaluate(ds, opts[ref], catalogue()))
    shifts = rank_shifts(evs[0], evs[1], lang)
    st.dataframe(shifts.rename(columns={
        "name": t("col_name", lang), "rank_a": t("rank_a", lang), "rank_b": t("rank_b", lang),
        "shift": t("rank_shift", lang)}))
    st.caption(t("compare_map", lang))
    styles = {}
    for uid, s in shifts["shift"].items():
        if pd.isna(s):
            styles[uid] = {"fillColor": mapview.EXCLUDED_FILL, "color": "#999999",
                           "weight": 1, "fillOpacity": 0.6}
        else:
            styles[uid] = {"fillColor": shift_colour(float(s)), "color": mapview.OUTLINE,
                           "weight": 1, "fillOpacity": 0.85}
    crit_names = {c.id: c.name.get(lang) for c in catalogue().criteria}
    layer_fn = mapview.region_layer if layer == "regions" else mapview.town_layer
    fg = layer_fn(evs[1], lang, crit_names, None, styles=styles)
    st_folium(mapview.base_map(), key="cmp_map", feature_group_to_add=fg,
              returned_objects=[], height=420, use_container_width=True)


def shift_colour(shift: float) -> str:
    """Diverging colour of a rank shift: green up, purple down, white none (PRGn-7)."""
    palette = ("#762a83", "#af8dc3", "#e7d4e8", "#f7f7f7", "#d9f0d3", "#7fbf7b", "#1b7837")
    k = int(np.clip(np.sign(shift) * min(3, np.ceil(abs(shift) / 2)), -3, 3))
    return palette[k + 3]


def sources_panel(ev: Evaluation, lang: str, layer: str) -> None:
    st.subheader(t("sources_header", lang))
    st.dataframe(ev.sources.reset_index(), hide_index=True)
    st.subheader(t("data_table", lang))
    ds = dataset(layer)
    est = ds.estimated
    shown = pd.DataFrame(index=ds.values.index)
    cat = catalogue()
    for col in ds.values.columns:
        flag = est[col] if col in est else pd.Series(False, index=shown.index)
        f = cat.field(col) if cat.has_field(col) else None
        head = f"{f.name.get(lang)} ({f.unit.get(lang)})" if f else col
        shown[head] = [number(v, lang, 0 if abs(v) >= 1000 else None) + (" *" if e else "")
                       if not pd.isna(v) else "—"
                       for v, e in zip(ds.values[col], flag, strict=True)]
    shown.insert(0, t("col_name", lang), ds.units[f"name_{lang}"])
    st.dataframe(shown)
    st.caption(f"* {t('flag_estimate', lang)}")


def export_panel(ev: Evaluation, lang: str, layer: str,
                 robust: RobustnessResult | None) -> None:
    stem = f"scicity_{layer}_{ev.scenario.id}"
    st.download_button(t("export_csv", lang), data=lambda: exports.csv_bytes(ev),
                       file_name=f"{stem}.csv", mime="text/csv", key="dl_csv", on_click="ignore")
    st.download_button(t("export_xlsx", lang), data=lambda: exports.xlsx_bytes(ev, lang),
                       file_name=f"{stem}.xlsx", key="dl_xlsx", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    st.download_button(t("export_geojson", lang),
                       data=lambda: geojson_bytes(ev),
                       file_name=f"{stem}.geojson", mime="application/geo+json",
                       key="dl_geojson", on_click="ignore")
    st.download_button(t("export_report", lang),
                       data=lambda: report_html(ev, lang, robust).encode("utf-8"),
                       file_name=f"{stem}_{lang}.html", mime="text/html", key="dl_report",
                       on_click="ignore")


def main() -> None:
    lang = current_lang()
    opts, broken = scenario_options()
    init_state(opts)
    layer = st.session_state.layer
    st.title(t("title", lang))
    st.caption(t("subtitle", lang))
    scenario = current_scenario()
    quick = None
    try:
        ev = evaluate(dataset(layer), scenario, catalogue())
    except ValueError as exc:  # UserInputError included
        st.error(t("error_generic", lang, reason=md_text(exc)))
    else:
        quick = results(ev, scenario, lang, layer)
    sidebar(lang, layer, opts, broken, None if quick is None else quick.stability)


def results(ev: Evaluation, scenario: Scenario, lang: str, layer: str
            ) -> RobustnessResult | None:
    """The chosen view; returns the quick robustness analysis behind the sliders."""
    views = ("tab_map", "tab_profile", "tab_compare", "tab_robust", "tab_sources",
             "tab_export")
    # Only the chosen view runs, so a slider move recomputes only what is on screen.
    view = st.segmented_control("view", views, key="view", default="tab_map",
                                format_func=lambda k: t(k, lang),
                                label_visibility="collapsed") or "tab_map"
    quick = quick_robustness(ev, layer) if view in ("tab_robust", "tab_export") else None
    if view == "tab_map":
        left, right = st.columns([3, 2])
        with right:   # the table first: Streamlit sends elements in the order they are made
            table_panel(ev, lang)
        with left:
            map_panel(ev, lang, layer)
        with st.expander(t("notes", lang)):
            for n in ev.notes:
                st.markdown(f"- {md_text(translate(n, lang))}")
        with st.expander(t("weights_used_header", lang)):
            st.dataframe(localized(weights_rows(ev, lang), weights_labels(lang)),
                         hide_index=True)
        save_panel(scenario, lang)
    elif view == "tab_profile":
        profile_panel(ev, lang, layer)
    elif view == "tab_compare":
        compare_panel(ev, lang, layer)
    elif view == "tab_robust":
        robustness_panel(ev, lang, layer, quick)
    elif view == "tab_sources":
        sources_panel(ev, lang, layer)
    else:
        export_panel(ev, lang, layer, quick)
    if quick is None and st.session_state.weight_mode == "direct":
        quick = quick_robustness(ev, layer)
    return quick


def quick_robustness(ev: Evaluation, layer: str) -> RobustnessResult | None:
    """SMAA with 10,000 uniform weight samples and the stability intervals, recomputed on
    every change (about 50 ms for the regions); None when fewer than two units rank."""
    if (ev.table["status"] == "ranked").sum() < 2 or len(ev.criteria) < 2:
        return None
    return robustness(ev, samples=ROBUST_SAMPLES, seed=0,
                      compare_methods=False)


def robustness_panel(ev: Evaluation, lang: str, layer: str,
                     quick: RobustnessResult | None) -> None:
    if quick is None:
        st.info(t("error_generic", lang, reason="fewer than two ranked units or criteria"))
        return
    c1, c2, c3 = st.columns(3)
    kind = c1.radio(t("robust_model", lang), ("uniform", "around"), key="rb_model",
                    format_func=lambda k: t(f"model_{k}", lang, p=0.2) if k == "around"
                    else t("model_uniform", lang))
    spread = c2.slider(t("robust_spread", lang), 5, 100, 20, step=5, key="rb_spread",
                       disabled=kind == "uniform")
    samples = c3.select_slider(t("robust_samples", lang), (1_000, 10_000, 50_000, 100_000),
                               value=ROBUST_SAMPLES, key="rb_samples")
    if kind == "uniform" and samples == ROBUST_SAMPLES:
        res = quick
    else:
        res = robustness(ev, samples=samples, seed=0, compare_methods=False,
                         weights=WeightModel(kind=kind, spread=spread / 100))
    model = (t("model_uniform", lang) if kind == "uniform"
             else t("model_around", lang, p=spread / 100))
    st.caption(t("robust_intro", lang, n=res.samples, model=model))
    u = res.units.copy()
    u["label"] = [f"{int(r)}. {n}" for r, n in zip(u["rank"], ev.table.loc[u.index,
                                                                            f"name_{lang}"],
                                                     strict=True)]
    st.markdown(f"**{t('robust_intervals', lang)}**")
    st.vega_lite_chart(u.reset_index(), rank_interval_spec(len(u), lang), use_container_width=True)
    st.markdown(f"**{t('robust_heatmap', lang)}**")
    acc = res.acceptability.copy()
    acc.index = u["label"]
    long = acc.reset_index().melt(id_vars="label", var_name="rank_r", value_name="p")
    st.vega_lite_chart(long, heatmap_spec(list(u["label"]), lang), use_container_width=True)
    k = res.top_k
    st.markdown(f"**{t('robust_stability', lang, k=k)}**")
    st.dataframe(stability_rows(res, lang), hide_index=True)
    st.markdown(f"**{t('robust_pair', lang)}**")
    ids = list(u.index)
    names = dict(zip(ids, u["label"], strict=True))
    a = st.selectbox("A", ids, index=0, key="rb_a", format_func=names.get)
    b = st.selectbox("B", ids, index=min(1, len(ids) - 1), key="rb_b", format_func=names.get)
    if a != b:
        rev = reversal(ranked_problem(ev), a, b)
        hi, lo = (a, b) if ev.table.loc[a, "rank"] <= ev.table.loc[b, "rank"] else (b, a)
        st.caption(t("robust_pair_result", lang, a=md_text(names[hi]), b=md_text(names[lo])))
        st.dataframe(reversal_rows(rev, lang), hide_index=True)


def rank_interval_spec(n: int, lang: str = "en") -> dict:
    """Vega-Lite: per unit a bar from the 5 % to the 95 % rank, the median and the rank."""
    y = {"field": "label", "type": "nominal", "sort": None, "title": None,
         "axis": {"labelOverlap": False, "labelLimit": 220}}
    x = {"type": "quantitative", "scale": {"domain": [1, n], "reverse": False},
         "title": t("axis_rank", lang)}
    return {"height": 22 * n, "layer": [
        {"mark": {"type": "rule", "strokeWidth": 6, "opacity": 0.35},
         "encoding": {"y": y, "x": {"field": "rank_p05", **x}, "x2": {"field": "rank_p95"}}},
        {"mark": {"type": "point", "filled": True, "size": 60},
         "encoding": {"y": y, "x": {"field": "median_rank", **x},
                      "tooltip": [{"field": "median_rank"}, {"field": "rank_p05"},
                                  {"field": "rank_p95"}, {"field": "p_top_k"}]}},
        {"mark": {"type": "tick", "color": "#d62728", "thickness": 2},
         "encoding": {"y": y, "x": {"field": "rank", **x}}},
    ]}


def heatmap_spec(order: list[str], lang: str = "en") -> dict:
    """Vega-Lite: rank acceptability as a heat map (unit × rank)."""
    return {"height": 22 * len(order), "mark": "rect", "encoding": {
        "y": {"field": "label", "type": "nominal", "sort": order, "title": None,
              "axis": {"labelOverlap": False, "labelLimit": 220}},
        "x": {"field": "rank_r", "type": "ordinal", "title": t("axis_rank", lang)},
        "color": {"field": "p", "type": "quantitative", "scale": {"scheme": "blues"},
                  "title": t("axis_probability", lang), "legend": {"format": ".0%"}},
        "tooltip": [{"field": "label"}, {"field": "rank_r"},
                    {"field": "p", "format": ".1%"}]}}


def save_panel(scenario: Scenario, lang: str) -> None:
    with st.form("save_form", clear_on_submit=False):
        st.markdown(f"**{t('save_header', lang)}**")
        name = st.text_input(t("save_name", lang), key="save_name", max_chars=60)
        overwrite = st.checkbox(t("save_overwrite", lang), key="save_overwrite")
        if st.form_submit_button(t("save_button", lang)):
            try:
                saved = store().save(replace(scenario, layer="both"), name, overwrite)
            except (ValueError, OSError) as exc:
                st.error(t("save_failed", lang, reason=md_text(exc)))
            else:
                st.session_state.pending_ref = f"saved:{saved.id}"
                st.session_state.flash = t("saved_ok", lang, name=md_text(saved.name))
                st.rerun()
    if "flash" in st.session_state:
        st.success(st.session_state.pop("flash"))


main()
