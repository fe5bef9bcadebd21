"""Column-wise normalisation of a raw decision matrix into benefit-oriented scores.

Rows are alternatives (units), columns are indicators. ``types`` holds +1 for a benefit
indicator (more is better) and -1 for a cost indicator (less is better). Missing cells are
NaN: they stay NaN in the output and are ignored when column statistics are computed.
"""

from __future__ import annotations

import numpy as np


def normalize(
    matrix: np.ndarray,
    types: np.ndarray,
    method: str = "vector",
    bounds: np.ndarray | None = None,
    scales: np.ndarray | None = None,
) -> np.ndarray:
    """Normalise ``matrix`` (n x m, NaN = missing) column by column; higher output = better.

    - ``"minmax"``: benefit (x-min)/(max-min), cost (max-x)/(max-min); a constant column -> 1.0
      (same as ``pymcdm.normalizations.minmax_normalization``). Output in [0, 1].
    - ``"vector"``: benefit x/||x||, cost 1 - x/||x|| with ||x|| the Euclidean norm of the
      available values (same as ``pymcdm`` ``vector_normalization``); an all-zero column gives
      x/||x|| := 0 (pymcdm would return NaN).
    - ``"goalpost"``: fixed ``bounds`` (m x 2: lower, upper) in the units of the raw data;
      benefit (x-lo)/(hi-lo), cost (hi-x)/(hi-lo), clipped to [0, 1]. A unit's normalised value
      does not depend on the other units, so removing a candidate cannot reorder the others.

    ``scales`` (m x 2, raw units; a NaN row = none): the declared scale of an indicator whose
    values already mean something on a fixed scale — a presence flag (0 = absent,
    1 = present) or a value function's output (0–1). Such a column is placed on its scale,
    ``(x - lo) / (hi - lo)``, by every method instead of being stretched or shrunk among the
    candidates, so a flag is worth the same however many candidates hold it.
    """
    from mcda.registry import get_normalization  # the registry imports this module

    x = as_matrix(matrix)
    t = _check_types(types, x.shape[1])
    get_normalization(method)
    if method != "goalpost" and bounds is not None:
        raise ValueError(f"bounds are only used by the 'goalpost' method, not {method!r}")
    if method == "minmax":
        out = _minmax(x, t)
    elif method == "vector":
        out = _vector(x, t)
    elif bounds is None:
        raise ValueError("the 'goalpost' method needs bounds (an m x 2 array of lower, upper)")
    else:
        out = _goalpost(x, t, _check_bounds(bounds, x.shape[1]))
    if scales is None:
        return out
    on_scale = scaled_columns(scales, x.shape[1])
    if not on_scale.any():
        return out
    sub = _check_bounds(np.asarray(scales, dtype=float)[on_scale], int(on_scale.sum()))
    out[:, on_scale] = _goalpost(x[:, on_scale], t[on_scale], sub)
    return out


def scaled_columns(scales: np.ndarray | None, m: int) -> np.ndarray:
    """(m,) bool: the columns with a declared scale (a finite row of ``scales``)."""
    if scales is None:
        return np.zeros(m, dtype=bool)
    s = np.asarray(scales, dtype=float)
    if s.shape != (m, 2):
        raise ValueError(f"scales must have shape ({m}, 2) (lower, upper per indicator), "
                         f"got {s.shape}")
    return np.asarray(np.isfinite(s).all(axis=1))


def goalposts_from(matrix: np.ndarray) -> np.ndarray:
    """Per-column (min, max) of the available values as an (m, 2) array; NaN for an all-NaN column.

    Typical use: goalposts from the national data set, then ``normalize(sub, types,
    "goalpost", bounds)`` for any subset of candidates.
    """
    x = as_matrix(matrix)
    return np.column_stack([np.fmin.reduce(x, axis=0), np.fmax.reduce(x, axis=0)])


def _minmax(x: np.ndarray, types: np.ndarray) -> np.ndarray:
    lo, hi = np.fmin.reduce(x, axis=0), np.fmax.reduce(x, axis=0)
    span = hi - lo
    constant = span == 0
    safe = np.where(constant, 1.0, span)
    out = np.where(types > 0, (x - lo) / safe, (hi - x) / safe)
    return np.where(constant & ~np.isnan(x), 1.0, out)


def _vector(x: np.ndarray, types: np.ndarray) -> np.ndarray:
    # the norm is taken of x / max|x| and scaled back: squares of values above ~1e154
    # would overflow to inf and every share would become 0
    filled = np.where(np.isnan(x), 0.0, x)
    scale = np.max(np.abs(filled), axis=0)
    scale = np.where(scale == 0, 1.0, scale)
    norm = scale * np.sqrt(np.sum((filled / scale) ** 2, axis=0))
    share = x / np.where(norm == 0, 1.0, norm)
    return np.where(types > 0, share, 1.0 - share)


def _goalpost(x: np.ndarray, types: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    lo, hi = bounds[:, 0], bounds[:, 1]
    out = np.where(types > 0, (x - lo) / (hi - lo), (hi - x) / (hi - lo))
    return np.asarray(np.clip(out, 0.0, 1.0), dtype=float)


def as_matrix(matrix: np.ndarray, what: str = "decision matrix") -> np.ndarray:
    """``matrix`` as a non-empty 2-D float array (alternatives × indicators); NaN marks a
    missing value; anything else (not numeric, wrong shape, infinities) is a ValueError
    naming ``what``."""
    try:
        x = np.array(matrix, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} must be numeric: {exc}") from None
    if x.ndim != 2 or 0 in x.shape:
        raise ValueError(
            f"{what} must be 2-D (alternatives x indicators) and non-empty, "
            f"got shape {x.shape}"
        )
    if np.isinf(x).any():
        rows, cols = np.nonzero(np.isinf(x))
        raise ValueError(f"{what} has infinite values at (row, column) "
                         f"{list(zip(rows.tolist(), cols.tolist(), strict=True))[:5]}")
    return x


def _check_types(types: np.ndarray, m: int) -> np.ndarray:
    t = np.asarray(types)
    if t.shape != (m,):
        raise ValueError(f"types must have shape ({m},) to match the matrix, got {t.shape}")
    if not np.isin(t, (1, -1)).all():
        raise ValueError(f"types must be +1 (benefit) or -1 (cost), got {np.unique(t).tolist()}")
    return t.astype(int)


def _check_bounds(bounds: np.ndarray, m: int) -> np.ndarray:
    b = np.asarray(bounds, dtype=float)
    if b.shape != (m, 2):
        raise ValueError(f"bounds must have shape ({m}, 2) (lower, upper per indicator), "
                         f"got {b.shape}")
    if not np.isfinite(b).all():
        raise ValueError(f"bounds must be finite; columns {_cols(~np.isfinite(b).all(axis=1))} "
                         f"are not")
    bad = b[:, 1] <= b[:, 0]
    if bad.any():
        raise ValueError(f"goalpost upper bound must exceed lower bound; columns {_cols(bad)} "
                         f"have upper <= lower")
    return b


def _cols(mask: np.ndarray) -> list[int]:
    return np.flatnonzero(mask).tolist()
