"""The sidebar: language, layer, scenario (with reset and the "modified" marker), own
data, method (with its options), the 3 % rule, weights and missing values — every control
bound to the scenario through ``state``."""

from __future__ import annotations

import textwrap
from dataclasses import replace

import streamlit as st

from criteria.bundled import bundled_layers
from mcda.registry import METHOD_NAMES, MISSING_POLICIES, NORMALIZATION_NAMES
from scenarios.model import GATE_THRESHOLD_RANGE, Scenario
from scicity.app import state
from scicity.app.ahp_panel import ahp_editor
from scicity.app.context import Context
from scicity.app.method_panel import method_options
from scicity.app.resources import catalogue, md_text
from scicity.app.upload import upload_panel
from scicity.i18n import LANG_NAMES, LANGS, t
from scicity.view.problems import problems_text


def scenario_picker(ctx: Context, opts: dict[str, Scenario], broken: list) -> None:
    lang, sb = ctx.lang, st.sidebar
    ref = st.session_state["base_ref"]
    refs = list(opts) if ref in opts else [ref, *opts]

    base = state.base()

    def label(r: str) -> str:
        s = opts.get(r, base)
        return s.display_name(lang) + ("" if r.startswith("builtin:")
                                       else f" ({t('saved_suffix', lang)})")

    key = f"{state.WIDGET}base_ref:{lang}"
    st.session_state.setdefault(key, ref)
    sb.selectbox(t("scenario", lang), refs, key=key, format_func=label,
                 on_change=_picked, args=(key, opts))
    if broken:
        with sb.expander(f"⚠ {t('broken_scenarios', lang)} ({len(broken)})"):
            for b in broken:
                st.text(f"{b.path.name}: {problems_text(b.problems, lang)}")
    if ctx.changes:
        sb.warning(t("modified_marker", lang, changes=md_text("; ".join(ctx.changes))))
        sb.button(t("reset", lang), key="reset", on_click=lambda: state.put(state.base(), True))
    else:
        sb.caption(md_text(textwrap.shorten(state.base().display_description(lang), 400,
                                            placeholder=" …")))


def _picked(key: str, opts: dict[str, Scenario]) -> None:
    """Load the scenario chosen in the picker ``key``; nothing when that widget is gone
    (a language switch in between removes it) or the choice is not a known scenario."""
    ref = st.session_state.get(key)
    if isinstance(ref, str) and ref in opts:
        state.load(ref, opts[ref])


def sidebar(ctx: Context, opts: dict[str, Scenario], broken: list) -> None:
    """Draw the controls (after the page, so that the results reach the browser first)."""
    cat, lang, layer, sb = catalogue(), ctx.lang, ctx.layer, st.sidebar
    state.bind_app(sb.radio, "lang", label=t("language", lang), options=LANGS,
                   format_func=LANG_NAMES.get, horizontal=True)
    layers = [lyr for lyr in state.LAYERS if lyr in bundled_layers()]
    state.bind_app(sb.radio, "layer", by_lang=True, label=t("layer", lang), options=layers,
                   horizontal=True, format_func=lambda x: t(f"layer_{x}", lang))
    scenario_picker(ctx, opts, broken)
    upload_panel(lang, layer)
    c1, c2 = sb.columns(2)
    state.bind(c1.selectbox, "method", lambda s: s.method,
               lambda s, v: replace(s, method=v), by_lang=True, label=t("method", lang),
               options=METHOD_NAMES, format_func=lambda m: t(f"method_{m}", lang))
    state.bind(c2.selectbox, "normalization", lambda s: s.normalization,
               lambda s, v: replace(s, normalization=v), by_lang=True,
               label=t("normalization", lang), options=NORMALIZATION_NAMES,
               format_func=lambda n: t(f"norm_{n}", lang))
    method_options(ctx)

    sb.subheader(t("gate_header", lang))
    state.bind(sb.toggle, f"gate_{layer}", lambda s: s.gate.applies(layer),
               lambda s, v: replace(s, gate=s.gate.applied(layer, bool(v))),
               label=t("gate_apply", lang))
    lo, hi = GATE_THRESHOLD_RANGE
    state.bind(sb.slider, "gate_threshold", lambda s: round(s.gate.threshold * 100, 1),
               lambda s, v: replace(s, gate=replace(s.gate, threshold=v / 100)),
               label=t("gate_threshold", lang),
               min_value=lo * 100, max_value=hi * 100, step=0.1, format="%.1f")
    if layer == "regions":
        sb.caption(t("gate_info_regions", lang))

    sb.subheader(t("weights_header", lang))
    state.bind(sb.radio, "weight_mode", state.weight_mode,
               lambda s, v: state.set_weight_mode(s, v, cat), by_lang=True,
               label=t("weight_mode", lang), options=("direct", "ahp"), horizontal=True,
               format_func=lambda m: t(f"mode_{m}", lang))
    if ctx.ev is not None:   # the weights actually used (after dropped criteria)
        used = ctx.ev.outcome.weights.groupby("criterion")["global_weight"].sum()
    else:
        used = None
    if state.weight_mode(state.scenario()) == "direct":
        # Off by default: the 10,000-sample analysis would double a slider move's time.
        show = sb.toggle(t("show_stability", lang), key="show_stability")
        quick = ctx.quick() if show else None
        stab = quick.stability if quick is not None else None
        for c in cat.criteria:
            get, set_ = state.criterion_slider(c.id)
            state.bind(sb.slider, f"w_{c.id}", get, set_,
                       label=f"{c.id} · {c.name.get(lang)}", min_value=0, max_value=100)
            text = (t("weight_used", lang, w=float(used.get(c.id, 0.0)))
                    if used is not None else "—")
            if stab is not None and c.id in stab.index:
                text += " · ↔ " + t("stable_first", lang, lo=stab.loc[c.id, "first_lo"],
                                     hi=stab.loc[c.id, "first_hi"])
            sb.caption(text)
    else:
        ahp_editor(ctx)
    for c in cat.criteria:
        inds = cat.indicators(layer, c.id)
        if len(inds) < 2:
            continue
        with sb.expander(t("indicator_weights", lang, c=c.id)):
            for f in inds:
                get, set_ = state.indicator_slider(f.id)
                state.bind(st.slider, f"wi_{f.id}", get, set_, label=f.name.get(lang),
                           min_value=0, max_value=100)
                if ctx.ev is not None and f.id in ctx.ev.outcome.weights.index:
                    ow = ctx.ev.outcome.weights
                    st.caption(t("weight_used", lang, w=float(ow["global_weight"].loc[f.id]))
                               if ow["status"].loc[f.id] == "used" else "—")

    sb.subheader(t("missing_header", lang))
    state.bind(sb.radio, "missing", lambda s: s.missing, lambda s, v: replace(s, missing=v),
               by_lang=True, label=t("missing_header", lang), label_visibility="collapsed",
               options=MISSING_POLICIES,
               format_func=lambda m: t(f"missing_{m}", lang))
    state.bind(sb.slider, "min_coverage", lambda s: round(s.min_coverage * 100),
               lambda s, v: replace(s, min_coverage=v / 100), label=t("min_coverage", lang),
               min_value=0, max_value=100, step=5)

