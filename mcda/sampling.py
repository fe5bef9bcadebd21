"""Weight samplers for SMAA: each returns a (size, m) array of non-negative rows summing to 1.

All take a ``numpy.random.Generator``, so ``np.random.default_rng(seed)`` makes a run
reproducible (same seed, same sizes requested in the same order -> same samples).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

import numpy as np

#: ``sampler(size, rng) -> (size, m)`` weight vectors; what :func:`mcda.smaa.smaa` consumes.
Sampler = Callable[[int, np.random.Generator], np.ndarray]


def uniform(size: int, rng: np.random.Generator, m: int) -> np.ndarray:
    """Uniform on the simplex {w >= 0, sum w = 1}, i.e. Dirichlet(1, ..., 1): normalised
    standard exponentials. Each marginal is Beta(1, m - 1) with mean 1/m."""
    if m < 1:
        raise ValueError(f"need at least one weight, got m = {m}")
    e = rng.standard_exponential((size, m))
    return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=float)


def around(size: int, rng: np.random.Generator, w: np.ndarray, spread: float) -> np.ndarray:
    """Multiplicative perturbation of ``w``: w_j (1 + spread u_j) with u_j ~ U(-1, 1)
    independent, then rescaled to sum 1. ``spread`` is a fraction (0.2 = ±20 % of each weight
    before rescaling; after it a weight's relative change lies within
    [(1 - s)/(1 + s) - 1, (1 + s)/(1 - s) - 1]). Zero weights stay zero, so an indicator or
    criterion left out stays out; 0 <= spread <= 1."""
    base = _check_weights(w)
    if not 0.0 <= spread <= 1.0:
        raise ValueError(f"spread must be a fraction in [0, 1], got {spread}")
    x = base * (1.0 + spread * rng.uniform(-1.0, 1.0, (size, base.size)))
    total = x.sum(axis=1, keepdims=True)
    if (total <= 0).any():  # only when spread = 1 draws -1 for every positive weight
        x[total[:, 0] <= 0] = base
        total = x.sum(axis=1, keepdims=True)
    return np.asarray(x / total, dtype=float)


def ordinal(size: int, rng: np.random.Generator, m: int,
            constraints: Sequence[tuple[int, int]]) -> np.ndarray:
    """Uniform on {w in the simplex : w_i >= w_j for every (i, j) in ``constraints``}.

    The region is the union of the "ordered" cones of the linear extensions of the partial
    order; each cone is a copy of {w_1 >= ... >= w_m} with the same volume. So a uniform
    point is: a linear extension drawn uniformly (by counting extensions of every subset,
    2^m states), then uniform simplex weights sorted in decreasing order placed along it.
    Exact, no rejection; m <= 16. A cycle (i >= j >= ... >= i) is refused: it forces
    equal weights, a set of volume 0.
    """
    pairs = _check_constraints(constraints, m)
    if not pairs:
        return uniform(size, rng, m)
    orders = _linear_extensions(size, rng, m, pairs)  # (size, m): criterion at each position
    values = -np.sort(-uniform(size, rng, m), axis=1)  # decreasing
    out = np.empty_like(values)
    np.put_along_axis(out, orders, values, axis=1)
    return out


def uniform_sampler(m: int) -> Sampler:
    """:func:`uniform` with ``m`` fixed."""
    return partial(uniform, m=m)


def around_sampler(w: np.ndarray, spread: float) -> Sampler:
    """:func:`around` with ``w`` and ``spread`` fixed (checked now, not at the first draw)."""
    around(1, np.random.default_rng(0), w, spread)
    return partial(around, w=np.asarray(w, dtype=float), spread=spread)


def ordinal_sampler(m: int, constraints: Sequence[tuple[int, int]]) -> Sampler:
    """:func:`ordinal` with ``m`` and ``constraints`` fixed (checked now)."""
    _check_constraints(constraints, m)
    return partial(ordinal, m=m, constraints=tuple(constraints))


def _linear_extensions(size: int, rng: np.random.Generator, m: int,
                       pairs: list[tuple[int, int]]) -> np.ndarray:
    """``size`` linear extensions drawn uniformly: row k lists the elements from largest
    weight to smallest. ``count[S]`` = number of valid orders of the elements in bitmask S
    among themselves, where an element may come first only if none of its required
    predecessors (the i of a pair (i, j)) is still in S."""
    above = np.zeros(m, dtype=np.int64)  # bitmask of elements that must precede j
    for i, j in pairs:
        above[j] |= 1 << i
    full = (1 << m) - 1
    count = np.zeros(1 << m, dtype=float)
    count[0] = 1.0
    for s in range(1, 1 << m):  # first element of S must have no predecessor left in S
        count[s] = sum(count[s & ~(1 << e)] for e in range(m)
                       if s >> e & 1 and not above[e] & s)
    remaining = np.full(size, full, dtype=np.int64)
    out = np.empty((size, m), dtype=np.int64)
    bits = np.int64(1) << np.arange(m, dtype=np.int64)
    for pos in range(m):
        inside = (remaining[:, None] & bits) != 0
        free = inside & ((above[None, :] & remaining[:, None]) == 0)
        weight = np.where(free, count[remaining[:, None] & ~bits], 0.0)
        cum = np.cumsum(weight, axis=1)
        target = (1.0 - rng.random((size, 1))) * cum[:, -1:]  # in (0, total]: lands on a free one
        pick = (cum < target).sum(axis=1)
        out[:, pos] = pick
        remaining &= ~bits[pick]
    return out


def _check_weights(w: np.ndarray) -> np.ndarray:
    x = np.asarray(w, dtype=float)
    if x.ndim != 1 or x.size == 0 or not np.isfinite(x).all() or (x < 0).any():
        raise ValueError("weights must be a non-empty 1-D array of finite non-negative values")
    if abs(x.sum() - 1.0) > 1e-6:
        raise ValueError(f"weights must sum to 1, got {x.sum():.6g}")
    return x


def _check_constraints(constraints: Sequence[tuple[int, int]], m: int) -> list[tuple[int, int]]:
    if not 1 <= m <= 16:
        raise ValueError(f"ordinal sampling supports 1..16 weights, got {m}")
    pairs = []
    for pair in constraints:
        i, j = (int(v) for v in pair)
        if not (0 <= i < m and 0 <= j < m) or i == j:
            raise ValueError(f"constraint {pair!r}: need two different indices in 0..{m - 1}")
        pairs.append((i, j))
    if pairs:
        _refuse_cycles(pairs, m)
    return pairs


def _refuse_cycles(pairs: list[tuple[int, int]], m: int) -> None:
    """A cycle in the 'i before j' graph forces equal weights (volume 0): refuse it."""
    nxt: dict[int, list[int]] = {}
    for i, j in pairs:
        nxt.setdefault(i, []).append(j)
    state = [0] * m  # 0 new, 1 on stack, 2 done

    def visit(u: int) -> None:
        state[u] = 1
        for v in nxt.get(u, []):
            if state[v] == 1:
                raise ValueError("ordinal constraints contain a cycle")
            if state[v] == 0:
                visit(v)
        state[u] = 2

    for u in range(m):
        if state[u] == 0:
            visit(u)
