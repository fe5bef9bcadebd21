"""The AHP editor: Saaty-scale judgements for every pair of criteria, the consistency
option (named, with the largest λmax it accepts), live CR and, when CR > 0.10, both
repairs of ``mcda.ahp``: the single change with the lowest CR and the smallest change
reaching CR <= 0.10 (each saying when it reverses a judgement), each with its button."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from mcda import ahp as ahp_mod
from mcda.ahp import Change
from scicity.app import state
from scicity.app.context import Context
from scicity.app.resources import SAATY_OPTIONS, ahp_result, catalogue, nearest_saaty
from scicity.i18n import t
from scicity.view.ahp import advice


def _apply(a: str, b: str, option: str) -> None:
    state.put(state.set_judgement(state.scenario(), a, b, option))


def _button(key: str, c: Change, order: tuple[str, ...], lang: str) -> None:
    """A button setting the judgement of change ``c``."""
    st.sidebar.button(t(key, lang), key=key, on_click=_apply,
                      args=(order[c.i], order[c.j], nearest_saaty(c.value)))


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
               lambda s, v: replace(s, ri_table=v), by_lang=True, label=t("ri_table", lang),
               options=list(ahp_mod.RI_TABLES),
               format_func=lambda x: t(f"consistency_{x}", lang))
    s = state.scenario()
    pm = s.ahp_criteria
    if pm is None:   # drawn in AHP mode only
        return
    order = pm.order
    res = ahp_result(pm.matrix, s.ri_table)
    rule, *repairs = advice(res, order, lang)
    sb.caption(t("ahp_cr", lang, cr=res.cr, lam=res.lambda_max, ci=res.ci, ri=res.ri,
                 table=res.ri_table) + " " + rule)
    if res.consistent:
        sb.success(t("ahp_ok", lang))
    elif repairs:
        sb.warning("  \n".join(repairs))
        if res.best_change is not None:
            _button("ahp_apply_best", res.best_change, order, lang)
        if res.smallest_fix is not None and res.smallest_fix != res.best_change:
            _button("ahp_apply_fix", res.smallest_fix, order, lang)
    for c, w in zip(order, res.weights, strict=True):
        sb.caption(f"{c}: {t('weight_used', lang, w=float(w))}")
