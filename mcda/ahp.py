"""Analytic Hierarchy Process: eigenvector weights, consistency ratio, judgement fixes, hierarchy.

A pairwise comparison matrix A (n x n) holds a_ij = how many times more important element i is
than element j, on Saaty's 1-9 scale (or reciprocals; non-integer values such as geometric means
of group judgements are accepted). Weights are the principal right eigenvector, summing to 1.

Consistency options (``ri_table``): CR = CI / RI(n) <= 0.10 with a random-index table, or
Alonso & Lamata's (2006) published rule lambda_max <= n + 0.1 (1.7699 n - 4.3513)
(``alonso-lamata-2006-rule``), which is CR <= 0.10 with RI(n) = (1.7699 n - 4.3513) / (n - 1).
Fixes: every single judgement a_ij (i < j) set to each of Saaty's 17 values is tried; the
result names the change with the lowest CR and the smallest change (in steps along the
17-value scale) that brings CR to the threshold, keeping each judgement's direction unless
only a reversal reaches the threshold (then ``reverses`` says so).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from mcda.messages import Message, msg

# Random consistency index RI(n), keyed by matrix size n.
RI_TABLES: dict[str, dict[int, float]] = {
    # Saaty, T.L. (1980) The Analytic Hierarchy Process, McGraw-Hill; reprinted in Saaty (1990)
    # "How to make a decision: the analytic hierarchy process", EJOR 48(1):9-26 (R.I. table).
    "saaty": dict(enumerate((0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49), start=1)),
    # Tummala, V.M.R. & Ling, H. (1998) "A note on the computation of the mean random consistency
    # index of the AHP", Theory and Decision 44(3):221-230 -- the table pymcdm's AHP.RI_M uses.
    "tummala-ling-1998": dict(enumerate((
        0.0, 0.0, 0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952, 1.4537, 1.4882, 1.5117,
        1.5356, 1.5571, 1.5714, 1.5831), start=1)),
    # Alonso, J.A. & Lamata, M.T. (2006) "Consistency in the analytic hierarchy process: a new
    # approach", Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems 14(4):445-459
    # (RI from 100,000 random matrices per size).
    "alonso-lamata-2006": dict(enumerate((
        0.0, 0.0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854, 1.5141,
        1.5365, 1.5551, 1.5713, 1.5838), start=1)),
}
#: Alonso & Lamata (2006), the regression of their random-index study: a matrix is
#: consistent when lambda_max <= n + 0.1 (1.7699 n - 4.3513). As a table: the RI(n) for which
#: CR <= 0.10 is that rule, RI(n) = (1.7699 n - 4.3513) / (n - 1).
RI_TABLES["alonso-lamata-2006-rule"] = {
    n: (0.0 if n <= 2 else (1.7699 * n - 4.3513) / (n - 1)) for n in range(1, 16)}
#: What each consistency option is, in words (named in every output).
CONSISTENCY_RULES: dict[str, str] = {
    "saaty": "CR = CI / RI(n) with Saaty's (1980) random-index table",
    "tummala-ling-1998": "CR = CI / RI(n) with Tummala & Ling's (1998) random-index table",
    "alonso-lamata-2006": "CR = CI / RI(n) with Alonso & Lamata's (2006) random-index table",
    "alonso-lamata-2006-rule": "Alonso & Lamata's (2006) rule lambda_max <= n + "
                               "0.1 (1.7699 n - 4.3513), reported as CR = CI / RI(n) with "
                               "RI(n) = (1.7699 n - 4.3513) / (n - 1)",
}
MAX_SIZE = max(max(table) for table in RI_TABLES.values())
SAATY_SCALE = np.array([1 / k for k in range(9, 1, -1)] + list(range(1, 10)), dtype=float)
_RECIPROCAL_RTOL = 1e-3


@dataclass(frozen=True, eq=False)
class Judgement:
    """The judgement a_ij (i < j) whose change to the suggested value lowers the CR most
    (:attr:`AHPResult.best_change`, in the form the app and scenario messages use)."""

    i: int  # row (upper triangle: i < j)
    j: int  # column
    current: float  # a_ij as used (after reciprocal clean-up)
    consistent: float  # w_i / w_j from the current weights (may lie outside 1/9 .. 9)
    suggested: float  # the value on Saaty's scale 1/9, ..., 1, ..., 9 giving the lowest CR
    cr_if_suggested: float  # CR after setting a_ij = suggested and a_ji = 1 / suggested
    reverses: bool = False  # the suggestion moves the judgement to the other side of 1


@dataclass(frozen=True)
class Change:
    """Setting a_ij (i < j) from ``current`` to ``value`` (a Saaty scale value; a_ji = 1 /
    value): ``steps`` along the 17-value scale 1/9 ... 9 (from the scale value nearest the
    current one), the resulting ``cr`` (same consistency option), and whether it
    ``reverses`` the judgement (the other element becomes the preferred one)."""

    i: int
    j: int
    current: float
    value: float
    steps: int
    cr: float
    reverses: bool


@dataclass(frozen=True, eq=False)
class AHPResult:
    """Priority vector and consistency of one pairwise comparison matrix."""

    weights: np.ndarray  # (n,), positive, sums to 1
    lambda_max: float  # principal eigenvalue (>= n)
    ci: float  # (lambda_max - n) / (n - 1); 0 for n <= 2
    cr: float  # ci / RI(n); 0 for n <= 2
    ri: float
    ri_table: str
    consistent: bool  # cr <= threshold
    worst: Judgement | None  # None for n <= 2
    best_change: Change | None = None  # lowest CR from one change; None for n <= 2
    smallest_fix: Change | None = None  # fewest steps to CR <= threshold; None if consistent,
    #                                     n <= 2, or no single change reaches it
    lambda_limit: float = float("nan")  # largest lambda_max the option accepts

    @property
    def rule(self) -> str:
        """The consistency option in words."""
        return CONSISTENCY_RULES[self.ri_table]


@dataclass(frozen=True, eq=False)
class HierarchyResult:
    """Two-level AHP: criteria, then indicators within each criterion."""

    criteria: AHPResult  # criterion weights = criteria.weights
    indicators: tuple[AHPResult, ...]  # local indicator weights per criterion
    global_weights: np.ndarray  # (m,) criterion weight x local weight, in criterion order
    groups: np.ndarray  # (m,) criterion index of each global weight (for mcda.methods)

    @property
    def consistent(self) -> bool:
        """True when every matrix in the hierarchy passes its CR threshold."""
        return self.criteria.consistent and all(r.consistent for r in self.indicators)


def validate_pairwise(matrix: np.ndarray, names: Sequence[str] | None = None) -> list[str]:
    """All problems of a pairwise comparison matrix in English, each with its place; []
    when valid (``pairwise_problems`` as text)."""
    from criteria.problems import english

    return [english(m) for m in pairwise_problems(matrix, names)]


def pairwise_problems(matrix: np.ndarray, names: Sequence[str] | None = None) -> list[Message]:
    """All problems of a pairwise comparison matrix as messages, each with its place; []
    when valid.

    Reciprocity passes when a_ij * a_ji = 1 within 1e-3 relative, or when the smaller entry is the
    other's reciprocal rounded to 3 decimals (0.333 vs 3, 0.167 vs 6).
    """
    try:
        a = np.array(matrix, dtype=float)
    except (TypeError, ValueError) as exc:
        return [msg("ahp_not_numeric", detail=str(exc))]
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        return [msg("ahp_not_square", shape=str(a.shape))]
    n = a.shape[0]
    if names is not None and len(names) != n:
        return [msg("ahp_name_count", names=len(names), n=n)]
    label = _labeller(names)
    problems = []
    if n > MAX_SIZE:
        problems.append(msg("ahp_too_large", n=n, most=MAX_SIZE))
    for i in range(n):
        for j in range(n):
            problems.extend(_cell_problems(a[i, j], i == j,
                                           msg("ahp_cell", row=label(i), column=label(j))))
    for i in range(n):
        for j in range(i + 1, n):
            if not _reciprocal(a[i, j], a[j, i]):
                problems.append(msg("ahp_not_reciprocal", place=msg("ahp_cell", row=label(i),
                                                                    column=label(j)),
                                    value=float(a[i, j]), mirror=float(a[j, i]),
                                    expected=float(1 / a[i, j])))
    return problems


def ahp(matrix: np.ndarray, ri_table: str = "saaty", threshold: float = 0.10) -> AHPResult:
    """Eigenvector weights and consistency of a pairwise comparison matrix.

    Each pair keeps its entry >= 1 and uses the exact reciprocal for the mirror (so 0.333 is read
    as 1/3). Raises ValueError listing every ``validate_pairwise`` problem.
    """
    table = _ri_table(ri_table)
    problems = validate_pairwise(matrix)
    if problems:
        raise ValueError("invalid pairwise comparison matrix:\n- " + "\n- ".join(problems))
    a = _reciprocalise(np.array(matrix, dtype=float))
    n = a.shape[0]
    if n not in table:
        raise ValueError(f"RI table {ri_table!r} has no value for n = {n} (max {max(table)})")
    lam, w = principal_eigen(a)
    ri = table[n]
    cr = _cr(lam, n, ri)
    consistent = bool(cr <= threshold)
    best = fix = worst = None
    if n >= 3:
        best, fix = single_changes(a, ri, threshold)
        worst = Judgement(i=best.i, j=best.j, current=best.current,
                          consistent=float(w[best.i] / w[best.j]), suggested=best.value,
                          cr_if_suggested=best.cr, reverses=best.reverses)
    return AHPResult(
        weights=_frozen(w),
        lambda_max=lam,
        ci=_ci(lam, n),
        cr=cr,
        ri=ri,
        ri_table=ri_table,
        consistent=consistent,
        worst=worst,
        best_change=best,
        smallest_fix=None if consistent else fix,
        lambda_limit=float(n + threshold * ri * (n - 1)) if n > 2 else float(n),
    )


def hierarchical(
    criteria_matrix: np.ndarray,
    indicator_matrices: Sequence[np.ndarray | None],
    ri_table: str = "saaty",
    threshold: float = 0.10,
) -> HierarchyResult:
    """Global indicator weights = criterion weight x local indicator weight (sum to 1).

    ``indicator_matrices[c]`` compares the indicators of criterion c; None (or a 1 x 1 matrix)
    means a single indicator with local weight 1.
    """
    criteria = _ahp_at(criteria_matrix, ri_table, threshold, "criteria matrix")
    if len(indicator_matrices) != criteria.weights.size:
        raise ValueError(f"{len(indicator_matrices)} indicator matrices given for "
                         f"{criteria.weights.size} criteria")
    locals_ = tuple(
        _ahp_at(np.ones((1, 1)) if mat is None else mat, ri_table, threshold,
                f"criterion {c} matrix")
        for c, mat in enumerate(indicator_matrices)
    )
    global_w = np.concatenate([cw * r.weights for cw, r in zip(criteria.weights, locals_,
                                                                strict=True)])
    groups = np.repeat(np.arange(len(locals_)), [r.weights.size for r in locals_])
    return HierarchyResult(criteria, locals_, _frozen(global_w), _frozen(groups))


def consistent_matrix(weights: np.ndarray) -> np.ndarray:
    """Perfectly consistent pairwise matrix a_ij = w_i / w_j for positive weights."""
    w = np.asarray(weights, dtype=float)
    if w.ndim != 1 or w.size == 0 or not np.isfinite(w).all() or (w <= 0).any():
        raise ValueError("weights must be a non-empty 1-D array of positive finite numbers")
    out: np.ndarray = w[:, None] / w[None, :]
    return out


def principal_eigen(a: np.ndarray) -> tuple[float, np.ndarray]:
    """(lambda_max, eigenvector normalised to sum 1) of a positive matrix (Perron root)."""
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    w = vectors[:, k].real
    return float(values[k].real), w / w.sum()


# --------------------------------------------------------------------------- internals


def _ahp_at(matrix: np.ndarray, ri_table: str, threshold: float, where: str) -> AHPResult:
    try:
        return ahp(matrix, ri_table, threshold)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None


def _ri_table(name: str) -> dict[int, float]:
    if name not in RI_TABLES:
        raise ValueError(f"unknown RI table {name!r}; choose one of {sorted(RI_TABLES)}")
    return RI_TABLES[name]


def _ci(lam: float, n: int) -> float:
    return max((lam - n) / (n - 1), 0.0) if n > 2 else 0.0


def _cr(lam: float, n: int, ri: float) -> float:
    return _ci(lam, n) / ri if n > 2 else 0.0


def single_changes(a: np.ndarray, ri: float, threshold: float = 0.10
                   ) -> tuple[Change, Change | None]:
    """(best, fix) over every judgement a_ij (i < j) set to each of Saaty's 17 values other
    than its current one: ``best`` gives the lowest CR, ``fix`` reaches CR <= ``threshold``
    in the fewest scale steps (ties: lower CR). Both keep the judgement's direction (a value
    on the same side of 1, or 1 itself) unless no direction-keeping change reaches the
    threshold and a reversing one does. ``fix`` is None when no single change reaches it.
    Remaining ties: the first pair in row order, then the smaller value. ``a`` must be
    reciprocal (as :func:`ahp` makes it), n >= 3."""
    n = a.shape[0]
    iu, ju = np.triu_indices(n, k=1)
    pairs = np.repeat(np.arange(iu.size), SAATY_SCALE.size)
    values = np.tile(SAATY_SCALE, iu.size)
    current = a[iu, ju][pairs]
    keep = ~np.isclose(values, current, rtol=1e-9, atol=0.0)
    pairs, values, current = pairs[keep], values[keep], current[keep]
    cr = np.array([_cr(lam, n, ri) for lam in _lambda_max_with(a, iu[pairs], ju[pairs],
                                                                values)])
    steps = np.abs(_scale_position(values) - _scale_position(current))
    reverses = ((current > 1) & (values < 1)) | ((current < 1) & (values > 1))
    ok = cr <= threshold
    allowed = ~reverses if (ok & ~reverses).any() or not ok.any() else reverses | ~reverses
    order = np.arange(cr.size)  # row order of pairs, then increasing value

    def pick(idx: np.ndarray) -> Change:
        k = int(idx[0])
        p = int(pairs[k])
        return Change(i=int(iu[p]), j=int(ju[p]), current=float(current[k]),
                      value=float(values[k]), steps=int(steps[k]), cr=float(cr[k]),
                      reverses=bool(reverses[k]))

    rounded = np.round(cr, 12)
    cand = np.flatnonzero(allowed)
    best = pick(cand[np.lexsort((order[cand], steps[cand], rounded[cand]))])
    fixes = np.flatnonzero(allowed & ok)
    fix = (pick(fixes[np.lexsort((order[fixes], rounded[fixes], steps[fixes]))])
           if fixes.size else None)
    return best, fix


def _scale_position(x: np.ndarray) -> np.ndarray:
    """Index (0 = 1/9 ... 16 = 9) of the Saaty value nearest each x in log distance."""
    pos: np.ndarray = np.argmin(np.abs(np.log(SAATY_SCALE[None, :] / np.asarray(x)[:, None])),
                                axis=1)
    return pos


def _lambda_max_with(
    a: np.ndarray, iu: np.ndarray, ju: np.ndarray, values: np.ndarray
) -> np.ndarray:
    """lambda_max of copies of ``a`` where copy k has a[iu[k], ju[k]] = values[k] (+ mirror)."""
    k = np.arange(iu.size)
    stack = np.repeat(a[None], iu.size, axis=0)
    stack[k, iu, ju], stack[k, ju, iu] = values, 1.0 / values
    lam: np.ndarray = np.linalg.eigvals(stack).real.max(axis=1)
    return lam


def _reciprocalise(a: np.ndarray) -> np.ndarray:
    """Keep the entry >= 1 of each pair, set its mirror to the exact reciprocal, diagonal to 1."""
    upper = np.triu(np.ones_like(a, dtype=bool), k=1)
    keep_upper = upper & (a >= a.T)
    keep_lower = upper.T & (a > a.T)
    kept = keep_upper | keep_lower
    out = np.where(kept, a, 0.0)
    out = np.where(kept.T, 1.0 / a.T, out)
    np.fill_diagonal(out, 1.0)
    return out


def _cell_problems(x: float, diagonal: bool, place: Message) -> list[Message]:
    if not np.isfinite(x):
        return [msg("ahp_cell_missing", place=place, value=float(x))]
    if x <= 0:
        return [msg("ahp_cell_not_positive", place=place, value=float(x))]
    if diagonal:
        return [] if abs(x - 1.0) <= 1e-9 else [msg("ahp_cell_diagonal", place=place,
                                                   value=float(x))]
    if x < round(1 / 9, 3) - 1e-12 or x > 9 + 1e-9:
        return [msg("ahp_cell_outside_scale", place=place, value=float(x))]
    return []


def _reciprocal(x: float, y: float) -> bool:
    if not (np.isfinite(x) and np.isfinite(y) and x > 0 and y > 0):
        return True  # already reported as a cell problem
    small, big = min(x, y), max(x, y)
    return abs(small * big - 1.0) <= _RECIPROCAL_RTOL or abs(small - round(1 / big, 3)) < 1e-12


def _labeller(names: Sequence[str] | None) -> Callable[[int], str]:
    if names is None:
        return lambda k: str(k + 1)
    return lambda k: f"{k + 1} ({names[k]})"


def _frozen(x: np.ndarray) -> np.ndarray:
    x = np.array(x)
    x.setflags(write=False)
    return x
