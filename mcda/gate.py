"""The science-city eligibility gate: researchers ÷ employed population ≥ threshold.

The Concept (Section 5, Model 2) grants science-city status to a settlement where the
researchers of accredited organisations are at least 3 % of the employed population.
Each unit gets one of three states: ``eligible``; ``restricted`` (below the threshold,
with the shortfall); ``no_data`` (numerator or denominator unknown).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DEFAULT_THRESHOLD = 0.03


def evaluate_gate(
    numerator: pd.Series,
    denominator: pd.Series,
    threshold: float = DEFAULT_THRESHOLD,
    numerator_lower_bound: pd.Series | None = None,
) -> pd.DataFrame:
    """The gate for every unit (index of ``numerator``).

    ``numerator``: researchers (persons); ``denominator``: employed population
    (persons); ``threshold``: minimum share (dimensionless, 0.03 = 3 %).
    ``numerator_lower_bound``: True where the researcher count is only a lower bound,
    in which case a unit below the threshold may in truth pass (noted, still restricted).

    Returns columns ``share`` (dimensionless), ``state``, ``shortfall`` (threshold −
    share, > 0 only when restricted), ``researchers_needed`` (additional researchers
    to reach the threshold at the current employment) and ``lower_bound``.
    """
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"gate threshold must be between 0 and 1 (got {threshold})")
    num = numerator.astype(float)
    den = denominator.reindex(num.index).astype(float)
    known = num.notna() & den.notna() & (den > 0) & (num >= 0)
    share = pd.Series(np.nan, index=num.index)
    share[known] = num[known] / den[known]
    passed = known & (share >= threshold)
    state = pd.Series("no_data", index=num.index, dtype=object)
    state[passed] = "eligible"
    state[known & ~passed] = "restricted"
    shortfall = (threshold - share).where(state == "restricted", 0.0).where(known)
    needed = np.ceil(threshold * den - num - 1e-9).where(state == "restricted", 0.0).where(known)
    lb = (
        numerator_lower_bound.reindex(num.index).fillna(False).astype(bool)
        if numerator_lower_bound is not None
        else pd.Series(False, index=num.index)
    )
    return pd.DataFrame(
        {
            "share": share,
            "state": state,
            "shortfall": shortfall,
            "researchers_needed": needed,
            "lower_bound": lb & known,
        }
    )
