"""Group AHP: aggregation of several experts' judgements or priorities, and their consensus.

Each of K experts gives either a pairwise comparison matrix over the same n elements
(Saaty's 1-9 scale) or a priority vector (positive, summing to 1). Expert weights are
non-negative and are normalised to sum 1 (default: equal).

- AIJ, aggregation of individual judgements: the element-wise weighted geometric mean of
  the matrices, the only mean that keeps reciprocity and unanimity (Aczél & Saaty 1983,
  J. Math. Psychology 27:93-102; Forman & Peniwati 1998, EJOR 108(1):165-169). The group
  priorities are the eigenvector of that matrix; its CR is reported.
- AIP, aggregation of individual priorities: weighted geometric or arithmetic mean of the
  experts' eigenvector priorities, renormalised to sum 1 (Forman & Peniwati 1998).
- AHP consensus S* (Goepel 2013, "Implementing the AHP as a standard method for MCDM in
  corporate enterprises", ISAHP 2013; Goepel 2018, IJAHP 10(3):469-487): relative Shannon
  beta diversity of the experts' priorities, 0 = no consensus, 1 = full consensus, rescaled
  by the least possible homogeneity on a 1..M scale as in Goepel's AHP-OS.
- Kendall's W of the experts' orders of the elements, with tie correction (Kendall &
  Babington Smith 1939; Siegel & Castellan 1988, Nonparametric Statistics, §9.4).
- Disagreement per pair: geometric standard deviation exp(sd(ln a_ij)) over the experts
  (1 = all experts agree on the pair).
- Distance of each expert to the group: root mean square over pairs i < j of
  ln a_ij - ln(g_i / g_j), with a_ij the expert's judgement (or w_i / w_j for direct
  weights) and g the group priorities: the log errors of the geometric consistency index
  (Aguarón & Moreno-Jiménez 2003, EJOR 147(1):137-145) measured against the group's
  weights instead of the expert's own, as a root mean square (0 = the group's view).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import rankdata

from mcda import ahp as ahp_mod

Aggregation = Literal["aij-geometric", "aip-geometric", "aip-arithmetic"]
AGGREGATIONS: tuple[Aggregation, ...] = get_args(Aggregation)
Mean = Literal["geometric", "arithmetic"]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class GroupResult:
    """Group priorities of K experts over n elements, with consistency and consensus."""

    method: Aggregation
    weights: FloatArray  # (n,) group priorities, sum 1
    matrix: FloatArray | None  # (n, n) aggregated judgements (AIJ; None without matrices)
    cr: float | None  # CR of ``matrix`` (None without matrices)
    individual: FloatArray  # (K, n) each expert's priorities
    individual_cr: tuple[float | None, ...]  # each expert's CR (None for direct weights)
    expert_weights: FloatArray  # (K,) normalised, sum 1
    consensus: float  # Goepel's AHP consensus S*, 0..1
    kendall_w: float  # 0..1 (nan when n < 2)
    disagreement: FloatArray | None  # (n, n) geometric sd per pair (None without matrices)
    distances: FloatArray  # (K,) RMS log distance of each expert to the group


def expert_weight_vector(k: int, weights: ArrayLike | None = None) -> FloatArray:
    """Expert weights normalised to sum 1; equal when ``weights`` is None."""
    if weights is None:
        return np.full(k, 1.0 / k)
    w = np.asarray(weights, dtype=float)
    if w.shape != (k,) or not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise ValueError(f"expert weights must be {k} non-negative numbers, not all zero")
    return np.asarray(w / w.sum(), dtype=float)


def aggregate_judgements(matrices: Sequence[ArrayLike],
                         weights: ArrayLike | None = None) -> FloatArray:
    """AIJ: element-wise weighted geometric mean of K reciprocal matrices (Aczél–Saaty)."""
    stack = _stack(matrices)
    w = expert_weight_vector(stack.shape[0], weights)
    return np.asarray(np.exp(np.tensordot(w, np.log(stack), axes=1)), dtype=float)


def aggregate_priorities(priorities: ArrayLike, weights: ArrayLike | None = None,
                         mean: Mean = "geometric") -> FloatArray:
    """AIP: weighted geometric or arithmetic mean of (K, n) priority rows, summing to 1."""
    p = _priorities(priorities)
    w = expert_weight_vector(p.shape[0], weights)
    if mean == "geometric":
        g = np.exp(w @ np.log(p))
    elif mean == "arithmetic":
        g = w @ p
    else:
        raise ValueError(f"unknown mean {mean!r}; choose geometric or arithmetic")
    return np.asarray(g / g.sum(), dtype=float)


def shannon_entropy(p: ArrayLike) -> float:
    """H(p) = -sum p_i ln p_i in nats (0 ln 0 = 0)."""
    q = np.asarray(p, dtype=float)
    q = q[q > 0]
    return float(-(q * np.log(q)).sum())


def ahp_consensus(priorities: ArrayLike, weights: ArrayLike | None = None,
                  scale_max: float = 9.0) -> float:
    """Goepel's AHP consensus S* of (K, n) priority rows, 0..1 (1 = identical priorities).

    H_alpha = mean entropy of the rows, H_gamma = entropy of the mean row, D_beta =
    exp(H_gamma - H_alpha); S* = (1/D_beta - 1/c) / (1 - 1/c) with c = exp(ln n - H_min),
    H_min the entropy of (M, 1, ..., 1) / (n + M - 1), the most extreme priorities
    reachable on a 1..M scale. Weighted means use the expert weights (equal by default).
    """
    p = _priorities(priorities)
    k, n = p.shape
    if k < 2 or n < 2:
        raise ValueError("consensus needs at least two experts and two elements")
    w = expert_weight_vector(k, weights)
    h_alpha = float(w @ np.array([shannon_entropy(row) for row in p]))
    h_gamma = shannon_entropy(w @ p)
    extreme = np.array([scale_max] + [1.0] * (n - 1)) / (n + scale_max - 1)
    inv_cor = 1.0 / np.exp(np.log(n) - shannon_entropy(extreme))
    return float((np.exp(h_alpha - h_gamma) - inv_cor) / (1.0 - inv_cor))


def kendall_w(priorities: ArrayLike) -> float:
    """Kendall's coefficient of concordance of the experts' orders, tie-corrected, 0..1.

    Each row is ranked (average ranks for ties); W = 12 S / (m^2 (n^3 - n) - m T), where
    S is the sum of squared deviations of the rank sums and T = sum over rows and tie
    groups of t^3 - t. Returns nan when every expert ties every element.
    """
    p = np.asarray(priorities, dtype=float)
    if p.ndim != 2 or p.shape[0] < 2 or p.shape[1] < 2:
        raise ValueError("Kendall's W needs a (K >= 2, n >= 2) array")
    m, n = p.shape
    ranks = np.asarray(rankdata(-p, axis=1), dtype=float)
    sums = ranks.sum(axis=0)
    s = float(((sums - sums.mean()) ** 2).sum())
    ties = 0.0
    for row in ranks:
        _, counts = np.unique(row, return_counts=True)
        ties += float((counts.astype(float) ** 3 - counts).sum())
    denom = m**2 * (n**3 - n) - m * ties
    return float(12.0 * s / denom) if denom > 0 else float("nan")


def pair_disagreement(matrices: Sequence[ArrayLike]) -> FloatArray:
    """(n, n) geometric standard deviation exp(sd(ln a_ij)) over the experts (ddof=1).

    1 on the diagonal and wherever all experts agree; symmetric (the mirror entry has the
    same spread in log space).
    """
    stack = _stack(matrices)
    if stack.shape[0] < 2:
        raise ValueError("disagreement needs at least two experts")
    return np.asarray(np.exp(np.log(stack).std(axis=0, ddof=1)), dtype=float)


def distances_to_group(group: ArrayLike, matrices: Sequence[ArrayLike] | None = None,
                       priorities: ArrayLike | None = None) -> FloatArray:
    """RMS over pairs i < j of ln a_ij - ln(g_i/g_j) for each expert (0 = the group's view).

    ``matrices`` gives each expert's judgements; otherwise ``priorities`` (K, n) stand for
    the consistent judgements w_i / w_j.
    """
    g = np.asarray(group, dtype=float)
    if matrices is not None:
        stack = _stack(matrices)
    elif priorities is not None:
        p = _priorities(priorities)
        stack = p[:, :, None] / p[:, None, :]
    else:
        raise ValueError("give the experts' matrices or priorities")
    n = g.size
    if stack.shape[1:] != (n, n):
        raise ValueError(f"group has {n} elements, experts judge {stack.shape[1]}")
    iu, ju = np.triu_indices(n, k=1)
    if iu.size == 0:
        return np.zeros(stack.shape[0])
    dev = np.log(stack[:, iu, ju]) - np.log(g[iu] / g[ju])[None, :]
    return np.asarray(np.sqrt((dev**2).mean(axis=1)), dtype=float)


def group_ahp(matrices: Sequence[ArrayLike] | None = None,
              priorities: ArrayLike | None = None,
              expert_weights: ArrayLike | None = None,
              method: Aggregation = "aij-geometric",
              ri_table: str = "saaty") -> GroupResult:
    """Group priorities of K experts by ``method``, with CR, consensus and disagreement.

    Give ``matrices`` (K pairwise matrices, validated as in ``mcda.ahp.ahp``) or
    ``priorities`` (K direct weight vectors; AIJ then aggregates their consistent matrices
    w_i / w_j, which equals the geometric AIP). At least two experts.
    """
    if method not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {method!r}; choose one of {AGGREGATIONS}")
    if matrices is not None:
        results = [ahp_mod.ahp(np.asarray(m, dtype=float), ri_table=ri_table) for m in matrices]
        mats: list[FloatArray] | None = [_clean(np.asarray(m, dtype=float)) for m in matrices]
        indiv = np.array([r.weights for r in results], dtype=float)
        crs: tuple[float | None, ...] = tuple(float(r.cr) for r in results)
    elif priorities is not None:
        indiv = _priorities(priorities)
        mats, crs = None, (None,) * indiv.shape[0]
    else:
        raise ValueError("give the experts' matrices or priorities")
    k = indiv.shape[0]
    if k < 2:
        raise ValueError("a group needs at least two experts")
    ew = expert_weight_vector(k, expert_weights)
    matrix: FloatArray | None = None
    cr: float | None = None
    if method == "aij-geometric":
        source = mats if mats is not None else [ahp_mod.consistent_matrix(r) for r in indiv]
        matrix = aggregate_judgements(source, ew)
        if mats is not None:
            res = ahp_mod.ahp(matrix, ri_table=ri_table)
            weights, cr = np.asarray(res.weights, dtype=float), float(res.cr)
        else:  # consistent matrices may leave the 1-9 range; their eigenvector is exact
            weights = np.asarray(ahp_mod.principal_eigen(matrix)[1], dtype=float)
    else:
        weights = aggregate_priorities(indiv, ew, "geometric" if method == "aip-geometric"
                                       else "arithmetic")
        if mats is not None:
            cr = float(ahp_mod.ahp(aggregate_judgements(mats, ew), ri_table=ri_table).cr)
    return GroupResult(
        method=method, weights=weights, matrix=matrix, cr=cr, individual=indiv,
        individual_cr=crs, expert_weights=ew, consensus=ahp_consensus(indiv, ew),
        kendall_w=kendall_w(indiv),
        disagreement=pair_disagreement(mats) if mats is not None else None,
        distances=distances_to_group(weights, mats, indiv),
    )


def rank_of(weights: ArrayLike) -> NDArray[np.int64]:
    """1-based ranks of elements by descending weight (ties share the best rank)."""
    return np.asarray(rankdata(-np.asarray(weights, dtype=float), method="min"),
                      dtype=np.int64)


# --------------------------------------------------------------------------- internals


def _stack(matrices: Sequence[ArrayLike]) -> FloatArray:
    stack = np.array([_clean(np.asarray(m, dtype=float)) for m in matrices], dtype=float)
    if stack.ndim != 3 or stack.shape[0] == 0 or stack.shape[1] != stack.shape[2]:
        raise ValueError("expected a non-empty list of square matrices of one size")
    if not np.isfinite(stack).all() or (stack <= 0).any():
        raise ValueError("judgements must be positive finite numbers")
    return stack


def _clean(a: FloatArray) -> FloatArray:
    """The matrix with each mirror set to the exact reciprocal of the entry >= 1."""
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ValueError(f"matrix must be square, got shape {a.shape}")
    upper = np.triu(np.ones(a.shape, dtype=bool), k=1)
    keep = (upper & (a >= a.T)) | (upper.T & (a > a.T))
    with np.errstate(divide="ignore"):
        out = np.where(keep, a, np.where(keep.T, 1.0 / a.T, 1.0))
    return np.asarray(out, dtype=float)


def _priorities(priorities: ArrayLike) -> FloatArray:
    p = np.asarray(priorities, dtype=float)
    if p.ndim != 2 or p.shape[0] == 0 or p.shape[1] == 0:
        raise ValueError("priorities must be a (K, n) array")
    if not np.isfinite(p).all() or (p <= 0).any():
        raise ValueError("priorities must be positive finite numbers")
    return np.asarray(p / p.sum(axis=1, keepdims=True), dtype=float)
