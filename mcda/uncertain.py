"""The data's own uncertainty: interval matrices (a low and a high value per cell) sampled
together with the weights in SMAA, statistically tied groups, and the value of
information of each uncertain cell. Pure: no I/O.

``low`` and ``high`` are DataFrames aligned with the problem's raw matrix (units x
indicators, the indicators' own units); a cell with low == high is exact, NaN in both is
a missing value (handled as the ranking handles it). Each uncertain value is drawn
uniformly on [low, high], independently of the other cells and of the weights.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mcda import registry
from mcda.problem import Problem
from mcda.smaa import rank_quantile

#: ``scorer_for(raw (n, m)) -> (weights (k, q) -> utilities (k, n))``, higher = better.
ScorerFactory = Callable[[np.ndarray], Callable[[np.ndarray], np.ndarray]]


@dataclass(frozen=True)
class DataSMAA:
    """Rank counts over the joint draws of data and weights. ``rank_counts[i, r - 1]``:
    draws with rank_i = r (competition ranks: ties share the better rank)."""

    units: pd.Index
    rank_counts: np.ndarray
    samples: int

    @property
    def acceptability(self) -> pd.DataFrame:
        """unit x rank: P(rank = r)."""
        n = len(self.units)
        return pd.DataFrame(self.rank_counts / self.samples, index=self.units,
                            columns=pd.Index(range(1, n + 1), name="rank"))

    def rank_interval(self, level: float = 0.9) -> pd.DataFrame:
        """Per unit the central ``level`` interval of its rank (lo, hi) and its median."""
        tail = (1.0 - level) / 2.0
        lo = rank_quantile(self.rank_counts, max(tail, 1e-12))
        return pd.DataFrame({"lo": lo, "median": rank_quantile(self.rank_counts, 0.5),
                             "hi": rank_quantile(self.rank_counts, 1.0 - tail)},
                            index=self.units)


def check_intervals(raw: pd.DataFrame, low: pd.DataFrame, high: pd.DataFrame
                    ) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) as arrays aligned with ``raw``; a known value without an interval is
    exact (low = high = the value). ValueError naming the first bad cell: low > high, a
    bound missing on one side only, a value outside its interval, or an interval for a
    missing value."""
    lo = low.reindex(index=raw.index, columns=raw.columns).to_numpy(dtype=float)
    hi = high.reindex(index=raw.index, columns=raw.columns).to_numpy(dtype=float)
    x = raw.to_numpy(dtype=float)
    undeclared = np.isnan(lo) & np.isnan(hi)
    lo, hi = np.where(undeclared, x, lo), np.where(undeclared, x, hi)
    problems = [
        (np.isnan(lo) != np.isnan(hi), "a bound is missing on one side only"),
        (lo > hi, "low exceeds high"),
        (~np.isnan(x) & ~np.isnan(lo) & ((x < lo) | (x > hi)), "the value is outside "
         "its interval"),
        (np.isnan(x) & ~np.isnan(lo), "an interval is given for a missing value"),
    ]
    for mask, message in problems:
        if mask.any():
            i, j = (int(a[0]) for a in np.nonzero(mask))
            raise ValueError(f"interval of {raw.index[i]}, {raw.columns[j]}: {message}")
    return lo, hi


def problem_scorer(problem: Problem) -> ScorerFactory:
    """Scorers of ``problem``'s method, options, groups and criterion weights for any raw
    matrix of its units (normalised as the problem was, goalposts kept fixed)."""
    def scorer_for(raw: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        r = problem.normalise(raw)
        return registry.scorer(problem.method, r, problem.groups, problem.lift,
                               problem.context())
    return scorer_for


def smaa_with_data(scorer_for: ScorerFactory, units: pd.Index, low: np.ndarray,
                   high: np.ndarray, weight_blocks: Iterable[np.ndarray],
                   rng: np.random.Generator) -> DataSMAA:
    """SMAA over data and weights together: for each block of weight vectors one matrix
    is drawn (each cell uniform within its interval, independently) and the block is
    scored on it. See :func:`smaa_with_draws`."""
    exact = np.nan_to_num(high - low) == 0

    def draw(g: np.random.Generator) -> np.ndarray:
        d = low + g.random(low.shape) * np.nan_to_num(high - low)
        return np.where(exact, low, d)

    return smaa_with_draws(scorer_for, units, draw, weight_blocks, rng)


def smaa_with_draws(scorer_for: ScorerFactory, units: pd.Index,
                    draw: Callable[[np.random.Generator], np.ndarray],
                    weight_blocks: Iterable[np.ndarray],
                    rng: np.random.Generator) -> DataSMAA:
    """SMAA over data and weights together: for each block of weight vectors one raw
    matrix ``draw(rng)`` (n x m) is drawn and the block is scored on it. Each draw is
    then a (matrix, weights) pair from the joint distribution; draws within a block share
    their matrix, which leaves the acceptabilities unbiased (take blocks of tens of
    vectors and many blocks)."""
    n = len(units)
    counts = np.zeros((n, n), dtype=np.int64)
    total = 0
    for w in weight_blocks:
        u = np.asarray(scorer_for(draw(rng))(w), dtype=float)
        ranks = 1 + (u[:, None, :] > u[:, :, None]).sum(axis=2)  # (k, n)
        codes = ranks.T + (np.arange(n) * n - 1)[:, None]
        counts += np.bincount(codes.ravel(), minlength=n * n).reshape(n, n)
        total += u.shape[0]
    if total == 0:
        raise ValueError("no weight samples")
    return DataSMAA(units, counts, total)


def tied_groups(intervals: pd.DataFrame) -> list[list[str]]:
    """Statistically tied groups: units whose rank intervals (``lo``, ``hi``) overlap,
    directly or through a chain of overlaps; groups in rank order, units by median rank.
    A unit alone in its group is distinguishable from every other at that level."""
    order = intervals.sort_values(["lo", "median", "hi"], kind="stable")
    groups: list[list[str]] = []
    reach = -np.inf
    for uid, row in order.iterrows():
        if groups and row["lo"] <= reach:
            groups[-1].append(str(uid))
            reach = max(reach, float(row["hi"]))
        else:
            groups.append([str(uid)])
            reach = float(row["hi"])
    return groups


def value_of_information(scorer_for: ScorerFactory, units: pd.Index,
                         indicators: tuple[str, ...], low: np.ndarray, high: np.ndarray,
                         weights: np.ndarray) -> pd.DataFrame:
    """For every uncertain cell: the ranks at the current ``weights`` (q,) when that cell
    alone is fixed at its low and at its high value, every other uncertain cell at its
    midpoint. ``own_low``, ``own_high``: the cell's unit's ranks; ``largest_shift``: the
    largest change of any unit's rank between the two; ``units_moved``: how many units'
    ranks differ. Sorted by largest shift: the cells most worth measuring first."""
    mid = np.where(np.isnan(low), np.nan, (low + high) / 2.0)
    rows = []
    w = np.asarray(weights, dtype=float)[None, :]
    for i, j in zip(*np.nonzero(np.nan_to_num(high - low) > 0), strict=True):
        ranks = []
        for value in (low[i, j], high[i, j]):
            x = mid.copy()
            x[i, j] = value
            u = np.asarray(scorer_for(x)(w), dtype=float)[0]
            ranks.append(1 + (u[None, :] > u[:, None]).sum(axis=1))
        shift = np.abs(ranks[1] - ranks[0])
        rows.append({"unit": units[i], "indicator": indicators[j], "low": low[i, j],
                     "high": high[i, j], "own_low": int(ranks[0][i]),
                     "own_high": int(ranks[1][i]), "largest_shift": int(shift.max()),
                     "units_moved": int((shift > 0).sum())})
    cols = ["unit", "indicator", "low", "high", "own_low", "own_high", "largest_shift",
            "units_moved"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["largest_shift", "units_moved"], ascending=False,
                           kind="stable").reset_index(drop=True)
