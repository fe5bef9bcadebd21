"""Streamlit pages of the expert panel (a thin layer over ``scicity.panel.service``).

``route()`` is called by the app's hook when the address carries ``panel_token`` (an
expert's personal link: that expert's form and nothing else) or ``panel_admin`` (the
facilitator's page, which asks for the panel's secret, or creates a panel).
"""

from __future__ import annotations

import streamlit as st


def route() -> None:
    """Draw the panel page the query parameters ask for."""
    if "panel_token" in st.query_params:
        from scicity.panel.pages.expert import expert_page

        expert_page(st.query_params["panel_token"])
    else:
        from scicity.panel.pages.facilitator import facilitator_page

        facilitator_page()
