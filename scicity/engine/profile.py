"""A unit's profile: each indicator against the national median, with its source."""

from __future__ import annotations

import numpy as np
import pandas as pd

from criteria.dataset import Dataset
from criteria.model import Catalogue

#: Relative distance from the median beyond which an indicator counts as a strength or
#: a weakness (in the indicator's direction): 25 %.
MARGIN = 0.25


def profile(ds: Dataset, uid: str, catalogue: Catalogue, lang: str = "en") -> pd.DataFrame:
    """One row per indicator of the layer: criterion, indicator name, unit, value, the
    median over the layer, value ÷ median, verdict (``strength``, ``weakness``,
    ``typical``, ``missing``; a cost indicator is a strength when below the median) and
    its source and year (with the qualifier when not exact)."""
    rows = []
    for f in catalogue.indicators(ds.layer):
        col = ds.values[f.id] if f.id in ds.values else pd.Series(np.nan, index=ds.values.index)
        value = col.get(uid, np.nan)
        median = float(col.astype(float).median()) if col.notna().any() else np.nan
        ratio = value / median if median and not np.isnan(value) else np.nan
        if np.isnan(value):
            verdict = "missing"
        elif np.isnan(ratio):
            verdict = "typical"
        else:
            better = ratio - 1 if f.direction == "benefit" else 1 - ratio
            verdict = ("strength" if better > MARGIN
                       else "weakness" if better < -MARGIN else "typical")
        cite = ds.cite(uid, f.id)
        source = ""
        if cite:
            source = f"{cite['source_id']}, {cite['year']}".strip(", ")
            if cite["qualifier"] not in ("", "exact"):
                source += f" ({cite['qualifier']})"
            if cite["note"]:
                source += f" — {cite['note']}"
        rows.append({"criterion": f.criterion, "indicator": f.id, "name": f.name.get(lang),
                     "unit": f.unit.get(lang), "value": value, "median": median,
                     "ratio": ratio, "verdict": verdict, "source": source})
    return pd.DataFrame(rows)
