"""PROMETHEE II preference functions and outranking flows with bounded memory.

A preference function maps a difference d = r_a - r_b (benefit-oriented, units of the
normalised matrix) to a degree in [0, 1]; the definitions of pymcdm for ``usual``,
``ushape`` (q), ``vshape`` (p), ``level`` (q, p) and ``linear`` (pymcdm's ``vshape_2``:
V-shape with indifference, q, p), plus ``gaussian``: 1 - exp(-d² / 2s²) for d > 0 (Brans &
Vincke 1985, type VI). Every function is 0 for d <= 0.

Flows of a complete column are computed from its sorted values and prefix sums,
O(n log n) time and O(n) memory, except the Gaussian, computed in blocks of rows
(O(n²) time, one block of memory). Pairs with missing cells go through blocks of rows too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

import numpy as np

PreferenceName = Literal["usual", "ushape", "vshape", "level", "linear", "gaussian"]
#: Every preference function; "vshape_2" (pymcdm's name) is accepted for "linear".
PREFERENCE_NAMES: tuple[PreferenceName, ...] = get_args(PreferenceName)
_ALIASES: dict[str, PreferenceName] = {"vshape_2": "linear"}
_BLOCK_CELLS = 1 << 20  # elements of one (rows x n [x m]) temporary: ~8 MB of float64


def preference_kinds(preference: str | Sequence[str], m: int) -> tuple[PreferenceName, ...]:
    """One checked preference function per column (a single name applies to all)."""
    names = [preference] * m if isinstance(preference, str) else list(preference)
    if len(names) != m:
        raise ValueError(f"PROMETHEE needs one preference function per column ({m}), "
                         f"got {len(names)}")
    out: list[PreferenceName] = []
    for name in names:
        kind = _ALIASES.get(name, name)
        known = [k for k in PREFERENCE_NAMES if k == kind]
        if not known:
            raise ValueError(f"unknown preference function {name!r}; choose one of "
                             f"{PREFERENCE_NAMES}")
        out.append(known[0])
    return tuple(out)


def preference(d: np.ndarray, kind: PreferenceName, q: float, p: float,
               s: float) -> np.ndarray:
    """Preference degree in [0, 1] of differences ``d`` (any shape)."""
    if kind == "usual":
        return (d > 0).astype(float)
    if kind == "ushape":
        return (d > q).astype(float)
    if kind == "gaussian":
        if s <= 0:
            return (d > 0).astype(float)
        return np.where(d > 0, -np.expm1(-np.square(d) / (2.0 * s * s)), 0.0)
    lo = 0.0 if kind == "vshape" else q
    above = (d > p).astype(float)
    inside = (d > lo) & (d <= p)
    if kind == "level":
        return np.where(inside, 0.5, above)
    width = p - lo
    ramp = (d - lo) / width if width > 0 else np.zeros_like(d)
    return np.where(inside, ramp, above)


def column_net_flows(x: np.ndarray, kind: PreferenceName, q: float, p: float,
                     s: float) -> np.ndarray:
    """(n,) sum over b of P(x_a - x_b) - P(x_b - x_a) for a complete column ``x``
    (not yet divided by n - 1)."""
    v = np.asarray(x, dtype=float)
    v = v - v.mean()  # translation-invariant; keeps the prefix sums small
    if kind == "gaussian":
        return _dense_column(v, kind, q, p, s)
    xs = np.sort(v)
    cs = np.concatenate([[0.0], np.cumsum(xs)])
    n = xs.size

    def lt(t: np.ndarray) -> np.ndarray:  # number of x_b < t
        return np.searchsorted(xs, t, side="left")

    def gt(t: np.ndarray) -> np.ndarray:  # n - number of x_b > t  (an index into cs)
        return np.searchsorted(xs, t, side="right")

    if kind == "usual":
        return np.asarray(lt(v) - (n - gt(v)), dtype=float)
    if kind == "ushape":
        return np.asarray(lt(v - q) - (n - gt(v + q)), dtype=float)
    lo = 0.0 if kind == "vshape" else q
    i_p, i_lo = lt(v - p), lt(v - lo)  # x_b < x - p: strict; x - p <= x_b < x - lo: inside
    j_p, j_lo = gt(v + p), gt(v + lo)  # x_b > x + p: strict; x + lo < x_b <= x + p: inside
    strict = i_p.astype(float) - (n - j_p)
    if kind == "level":
        return np.asarray(strict + 0.5 * ((i_lo - i_p) - (j_p - j_lo)), dtype=float)
    width = p - lo
    if width <= 0:
        return np.asarray(strict, dtype=float)
    plus = (i_lo - i_p) * (v - lo) - (cs[i_lo] - cs[i_p])
    minus = (cs[j_p] - cs[j_lo]) - (j_p - j_lo) * (v + lo)
    return np.asarray(strict + (plus - minus) / width, dtype=float)


def _dense_column(v: np.ndarray, kind: PreferenceName, q: float, p: float,
                  s: float) -> np.ndarray:
    """Net flows by blocks of rows against the columns from the block on: each pair is
    evaluated once, P(d) - P(-d) being antisymmetric in d."""
    n = v.size
    out = np.zeros(n)
    step = max(1, _BLOCK_CELLS // n)
    for a0 in range(0, n, step):
        a1 = min(a0 + step, n)
        d = v[a0:a1, None] - v[None, a0:]
        if kind == "gaussian" and s > 0:
            net = np.sign(d) * -np.expm1(np.square(d) * (-0.5 / (s * s)))
        else:
            net = preference(d, kind, q, p, s) - preference(-d, kind, q, p, s)
        out[a0:a1] += net.sum(axis=1)
        out[a1:] -= net[:, a1 - a0:].sum(axis=0)
    return out


def indicator_flows(R: np.ndarray, kinds: Sequence[PreferenceName], q: np.ndarray,
                    p: np.ndarray, s: np.ndarray) -> np.ndarray:
    """(n, m) net flow of every unit on every indicator of a complete matrix, divided by
    n - 1; the net flow under weights w is ``w @ result.T`` (linear in the weights)."""
    n, m = R.shape
    if n == 1:
        return np.zeros((1, m))
    cols = [column_net_flows(R[:, j], kinds[j], float(q[j]), float(p[j]), float(s[j]))
            for j in range(m)]
    return np.asarray(np.column_stack(cols) / (n - 1), dtype=float)


def pairwise_flows(R: np.ndarray, kinds: Sequence[PreferenceName], q: np.ndarray,
                   p: np.ndarray, s: np.ndarray, W: np.ndarray, gid: np.ndarray) -> np.ndarray:
    """(K, n) net flows when cells are missing: for each pair only the indicators both units
    have count, weights redistributed within each group for that pair (a group with no
    shared positively weighted indicator gives no preference either way). Blocks of rows
    of a and of weight vectors bound memory."""
    n, m = R.shape
    k_all = W.shape[0]
    plus = np.zeros((k_all, n))
    minus = np.zeros((k_all, n))
    rows = max(1, _BLOCK_CELLS // (n * max(m, min(k_all, 256))))
    kstep = max(1, _BLOCK_CELLS // (rows * n))
    for a0 in range(0, n, rows):
        diff = R[a0:a0 + rows, None, :] - R[None, :, :]  # (c, n, m)
        shared = ~np.isnan(diff)
        d = np.where(shared, diff, 0.0)
        pref = np.stack([preference(d[..., j], kinds[j], float(q[j]), float(p[j]),
                                    float(s[j])) for j in range(m)], axis=-1)
        c = diff.shape[0]
        pref2, shared2 = pref.reshape(c * n, m), shared.reshape(c * n, m).astype(float)
        for k0 in range(0, k_all, kstep):
            wk = W[k0:k0 + kstep]
            pi = np.zeros((c * n, wk.shape[0]))
            for g in range(int(gid.max()) + 1):
                sel = gid == g
                wg = wk[:, sel]
                num, den = pref2[:, sel] @ wg.T, shared2[:, sel] @ wg.T
                pi += wg.sum(axis=1) * np.divide(num, den, out=np.zeros_like(num),
                                                 where=den > 0)
            pi3 = pi.reshape(c, n, -1)  # (a, b, K)
            plus[k0:k0 + kstep, a0:a0 + c] = pi3.sum(axis=1).T
            minus[k0:k0 + kstep] += pi3.sum(axis=0).T
    return np.asarray((plus - minus) / max(n - 1, 1), dtype=float)


def thresholds(R: np.ndarray, kinds: Sequence[PreferenceName], p: float | np.ndarray | None,
               q: float | np.ndarray | None,
               s: float | np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(q, p, s) arrays (m,) in units of ``R``: p defaults to each column's range, q to 0
    and s to half the range."""
    m = R.shape[1]
    span = np.nan_to_num(np.fmax.reduce(R, axis=0) - np.fmin.reduce(R, axis=0))
    p_arr = span if p is None else _threshold(p, m, "p")
    q_arr = np.zeros(m) if q is None else _threshold(q, m, "q")
    s_arr = span / 2.0 if s is None else _threshold(s, m, "s")
    ranged = np.array([k in ("level", "linear") for k in kinds], dtype=bool)
    bad = ranged & (q_arr > p_arr)
    if bad.any():
        raise ValueError(f"PROMETHEE q must not exceed p; violated for columns "
                         f"{np.flatnonzero(bad).tolist()}")
    return q_arr, p_arr, s_arr


def _threshold(value: float | np.ndarray, m: int, name: str) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        arr = np.full(m, float(arr))
    if arr.shape != (m,):
        raise ValueError(f"PROMETHEE {name} must be a scalar or have shape ({m},), "
                         f"got {arr.shape}")
    if not np.isfinite(arr).all() or (arr < 0).any():
        raise ValueError(f"PROMETHEE {name} must be finite and non-negative, "
                         f"got {arr.tolist()}")
    return arr


def linear_in_differences(R: np.ndarray, kinds: Sequence[PreferenceName], q: np.ndarray,
                          p: np.ndarray) -> bool:
    """True when every weighted preference function is P(d) = d / p for every difference
    the matrix holds (V-shape or linear with q = 0 and p >= the column's range): the net
    flow is then n/(n-1) x (weighted sum of R / p - its mean), a rescaled weighted sum
    that ranks exactly as it does."""
    span = np.nan_to_num(np.fmax.reduce(R, axis=0) - np.fmin.reduce(R, axis=0))
    for j, kind in enumerate(kinds):
        if span[j] == 0:
            continue  # a constant column contributes nothing under any function
        if kind not in ("vshape", "linear") or (kind == "linear" and q[j] > 0):
            return False
        if p[j] < span[j] * (1 - 1e-12):
            return False
    return True
