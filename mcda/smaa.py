"""SMAA-2 (Lahdelma & Salminen 2001, Operations Research 49(3):444-454; Tervonen &
Figueira 2008, J. Multi-Criteria Decision Analysis 15:1-14) for uncertain weights and exact
data, computed in chunks of samples so that memory does not grow with the sample count.

A *scorer* maps a (k, q) block of weight vectors (any weight space: criterion weights that it
expands to indicator weights, or indicator weights) to (k, n) utilities, HIGHER = better.
Ranks are competition ranks (1 = best; tied units share the better rank, as in
:func:`mcda.methods.rank`).

Definitions (over the sampled weight vectors w, i.e. the weight distribution):

- rank acceptability b_i^r = P(rank_i = r);
- holistic acceptability a_i^h = sum_r alpha_r b_i^r with the linear meta-weights
  alpha_r = (n - r)/(n - 1) (alpha_1 = 1, alpha_n = 0; Lahdelma & Salminen 2001, sec. 3);
- central weight vector w_i^c = E[w | rank_i = 1] (undefined, NaN, when b_i^1 = 0);
- confidence factor p_i^c = P(rank_i = 1 when w = w_i^c) over the distribution of the
  criteria values. Here the data are exact, so p_i^c is 1 if unit i ranks first with its own
  central weights and 0 if not (the central weights of a non-convex favourable region can
  fall outside it); NaN when b_i^1 = 0;
- rank quantiles from the rank distribution: the q-quantile is the smallest r with
  P(rank_i <= r) >= q (inverse of the empirical CDF, numpy's "inverted_cdf");
- P(top k) = sum_{r <= k} b_i^r;
- pairwise winning index c_ij = P(rank_i < rank_j) (= P(u_i > u_j): i strictly above j).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from mcda.sampling import Sampler

#: ``scorer(weights (k, q)) -> utilities (k, n)``, higher = better.
Scorer = Callable[[np.ndarray], np.ndarray]
_CHUNK_CELLS = 1 << 21  # samples x max(n, q) per chunk: ~16 MB per float64 temporary


@dataclass(frozen=True)
class SMAAResult:
    """Counts from ``samples`` weight vectors and the statistics derived from them."""

    rank_counts: np.ndarray  # (n, n) int: [i, r - 1] = samples with rank_i = r
    win_counts: np.ndarray  # (n, n) int: [i, j] = samples with i strictly above j
    central_weights: np.ndarray  # (n, q), NaN rows where unit i never ranks first
    confidence: np.ndarray  # (n,) 1.0 / 0.0 (exact data), NaN where b_i^1 = 0
    samples: int

    @property
    def acceptability(self) -> np.ndarray:
        """(n, n) rank acceptability indices b[i, r - 1] = P(rank_i = r)."""
        return self.rank_counts / self.samples

    @property
    def winning(self) -> np.ndarray:
        """(n, n) pairwise winning indices c[i, j] = P(i ranked strictly above j)."""
        return self.win_counts / self.samples

    def holistic(self, meta_weights: np.ndarray | None = None) -> np.ndarray:
        """(n,) holistic acceptability sum_r alpha_r b_i^r; default alpha_r = (n-r)/(n-1)."""
        n = self.rank_counts.shape[0]
        alpha = linear_meta_weights(n) if meta_weights is None else np.asarray(meta_weights)
        return np.asarray(self.acceptability @ alpha, dtype=float)

    def rank_quantile(self, q: float) -> np.ndarray:
        """(n,) smallest rank r with P(rank_i <= r) >= q (0 < q <= 1)."""
        return rank_quantile(self.rank_counts, q)

    def p_top(self, k: int) -> np.ndarray:
        """(n,) probability of a rank <= k."""
        return np.asarray(self.acceptability[:, :k].sum(axis=1), dtype=float)


def linear_meta_weights(n: int) -> np.ndarray:
    """alpha_r = (n - r)/(n - 1) for r = 1..n (all 1 when n = 1)."""
    return np.ones(1) if n == 1 else (n - np.arange(1, n + 1)) / (n - 1)


def rank_quantile(rank_counts: np.ndarray, q: float) -> np.ndarray:
    """(n,) per row of a rank histogram, the smallest rank r (1-based) with CDF(r) >= q."""
    if not 0.0 < q <= 1.0:
        raise ValueError(f"quantile level must be in (0, 1], got {q}")
    counts = np.asarray(rank_counts)
    cdf = np.cumsum(counts, axis=1)
    # exact integer comparison: CDF(r) >= q * total, written as cdf >= ceil(q * total)
    need = np.ceil(q * cdf[:, -1:] - 1e-9 * cdf[:, -1:])
    return np.asarray((cdf < need).sum(axis=1) + 1, dtype=int)


def smaa(scorer: Scorer, sampler: Sampler, samples: int, rng: np.random.Generator,
         chunk: int | None = None) -> SMAAResult:
    """SMAA-2 with ``samples`` weight vectors drawn from ``sampler`` in chunks."""
    if samples < 1:
        raise ValueError(f"need at least one sample, got {samples}")
    probe = sampler(1, rng)  # also fixes q; it is one of the samples
    n = scorer(probe).shape[1]
    step = chunk or max(1, _CHUNK_CELLS // max(n, probe.shape[1]))

    def blocks() -> Iterable[np.ndarray]:
        yield probe
        for start in range(1, samples, step):
            yield sampler(min(step, samples - start), rng)

    return smaa_from_weights(scorer, blocks())


def smaa_from_weights(scorer: Scorer, weight_blocks: Iterable[np.ndarray]) -> SMAAResult:
    """SMAA-2 over given blocks of weight vectors (each (k, q)); one pass, memory per block."""
    rank_counts: np.ndarray | None = None
    win_counts = weight_sums = np.zeros((0, 0))
    total = 0
    for w in weight_blocks:
        u = np.asarray(scorer(w), dtype=float)
        n = u.shape[1]
        if rank_counts is None:
            rank_counts = np.zeros((n, n), dtype=np.int64)
            win_counts = np.zeros((n, n), dtype=np.int64)
            weight_sums = np.zeros((n, w.shape[1]))
        ranks = _tally_block(u, win_counts)  # (n, k)
        codes = ranks + (np.arange(n) * n - 1)[:, None]  # unit i, rank r -> i * n + r - 1
        rank_counts += np.bincount(codes.ravel(), minlength=n * n).reshape(n, n)
        weight_sums += (ranks == 1).astype(float) @ w
        total += w.shape[0]
    if rank_counts is None:
        raise ValueError("no weight samples")
    first = rank_counts[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        central = weight_sums / first[:, None]
    return SMAAResult(rank_counts, win_counts, central, _confidence(scorer, central), total)


def _tally_block(u: np.ndarray, win_counts: np.ndarray) -> np.ndarray:
    """Competition ranks, shape (n, k), of a (k, n) block of utilities; adds the block's
    strict wins to ``win_counts``.

    rank_i = 1 + #{j : u_j > u_i}: one pass per unit j compares it with everybody, which
    gives both the ranks and the pairwise counts without sorting. Units along the first axis
    keep every comparison and count on long contiguous rows.
    """
    ut = np.ascontiguousarray(u.T)
    n, k = ut.shape
    ranks = np.ones((n, k), dtype=np.int16 if n < 32000 else np.int32)
    beats = np.empty((n, k), dtype=bool)
    for j in range(n):
        np.greater(ut[j], ut, out=beats)  # [i, k]: j strictly above i
        ranks += beats
        win_counts[j] += np.count_nonzero(beats, axis=1)
    return ranks


def _confidence(scorer: Scorer, central: np.ndarray) -> np.ndarray:
    """1.0 where unit i ranks first with its own central weights, else 0.0; NaN if none."""
    n = central.shape[0]
    out = np.full(n, np.nan)
    has = ~np.isnan(central).any(axis=1)
    if has.any():
        u = np.asarray(scorer(central[has]), dtype=float)
        idx = np.flatnonzero(has)
        out[has] = (u[np.arange(idx.size), idx] >= u.max(axis=1)).astype(float)
    return out
