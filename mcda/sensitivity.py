"""Sobol indices of the units' ranks with respect to the criterion weights, with bootstrap
confidence intervals.

Sobol indices need independent inputs, and weights on the simplex are not independent. The
inputs here are independent importances x_c ~ Exp(1), turned into weights w = x / sum(x):
that w is uniform on the simplex (Dirichlet(1, ..., 1)) — the same distribution as the
SMAA analysis's uniform weight model — and the indices apportion each rank's variance to
the x_c. Output: each unit's competition rank. First-order index S_c = share of the rank's
variance explained by x_c alone; total index ST_c = share involving x_c at all (ST - S =
interactions). Estimators of Saltelli et al. (2010) through ``scipy.stats.sobol_indices``
on a scrambled Sobol' design (n (q + 2) scorer evaluations). Confidence intervals:
percentile bootstrap over the n base samples (the same estimators on each resample).

A unit whose rank is (almost) constant — the same rank in at least ``1 - tolerance`` of
the evaluations, or no variance at all in the base samples — has no variance worth
apportioning: it is reported as ``constant`` with that rank and its share, not as a number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import expon, qmc, sobol_indices

from mcda.smaa import Scorer

#: How the weights are drawn, in words (for every output of the indices).
DISTRIBUTION = ("criterion weights uniform on the simplex (Dirichlet(1, ..., 1), as in the "
                "SMAA analysis's uniform model), drawn as w = x / sum(x) from independent "
                "x_c ~ Exp(1); the indices apportion each rank's variance to the x_c")


@dataclass(frozen=True, eq=False)
class RankSobol:
    """Sobol indices of each unit's rank (rows) per weight (columns). ``first``,
    ``total``: the estimates; ``*_low``/``*_high``: the bootstrap interval at
    ``confidence_level``; all NaN for ``constant`` units, whose ``modal_rank`` holds in a
    share ``modal_share`` of the ``evaluations``."""

    first: np.ndarray
    total: np.ndarray
    first_low: np.ndarray
    first_high: np.ndarray
    total_low: np.ndarray
    total_high: np.ndarray
    constant: np.ndarray
    modal_rank: np.ndarray
    modal_share: np.ndarray
    confidence_level: float
    resamples: int
    evaluations: int
    distribution: str = DISTRIBUTION

    def note(self, k: int) -> str:
        """Why unit ``k``'s indices are not given (constant units only)."""
        share = self.modal_share[k]
        if share >= 1.0:
            return (f"constant: rank {self.modal_rank[k]} in every one of the "
                    f"{self.evaluations:,} weight vectors, no variance to apportion")
        return (f"constant: rank {self.modal_rank[k]} in {share:.2%} of the "
                f"{self.evaluations:,} weight vectors, too little variance to apportion")


    def to_dict(self, units: list[str], weights: list[str]) -> dict[str, object]:
        """JSON-ready: per unit a dict of indices (weight -> value) and of intervals
        (weight -> [low, high]), or ``"constant"`` with the reason under ``constant``."""
        def table(est: np.ndarray, lo: np.ndarray | None = None,
                  hi: np.ndarray | None = None) -> dict[str, object]:
            out: dict[str, object] = {}
            for k, u in enumerate(units):
                if self.constant[k]:
                    out[u] = "constant"
                elif lo is None or hi is None:
                    out[u] = {w: float(est[k, c]) for c, w in enumerate(weights)}
                else:
                    out[u] = {w: [float(lo[k, c]), float(hi[k, c])]
                              for c, w in enumerate(weights)}
            return out

        return {
            "distribution": self.distribution,
            "confidence_level": self.confidence_level, "bootstrap_resamples": self.resamples,
            "evaluations": self.evaluations,
            "first_order": table(self.first), "total": table(self.total),
            "first_order_ci": table(self.first, self.first_low, self.first_high),
            "total_ci": table(self.total, self.total_low, self.total_high),
            "constant": {u: self.note(k) for k, u in enumerate(units) if self.constant[k]},
        }


def rank_sobol(scorer: Scorer, q: int, n: int = 4096, seed: int = 0, *,
               confidence_level: float = 0.95, resamples: int = 500,
               tolerance: float = 1e-3) -> RankSobol:
    """Sobol indices of every unit's rank w.r.t. the q weights (uniform on the simplex),
    with percentile-bootstrap intervals from ``resamples`` resamples; ``n`` a power of two
    (base samples); ``tolerance``: largest share of evaluations away from the modal rank
    for a unit to count as constant."""
    if q < 2:
        raise ValueError("Sobol indices need at least two weights")
    rng = np.random.default_rng(seed)
    x = expon.ppf(qmc.Sobol(2 * q, scramble=True, rng=rng).random(n)).T  # (2q, n)
    a, b = x[:q], x[q:]
    ab = np.repeat(a[None], q, axis=0)
    ab[np.arange(q), np.arange(q)] = b

    def ranks(xs: np.ndarray) -> np.ndarray:  # (q, N) -> (units, N)
        u = scorer((xs / xs.sum(axis=0)).T)
        r: np.ndarray = (1 + (u[:, None, :] > u[:, :, None]).sum(axis=2)).T.astype(float)
        return r

    f_a, f_b = ranks(a), ranks(b)
    f_ab = np.stack([ranks(ab[i]) for i in range(q)])  # (q, units, n)
    res = sobol_indices(func={"f_A": f_a, "f_B": f_b, "f_AB": f_ab}, n=n)
    first = np.atleast_2d(res.first_order).reshape(f_a.shape[0], q).copy()
    total = np.atleast_2d(res.total_order).reshape(f_a.shape[0], q).copy()

    every = np.concatenate([f_a, f_b, *f_ab], axis=1)  # (units, n (q + 2))
    modal, share = _modal(every)
    base_var = np.var(np.concatenate([f_a, f_b], axis=1), axis=1)
    constant = (share >= 1.0 - tolerance) | (base_var == 0)
    first[constant], total[constant] = np.nan, np.nan
    bounds = np.full((4, *first.shape), np.nan)
    keep = ~constant
    if keep.any():
        bounds[:, keep] = _bootstrap(f_a[keep], f_b[keep], f_ab[:, keep], confidence_level,
                                     resamples, rng)
    return RankSobol(first=first, total=total, first_low=bounds[0], first_high=bounds[1],
                     total_low=bounds[2], total_high=bounds[3], constant=constant,
                     modal_rank=modal, modal_share=share, confidence_level=confidence_level,
                     resamples=resamples, evaluations=every.shape[1])


def _modal(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row of integer-valued ``r``: the most frequent value (the smallest on ties) and
    its share."""
    ri = r.astype(np.int64)
    counts = np.zeros((ri.shape[0], int(ri.max()) + 1))
    np.add.at(counts, (np.repeat(np.arange(ri.shape[0]), ri.shape[1]), ri.ravel()), 1)
    mode = counts.argmax(axis=1)
    return mode, counts[np.arange(ri.shape[0]), mode] / ri.shape[1]


def _bootstrap(f_a: np.ndarray, f_b: np.ndarray, f_ab: np.ndarray, level: float,
               resamples: int, rng: np.random.Generator
               ) -> np.ndarray:
    """(4, units, q): percentile intervals of the Saltelli (2010) estimators (as scipy
    computes them, outputs centred on their mean) over resamples of the n base samples,
    each resample's means taken through its counts."""
    n = f_a.shape[1]
    mean = np.mean([f_a, f_b], axis=(0, 2))[:, None]
    fa, fb, fab = f_a - mean, f_b - mean, f_ab - mean[None]
    draws = rng.integers(0, n, (resamples, n)) + (np.arange(resamples) * n)[:, None]
    c = np.bincount(draws.ravel(), minlength=resamples * n).reshape(resamples, n).T / n
    m1 = (fa + fb) @ c / 2
    var = (fa ** 2 + fb ** 2) @ c / 2 - m1 ** 2  # (units, R)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.stack([(fb * (fab[i] - fa)) @ c for i in range(fab.shape[0])], axis=1)
        st = np.stack([0.5 * ((fa - fab[i]) ** 2) @ c for i in range(fab.shape[0])], axis=1)
        s, st = s / var[:, None, :], st / var[:, None, :]  # (units, q, R)
    tail = (1 - level) / 2
    q_s = np.quantile(s, [tail, 1 - tail], axis=2)
    q_t = np.quantile(st, [tail, 1 - tail], axis=2)
    return np.stack([q_s[0], q_s[1], q_t[0], q_t[1]])  # first low, high; total low, high
