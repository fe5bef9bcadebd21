"""The AHP editor: Saaty-scale judgements for every pair of criteria, with live CR,
the most inconsistent judgement and a suggested value (said so when it reverses the
user's preference)."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from mcda import ahp as ahp_mod
from scicity.app import state
from scicity.app.context import Context
from scicity.app.resources import SAATY_OPTIONS, ahp_result, catalogue, nearest_saaty
from scicity.i18n import t


def _apply(a: str, b: str, option: str) -> None:
    state.put(state.set_judgement(state.scenario(), a, b, option))


def ahp_editor(ctx: Context) -> None:
    cat, lang, sb = catalogue(), ctx.lang, st.sidebar
    crit = [c.id for c in cat.criteria]
    sb.caption(t("ahp_scale_help", lang))
    for i, a in enumerate(crit):
        for b in crit[i + 1:]:
            get, set_ = state.judgement_slider(a, b)
            state.bind(sb.select_slider, f"ahp_{a}_{b}", get, set_,
                       label=f"{a} : {b} — {cat.criterion(a).name.get(lang)} / "
                             f"{cat.criterion(b).name.get(lang)}", options=SAATY_OPTIONS)
    state.bind(sb.selectbox, "ri_table", lambda s: s.ri_table,
               lambda s, v: replace(s, ri_table=v), label=t("ri_table", lang),
               options=list(ahp_mod.RI_TABLES))
    s = state.scenario()
    pm = s.ahp_criteria
    if pm is None:   # drawn in AHP mode only
        return
    res = ahp_result(pm.matrix, s.ri_table)
    sb.caption(t("ahp_cr", lang, cr=res.cr, lam=res.lambda_max, ci=res.ci, ri=res.ri,
                 table=res.ri_table))
    if res.consistent:
        sb.success(t("ahp_ok", lang))
    elif res.worst is not None:
        w = res.worst
        a, b = pm.order[w.i], pm.order[w.j]
        cur, sug = nearest_saaty(w.current), nearest_saaty(w.suggested)
        key = "ahp_bad" if w.cr_if_suggested <= 0.10 else "ahp_bad_still"
        text = t(key, lang, a=a, b=b, cur=cur, sug=sug, cr2=w.cr_if_suggested)
        if (w.current - 1) * (w.suggested - 1) < 0:   # the other side of "equal"
            text += " " + t("ahp_reverses", lang, a=a if w.current > 1 else b,
                            b=b if w.current > 1 else a)
        sb.warning(text)
        sb.button(t("ahp_apply", lang), key="ahp_apply", on_click=_apply, args=(a, b, sug))
    for c, w in zip(pm.order, res.weights, strict=True):
        sb.caption(f"{c}: {t('weight_used', lang, w=float(w))}")
