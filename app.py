"""Streamlit app: the entry point. Page config, the session's scenario (from a link, the
library or the user's changes), the page navigation and the sidebar that edits the
scenario; each page is a short script in ``scicity/app/pages`` (registered in
``scicity.app.pages.PAGES``). Run with ``streamlit run app.py`` or ``scicity-app``.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

import streamlit as st

from scenarios.model import Scenario
from scicity.app import context, link, state
from scicity.app.pages import PAGES
from scicity.app.resources import catalogue, md_text, scenario_options
from scicity.app.sidebar import sidebar
from scicity.app.upload import upload_report
from scicity.i18n import t
from scicity.view.problems import error_text

st.set_page_config(page_title="scicity", page_icon="🧭", layout="wide")

# --- panel hook (issue 14): an expert's link (?panel_token=...) or the facilitator's page
# (?panel_admin=1) replaces the whole app with that page; see scicity/panel/pages.
if "panel_token" in st.query_params or "panel_admin" in st.query_params:
    from scicity.panel.pages import route

    route()
    st.stop()
# --- end of panel hook


def from_link(opts: dict[str, Scenario]) -> tuple[str, Scenario, Scenario] | None:
    """The base scenario and the settings a shared link carries (``base``, ``s``)."""
    q = st.query_params
    ref = q.get("base", "builtin:balanced")
    if ref not in opts:
        return None
    if "s" not in q:
        return ref, opts[ref], opts[ref]
    try:
        cur = link.decode(q["s"], opts[ref].id, catalogue())
    except ValueError as exc:   # UserInputError included
        st.session_state["link_error"] = exc   # translated when shown
        return None
    return ref, opts[ref], replace_names(cur, opts[ref])


def replace_names(cur: Scenario, base: Scenario) -> Scenario:
    """The linked settings under the base scenario's name (the app marks the changes)."""
    return replace(cur, id=base.id, name=base.name, names=base.names,
                   description=base.description)


def share_query(ctx: context.Context) -> dict[str, str]:
    """The query parameters that reproduce this view."""
    q = {"lang": ctx.lang, "layer": ctx.layer, "base": st.session_state["base_ref"]}
    if ctx.changes:
        q["s"] = link.encode(state.scenario())
    return q


opts, broken = scenario_options()
state.init(opts, lambda: from_link(opts))
ctx = context.build()
lang = ctx.lang
sections: dict[str, list] = {}
for i, p in enumerate(PAGES):
    sections.setdefault(t(p.section, lang) if p.section else "", []).append(
        st.Page(p.path, title=t(p.title, lang), icon=p.icon, url_path=p.name, default=i == 0))
pg = st.navigation(sections, position="top")
st.title(t("title", lang))
st.caption(t("subtitle", lang))
if "link_error" in st.session_state:
    reason = error_text(st.session_state.pop("link_error"), lang)
    st.warning(t("link_broken", lang, reason=md_text(reason)))
upload_report(lang, ctx.layer)
if ctx.error is not None:
    st.error(t("error_generic", lang, reason=md_text(ctx.error)))
elif ctx.inconsistent_cr is not None:
    st.error(t("ahp_inconsistent", lang, cr=ctx.inconsistent_cr))
pg.run()
sidebar(ctx, opts, broken)
query = share_query(ctx)
st.query_params.from_dict(query)
with st.sidebar.expander(t("share_link", lang)):
    url = (st.context.url or "").split("?")[0]
    st.code(f"{url}?{urlencode(query)}", language=None, wrap_lines=True)
