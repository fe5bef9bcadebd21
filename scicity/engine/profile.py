"""A unit's profile: each indicator against a stated reference — the median over the
units actually compared (the ranked candidates), counted and labelled — with its source,
and what each indicator contributed to the unit's score (:mod:`mcda.contributions`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from criteria.dataset import Dataset
from criteria.model import Catalogue, Field
from mcda.contributions import COLUMNS, contributions, topsis_distances
from mcda.pipeline import Outcome
from mcda.value_functions import ValueFunction

#: Relative distance from the median beyond which a raw indicator counts as a strength
#: or a weakness (in the indicator's direction): 25 %.
MARGIN = 0.25
#: The same on a value function's 0–1 value scale: 0.25 value points.
VALUE_MARGIN = 0.25
#: Fewest known values among the reference units for a median and a verdict.
MIN_KNOWN = 5

Verdict = Literal["strength", "weakness", "typical", "missing", "few_values", "flag"]
#: What the reference median is taken over.
Reference = Literal["ranked", "layer"]


def reference_units(outcome: Outcome | None, index: pd.Index) -> tuple[pd.Index, Reference]:
    """The units a profile compares against: the ranked candidates when there is a
    ranking (the units the score actually compares), else every unit of the layer."""
    p = None if outcome is None else outcome.problem
    if p is not None and len(p.units):
        return pd.Index(p.units), "ranked"
    return index, "layer"


def profile(ds: Dataset, uid: str, catalogue: Catalogue, lang: str = "en",
            peers: Sequence[str] | pd.Index | None = None,
            functions: Mapping[str, ValueFunction] | None = None) -> pd.DataFrame:
    """One row per indicator of the layer, compared with the reference units ``peers``
    (default: every unit of the layer); ``functions``: the value functions in force
    (default: the catalogue's; ``scicity.engine.evaluate.value_functions`` for a
    scenario's).

    Columns: ``criterion``, ``indicator``, ``name``, ``unit`` (in ``lang``), ``kind``,
    ``value`` (raw, own unit), ``scale`` (``raw``, or ``value`` when the indicator has a
    value function: then ``compared``, ``median`` and ``difference`` are on its 0–1 value
    scale), ``compared`` (the value as compared), ``median`` (over the reference units
    with a value; NaN for a flag or when fewer than :data:`MIN_KNOWN` have one),
    ``n_known`` / ``n_peers`` (reference units with a value / in all), ``have`` (a flag:
    reference units that have it), ``ratio`` (raw scale: value ÷ median),
    ``difference`` (value scale: value − median), ``verdict`` (:data:`Verdict`; a cost
    indicator is a strength when below the median; a flag gets none) and the value's
    provenance ``source_id``, ``year``, ``qualifier``, ``note``."""
    ref = pd.Index(ds.values.index if peers is None else peers)
    inds = catalogue.indicators(ds.layer)
    vfs = ({f.id: f.value_function for f in inds if f.value_function is not None}
           if functions is None else dict(functions))
    return pd.DataFrame([_row(ds, uid, f, ref, vfs.get(f.id), lang) for f in inds])


def _row(ds: Dataset, uid: str, f: Field, ref: pd.Index, vf: ValueFunction | None,
         lang: str) -> dict[str, object]:
    col = (ds.values[f.id].astype(float) if f.id in ds.values
           else pd.Series(np.nan, index=ds.values.index))
    scale = "raw" if vf is None else "value"
    compared_col = (col if vf is None else
                    pd.Series(vf(col.to_numpy()), index=col.index).where(col.notna()))
    known = compared_col.reindex(ref).dropna()
    value = float(col.get(uid, np.nan))
    compared = float(compared_col.get(uid, np.nan))
    median = ratio = difference = have = np.nan
    verdict: Verdict
    if f.kind == "flag":
        have = float((known > 0).sum())
    elif len(known) >= MIN_KNOWN:
        median = float(known.median())
    if np.isnan(value):
        verdict = "missing"
    elif f.kind == "flag":
        verdict = "flag"
    elif np.isnan(median):
        verdict = "few_values"
    else:
        verdict, ratio, difference = _verdict(compared, median,
                                               1 if vf else f.sign, scale)
    cite = ds.cite(uid, f.id) or {}
    return {"criterion": f.criterion, "indicator": f.id, "name": f.name.get(lang),
            "unit": f.unit.get(lang), "kind": f.kind, "value": value, "scale": scale,
            "compared": compared, "median": median, "n_known": len(known),
            "n_peers": len(ref), "have": have, "ratio": ratio, "difference": difference,
            "verdict": verdict, **{k: cite.get(k, "") for k in
                                   ("source_id", "year", "qualifier", "note")}}


def _verdict(value: float, median: float, sign: int, scale: str
             ) -> tuple[Verdict, float, float]:
    """(verdict, ratio, difference) of ``value`` against ``median``: on a value scale the
    difference in value points, on a raw scale the ratio (a zero median: the sign of the
    difference decides)."""
    if scale == "value":
        diff = value - median
        better = sign * diff
        margin = VALUE_MARGIN
        ratio = np.nan
    elif median == 0:
        better, margin, ratio, diff = sign * value, 0.0, np.nan, np.nan
    else:
        ratio, diff = value / median, np.nan
        better, margin = sign * (ratio - 1), MARGIN
    verdict: Verdict = ("strength" if better > margin
                        else "weakness" if better < -margin else "typical")
    return verdict, ratio, diff


def score_contributions(outcome: Outcome, uid: str, catalogue: Catalogue,
                        lang: str = "en", values: pd.DataFrame | None = None
                        ) -> pd.DataFrame:
    """Per indicator used, what it contributed to ``uid``'s score as ranked (columns of
    :data:`mcda.contributions.COLUMNS` plus ``name`` and ``unit``: the raw value's unit,
    empty when ``value`` is the scored value), heaviest first by effect (the
    share of D+ and D− for TOPSIS, else the absolute contribution). ``value`` is the
    value scored (a value function's output, a gap at its worst value) unless the layer's
    ``values`` are given: then the unit's own raw value (a gap stays NaN). Empty when the
    unit was not ranked."""
    p = outcome.problem
    if p is None or uid not in p.units:
        return pd.DataFrame(columns=[*COLUMNS, "name", "unit"])
    out = contributions(p, uid)
    if values is not None:
        cols = [i for i in out["indicator"] if i in values.columns]
        own = values.loc[uid, cols].astype(float) if cols else pd.Series(dtype=float)
        out["value"] = [own.get(i, np.nan) for i in out["indicator"]]
    out["name"] = [catalogue.field(i).name.get(lang) if catalogue.has_field(i) else i
                   for i in out["indicator"]]
    # the raw value's unit; a value function's output is on its 0–1 scale: no unit
    out["unit"] = [catalogue.field(i).unit.get(lang)
                   if values is not None and catalogue.has_field(i) else ""
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
