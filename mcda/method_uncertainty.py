"""The same problem under several methods and normalisations: rankings at the current
weights, their rank correlations, and SMAA rank intervals per method on common weight samples.

Correlations (pymcdm.correlations) between the rankings at the current weights:
Spearman's rho; the weighted Spearman r_w of Pinto da Costa & Soares (2005), which weighs
disagreements near the top more; and the WS rank similarity coefficient of Sałabun &
Urbaniak (2020), which also weighs the top and is asymmetric: ``ws.loc[a, b]`` takes ranking
``a`` as the reference. pymcdm's coefficients assume ranks without ties.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mcda.sampling import Sampler
from mcda.smaa import Scorer, SMAAResult, smaa

#: Rank correlation coefficients of pymcdm.correlations used to compare methods.
CORRELATIONS: tuple[str, ...] = ("spearman", "weighted_spearman", "ws")


@dataclass(frozen=True)
class MethodComparison:
    """``ranks``: unit x variant ranks at the current weights (1 = best). ``correlations``:
    name -> variant x variant matrix. ``median_rank``, ``rank_p05``, ``rank_p95``: unit x
    variant SMAA rank statistics (empty without samples). ``pooled_acceptability``: unit x
    rank, rank acceptability when the variant is drawn with equal probability too."""

    ranks: pd.DataFrame
    correlations: dict[str, pd.DataFrame]
    median_rank: pd.DataFrame
    rank_p05: pd.DataFrame
    rank_p95: pd.DataFrame
    pooled_acceptability: pd.DataFrame


def competition_ranks(u: np.ndarray) -> np.ndarray:
    """(n,) ranks of utilities u (higher = better), ties sharing the better rank."""
    util = np.asarray(u, dtype=float)
    return np.asarray(1 + (util[None, :] > util[:, None]).sum(axis=1), dtype=int)


def rank_correlations(ranks: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every coefficient of ``CORRELATIONS`` for every ordered pair of columns of ``ranks``."""
    from pymcdm import correlations  # imports matplotlib

    cols = list(ranks.columns)
    out = {}
    for name in CORRELATIONS:
        fn = getattr(correlations, name)
        mat = [[float(fn(ranks[a].to_numpy(float), ranks[b].to_numpy(float))) for b in cols]
               for a in cols]
        out[name] = pd.DataFrame(mat, index=cols, columns=cols)
    return out


def compare(
    scorers: Mapping[str, Scorer],
    w: np.ndarray,
    units: Sequence[str],
    *,
    sampler: Sampler | None = None,
    samples: int = 0,
    seed: int = 0,
) -> MethodComparison:
    """Rank ``units`` with every scorer at weights ``w`` and compare; with ``samples`` > 0
    also run SMAA per variant on the same weight samples (same ``seed`` for every variant)."""
    idx = pd.Index(units, name="id")
    ranks = pd.DataFrame({label: competition_ranks(fn(np.asarray(w)[None, :])[0])
                          for label, fn in scorers.items()}, index=idx)
    stats: dict[str, dict[str, np.ndarray]] = {"median": {}, "p05": {}, "p95": {}}
    results: list[SMAAResult] = []
    if samples > 0:
        if sampler is None:
            raise ValueError("samples > 0 needs a weight sampler")
        for label, fn in scorers.items():
            res = smaa(fn, sampler, samples, np.random.default_rng(seed))
            results.append(res)
            stats["median"][label] = res.rank_quantile(0.5)
            stats["p05"][label] = res.rank_quantile(0.05)
            stats["p95"][label] = res.rank_quantile(0.95)
    pooled = pd.DataFrame(index=idx, dtype=float)
    if results:
        counts = np.sum([r.rank_counts for r in results], axis=0)
        pooled = pd.DataFrame(counts / counts.sum(axis=1, keepdims=True), index=idx,
                              columns=range(1, len(idx) + 1))
    frame = {k: pd.DataFrame(v, index=idx) for k, v in stats.items()}
    return MethodComparison(ranks, rank_correlations(ranks), frame["median"], frame["p05"],
                            frame["p95"], pooled)
