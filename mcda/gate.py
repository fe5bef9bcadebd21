"""The science-city eligibility gate, decided on intervals: researchers ÷ employed ≥ threshold.

The Concept (Section 5, Model 2) grants science-city status to a settlement where the
researchers of accredited organisations are at least 3 % of the employed population.
Neither figure is usually known exactly, so each unit carries a researcher interval
[low, high] (persons; low = counted researchers, a lower bound stays a lower bound;
high = the tightest ceiling the data supports) and an employed interval [low, high]
(persons). The share interval is [researchers_low ÷ employed_high,
researchers_high ÷ employed_low] and the unit's state is:

- ``eligible``: the whole share interval is at or above the threshold;
- ``restricted``: the whole interval is below it (with the shortfall at best);
- ``undetermined``: the interval straddles the threshold (with the researcher counts
  that would decide it);
- ``no_data``: the employed population is unknown, or nothing bounds the researchers.
"""

from __future__ import annotations

from typing import Literal, get_args

import numpy as np
import pandas as pd

DEFAULT_THRESHOLD = 0.03

GateState = Literal["eligible", "restricted", "undetermined", "no_data"]
GATE_STATES: tuple[str, ...] = get_args(GateState)

#: Columns of ``evaluate_gate``'s result, in order.
GATE_COLUMNS: tuple[str, ...] = (
    "state", "share", "share_low", "share_high", "researchers_low", "researchers_high",
    "employed", "employed_low", "employed_high", "required", "required_low",
    "required_high", "shortfall", "researchers_needed", "decider",
)


def _check_threshold(threshold: float) -> None:
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"gate threshold must be between 0 and 1 (got {threshold})")


def _ceil(x: pd.Series) -> pd.Series:
    """``x`` rounded up to whole people (1e-9 below an integer counts as that integer)."""
    return pd.Series(np.ceil(x.to_numpy(dtype=float) - 1e-9), index=x.index)


def evaluate_gate(
    researchers_low: pd.Series,
    researchers_high: pd.Series,
    employed: pd.Series,
    employed_low: pd.Series,
    employed_high: pd.Series,
    threshold: float = DEFAULT_THRESHOLD,
) -> pd.DataFrame:
    """The gate for every unit (index of ``researchers_low``).

    Inputs in persons; NaN = unknown (``researchers_low`` NaN is read as 0 — nobody
    counted; ``researchers_high`` NaN or inf = no ceiling). ``employed`` is the point
    figure (official or estimated), inside [``employed_low``, ``employed_high``].
    ``threshold``: minimum share (dimensionless, 0.03 = 3 %).

    Returns ``GATE_COLUMNS``: ``share`` = researchers_low ÷ employed (the counted
    share, NaN when nobody is counted); ``share_low``/``share_high`` the share interval;
    ``required``/``required_low``/``required_high`` = threshold × employed (point, low,
    high), the researchers the rule asks for; ``shortfall`` = threshold − share_high and
    ``researchers_needed`` = required_low − researchers_high (both > 0 only when
    restricted: what is missing even at best); ``decider``: for an undetermined unit the
    researcher count that would make it eligible (= required_high, rounded up), else NaN.
    """
    _check_threshold(threshold)
    idx = researchers_low.index
    r_lo = researchers_low.astype(float).fillna(0.0).clip(lower=0.0)
    r_hi = researchers_high.reindex(idx).astype(float).fillna(np.inf)
    r_hi = r_hi.where(r_hi >= r_lo, r_lo)  # a ceiling below a count: the count wins
    e = employed.reindex(idx).astype(float)
    e_lo = employed_low.reindex(idx).astype(float).fillna(e)
    e_hi = employed_high.reindex(idx).astype(float).fillna(e)
    known = e_lo.notna() & e_hi.notna() & (e_lo > 0) & (e_hi >= e_lo)
    bounded = known & np.isfinite(r_hi)
    share_low = (r_lo / e_hi).where(known)
    share_high = (r_hi / e_lo).where(bounded)
    counted = researchers_low.reindex(idx).notna() & (researchers_low.reindex(idx) > 0)
    share = (r_lo / e).where(known & counted & e.notna())

    state = pd.Series("no_data", index=idx, dtype=object)
    state[bounded] = "undetermined"
    state[known & (share_low >= threshold)] = "eligible"
    state[bounded & (share_high < threshold)] = "restricted"

    required = _ceil(threshold * e).where(known)
    req_lo = _ceil(threshold * e_lo).where(known)
    req_hi = _ceil(threshold * e_hi).where(known)
    restricted = state == "restricted"
    shortfall = (threshold - share_high).where(restricted, 0.0).where(known)
    needed = (req_lo - r_hi).where(restricted, 0.0).where(known)
    decider = req_hi.where(state == "undetermined")
    return pd.DataFrame(
        {
            "state": state,
            "share": share,
            "share_low": share_low,
            "share_high": share_high,
            "researchers_low": r_lo.where(known | counted),
            "researchers_high": r_hi.where(np.isfinite(r_hi)),
            "employed": e,
            "employed_low": e_lo,
            "employed_high": e_hi,
            "required": required,
            "required_low": req_lo,
            "required_high": req_hi,
            "shortfall": shortfall,
            "researchers_needed": needed,
            "decider": decider,
        },
        index=idx,
    )[list(GATE_COLUMNS)]
