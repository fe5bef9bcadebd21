"""Helpers shared by the panel pages: the app's own Saaty scale, catalogue and escaper
(``scicity.app.resources``), element names, node titles and located problems."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scicity.app.resources import SAATY_OPTIONS, SAATY_VALUES, catalogue, nearest_saaty
from scicity.app.resources import md_text as md
from scicity.i18n import LANG_NAMES, t, translate
from scicity.panel import workbook
from scicity.panel.service import CRITERIA_NODE, PanelError

__all__ = ["SAATY_OPTIONS", "SAATY_VALUES", "catalogue", "element_name", "findings_text",
           "language_choice", "md", "nearest_saaty", "node_title", "show_problems"]


def element_name(eid: str, lang: str) -> str:
    """A criterion's or indicator's name in ``lang``."""
    return workbook.element_name(catalogue(), eid, lang)


def node_title(node: str, lang: str) -> str:
    """Heading of a hierarchy node."""
    if node == CRITERIA_NODE:
        return t("panel_node_criteria", lang)
    return t("panel_node_indicators", lang, c=f"{node} {element_name(node, lang)}")


def language_choice(langs: list[str], default: str) -> str:
    """The page's language radio over ``langs`` (kept in ``panel_lang``)."""
    if st.session_state.get("panel_lang") not in langs:
        asked = st.query_params.get("lang")
        st.session_state.panel_lang = asked if asked in langs else default
    lang = st.session_state.panel_lang
    return str(st.radio(t("panel_language", lang), langs, key="panel_lang", horizontal=True,
                        format_func=LANG_NAMES.get, label_visibility="collapsed"))


def findings_text(exc: PanelError, lang: str) -> str:
    """Every finding of ``exc`` in ``lang``, escaped for Markdown, ``place: message``."""
    return md("; ".join(f"{p}: {translate(m, lang)}" if p else translate(m, lang)
                        for p, m in exc.findings))


def show_problems(exc: PanelError, headline: str, lang: str) -> None:
    """An error headline and the table of located problems (input, place, message)."""
    st.error(headline)
    st.dataframe(pd.DataFrame([(exc.file, p, translate(m, lang)) for p, m in exc.findings],
                              columns=[t("panel_c_input", lang), t("panel_c_where", lang),
                                       t("panel_c_problem", lang)]), hide_index=True)
