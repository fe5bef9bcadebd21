"""Data and sources: the sources behind the ranking, and the layer's values (estimates
marked with *)."""

import pandas as pd
import streamlit as st

from criteria.dataset import Dataset
from scicity.app.context import current
from scicity.app.resources import catalogue, dataset
from scicity.i18n import number, t
from scicity.view.ranking import sources_rows

ctx = current()
lang, layer, ev = ctx.lang, ctx.layer, ctx.ev


def num(v: float) -> str:
    """A value for display: whole numbers above 1,000, up to three decimals below."""
    return number(v, lang, 0 if abs(v) >= 1000 else None)


def values_view(ds: Dataset) -> pd.DataFrame:
    """The layer's values as display text in ``lang``, estimates marked with *."""
    est = ds.estimated
    shown = pd.DataFrame(index=ds.values.index)
    cat = catalogue()
    for col in ds.values.columns:
        flag = est[col] if col in est else pd.Series(False, index=shown.index)
        f = cat.field(col) if cat.has_field(col) else None
        head = f"{f.name.get(lang)} ({f.unit.get(lang)})" if f else col
        shown[head] = [("—" if pd.isna(v) else num(v)) + (" *" if e else "")
                       for v, e in zip(ds.values[col], flag, strict=True)]
    shown.insert(0, t("col_name", lang), ds.units[f"name_{lang}"])
    return shown


if ev is not None:
    st.subheader(t("sources_header", lang))
    st.dataframe(sources_rows(ev.sources, lang), hide_index=True)
st.subheader(t("data_table", lang))
ds = dataset(layer)
# Formatting 10,000 towns' values takes about a second: kept while the data and the
# language stay (the weights do not change them).
kept = st.session_state.get("_values_view")
if kept is None or kept[0] is not ds or kept[1] != lang:
    kept = (ds, lang, values_view(ds))
    st.session_state["_values_view"] = kept
st.dataframe(kept[2])
st.caption(f"* {t('flag_estimate', lang)}")
