"""Cached data, scenarios and pure helpers the pages share (no widgets here).

Everything a page needs but does not draw: the catalogue and bundled layers (loaded once
per server), the layer being ranked (the user's upload if any), the scenario library,
AHP results (cached on the judgements), the unit under a map click, and text made
literal for Streamlit's Markdown.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import numpy as np
import pandas as pd
import streamlit as st

import criteria.bundled
from criteria.dataset import Dataset
from criteria.model import Catalogue, load_catalogue
from mcda import ahp as ahp_mod
from scenarios.library import builtin_ids, load_scenario
from scenarios.model import Scenario
from scenarios.store import ScenarioStore

#: Saaty's scale as the judgement widgets show it, and the value of each option.
SAATY_OPTIONS: tuple[str, ...] = (*(f"1/{k}" for k in range(9, 1, -1)),
                                  *(str(k) for k in range(1, 10)))
SAATY_VALUES = {o: (1 / int(o[2:]) if o.startswith("1/") else float(o)) for o in SAATY_OPTIONS}


@st.cache_resource
def catalogue() -> Catalogue:
    return load_catalogue()


@st.cache_resource
def bundled(layer: str) -> Dataset:
    return criteria.bundled.load_bundled(layer)


def dataset(layer: str) -> Dataset:
    """The layer being ranked: the user's uploaded table if any, else the bundled data."""
    return st.session_state.get("user_data", {}).get(layer) or bundled(layer)


def store() -> ScenarioStore:
    return ScenarioStore(catalogue=catalogue())


def scenario_options() -> tuple[dict[str, Scenario], list]:
    """Built-in (``builtin:<id>``) and saved (``saved:<id>``) scenarios, and the saved
    files that could not be read."""
    saved, broken = store().load_all()
    opts = {f"builtin:{sid}": load_scenario(sid, catalogue()) for sid in builtin_ids()}
    opts.update({f"saved:{sid}": s for sid, s in saved.items()})
    return opts, broken


@lru_cache(maxsize=256)
def ahp_result(matrix: tuple[tuple[float, ...], ...], ri_table: str) -> ahp_mod.AHPResult:
    """AHP weights, CR and worst judgement of a pairwise matrix (cached on its values)."""
    return ahp_mod.ahp(np.asarray(matrix, dtype=float), ri_table=ri_table)


def nearest_saaty(x: float) -> str:
    """The Saaty option closest to ``x`` in log space."""
    return min(SAATY_OPTIONS, key=lambda o: abs(np.log(SAATY_VALUES[o]) - np.log(x)))


def unit_at(table: pd.DataFrame, layer: str, lat: float, lon: float) -> str | None:
    """The unit under a clicked point (degrees): the region containing it, or the town
    nearest to it within 0.3° (``table`` has ``lat`` and ``lon`` per town)."""
    if layer == "regions":
        from geodata.regions import region_of_point

        return region_of_point(lon, lat, web=True)
    tb = table.dropna(subset=["lat", "lon"])
    if tb.empty:
        return None
    d = (tb["lat"] - lat) ** 2 + ((tb["lon"] - lon) * np.cos(np.radians(lat))) ** 2
    return str(d.idxmin()) if float(d.min()) ** 0.5 < 0.3 else None


def md_text(text: object) -> str:
    """User-supplied text made literal for Streamlit's Markdown: no HTML, no markup, no
    images, links, colours (``:red[…]``), emoji shortcodes or KaTeX (``$…$``). Markdown
    punctuation is backslash-escaped first, then ``& < > " '`` become entities (in that
    order, so no backslash lands inside an entity)."""
    marked = re.sub(r"([\\`*_{}\[\]()#+!|~:$-])", r"\\\1", str(text))
    # a word joiner keeps web addresses from being turned into links
    marked = marked.replace("//", "/\u2060/").replace("www.", "www\u2060.")
    return html.escape(marked, quote=True)
