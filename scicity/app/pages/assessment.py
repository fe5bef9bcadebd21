"""Assessment: the Concept's two models side by side — Model 2 (settlements under the 3 %
rule, with the share interval) and Model 1 (large cities and their host organisations) —
each candidate's recommendation with its reasons, and one candidate's dossier (shown and
downloadable as HTML and JSON). Always on the towns, with the 3 % rule binding."""

import streamlit as st

from scicity.app.assessment_view import (
    dossier_body,
    model1_rows,
    model2_rows,
    reasons_text,
    recommendations,
)
from scicity.app.context import current
from scicity.app.resources import catalogue, dataset, md_text
from scicity.engine import dossier
from scicity.engine.assessment import model1_table
from scicity.engine.evaluate import Evaluation, evaluate
from scicity.i18n import t
from scicity.view import dossier as dossier_view
from scicity.view.problems import error_text

ctx = current()
lang = ctx.lang
st.subheader(t("tab_assessment", lang))
st.caption(t("assess_intro", lang))
ds = dataset("towns")
ev: Evaluation | None
try:
    ev = evaluate(ds, dossier.model_scenario(ctx.scenario), catalogue())
except (ValueError, ZeroDivisionError) as exc:
    ev = None
    st.error(md_text(error_text(exc, lang)))

if ev is not None:
    m1 = model1_table(ds, ev)
    recs = recommendations(ds, ev, m1)
    left, right = st.columns(2)
    left.markdown(f"**{t('assess_model2', lang)}**")
    left.caption(t("assess_model2_note", lang))
    left.dataframe(model2_rows(ev, recs, lang), hide_index=True, key="assess_m2")
    right.markdown(f"**{t('assess_model1', lang)}**")
    right.caption(t("assess_model1_note", lang))
    right.dataframe(model1_rows(ev, m1, recs, lang), hide_index=True, key="assess_m1")

    st.markdown(f"**{t('assess_dossier', lang)}**")
    ids = list(ev.table.index)
    names = {u: str(ev.table.at[u, f"name_{lang}"]) for u in ids}
    chosen = st.selectbox(t("assess_candidate", lang), ids, key="assess_unit",
                          format_func=names.__getitem__,
                          index=ids.index("kurchatov") if "kurchatov" in ids else 0)
    rec, why = recs[chosen]
    st.info(f"{md_text(names[chosen])}: **{md_text(t(f'rec_{rec}', lang))}**  \n"
            + md_text(reasons_text(why, lang)))
    d = dossier.build(ds, ev, chosen, catalogue())
    page = dossier_view.to_html(d, lang)
    b1, b2 = st.columns(2)
    b1.download_button(t("assess_download", lang, fmt="HTML"), page.encode("utf-8"),
                       file_name=f"dossier_{chosen}.html", mime="text/html",
                       key="assess_dl_html")
    b2.download_button(t("assess_download", lang, fmt="JSON"),
                       dossier_view.to_json(d, lang).encode("utf-8"),
                       file_name=f"dossier_{chosen}.json", mime="application/json",
                       key="assess_dl_json")
    # the dossier's own escaped HTML (Jinja2 autoescape), its body only, drawn as HTML
    with st.container(border=True):
        st.html(dossier_body(d, lang))
