"""Helpers shared by the panel pages."""

from __future__ import annotations

import html
import re

import numpy as np
import streamlit as st

from criteria.model import Catalogue, load_catalogue
from scicity.panel.pages.texts import tr
from scicity.panel.service import CRITERIA_NODE

SAATY_OPTIONS: tuple[str, ...] = (*(f"1/{k}" for k in range(9, 1, -1)),
                                  *(str(k) for k in range(1, 10)))
SAATY_VALUES = {o: (1 / int(o[2:]) if o.startswith("1/") else float(o)) for o in SAATY_OPTIONS}


@st.cache_resource
def catalogue() -> Catalogue:
    """The indicator catalogue (names in three languages)."""
    return load_catalogue()


def md(text: object) -> str:
    """User-supplied text made literal for Streamlit's Markdown (no markup, no HTML)."""
    marked = re.sub(r"([\\`*_{}\[\]()#+!|~-])", r"\\\1", str(text))
    return html.escape(marked, quote=True)


def nearest_saaty(x: float) -> str:
    """The Saaty option nearest to ``x`` in log distance."""
    return min(SAATY_OPTIONS, key=lambda o: abs(np.log(SAATY_VALUES[o]) - np.log(x)))


def element_name(eid: str, lang: str) -> str:
    """A criterion's or indicator's name in ``lang``."""
    cat = catalogue()
    try:
        return str(cat.criterion(eid).name.get(lang))
    except KeyError:
        pass
    for f in cat.fields:
        if f.id == eid:
            return str(f.name.get(lang))
    return eid


def node_title(node: str, lang: str) -> str:
    """Heading of a hierarchy node."""
    if node == CRITERIA_NODE:
        return tr("node_criteria", lang)
    return tr("node_indicators", lang, c=f"{node} {element_name(node, lang)}")
