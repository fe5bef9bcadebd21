"""Weight stability intervals: how far one weight can move before a ranking outcome changes.

Weight c moves from its value w_c to t in [0, 1] and the others are rescaled in proportion,
w_j(t) = w_j (1 - t) / (1 - w_c), so the vector still sums to 1 and the others keep their
ratios. An *outcome* is a set of pairs (i, j) "unit i stays at or above unit j": first place
(the winner above every other unit), the top-k set (every member above every non-member) or
one pair (a above b: how far the weights must move to reverse a and b). The stability
interval [lo, hi] is the largest interval of t around w_c on which every pair holds; at an
end two units tie and just beyond it the outcome changes (lo = 0 or hi = 1: it never does on
that side).

The utilities come from a scorer (see :mod:`mcda.smaa`: (k, q) weights -> (k, n) utilities,
higher = better). When they are linear in t (the weighted sum, PROMETHEE II) the ends are
solved exactly from the utilities at t = 0 and t = 1, after checking linearity at t = w_c.
Otherwise (TOPSIS, VIKOR) the outcome is evaluated on a grid of ``grid`` steps over [0, 1]
and each end is refined by bisection to ``tol``; an excursion narrower than one grid step
(1/2000 by default) between w_c and the first failing grid point can be missed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from mcda.methods import rank
from mcda.smaa import Scorer

_LINEAR_TOL = 1e-9


@dataclass(frozen=True)
class StabilityInterval:
    """Weight ``weight`` of one criterion may range over [lo, hi] (absolute weights, 0-1)
    with the outcome unchanged."""

    weight: float
    lo: float
    hi: float

    @property
    def lo_pct(self) -> float:
        """Relative change at the lower end, in % of the current weight (-100 = down to 0)."""
        return _pct(self.lo, self.weight)

    @property
    def hi_pct(self) -> float:
        """Relative change at the upper end, in % of the current weight."""
        return _pct(self.hi, self.weight)


def weight_path(w: np.ndarray, c: int, t: np.ndarray) -> np.ndarray:
    """(len(t), q) weight vectors with w_c = t and the others rescaled in proportion."""
    base = np.asarray(w, dtype=float)
    ts = np.atleast_1d(np.asarray(t, dtype=float))
    rest = base.copy()
    rest[c] = 0.0
    scale = 1.0 - base[c]
    if scale <= 0:
        raise ValueError("cannot move the only positive weight: the others are all zero")
    out = (1.0 - ts)[:, None] * (rest / scale)[None, :]
    out[:, c] = ts
    return np.asarray(out, dtype=float)


def first_place_pairs(u: np.ndarray) -> np.ndarray:
    """(n - 1, 2) pairs (winner, j) for the utilities u (n,) at the current weights."""
    return top_k_pairs(u, 1)


def top_k_pairs(u: np.ndarray, k: int) -> np.ndarray:
    """(P, 2) pairs (i in top k, j outside) for utilities u (n,); ties at rank k stay in."""
    ranks = rank(np.asarray(u, dtype=float))
    inside, outside = np.flatnonzero(ranks <= k), np.flatnonzero(ranks > k)
    return np.column_stack([np.repeat(inside, len(outside)),
                            np.tile(outside, len(inside))]).astype(int).reshape(-1, 2)


def stability_interval(scorer: Scorer, w: np.ndarray, c: int, pairs: np.ndarray, *,
                       linear: bool = False, grid: int = 2000,
                       tol: float = 1e-6) -> StabilityInterval:
    """Interval of weight ``c`` over which every pair (i, j) keeps u_i >= u_j."""
    base = np.asarray(w, dtype=float)
    wc = float(base[c])
    p = np.asarray(pairs, dtype=int).reshape(-1, 2)
    if p.size == 0:  # nothing can change
        return StabilityInterval(wc, 0.0, 1.0)
    if wc >= 1.0:  # the only positive weight cannot move
        return StabilityInterval(wc, wc, wc)

    groups = _pair_groups(p)

    def margin(t: np.ndarray, step: int = 200) -> np.ndarray:  # step weight vectors at a time
        return np.concatenate([
            _min_margin(np.asarray(scorer(weight_path(base, c, t[s:s + step])), dtype=float),
                        groups) for s in range(0, len(t), step)])

    if linear:
        exact = _linear_interval(scorer, base, c, p)
        if exact is not None:
            return StabilityInterval(wc, *exact)
    ts = np.union1d(np.linspace(0.0, 1.0, grid + 1), [wc])
    ok = margin(ts) >= 0
    at = int(np.searchsorted(ts, wc))
    ok[at] = True  # the current weights define the outcome
    lo = _edge(margin, ts, ok, at, -1, tol)
    hi = _edge(margin, ts, ok, at, +1, tol)
    return StabilityInterval(wc, lo, hi)


def _pair_groups(pairs: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """The pairs (i, j) as groups (is, js): every i of a group is paired with exactly the
    js of the group (the top-k pairs form one group)."""
    is_ = np.unique(pairs[:, 0])
    if len(is_) and len(pairs) % len(is_) == 0:  # every i with the same js, i-major order
        m = len(pairs) // len(is_)
        grid = pairs.reshape(len(is_), m, 2)
        if (grid[:, :, 0] == grid[:, :1, 0]).all() and (grid[:, :, 1] == grid[:1, :, 1]).all():
            return [(grid[:, 0, 0].copy(), grid[0, :, 1].copy())]
    by_i: dict[int, list[int]] = {}
    for i, j in pairs.tolist():
        by_i.setdefault(i, []).append(j)
    groups: dict[tuple[int, ...], list[int]] = {}
    for i, js in by_i.items():
        groups.setdefault(tuple(js), []).append(i)
    return [(np.array(is_, dtype=int), np.array(js, dtype=int)) for js, is_ in groups.items()]


def _min_margin(u: np.ndarray, groups: list[tuple[np.ndarray, np.ndarray]],
                cells: int = 4_000_000) -> np.ndarray:
    """Per row of u (k, n), min over the pairs of u_i - u_j, computed per group as
    min_i u_i - max_j u_j (equal, as rounding is monotone), ``cells`` values at a time."""
    out = np.full(u.shape[0], np.inf)
    step = max(1, cells // max(1, u.shape[0]))
    for is_, js in groups:
        top = np.full(u.shape[0], -np.inf)
        for s in range(0, len(js), step):
            top = np.maximum(top, u[:, js[s:s + step]].max(axis=1))
        out = np.minimum(out, u[:, is_].min(axis=1) - top)
    return out


def _edge(margin: Callable[[np.ndarray], np.ndarray], ts: np.ndarray, ok: np.ndarray,
          at: int, step: int, tol: float) -> float:
    """Last t from ts[at] in direction ``step`` where the outcome holds, bisected to tol."""
    idx = at
    while 0 <= idx + step < ts.size and ok[idx + step]:
        idx += step
    if not 0 <= idx + step < ts.size:
        return float(ts[idx])
    good, bad = float(ts[idx]), float(ts[idx + step])
    while abs(bad - good) > tol:
        mid = 0.5 * (good + bad)
        if margin(np.array([mid]))[0] >= 0:
            good = mid
        else:
            bad = mid
    return good


def _linear_interval(scorer: Scorer, w: np.ndarray, c: int,
                     pairs: np.ndarray) -> tuple[float, float] | None:
    """Exact ends when utilities are linear in t (checked at t = w_c); None if they are not."""
    wc = float(w[c])
    u0, u1, uc = scorer(weight_path(w, c, np.array([0.0, 1.0, wc])))
    if np.abs(u0 + wc * (u1 - u0) - uc).max() > _LINEAR_TOL * max(1.0, np.abs(uc).max()):
        return None
    a = uc[pairs[:, 0]] - uc[pairs[:, 1]]  # margin at w_c (>= 0)
    b = (u1 - u0)[pairs[:, 0]] - (u1 - u0)[pairs[:, 1]]  # slope in t
    with np.errstate(divide="ignore", invalid="ignore"):
        root = wc - a / b  # where the pair ties
    lo = max([0.0, *root[b > 0]])
    hi = min([1.0, *root[b < 0]])
    return min(lo, wc), max(hi, wc)


def _pct(x: float, ref: float) -> float:
    return float("nan") if ref == 0 else 100.0 * (x - ref) / ref
