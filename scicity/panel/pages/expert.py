"""The expert's page, opened by a personal link ``?panel_token=...``: that expert's own
form and nothing else. Judgements are saved as drafts on every change; round 2 and later
show the anonymous group judgement of the previous round next to the expert's own."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from mcda import ahp as ahp_mod
from scicity.i18n import LANGS, number, percent, t, translate
from scicity.panel import db, service
from scicity.panel.pages.common import (
    SAATY_OPTIONS,
    SAATY_VALUES,
    element_name,
    findings_text,
    language_choice,
    md,
    nearest_saaty,
    node_title,
)
from scicity.panel.service import AccessDenied, ExpertForm, PanelError


def expert_page(token: str) -> None:
    """Draw the form of the expert holding ``token``."""
    try:
        with db.session() as s:
            form = service.expert_form(s, token)
    except AccessDenied as exc:  # the same answer in any language the address asks for
        asked = st.session_state.get("panel_lang") or st.query_params.get("lang")
        st.error(translate(exc.findings[0][1], asked if asked in LANGS else "en"))
        return
    langs = form.languages or ["en"]
    lang = language_choice(langs, langs[0])
    st.title(t("panel_expert_title", lang, panel=md(form.panel)))
    st.caption(t("panel_expert_hello", lang, expert=md(form.expert), round=form.round,
                 max=form.max_rounds))
    if form.submitted:
        st.success(t("panel_submitted", lang, r=form.round))
        return
    if form.round >= 2:
        st.info(t("panel_delphi", lang, r=form.round, p=form.round - 1))
        if not form.group_previous:
            st.caption(t("panel_withheld", lang))
    for node, ids in form.hierarchy.items():
        st.subheader(node_title(node, lang))
        if form.input_mode == "pairwise":
            _pairwise(token, form, node, ids, lang)
        else:
            _direct(token, form, node, ids, lang)
    if err := st.session_state.pop("panel_error", None):
        st.error(t("panel_error", lang, e=findings_text(err, lang)))
    elif saved := st.session_state.get("panel_saved"):
        st.caption(t("panel_saved", lang, t=saved))
    st.text_area(t("panel_comment", lang), key="panel_comment", value=form.comment)
    st.button(t("panel_submit", lang, r=form.round), key="panel_submit", type="primary",
              on_click=_submit, args=(token, form))


def _pair_key(node: str, a: str, b: str) -> str:
    return f"pj_{node}_{a}_{b}"


def _pairwise(token: str, form: ExpertForm, node: str, ids: list[str], lang: str) -> None:
    st.caption(t("panel_scale_help", lang))
    draft = form.drafts.get(node)
    group = form.group_previous.get(node)
    own = form.own_previous.get(node)
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]
    for k, (a, b) in enumerate(pairs):
        key = _pair_key(node, a, b)
        if key not in st.session_state:
            st.session_state[key] = nearest_saaty(draft["upper"][k]) if draft else "1"
        st.select_slider(f"{a} {element_name(a, lang)} : {b} {element_name(b, lang)}",
                         SAATY_OPTIONS, key=key, on_change=_save_node,
                         args=(token, node, ids, "pairwise"))
        if group and "upper" in group:
            g = group["upper"][k]
            note = t("panel_group_was", lang, r=form.round - 1,
                     v=f"{nearest_saaty(g)} ({number(g, lang, 2)})")
            if own:
                note += " · " + t("panel_yours_was", lang, v=nearest_saaty(own["upper"][k]))
            st.caption(note)
    m = _matrix(node, ids)
    res = ahp_mod.ahp(m)
    if len(ids) >= 3:
        st.caption(t("panel_cr", lang, cr=res.cr))
        if res.consistent:
            st.success(t("panel_cr_ok", lang))
        elif res.worst is not None:
            w = res.worst
            a, b = ids[w.i], ids[w.j]
            st.warning(t("panel_cr_bad", lang, a=a, b=b, cur=nearest_saaty(w.current),
                         sug=nearest_saaty(w.suggested), cr2=w.cr_if_suggested))
            st.button(t("panel_apply", lang), key=f"apply_{node}", on_click=_apply,
                      args=(token, node, ids, _pair_key(node, a, b),
                            nearest_saaty(w.suggested)))
    _weights_table(ids, res.weights, lang)


def _direct(token: str, form: ExpertForm, node: str, ids: list[str], lang: str) -> None:
    st.caption(t("panel_points_help", lang))
    draft = form.drafts.get(node)
    group = form.group_previous.get(node)
    for k, a in enumerate(ids):
        key = f"pd_{node}_{a}"
        if key not in st.session_state:
            st.session_state[key] = float(draft["weights"][k]) if draft else 10.0
        st.number_input(f"{a} {element_name(a, lang)}", min_value=0.0, max_value=1000.0,
                        step=1.0, key=key, on_change=_save_node,
                        args=(token, node, ids, "direct"))
        if group:
            st.caption(t("panel_group_was", lang, r=form.round - 1,
                         v=percent(group["weights"][k], lang, 1)))
    pts = np.array([st.session_state[f"pd_{node}_{a}"] for a in ids], dtype=float)
    if pts.sum() > 0:
        _weights_table(ids, pts / pts.sum(), lang)


def _weights_table(ids: list[str], w: Any, lang: str) -> None:
    st.dataframe(pd.DataFrame({"id": ids, t("panel_weights", lang): [percent(x, lang, 1)
                                                                       for x in w]}),
                 hide_index=True)


def _matrix(node: str, ids: list[str]) -> np.ndarray:
    n = len(ids)
    m = np.ones((n, n))
    for i, a in enumerate(ids):
        for j in range(i + 1, n):
            v = SAATY_VALUES[st.session_state[_pair_key(node, a, ids[j])]]
            m[i, j], m[j, i] = v, 1 / v
    return m


def _entry(node: str, ids: list[str], mode: str) -> dict[str, Any]:
    if mode == "pairwise":
        return service.matrix_entry(ids, _matrix(node, ids))
    return {"order": ids, "weights": [float(st.session_state[f"pd_{node}_{a}"]) for a in ids]}


def _save_node(token: str, node: str, ids: list[str], mode: str) -> None:
    try:
        with db.session() as s:
            service.save_draft(s, token, node, _entry(node, ids, mode))
        st.session_state.panel_saved = datetime.now().strftime("%H:%M:%S")
    except PanelError as exc:
        st.session_state.panel_error = exc


def _apply(token: str, node: str, ids: list[str], key: str, value: str) -> None:
    st.session_state[key] = value
    _save_node(token, node, ids, "pairwise")


def _submit(token: str, form: ExpertForm) -> None:
    try:
        with db.session() as s:
            for node, ids in form.hierarchy.items():
                service.save_draft(s, token, node, _entry(node, ids, form.input_mode))
            service.submit(s, token, st.session_state.get("panel_comment", ""))
    except PanelError as exc:
        st.session_state.panel_error = exc
