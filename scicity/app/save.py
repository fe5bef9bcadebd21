"""Saving the current settings as a named scenario: the name the user gives is its
name in every language, and its description lists what was changed."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from scenarios.model import Scenario
from scicity.app import state
from scicity.app.resources import md_text, store
from scicity.i18n import t
from scicity.view.problems import error_text


def save_panel(scenario: Scenario, lang: str) -> None:
    with st.form("save_form", clear_on_submit=False):
        st.markdown(f"**{t('save_header', lang)}**")
        name = st.text_input(t("save_name", lang), key="save_name", max_chars=60)
        overwrite = st.checkbox(t("save_overwrite", lang), key="save_overwrite")
        if st.form_submit_button(t("save_button", lang)):
            keep = replace(state.scenario(), description=scenario.description, names={},
                           layer="both")
            try:
                saved = store().save(keep, name, overwrite)
            except (ValueError, OSError) as exc:
                st.error(t("save_failed", lang, reason=md_text(error_text(exc, lang))))
            else:
                st.session_state.pending_ref = f"saved:{saved.id}"
                st.session_state.flash = t("saved_ok", lang, name=md_text(saved.name))
                st.rerun()
    if "flash" in st.session_state:
        st.success(st.session_state.pop("flash"))
