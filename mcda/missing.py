"""Missing values never help: a gap is scored at the worst value the indicator can take.

Under the default policy (``missing = "worst"``) every candidate's gap is filled with a
value no better than any real value of the indicator, so deleting a value can only
lower it: for a benefit indicator the declared floor (default ``min(0, layer minimum)``,
0 for the counts, shares and amounts of the bundled catalogue), for a cost indicator the
declared ceiling (default: the layer maximum). The ranking is on this worst case; the
same units are also scored with every gap at the best value on the layer, giving each
incomplete unit a score interval. Pure: no I/O.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def worst_values(data: pd.DataFrame, types: np.ndarray,
                 declared: dict[str, float] | None = None) -> np.ndarray:
    """Per column of ``data`` (raw units) the value a gap is scored at: the ``declared``
    worst where given, else min(0, column minimum) for benefit (``types`` +1) and the
    column maximum for cost (−1); never better than a value present in the column."""
    x = data.to_numpy(dtype=float)
    declared = declared or {}
    lo, hi = np.fmin.reduce(x, axis=0), np.fmax.reduce(x, axis=0)
    out = np.empty(x.shape[1])
    for k, fid in enumerate(data.columns):
        d = declared.get(fid)
        if types[k] > 0:
            base = min(0.0, lo[k]) if d is None else d
            out[k] = np.fmin(base, lo[k])
        else:
            base = hi[k] if d is None else d
            out[k] = np.fmax(base, hi[k])
    return np.nan_to_num(out)


def best_values(data: pd.DataFrame, types: np.ndarray) -> np.ndarray:
    """Per column the best value present on the layer (max for benefit, min for cost)."""
    x = data.to_numpy(dtype=float)
    lo, hi = np.fmin.reduce(x, axis=0), np.fmax.reduce(x, axis=0)
    return np.nan_to_num(np.where(types > 0, hi, lo))


def fill_gaps(data: pd.DataFrame, types: np.ndarray, rows: np.ndarray,
              declared: dict[str, float] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``data`` with the gaps of the ``rows`` (boolean mask) filled at the worst value and,
    separately, at the best value: ``(worst_case, best_case)``. Other rows are unchanged
    (they only inform goalposts)."""
    worst = worst_values(data, types, declared)
    best = best_values(data, types)
    x = data.to_numpy(dtype=float)
    gap = np.isnan(x) & rows[:, None]
    w, b = x.copy(), x.copy()
    w[gap] = np.broadcast_to(worst, x.shape)[gap]
    b[gap] = np.broadcast_to(best, x.shape)[gap]
    return (pd.DataFrame(w, index=data.index, columns=data.columns),
            pd.DataFrame(b, index=data.index, columns=data.columns))
