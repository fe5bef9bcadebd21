"""The method options in the sidebar, for the chosen method only: VIKOR's v, and PROMETHEE
II's preference function (for every indicator or one) with its thresholds q, p, s as
percentages of the indicator's range — bound to the scenario through ``state``."""

from __future__ import annotations

import streamlit as st

from mcda import registry
from mcda.registry import PREFERENCE_NAMES
from scicity.app import state
from scicity.app.changes import USES
from scicity.app.context import Context
from scicity.app.resources import catalogue, md_text
from scicity.i18n import t

TARGET = "promethee_target"


def promethee_is_weighted_sum(ctx: Context) -> bool:
    """Whether the PROMETHEE II ranking of this run equals a weighted sum (engine test)."""
    ev = ctx.ev
    prob = ev.outcome.problem if ev is not None else None
    if ctx.scenario.method != "promethee2" or prob is None:
        return False
    return registry.equivalent_to_weighted_sum(prob.normalised, prob.context())


def method_options(ctx: Context) -> None:
    """VIKOR v or the PROMETHEE controls, whichever the scenario's method uses."""
    lang, sb, s = ctx.lang, st.sidebar, state.scenario()
    if s.method == "vikor":
        state.bind(sb.slider, "vikor_v", state.vikor_v, state.set_vikor_v,
                   label=t("vikor_v", lang), min_value=0.0, max_value=1.0, step=0.05)
    elif s.method == "promethee2":
        _promethee(ctx)


def _promethee(ctx: Context) -> None:
    lang, layer, sb, s = ctx.lang, ctx.layer, st.sidebar, state.scenario()
    names = {f.id: f.name.get(lang) for c in catalogue().criteria
             for f in catalogue().indicators(layer, c.id)}
    targets = [state.ALL, *names]
    if st.session_state.get(TARGET) not in targets:
        st.session_state[TARGET] = state.ALL
    target = sb.selectbox(t("promethee_target", lang), targets, key=TARGET,
                          format_func=lambda x: t("promethee_all", lang) if x == state.ALL
                          else names[x])
    get, set_ = state.preference_function(target)
    state.bind(sb.selectbox, f"pref_fn_{target}", get, set_, by_lang=True,
               label=t("promethee_function", lang), options=PREFERENCE_NAMES,
               format_func=lambda f: t(f"pref_{f}", lang))
    pref = state.preference(state.scenario(), target)
    for name in USES[pref.function]:
        get, set_ = state.preference_threshold(target, name)
        state.bind(sb.slider, f"pref_{name}_{target}", get, set_,
                   label=t(f"threshold_{name}", lang), min_value=0,
                   max_value=max(100, get(state.scenario())), step=1)
    own = [names[i] for i in s.promethee.indicators if i in names]
    if own:
        sb.caption(t("promethee_own", lang, names=md_text(", ".join(own))))
    if promethee_is_weighted_sum(ctx):
        sb.info(t("promethee_ws_note", lang))
