"""Robustness over the weights and the data's declared intervals: plain sentences first
(who is first in what share of the weightings, which ranks the top units take, which
units the data cannot separate), then the rank intervals, the ranks under weights and
data with the tied groups, the figures to request first (CSV), the acceptability heat map
(percentages, with a key), weight stability and pair reversals."""

import streamlit as st

from scicity.app.charts import heatmap_spec, rank_interval_spec
from scicity.app.context import ROBUST_SAMPLES, current
from scicity.app.resources import md_text
from scicity.app.uncertainty import analysable, analysis, plain_ties, show_data_part
from scicity.engine.robustness import WeightModel, ranked_problem, reversal
from scicity.i18n import t
from scicity.view.robustness import reversal_rows, stability_rows

ctx = current()
lang, layer, ev = ctx.lang, ctx.layer, ctx.ev
def show() -> None:
    c1, c2, c3 = st.columns(3)
    kind = c1.radio(t("robust_model", lang), ("uniform", "around"), key=f"rb_model:{lang}",
                    format_func=lambda k: t(f"model_{k}", lang, p=0.2) if k == "around"
                    else t("model_uniform", lang))
    spread = c2.slider(t("robust_spread", lang), 5, 100, 20, step=5, key="rb_spread",
                       disabled=kind == "uniform")
    samples = c3.select_slider(t("robust_samples", lang), (1_000, 10_000, 50_000, 100_000),
                               value=ROBUST_SAMPLES, key="rb_samples")
    res = analysis(ev, samples, WeightModel(kind=kind, spread=spread / 100))
    u = res.units.sort_values("rank", kind="stable").copy()   # best first
    names = ev.table.loc[u.index, f"name_{lang}"]
    st.markdown(f"**{t('robust_plain', lang)}**")
    acc1 = res.acceptability.iloc[:, 0]
    lines = [t("plain_first", lang, name=md_text(names[acc1.idxmax()]), p=float(acc1.max()))]
    for uid in u.sort_values("rank").index[:5]:
        lo, hi = int(u.loc[uid, "rank_p05"]), int(u.loc[uid, "rank_p95"])
        r = int(u.loc[uid, "rank"])
        key = "plain_same" if lo == hi else "plain_range"
        lines.append(t(key, lang, name=md_text(names[uid]), lo=lo, hi=hi, rank=r))
    lines += plain_ties(res, ev, lang)
    st.markdown("\n".join(f"- {x}" for x in lines))
    model = (t("model_uniform", lang) if kind == "uniform"
             else t("model_around", lang, p=spread / 100))
    st.caption(t("robust_intro", lang, n=res.samples, model=model))
    u["label"] = [f"{int(r)}. {n}" for r, n in zip(u["rank"], names, strict=True)]
    st.markdown(f"**{t('robust_intervals', lang)}**")
    st.vega_lite_chart(u.reset_index(), rank_interval_spec(len(u), lang), width="stretch")
    show_data_part(res, ev, lang)
    st.markdown(f"**{t('robust_heatmap', lang)}**")
    acc = res.acceptability.loc[u.index].copy()
    acc.index = u["label"]
    long = acc.reset_index().melt(id_vars="label", var_name="rank_r", value_name="p")
    st.vega_lite_chart(long, heatmap_spec(list(u["label"]), lang), width="stretch")
    st.caption(t("robust_key", lang))
    k = res.top_k
    st.markdown(f"**{t('robust_stability', lang, k=k)}**")
    st.caption(t("stability_holder", lang, name=md_text(names[u["rank"].idxmin()])))
    st.dataframe(stability_rows(res, lang), hide_index=True)
    st.markdown(f"**{t('robust_pair', lang)}**")
    ids = list(u.index)
    labels = dict(zip(ids, u["label"], strict=True))
    a = st.selectbox("A", ids, index=0, key="rb_a", format_func=labels.get)
    b = st.selectbox("B", ids, index=min(1, len(ids) - 1), key="rb_b", format_func=labels.get)
    if a != b:
        rev = reversal(ranked_problem(ev), a, b)
        hi, lo = (a, b) if ev.table.loc[a, "rank"] <= ev.table.loc[b, "rank"] else (b, a)
        st.caption(t("robust_pair_result", lang, a=md_text(labels[hi]), b=md_text(labels[lo])))
        st.dataframe(reversal_rows(rev, lang), hide_index=True)


if not analysable(ev):
    st.info(t("few_ranked", lang, n=0 if ev is None else int((ev.table["status"] == "ranked")
                                                                .sum())))
else:
    show()
