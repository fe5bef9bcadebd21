"""Profile of the selected unit: sub-scores in criterion order, what each indicator
contributed to the score, then every indicator against the median of the ranked units
(counted; no verdict on too few values or on yes/no indicators) — marked as in the score
or not (and why), with its source."""

import pandas as pd
import streamlit as st

from scicity.app.context import current
from scicity.app.resources import bundled, catalogue, dataset, md_text
from scicity.engine.evaluate import value_functions
from scicity.engine.profile import distances, profile, reference_units, score_contributions
from scicity.i18n import number, t, weight_status
from scicity.view import mapview
from scicity.view.profile import (
    contribution_caption,
    contribution_rows,
    profile_rows,
    reference_caption,
)

ctx = current()
lang, layer, ev = ctx.lang, ctx.layer, ctx.ev
uid = st.session_state.get("selected")
cat = catalogue()
w = ev.outcome.weights if ev is not None else None


def why(fid: str) -> str:
    return weight_status(w.loc[fid, "status"], w.loc[fid, "coverage"],
                         ev.scenario.min_coverage, lang)


def show() -> None:
    row = ev.table.loc[uid]
    st.subheader(t("selected", lang, name=md_text(row[f"name_{lang}"])))
    # our own escaped HTML, drawn as HTML only: no Markdown, colours or KaTeX run on it
    st.html(mapview.popup_html(ev, uid, lang, {c.id: c.name.get(lang) for c in cat.criteria}))
    st.markdown(f"**{t('profile_subscores', lang)}**")
    st.dataframe(pd.DataFrame({
        t("profile_criterion", lang): [f"{c.id} {c.name.get(lang)}" for c in cat.criteria],
        t("profile_subscore", lang): [
            "—" if f"sub_{c.id}" not in row or pd.isna(row[f"sub_{c.id}"])
            else number(row[f"sub_{c.id}"], lang, 2) for c in cat.criteria]}), hide_index=True)
    show_contributions(row)
    ds = dataset(layer)
    peers, kind = reference_units(ev.outcome, ds.values.index)
    prof = profile(ds, uid, cat, lang, peers, value_functions(ev.scenario, layer, cat))
    order = {c.id: i for i, c in enumerate(cat.criteria)}
    prof = prof.sort_values("criterion", key=lambda s: s.map(order), kind="stable")
    used = [t("profile_yes", lang) if w.loc[i, "status"] == "used"
            else t("profile_no", lang, why=why(i)) if i in w.index else "—"
            for i in prof["indicator"]]
    rows = profile_rows(prof, lang, ds.sources)
    rows.insert(len(rows.columns) - 1, t("profile_used", lang), used)
    source = t("profile_source", lang)
    rows[source] = [s or "—" for s in rows[source]]
    st.caption(reference_caption(kind, len(peers), layer, lang))
    st.dataframe(rows, hide_index=True, key="profile_table")
    if layer == "regions":
        towns = bundled("towns").units
        inside = towns[towns["region_id"] == uid]
        st.markdown(f"**{t('towns_in_region', lang, name=md_text(row[f'name_{lang}']))}**")
        if inside.empty:
            st.caption(t("no_towns_in_region", lang))
        else:
            st.dataframe(inside[[f"name_{lang}"]].rename(
                columns={f"name_{lang}": t("col_name", lang)}), hide_index=True)


def show_contributions(row: pd.Series) -> None:
    """Each indicator's part in the unit's score, as the engine computed it."""
    st.markdown(f"**{t('profile_contrib_title', lang)}**")
    contrib = score_contributions(ev.outcome, uid, cat, lang, dataset(layer).values)
    if contrib.empty:
        st.caption(t("profile_contrib_none", lang))
        return
    method = ev.outcome.problem.method
    s = row.get("vikor_s") if method == "vikor" else None
    st.caption(contribution_caption(method, float(row["score"]), lang,
                                    distances(ev.outcome, uid),
                                    None if s is None or pd.isna(s) else float(s)))
    st.dataframe(contribution_rows(contrib, method, lang), hide_index=True)


if ev is None or not uid or uid not in ev.table.index:
    st.info(t("select_hint", lang))
else:
    show()
