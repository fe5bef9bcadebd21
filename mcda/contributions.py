"""Per-indicator contributions to one unit's score, exactly as the ranking computed it.
Pure: no I/O.

- Weighted sum: ``w·r`` per indicator; they add up to the score.
- PROMETHEE II: ``w·φ_j``, the weighted single-indicator net flow; they add up to the net
  flow (a complete matrix; with gaps the flows are pairwise and not split).
- VIKOR: ``w·regret`` per indicator; they add up to the group utility S (lower = better);
  the largest is the individual regret R.
- TOPSIS: each indicator's share of the squared distance to the ideal (``D+²``) and to the
  anti-ideal (``D−²``): ``(w(r − r+))² / D+²`` and ``(w(r − r−))² / D−²``. An indicator with a
  large share of D+ is where the unit falls short; a large share of D− is what sets it
  above the worst. Closeness = D− / (D+ + D−).

Weights are the unit's effective weights (under ``missing = "redistribute"`` a gap's
weight moves to its criterion's other indicators for that unit).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mcda import methods, promethee, registry
from mcda.problem import Problem

#: Columns of :func:`contributions`: ``value`` (raw units), ``normalised`` (0–1 as
#: scored), ``weight`` (effective weight, sum 1), ``contribution`` (WSM: w·r;
#: PROMETHEE II: w·φ_j; VIKOR: w·regret; TOPSIS: NaN), ``share_ideal`` and
#: ``share_anti_ideal`` (TOPSIS only: shares of D+² and D−², each summing to 1),
#: ``ideal``, ``anti_ideal`` (TOPSIS/VIKOR reference points, normalised units).
COLUMNS: tuple[str, ...] = ("criterion", "indicator", "value", "normalised", "weight",
                            "contribution", "share_ideal", "share_anti_ideal", "ideal",
                            "anti_ideal")


def contributions(problem: Problem, unit: object) -> pd.DataFrame:
    """One row per indicator used (the problem's order) for ``unit`` (one of
    ``problem.units``): see :data:`COLUMNS`. KeyError when the unit was not ranked."""
    i = _row(problem, unit)
    R = problem.normalised
    m = R.shape[1]
    eff = methods.effective_weights(problem.global_weights, ~np.isnan(R), problem.groups)[i]
    r = R[i]
    ctx = problem.context()
    contribution = np.full(m, np.nan)
    share_plus = np.full(m, np.nan)
    share_minus = np.full(m, np.nan)
    best = worst = np.full(m, np.nan)
    if problem.method == "wsm":
        contribution = eff * np.nan_to_num(r)
    elif problem.method == "promethee2" and not np.isnan(R).any():
        kinds, q, p, s = registry.promethee_thresholds(R, ctx)
        contribution = eff * promethee.indicator_flows(R, kinds, q, p, s)[i]
    elif problem.method == "vikor":
        best, worst = methods.fixed_references(R, ctx.fixed_columns(m))
        span = best - worst
        regret = np.divide(best - r, span, out=np.zeros(m), where=span > 0)
        contribution = eff * np.nan_to_num(regret)
    elif problem.method == "topsis":
        ideal, anti = registry.topsis_references(R, ctx)
        best, worst = methods.references(R, ideal, anti)
        plus = np.nan_to_num((eff * (r - best)) ** 2)
        minus = np.nan_to_num((eff * (r - worst)) ** 2)
        share_plus = plus / plus.sum() if plus.sum() > 0 else np.zeros(m)
        share_minus = minus / minus.sum() if minus.sum() > 0 else np.zeros(m)
    return pd.DataFrame({
        "criterion": [problem.criteria[g] for g in problem.groups],
        "indicator": list(problem.indicators),
        "value": problem.raw[i], "normalised": r, "weight": eff,
        "contribution": contribution, "share_ideal": share_plus,
        "share_anti_ideal": share_minus, "ideal": best, "anti_ideal": worst,
    }, columns=list(COLUMNS))


def topsis_distances(problem: Problem, unit: object) -> tuple[float, float]:
    """(D+, D−) of ``unit`` under TOPSIS as ranked: its weighted distances to the ideal and
    the anti-ideal (closeness = D− / (D+ + D−))."""
    i = _row(problem, unit)
    R = problem.normalised
    eff = methods.effective_weights(problem.global_weights, ~np.isnan(R), problem.groups)[i]
    ideal, anti = registry.topsis_references(R, problem.context())
    best, worst = methods.references(R, ideal, anti)
    return (float(np.sqrt(np.nansum((eff * (R[i] - best)) ** 2))),
            float(np.sqrt(np.nansum((eff * (R[i] - worst)) ** 2))))


def _row(problem: Problem, unit: object) -> int:
    """The row of ``unit`` in the problem (KeyError when it was not ranked)."""
    rows = np.flatnonzero(problem.units == unit)
    if rows.size != 1:
        raise KeyError(unit)
    return int(rows[0])
