"""Sobol indices of the units' ranks with respect to the criterion weights.

Sobol indices need independent inputs, and weights on the simplex are not independent. The
inputs here are raw importances x_c ~ U(0, 1), independent, turned into weights
w = x / sum(x) (a distribution on the simplex that is not uniform: it favours balanced
weights). Output: each unit's competition rank. First-order index S_c = share of the rank's
variance explained by x_c alone; total index ST_c = share involving x_c at all (ST - S =
interactions). A unit whose rank never changes has no variance: NaN. Estimators of Saltelli
et al. (2010) through ``scipy.stats.sobol_indices`` (n (d + 2) scorer evaluations).
"""

from __future__ import annotations

import numpy as np
from scipy.stats import sobol_indices, uniform

from mcda.smaa import Scorer


def rank_sobol(scorer: Scorer, q: int, n: int = 4096,
               seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(first, total), each (units, q): Sobol indices of every unit's rank w.r.t. the q
    raw weights; ``n`` a power of two (base samples)."""
    if q < 2:
        raise ValueError("Sobol indices need at least two weights")

    spread: list[np.ndarray] = []  # per call, each unit's max rank - min rank

    def ranks(x: np.ndarray) -> np.ndarray:  # x (q, N) -> (units, N)
        u = scorer((x / x.sum(axis=0)).T)
        r = (1 + (u[:, None, :] > u[:, :, None]).sum(axis=2)).T.astype(float)
        spread.append(np.ptp(r, axis=1))
        return r

    with np.errstate(divide="ignore", invalid="ignore"):
        res = sobol_indices(func=ranks, n=n, dists=[uniform(0, 1)] * q,
                            random_state=np.random.default_rng(seed))
    first, total = np.atleast_2d(res.first_order), np.atleast_2d(res.total_order)
    fixed = np.max(spread, axis=0) == 0  # rank never changes: no variance to share
    first[fixed], total[fixed] = np.nan, np.nan
    return first, total
