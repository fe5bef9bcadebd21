"""VIKOR's compromise solution (Opricovic & Tzeng 2004, EJOR 156:445-455; 2007, EJOR
178:514-529): from group utility S, individual regret R and the index Q (all lower =
better, see :func:`mcda.methods.vikor_sr`), the two acceptance conditions and the
compromise set.

- C1 "acceptable advantage": Q(A2) - Q(A1) >= DQ = 1/(n - 1), A1 and A2 the first two by Q;
- C2 "acceptable stability": A1 is also best (or tied best) by S or by R.

Both hold: A1 alone. Only C2 fails: {A1, A2}. C1 fails: A1, ..., AM with M the largest
position such that Q(AM) - Q(A1) < DQ. Units tied on Q keep their input order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Compromise:
    """``order``: unit indices by Q, best first; ``solutions``: the compromise set
    (indices, by Q); ``advantage``, ``stability``: C1 and C2; ``dq`` = 1/(n - 1)."""

    s: np.ndarray
    r: np.ndarray
    q: np.ndarray
    order: np.ndarray
    dq: float
    advantage: bool
    stability: bool
    solutions: tuple[int, ...]


def compromise(s: np.ndarray, r: np.ndarray, q: np.ndarray) -> Compromise:
    """The acceptance conditions and the compromise set of one ranking (S, R, Q: (n,))."""
    s_, r_, q_ = (np.asarray(x, dtype=float) for x in (s, r, q))
    n = q_.size
    if n == 0 or s_.shape != (n,) or r_.shape != (n,):
        raise ValueError("S, R and Q must be non-empty and of the same length")
    order = np.argsort(q_, kind="stable")
    first = int(order[0])
    if n == 1:
        return Compromise(s_, r_, q_, order, float("nan"), True, True, (first,))
    dq = 1.0 / (n - 1)
    advantage = bool(q_[order[1]] - q_[first] >= dq)
    stability = bool(s_[first] <= s_.min() or r_[first] <= r_.min())
    if not advantage:
        close = order[q_[order] - q_[first] < dq]
        solutions = tuple(int(i) for i in close)
    elif not stability:
        solutions = (first, int(order[1]))
    else:
        solutions = (first,)
    return Compromise(s_, r_, q_, order, dq, advantage, stability, solutions)
