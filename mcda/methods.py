"""Scoring methods on a normalised, benefit-oriented matrix ``R`` (n alternatives x m indicators).

Conventions shared by all methods:

- ``R`` may contain NaN for missing cells (no infinities). Larger values are better.
- ``w`` is one weight vector of shape (m,) or a batch of K vectors of shape (K, m); each vector is
  non-negative and sums to 1. A single vector gives scores of shape (n,), a batch (K, n).
- ``groups`` (m,) int gives each indicator's criterion (default: one group for all).
- Missing data ("redistribute"): for a unit with NaN cells, each missing indicator's weight goes to
  that unit's available indicators of the same group, in proportion to their weights, so the group
  keeps its total weight. A unit with no available positively weighted indicator in a group of
  positive weight raises ValueError. Without NaN, ``groups`` has no effect.

Higher score = better for all methods except VIKOR (lower Q = better); each method's
direction is in :mod:`mcda.registry`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypedDict, Unpack

import numpy as np

from mcda import promethee
from mcda.normalization import as_matrix

_WEIGHT_SUM_TOL = 1e-6
_CHUNK_ELEMENTS = 1 << 22  # bound on temporary array size in K-batched loops (~32 MB)


# --------------------------------------------------------------------------- public helpers


def rank(scores: np.ndarray, ascending: bool = False) -> np.ndarray:
    """Ranks (int, 1 = best) along the last axis; ``ascending=True`` when lower is better (VIKOR).

    Ties share the lowest rank of their block ("1224" competition ranking, scipy
    ``rankdata(method="min")``). Without ties this equals pymcdm's ``rankdata``; pymcdm gives
    tied alternatives the average rank (e.g. 1.5) instead. Ties are exact float equality.
    A unit's rank is one plus the number of units strictly better: after a sort, the
    position of the first of its block of equal keys (O(n log n) per row, no n × n
    array; importing this module does not pull in scipy.stats).
    """
    s = np.asarray(scores, dtype=float)
    if np.isnan(s).any():
        raise ValueError("cannot rank NaN scores")
    key = s if ascending else -s
    if key.ndim == 0 or key.shape[-1] == 0:
        return np.ones(key.shape, dtype=int)
    order = np.argsort(key, axis=-1, kind="stable")
    ordered = np.take_along_axis(key, order, axis=-1)
    pos = np.broadcast_to(np.arange(key.shape[-1]), key.shape).copy()
    pos[..., 1:][ordered[..., 1:] == ordered[..., :-1]] = 0
    first = np.maximum.accumulate(pos, axis=-1)
    out = np.empty(key.shape, dtype=int)
    np.put_along_axis(out, order, first + 1, axis=-1)
    return out


def effective_weights(
    w: np.ndarray,
    available: np.ndarray,
    groups: np.ndarray | None = None,
    *,
    names: Sequence[str] | None = None,
) -> np.ndarray:
    """Weights actually applied to each unit under the redistribute rule.

    ``w`` (m,) or (K, m); ``available`` (n, m) bool (False = missing). Returns (n, m) or
    (K, n, m); each unit's row sums to 1, missing cells get 0, and each group keeps its total.
    """
    avail = np.asarray(available, dtype=bool)
    if avail.ndim != 2:
        raise ValueError(f"available must be an (n, m) boolean array, got shape {avail.shape}")
    weights, batched = _check_weights(w, avail.shape[1])
    gid, labels = _check_groups(groups, avail.shape[1])
    factors = _group_factors(weights, avail, gid, labels, names)
    eff = weights[:, None, :] * avail[None, :, :]
    if factors is not None:
        eff = eff * factors[:, :, gid]
    return np.asarray(eff if batched else eff[0], dtype=float)


# --------------------------------------------------------------------------- methods


def wsm(
    R: np.ndarray,
    w: np.ndarray,
    groups: np.ndarray | None = None,
    *,
    names: Sequence[str] | None = None,
) -> np.ndarray:
    """Weighted sum of normalised scores (higher = better); equals pymcdm ``WSM`` when complete."""
    p = _Problem.build(R, w, groups, names)
    return p.out(p.weighted_sum(p.filled(R), power=1))


def topsis(
    R: np.ndarray,
    w: np.ndarray,
    groups: np.ndarray | None = None,
    *,
    ideal: float | np.ndarray | None = None,
    anti_ideal: float | np.ndarray | None = None,
    names: Sequence[str] | None = None,
) -> np.ndarray:
    """TOPSIS closeness D-/(D+ + D-) in [0, 1] (higher = better).

    Ideal/anti-ideal = column max/min of the available values of ``R``, or the fixed points
    ``ideal``/``anti_ideal`` (scalar or (m,), units of ``R``; with goalposts 1 and 0, so a
    unit's closeness depends on its own values only); distances are weighted Euclidean,
    D+_i = sqrt(sum_j (w_ij (r_ij - r+_j))^2) with per-unit effective weights.
    A unit with D+ = D- = 0 (all its weighted indicators constant across units) gets 0.5.
    Equals pymcdm ``TOPSIS(normalisation)`` when ``R`` is that normalisation of the raw data.
    """
    p = _Problem.build(R, w, groups, names)
    best, worst = references(p.R, ideal, anti_ideal)
    d_plus = np.sqrt(p.weighted_sum(p.filled((p.R - best) ** 2), power=2))
    d_minus = np.sqrt(p.weighted_sum(p.filled((p.R - worst) ** 2), power=2))
    total = d_plus + d_minus
    closeness = np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
    return p.out(closeness)


class VikorKeywords(TypedDict, total=False):
    """The keyword options of :func:`vikor` and :func:`vikor_sr`."""

    fixed: bool | np.ndarray
    names: Sequence[str] | None


def vikor(R: np.ndarray, w: np.ndarray, groups: np.ndarray | None = None, v: float = 0.5,
          **options: Unpack[VikorKeywords]) -> np.ndarray:
    """VIKOR compromise index Q (LOWER = better); ``v`` weights group utility S.

    Invariant to positive affine rescaling of columns, so it equals pymcdm ``VIKOR`` on the raw
    matrix. Differences from pymcdm: a constant column contributes 0 (pymcdm raises), and if all
    units share the same S (or R) that term of Q is 0 instead of NaN. ``fixed``: see
    :func:`vikor_sr`.
    """
    return vikor_sr(R, w, groups, v, **options)[2]


def vikor_sr(
    R: np.ndarray,
    w: np.ndarray,
    groups: np.ndarray | None = None,
    v: float = 0.5,
    *,
    fixed: bool | np.ndarray = False,
    names: Sequence[str] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """VIKOR's group utility S, individual regret R and compromise index Q (all lower =
    better), each (n,) or (K, n).

    Default: best f*_j and worst f-_j are the candidates' column max and min, and Q rescales
    S and R between the candidates' extremes: Q in [0, 1]. ``fixed=True`` (``R`` on a fixed
    0-1 goalpost scale): f* = 1, f- = 0, and S, R are rescaled between the ideal point
    (S = R = 0) and the anti-ideal point (S = 1, R = max_j w_j): Q = v S + (1 - v) R / max w,
    a function of the unit's own values only (may exceed 1 for a unit with missing cells,
    whose redistributed weights can exceed max w). ``fixed`` may also be an (m,) mask: only
    those columns (on a declared 0-1 scale) take f* = 1 and f- = 0; Q is then rescaled
    among the candidates as by default.
    """
    if not 0.0 <= v <= 1.0:
        raise ValueError(f"VIKOR v must be in [0, 1], got {v}")
    p = _Problem.build(R, w, groups, names)
    best, worst = fixed_references(p.R, fixed)
    span = best - worst
    regret = p.filled(np.divide(best - p.R, span, out=np.zeros_like(p.R), where=span > 0))
    s = p.weighted_sum(regret, power=1)
    r = p.weighted_max(regret)
    if np.all(fixed):
        top = p.W.max(axis=1, keepdims=True)
        q = v * s + (1.0 - v) * np.divide(r, top, out=np.zeros_like(r), where=top > 0)
    else:
        q = v * _rescale(s) + (1.0 - v) * _rescale(r)
    return p.out(s), p.out(r), p.out(q)


def promethee_ii(
    R: np.ndarray,
    w: np.ndarray,
    groups: np.ndarray | None = None,
    preference: str | Sequence[str] = "vshape",
    p: float | np.ndarray | None = None,
    q: float | np.ndarray | None = None,
    s: float | np.ndarray | None = None,
    *,
    names: Sequence[str] | None = None,
) -> np.ndarray:
    """PROMETHEE II net outranking flow in [-1, 1] (higher = better).

    ``preference``: one function for every column or one per column (see
    :mod:`mcda.promethee`): "usual", "ushape" (q), "vshape" (p), "level" (q, p), "linear"
    alias "vshape_2" (q, p), "gaussian" (s), with pymcdm's definitions on d = r_a - r_b.
    ``p`` (preference threshold) defaults to each column's range of ``R``, ``q``
    (indifference threshold) to 0 and ``s`` to half the range; all in units of ``R``, scalar
    or (m,). Flows are divided by n - 1 as in pymcdm ``PROMETHEE_II``.
    Missing data: for a pair (a, b) only indicators both units have count, with weights
    redistributed within each group for that pair; a group with no shared positively weighted
    indicator contributes no preference either way for that pair.
    """
    prob = _Problem.build(R, w, groups, names)
    kinds = promethee.preference_kinds(preference, prob.R.shape[1])
    q_arr, p_arr, s_arr = promethee.thresholds(prob.R, kinds, p, q, s)
    if prob.R.shape[0] == 1:
        return prob.out(np.zeros((prob.W.shape[0], 1)))
    if prob.factors is None:
        per_indicator = promethee.indicator_flows(prob.R, kinds, q_arr, p_arr, s_arr)
        return prob.out(prob.W @ per_indicator.T)
    return prob.out(promethee.pairwise_flows(prob.R, kinds, q_arr, p_arr, s_arr, prob.W,
                                             prob.gid))


# --------------------------------------------------------------------------- internals


@dataclass(frozen=True)
class _Problem:
    """Validated inputs plus the per-unit group factors of the redistribute rule."""

    R: np.ndarray  # (n, m) scores, NaN = missing
    W: np.ndarray  # (K, m) weight vectors
    batched: bool  # caller passed (K, m) weights
    gid: np.ndarray  # (m,) dense group codes 0..G-1
    factors: np.ndarray | None  # (K, n, G) redistribution factors; None if nothing is missing

    @property
    def available(self) -> np.ndarray:
        return np.asarray(~np.isnan(self.R), dtype=bool)

    @classmethod
    def build(
        cls,
        R: np.ndarray,
        w: np.ndarray,
        groups: np.ndarray | None,
        names: Sequence[str] | None,
    ) -> _Problem:
        x = as_matrix(R, "normalised matrix")
        weights, batched = _check_weights(w, x.shape[1])
        gid, labels = _check_groups(groups, x.shape[1])
        if names is not None and len(names) != x.shape[0]:
            raise ValueError(f"names has {len(names)} entries for {x.shape[0]} alternatives")
        factors = _group_factors(weights, ~np.isnan(x), gid, labels, names)
        return cls(x, weights, batched, gid, factors)

    def filled(self, values: np.ndarray) -> np.ndarray:
        """``values`` with missing cells set to 0 (they get zero weight anyway)."""
        return np.where(self.available, values, 0.0)

    def weighted_sum(self, values: np.ndarray, power: int) -> np.ndarray:
        """(K, n) sums over indicators of effective_weight**power * values (values NaN-free)."""
        if self.factors is None:
            return np.asarray((self.W**power) @ values.T, dtype=float)
        total = np.zeros((self.W.shape[0], values.shape[0]))
        for g in range(self.factors.shape[2]):
            cols = self.gid == g
            partial = (self.W[:, cols] ** power) @ values[:, cols].T
            total += self.factors[:, :, g] ** power * partial
        return total

    def weighted_max(self, values: np.ndarray) -> np.ndarray:
        """(K, n) maxima over indicators of effective_weight * values, chunked over K."""
        k_total, (n, m) = self.W.shape[0], values.shape
        out = np.empty((k_total, n))
        for ks in _chunks(k_total, n * m):
            eff = self.W[ks, None, :]
            if self.factors is not None:
                eff = eff * self.factors[ks][:, :, self.gid]
            out[ks] = (eff * values).max(axis=2)
        return out

    def out(self, scores: np.ndarray) -> np.ndarray:
        return scores if self.batched else scores[0]


def _group_factors(
    W: np.ndarray,
    available: np.ndarray,
    gid: np.ndarray,
    labels: np.ndarray,
    names: Sequence[str] | None,
) -> np.ndarray | None:
    """(K, n, G) factor group_weight / available_group_weight, or None when nothing is missing."""
    if available.all():
        return None
    n_groups = int(gid.max()) + 1
    group_total = np.stack([W[:, gid == g].sum(axis=1) for g in range(n_groups)], axis=1)
    kept = np.stack(
        [W[:, gid == g] @ available[:, gid == g].T for g in range(n_groups)], axis=2
    )  # (K, n, G)
    lost = (kept <= 0) & (group_total[:, None, :] > 0)
    if lost.any():
        k, i, g = (int(a[0]) for a in np.nonzero(lost))
        unit = f"{names[i]!r} (row {i})" if names is not None else f"row {i}"
        batch = f" under weight vector {k}" if W.shape[0] > 1 else ""
        raise ValueError(
            f"alternative {unit} has no available indicator with positive weight in group "
            f"{labels[g]}{batch}; its missing weight cannot be redistributed - exclude or impute it"
        )
    factors = np.divide(group_total[:, None, :], kept, out=np.zeros_like(kept), where=kept > 0)
    return np.asarray(factors, dtype=float)


def references(
    R: np.ndarray, ideal: float | np.ndarray | None, anti_ideal: float | np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """TOPSIS ideal and anti-ideal points (m,): given, or the column max and min of ``R``."""
    m = R.shape[1]
    best = np.fmax.reduce(R, axis=0) if ideal is None else np.broadcast_to(
        np.asarray(ideal, dtype=float), (m,))
    worst = np.fmin.reduce(R, axis=0) if anti_ideal is None else np.broadcast_to(
        np.asarray(anti_ideal, dtype=float), (m,))
    return best, worst


def fixed_references(R: np.ndarray, fixed: bool | np.ndarray = False
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Best and worst reference (m,) per column of ``R``: 1 and 0 where ``fixed`` (True for
    every column, or an (m,) mask of columns on a fixed 0-1 scale), else the column's max
    and min of the available values."""
    mask = np.broadcast_to(np.asarray(fixed, dtype=bool), (R.shape[1],))
    with np.errstate(invalid="ignore"):
        best = np.where(mask, 1.0, np.fmax.reduce(R, axis=0))
        worst = np.where(mask, 0.0, np.fmin.reduce(R, axis=0))
    return best, worst


def _rescale(x: np.ndarray) -> np.ndarray:
    """(x - min) / (max - min) per row of a (K, n) array; 0 where the row is constant."""
    lo, hi = x.min(axis=1, keepdims=True), x.max(axis=1, keepdims=True)
    span = np.broadcast_to(hi - lo, x.shape)
    return np.asarray(np.divide(x - lo, span, out=np.zeros_like(x), where=span > 0), dtype=float)


def _chunks(total: int, per_item: int) -> Iterator[slice]:
    step = max(1, _CHUNK_ELEMENTS // max(per_item, 1))
    for start in range(0, total, step):
        yield slice(start, min(start + step, total))


def _check_weights(w: np.ndarray, m: int) -> tuple[np.ndarray, bool]:
    try:
        W = np.array(w, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"weights must be numeric: {exc}") from None
    if W.ndim not in (1, 2) or W.shape[-1] != m or W.size == 0:
        raise ValueError(f"weights must have shape ({m},) or (K, {m}) to match the {m} "
                         f"indicators, got {W.shape}")
    batched = W.ndim == 2
    W = np.atleast_2d(W)
    if not np.isfinite(W).all():
        raise ValueError("weights contain NaN or infinite values")
    if (W < 0).any():
        raise ValueError(f"weights must be non-negative; negative in weight vector(s) "
                         f"{np.flatnonzero((W < 0).any(axis=1)).tolist()[:5]}")
    sums = W.sum(axis=1)
    bad = np.abs(sums - 1.0) > _WEIGHT_SUM_TOL
    if bad.any():
        raise ValueError(f"each weight vector must sum to 1; vector {int(np.argmax(bad))} sums "
                         f"to {sums[bad][0]:.6g}")
    return W, batched


def _check_groups(groups: np.ndarray | None, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Group labels (any ints) -> (dense codes 0..G-1 of shape (m,), the sorted labels)."""
    if groups is None:
        return np.zeros(m, dtype=int), np.zeros(1, dtype=int)
    g = np.asarray(groups)
    if g.shape != (m,) or not np.issubdtype(g.dtype, np.integer):
        raise ValueError(f"groups must be an integer array of shape ({m},), got "
                         f"{g.dtype} {g.shape}")
    labels, codes = np.unique(g, return_inverse=True)
    return codes.reshape(m), labels
