"""A unit's profile: each indicator against the national median, with its source, and
what each indicator contributed to the unit's score (:mod:`mcda.contributions`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from criteria.dataset import Dataset
from criteria.model import Catalogue
from mcda.contributions import COLUMNS, contributions, topsis_distances
from mcda.pipeline import Outcome

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


def score_contributions(outcome: Outcome, uid: str, catalogue: Catalogue,
                        lang: str = "en", values: pd.DataFrame | None = None
                        ) -> pd.DataFrame:
    """Per indicator used, what it contributed to ``uid``'s score as ranked (columns of
    :data:`mcda.contributions.COLUMNS` plus ``name``), heaviest first by effect (the
    share of D+ and D− for TOPSIS, else the absolute contribution). ``value`` is the
    value scored (a value function's output, a gap at its worst value) unless the layer's
    ``values`` are given: then the unit's own raw value (a gap stays NaN). Empty when the
    unit was not ranked."""
    p = outcome.problem
    if p is None or uid not in p.units:
        return pd.DataFrame(columns=[*COLUMNS, "name"])
    out = contributions(p, uid)
    if values is not None:
        cols = [i for i in out["indicator"] if i in values.columns]
        own = values.loc[uid, cols].astype(float) if cols else pd.Series(dtype=float)
        out["value"] = [own.get(i, np.nan) for i in out["indicator"]]
    out["name"] = [catalogue.field(i).name.get(lang) if catalogue.has_field(i) else i
                   for i in out["indicator"]]
    key = (out["share_ideal"] + out["share_anti_ideal"] if p.method == "topsis"
           else out["contribution"].abs())
    return out.iloc[np.argsort(-key.fillna(0).to_numpy(), kind="stable")].reset_index(drop=True)


def distances(outcome: Outcome, uid: str) -> tuple[float, float] | None:
    """(D+, D−) of ``uid`` when the ranking is TOPSIS and the unit was ranked, else None."""
    p = outcome.problem
    if p is None or p.method != "topsis" or uid not in p.units:
        return None
    return topsis_distances(p, uid)
