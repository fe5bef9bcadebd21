"""TOPSIS and VIKOR for K weight vectors at once: the hot path of SMAA and stability analysis.

Same conventions as :mod:`mcda.methods` (``R`` n x m normalised, benefit-oriented, NaN =
missing; ``W`` (K, m), rows non-negative and summing to 1; result (K, n)). On a complete
matrix these kernels use matrix products over blocks of rows sized for the cache (TOPSIS
spread over threads); with missing cells the work goes to :mod:`mcda.methods` in blocks of
rows. The weighted sum and PROMETHEE II are already one matrix product in
:mod:`mcda.methods`. :mod:`mcda.registry` chooses the kernel per method. Scores equal
pymcdm's vector by vector (tests: largest difference <= 1e-12, identical ranks).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import numpy as np
from threadpoolctl import ThreadpoolController

from mcda import methods

_BLOCK_CELLS = 1 << 17  # rows per block x alternatives: ~1 MB of float64 per temporary
_SLOW_BLOCK_CELLS = 1 << 20  # bound for the (K, n, groups) temporaries of mcda.methods
_MIN_THREADED_ROWS = 2048  # below this, threads cost more than they save
_WORKERS = min(4, os.cpu_count() or 1)


@cache
def _pool() -> tuple[ThreadPoolExecutor, ThreadpoolController]:
    return ThreadPoolExecutor(max_workers=_WORKERS), ThreadpoolController()


def topsis(R: np.ndarray, W: np.ndarray, groups: np.ndarray | None = None, *,
           ideal: float | np.ndarray | None = None,
           anti_ideal: float | np.ndarray | None = None) -> np.ndarray:
    """(K, n) TOPSIS closeness (higher = better); equals :func:`mcda.methods.topsis` row by row
    (``ideal``, ``anti_ideal``: fixed reference points, as there).

    Complete data: with A = (R - R+)^2 and B = (R - R-)^2 (m x n), D+^2 = W^2 A and D-^2 = W^2 B
    for all K vectors in one product, and closeness = 1 / (1 + sqrt(D+^2 / D-^2)), i.e.
    D- / (D+ + D-) with one square root per cell instead of two; 0.5 where D+ = D- = 0
    (exact unless some w_j^2 * (r_ij - r+_j)^2 underflows, i.e. weights below ~1e-150).
    """
    x, w = _inputs(R, W)
    if np.isnan(x).any():
        return _blocked(lambda wb: methods.topsis(x, wb, groups, ideal=ideal,
                                                  anti_ideal=anti_ideal), x, w)
    _check_groups(groups, x.shape[1])
    best, worst = methods.references(x, ideal, anti_ideal)
    near, far = np.square(x - best).T, np.square(x - worst).T
    varying = best > worst
    out = np.empty((w.shape[0], x.shape[0]))

    def block(rows: slice) -> None:
        w2 = np.square(w[rows])
        ratio = w2 @ near
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio /= w2 @ far
            np.sqrt(ratio, out=ratio)
            ratio += 1.0
            np.divide(1.0, ratio, out=out[rows])
        # D+ = D- = 0 (0/0 above) exactly when no varying indicator has a weight: then 0.5
        tie = ~(w2[:, varying] > 0).any(axis=1)
        if tie.any():
            out[rows][tie] = 0.5

    _run_blocks(block, w.shape[0], x.shape[0], threaded=True)
    return out


def vikor(R: np.ndarray, W: np.ndarray, groups: np.ndarray | None = None,
          v: float = 0.5, *, fixed: bool | np.ndarray = False) -> np.ndarray:
    """(K, n) VIKOR Q (LOWER = better); equals :func:`mcda.methods.vikor` row by row
    (``fixed``: goalpost reference points, as there).

    Complete data: S = W @ regret^T in one product and R_i = max_j w_j regret_ij by a running
    maximum over the m indicators, so no (K, n, m) array is formed.
    """
    x, w = _inputs(R, W)
    if not 0.0 <= v <= 1.0:
        raise ValueError(f"VIKOR v must be in [0, 1], got {v}")
    if np.isnan(x).any():
        return _blocked(lambda wb: methods.vikor(x, wb, groups, v, fixed=fixed), x, w)
    _check_groups(groups, x.shape[1])
    best, worst = methods.fixed_references(x, fixed)
    span = best - worst
    regret = np.divide(best - x, span, out=np.zeros_like(x), where=span > 0)  # (n, m)
    out = np.empty((w.shape[0], x.shape[0]))

    def block(rows: slice) -> None:
        wb = w[rows]
        s = wb @ regret.T
        r = np.zeros_like(s)
        for j in range(x.shape[1]):
            np.maximum(r, wb[:, j, None] * regret[:, j], out=r)
        if np.all(fixed):
            top = wb.max(axis=1, keepdims=True)
            out[rows] = v * s + (1.0 - v) * np.divide(r, top, out=np.zeros_like(r),
                                                      where=top > 0)
        else:
            out[rows] = v * _rescale_rows(s) + (1.0 - v) * _rescale_rows(r)

    _run_blocks(block, w.shape[0], x.shape[0], threaded=False)
    return out


def _inputs(R: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(R, W) as float arrays after the checks of :mod:`mcda.methods` (W must be 2-D)."""
    x = np.asarray(R, dtype=float)
    w = np.asarray(W, dtype=float)
    if w.ndim != 2:
        raise ValueError(f"W must be a (K, m) array of weight vectors, got shape {w.shape}")
    if x.ndim != 2 or 0 in x.shape or np.isinf(x).any():
        raise ValueError(f"R must be a non-empty 2-D finite-or-NaN array, got shape {x.shape}")
    if w.shape[1] != x.shape[1] or w.shape[0] == 0:
        raise ValueError(f"W must have shape (K, {x.shape[1]}), got {w.shape}")
    # a NaN or infinity fails one of the two tests (it propagates into its row's sum)
    if not w.min() >= 0.0:
        raise ValueError("weights must be finite and non-negative")
    if not (np.abs(w.sum(axis=1) - 1.0) <= 1e-6).all():
        raise ValueError("each weight vector must sum to 1 (and be finite)")
    return x, w


def _check_groups(groups: np.ndarray | None, m: int) -> None:
    """Groups matter only for missing cells, but a malformed array is still an error."""
    if groups is not None and np.shape(groups) != (m,):
        raise ValueError(f"groups must have shape ({m},), got {np.shape(groups)}")


def _rescale_rows(x: np.ndarray) -> np.ndarray:
    lo, hi = x.min(axis=1, keepdims=True), x.max(axis=1, keepdims=True)
    span = np.broadcast_to(hi - lo, x.shape)
    return np.asarray(np.divide(x - lo, span, out=np.zeros_like(x), where=span > 0), dtype=float)


def _blocked(fn: Callable[[np.ndarray], np.ndarray], R: np.ndarray, W: np.ndarray) -> np.ndarray:
    """``fn`` on blocks of rows of W, stacked: with missing cells mcda.methods forms (K, n,
    groups) temporaries, so blocks bound memory; on complete data one call is fastest."""
    w = np.atleast_2d(np.asarray(W, dtype=float))
    n, m = np.shape(R)
    if not np.isnan(R).any():
        return fn(w)
    step = max(1, _SLOW_BLOCK_CELLS // (n * m))
    return np.concatenate([fn(w[s:s + step]) for s in range(0, w.shape[0], step)], axis=0)


def _run_blocks(block: Callable[[slice], None], k: int, n: int, *, threaded: bool) -> None:
    """Call ``block`` on row slices of about _BLOCK_CELLS cells; on threads when it pays."""
    step = max(64, _BLOCK_CELLS // max(n, 1))
    slices = [slice(s, min(s + step, k)) for s in range(0, k, step)]
    pool, blas = _pool()
    if not threaded or k < _MIN_THREADED_ROWS or _WORKERS < 2 or len(slices) < 2:
        for s in slices:
            block(s)
        return
    with blas.limit(limits=1, user_api="blas"):  # one BLAS thread per worker, no oversubscription
        for f in [pool.submit(block, s) for s in slices]:
            f.result()
