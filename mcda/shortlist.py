"""Shortlists: the set of k units with the largest total score under constraints, and how
often each set is best when the weights vary.

Pure computation (no I/O). Scores are utilities: higher = better (the caller negates
VIKOR's Q). Constraints (:class:`Constraints`): units fixed in or out; at most m chosen
units per region; a minimum geodesic distance (km, WGS 84 ellipsoid, ``pyproj.Geod``)
between any two chosen units; at least one chosen unit of each required type; an
eligibility filter on the 3 % rule's state; a budget on the sum of costs when costs are
given (a unit with an unknown cost cannot be chosen under a budget: a gap never helps).

Exact: when no constraint couples the units (no region cap, distance, required type or
budget) the best set is the fixed units plus the best remaining allowed units (``top_k``);
otherwise, when the number of candidate sets (k minus the fixed units, chosen among the
other allowed units) is at most ``ENUMERATION_LIMIT``, every set is enumerated and checked;
beyond, a 0-1 programme is solved by ``scipy.optimize.milp`` (HiGHS, relative gap 0). Ties
in the total: top_k and enumeration keep the set that comes first in candidate order; the
programme returns one of the tied sets. A problem with no feasible set raises
:class:`ShortlistError`, whose ``key`` and ``params`` name the constraint at fault.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from pyproj import Geod
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from criteria.problems import UserInputError, error
from mcda.messages import TEMPLATES, Message

EligibilityFilter = Literal["any", "eligible", "eligible_or_undetermined"]
Solver = Literal["auto", "top_k", "enumeration", "milp"]
#: The exact method that found a set: the k best allowed units (when no constraint couples
#: the units), every set, or the 0-1 programme.
SolverUsed = Literal["top_k", "enumeration", "milp"]
#: Largest number of candidate sets solved by enumeration under ``solver="auto"``.
ENUMERATION_LIMIT = 200_000
#: 3 % rule states each eligibility filter admits (``any``: every candidate).
ADMITTED_STATES: dict[str, frozenset[str]] = {
    "eligible": frozenset({"eligible"}),
    "eligible_or_undetermined": frozenset({"eligible", "undetermined", "no_data"}),
}
#: A geodesic is never shorter than the meridian arc between its end points' latitudes, and
#: one degree of latitude is at least 110.57 km on WGS 84: pairs further apart in latitude
#: than D / this are not measured.
_KM_PER_DEGREE_LAT_MIN = 110.5
_GEOD = Geod(ellps="WGS84")
_BLOCK_CELLS = 1 << 21  # samples x sets per block when scoring many weight samples

class ShortlistError(UserInputError):
    """A shortlist that cannot be formed: ``key`` and ``params``; ``message`` is the
    engine message ``shortlist_<key>`` (see :data:`mcda.messages.TEMPLATES`) for the view
    to translate, ``text`` its English text (one error of the input ``shortlist``)."""

    def __init__(self, key: str, **params: str):
        self.key = key
        self.params = params
        self.message = Message(f"shortlist_{key}", params)
        self.text = TEMPLATES[self.message.key].format(**params)
        super().__init__([error("shortlist", self.text)])


@dataclass(frozen=True, eq=False)
class Candidates:
    """The units a shortlist draws from, in ranking order. Optional per unit: ``region``
    (id; for the per-region cap), ``lat``/``lon`` (degrees, WGS 84), ``types`` (unit id ->
    its type names: typology, Model 1 / Model 2), ``state`` (3 % rule: eligible,
    restricted, undetermined, no_data), ``cost`` (any currency; NaN = unknown)."""

    ids: tuple[str, ...]
    region: tuple[str, ...] | None = None
    lat: tuple[float, ...] | None = None
    lon: tuple[float, ...] | None = None
    types: Mapping[str, frozenset[str]] = field(default_factory=dict)
    state: tuple[str, ...] | None = None
    cost: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        n = len(self.ids)
        if len(set(self.ids)) != n:
            raise ValueError("candidate ids must be unique")
        for name in ("region", "lat", "lon", "state", "cost"):
            v = getattr(self, name)
            if v is not None and len(v) != n:
                raise ValueError(f"{name} has {len(v)} entries for {n} candidates")


@dataclass(frozen=True)
class Constraints:
    """What a shortlist must satisfy. ``k`` units; ``fixed`` in, ``excluded`` out (ids);
    at most ``max_per_region`` per region; every pair at least ``min_distance_km`` apart
    (geodesic); for each of ``require``, at least one chosen unit of that type;
    ``eligibility`` filters on the 3 % rule's state (``eligible``; ``eligible_or_
    undetermined`` also admits undetermined and no-data units; ``any`` admits every
    candidate); total cost at most ``budget``."""

    k: int
    fixed: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    max_per_region: int | None = None
    min_distance_km: float | None = None
    require: tuple[str, ...] = ()
    eligibility: EligibilityFilter = "any"
    budget: float | None = None

    def summary(self) -> str:
        """The constraints in one line (English)."""
        parts = [f"k = {self.k}"]
        if self.fixed:
            parts.append(f"fixed {', '.join(self.fixed)}")
        if self.excluded:
            parts.append(f"excluded {', '.join(self.excluded)}")
        if self.max_per_region is not None:
            parts.append(f"at most {self.max_per_region} per region")
        if self.min_distance_km:
            parts.append(f"at least {self.min_distance_km:g} km apart")
        if self.require:
            parts.append(f"at least one of each type {', '.join(self.require)}")
        if self.eligibility != "any":
            parts.append(f"eligibility {self.eligibility}")
        if self.budget is not None:
            parts.append(f"budget {self.budget:g}")
        return "; ".join(parts)


@dataclass(frozen=True, eq=False)
class Problem:
    """A shortlist problem after the checks: ``allowed`` positions (into the candidates,
    ascending) of the units that may be chosen; everything else indexes ``allowed``:
    ``fixed`` (must be in), ``region`` codes (-1 = no region), ``conflicts`` (p, 2) pairs
    closer than the minimum distance, ``type_masks`` (one bool array per required type),
    ``cost`` (or None)."""

    candidates: Candidates
    constraints: Constraints
    allowed: NDArray[np.intp]
    fixed: NDArray[np.intp]
    region: NDArray[np.intp]
    conflicts: NDArray[np.intp]
    type_masks: tuple[NDArray[np.bool_], ...]
    cost: NDArray[np.float64] | None

    @property
    def free(self) -> NDArray[np.intp]:
        """Local indices of the allowed units that are not fixed."""
        return np.setdiff1d(np.arange(self.allowed.size), self.fixed)

    @property
    def coupled(self) -> bool:
        """True when a constraint links units (region cap, distance, types, budget)."""
        return bool(self.constraints.max_per_region is not None or self.conflicts.size
                    or self.type_masks or self.cost is not None)

    @property
    def set_count(self) -> int:
        """Number of candidate sets before the constraints: C(free, k - fixed)."""
        return math.comb(int(self.free.size), self.constraints.k - int(self.fixed.size))


@dataclass(frozen=True)
class Selection:
    """The best set: ``members`` (ids, best score first), their ``total`` score and the
    ``solver`` that proved it optimal."""

    members: tuple[str, ...]
    total: float
    solver: SolverUsed


@dataclass(frozen=True)
class RobustShortlist:
    """Best sets over ``samples`` score vectors. ``sets``: each set that was best at least
    once with its probability of being best, most frequent first; ``inclusion``: unit id ->
    probability of being in the best set (every candidate, 0 when never)."""

    samples: int
    sets: tuple[tuple[tuple[str, ...], float], ...]
    inclusion: dict[str, float]
    solver: SolverUsed

    @property
    def most_often(self) -> tuple[str, ...]:
        """The set most often best."""
        return self.sets[0][0]

    def probability(self, members: Sequence[str]) -> float:
        """Probability that the set ``members`` (any order) is best; 0 when never."""
        want = frozenset(members)
        return next((p for s, p in self.sets if frozenset(s) == want), 0.0)


# ----------------------------------------------------------------------------- checks


def compile_problem(cand: Candidates, cons: Constraints) -> Problem:
    """Check ``cons`` against ``cand`` and precompute what the solvers need; raises
    :class:`ShortlistError` naming the first constraint that makes the set impossible."""
    n = len(cand.ids)
    pos = {u: i for i, u in enumerate(cand.ids)}
    _check_options(cons, n)
    for option, ids in (("--fix", cons.fixed), ("--exclude", cons.excluded)):
        unknown = [u for u in ids if u not in pos]
        if unknown:
            raise ShortlistError("unknown_unit", option=option, ids=", ".join(unknown))
    both = sorted(set(cons.fixed) & set(cons.excluded))
    if both:
        raise ShortlistError("fixed_and_excluded", ids=", ".join(both))
    if len(set(cons.fixed)) > cons.k:
        raise ShortlistError("too_many_fixed", count=str(len(set(cons.fixed))),
                             k=str(cons.k))
    ok = np.ones(n, dtype=bool)
    ok[[pos[u] for u in cons.excluded]] = False
    counts = {"excluded": len(set(cons.excluded)), "filtered": 0, "no_cost": 0}
    if cons.eligibility != "any":
        if cand.state is None:
            raise ShortlistError("needs_state")
        admit = ADMITTED_STATES[cons.eligibility]
        bad = np.array([s not in admit for s in cand.state])
        _refuse_fixed(cand, cons, bad, "fixed_not_admitted", filter=cons.eligibility)
        counts["filtered"] = int((bad & ok).sum())
        ok &= ~bad
    cost = None
    if cons.budget is not None:
        if cand.cost is None:
            raise ShortlistError("needs_costs")
        c = np.asarray(cand.cost, dtype=float)
        unknown_cost = ~np.isfinite(c)
        _refuse_fixed(cand, cons, unknown_cost, "fixed_no_cost")
        counts["no_cost"] = int((unknown_cost & ok).sum())
        ok &= ~unknown_cost
    allowed = np.flatnonzero(ok)
    local = {int(p): i for i, p in enumerate(allowed)}
    fixed = np.array(sorted(local[pos[u]] for u in set(cons.fixed)), dtype=np.intp)
    if allowed.size < cons.k:
        raise ShortlistError("too_few_candidates", count=str(allowed.size), k=str(cons.k),
                             **{key: str(v) for key, v in counts.items()})
    if cons.budget is not None:
        cost = np.asarray(cand.cost, dtype=float)[allowed]
        if cost[fixed].sum() > cons.budget:
            raise ShortlistError("fixed_over_budget", cost=f"{cost[fixed].sum():g}",
                                 budget=f"{cons.budget:g}")
    region = _region_codes(cand, cons, allowed, fixed)
    conflicts = _conflicts(cand, cons, allowed, fixed)
    masks = []
    for t in dict.fromkeys(cons.require):
        mask = np.array([t in cand.types.get(cand.ids[p], frozenset()) for p in allowed])
        if not mask.any():
            raise ShortlistError("no_unit_of_type", type=t)
        masks.append(mask)
    return Problem(cand, cons, allowed, fixed, region, conflicts, tuple(masks), cost)


def _check_options(cons: Constraints, n: int) -> None:
    if not 1 <= cons.k <= n:
        raise ShortlistError("bad_k", k=str(cons.k), count=str(n))
    if cons.max_per_region is not None and cons.max_per_region < 1:
        raise ShortlistError("bad_max_per_region", value=str(cons.max_per_region))
    if cons.min_distance_km is not None and not (cons.min_distance_km >= 0
                                                 and math.isfinite(cons.min_distance_km)):
        raise ShortlistError("bad_distance", value=str(cons.min_distance_km))
    if cons.budget is not None and not (cons.budget >= 0 and math.isfinite(cons.budget)):
        raise ShortlistError("bad_budget", value=str(cons.budget))


def _refuse_fixed(cand: Candidates, cons: Constraints, bad: NDArray[np.bool_], key: str,
                  **params: str) -> None:
    pos = {u: i for i, u in enumerate(cand.ids)}
    hit = [u for u in cons.fixed if bad[pos[u]]]
    if hit:
        extra = {"states": ", ".join(f"{u}: {cand.state[pos[u]]}" for u in hit)
                 } if key == "fixed_not_admitted" and cand.state is not None else {}
        raise ShortlistError(key, ids=", ".join(hit), **params, **extra)


def _region_codes(cand: Candidates, cons: Constraints, allowed: NDArray[np.intp],
                  fixed: NDArray[np.intp]) -> NDArray[np.intp]:
    if cons.max_per_region is None:
        return np.full(allowed.size, -1, dtype=np.intp)
    if cand.region is None:
        raise ShortlistError("needs_regions")
    names = [cand.region[p] for p in allowed]
    uniq = {r: i for i, r in enumerate(dict.fromkeys(r for r in names if r))}
    codes = np.array([uniq[r] if r else -1 for r in names], dtype=np.intp)
    for r, code in uniq.items():
        in_r = fixed[codes[fixed] == code]
        if in_r.size > cons.max_per_region:
            raise ShortlistError("fixed_region_cap", region=r, count=str(in_r.size),
                                 m=str(cons.max_per_region),
                                 ids=", ".join(cand.ids[allowed[i]] for i in in_r))
    return codes


def pairwise_km(lat: NDArray[np.float64], lon: NDArray[np.float64], within_km: float
                ) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    """(i, j, km) for the pairs i < j whose geodesic distance on WGS 84 (``pyproj.Geod``)
    is below ``within_km``; pairs further apart in latitude alone are not measured."""
    order = np.argsort(lat, kind="stable")
    reach = within_km / _KM_PER_DEGREE_LAT_MIN
    ii, jj = [], []
    srt = lat[order]
    hi = np.searchsorted(srt, srt + reach, side="right")
    for a in range(order.size):  # candidates: later in latitude order, within reach
        if hi[a] > a + 1:
            ii.append(np.full(hi[a] - a - 1, order[a]))
            jj.append(order[a + 1:hi[a]])
    if not ii:
        empty = np.empty(0, dtype=np.intp)
        return empty, empty, np.empty(0)
    i, j = np.concatenate(ii), np.concatenate(jj)
    _, _, m = _GEOD.inv(lon[i], lat[i], lon[j], lat[j])
    km = np.asarray(m, dtype=float) / 1000.0
    close = km < within_km
    lo, hi2 = np.minimum(i, j)[close], np.maximum(i, j)[close]
    return lo.astype(np.intp), hi2.astype(np.intp), km[close]


def _conflicts(cand: Candidates, cons: Constraints, allowed: NDArray[np.intp],
               fixed: NDArray[np.intp]) -> NDArray[np.intp]:
    d = cons.min_distance_km
    if not d:
        return np.empty((0, 2), dtype=np.intp)
    if cand.lat is None or cand.lon is None:
        raise ShortlistError("needs_coordinates")
    lat = np.asarray(cand.lat, dtype=float)[allowed]
    lon = np.asarray(cand.lon, dtype=float)[allowed]
    if not (np.isfinite(lat) & np.isfinite(lon)).all():
        raise ShortlistError("needs_coordinates")
    i, j, km = pairwise_km(lat, lon, d)
    is_fixed = np.zeros(allowed.size, dtype=bool)
    is_fixed[fixed] = True
    both = np.flatnonzero(is_fixed[i] & is_fixed[j])
    if both.size:
        b = both[0]
        raise ShortlistError("fixed_too_close", a=cand.ids[allowed[i[b]]],
                             b=cand.ids[allowed[j[b]]], km=f"{km[b]:.1f}", min_km=f"{d:g}")
    return np.stack([i, j], axis=1)


# ---------------------------------------------------------------------------- solvers


def best_set(scores: Sequence[float] | NDArray[np.float64], cand: Candidates,
             cons: Constraints, solver: Solver = "auto", problem: Problem | None = None
             ) -> Selection:
    """The feasible set of ``cons.k`` units with the largest total of ``scores`` (one per
    candidate, higher = better). ``problem``: ``compile_problem(cand, cons)`` if already
    made (the same for :func:`top_sets` and :func:`best_sets`)."""
    prob = problem or compile_problem(cand, cons)
    s = _scores(scores, len(cand.ids))
    return _selection(prob, _solve(prob, s[None, :], solver)[0], s, _pick(prob, solver))


def top_sets(scores: Sequence[float] | NDArray[np.float64], cand: Candidates,
             cons: Constraints, count: int = 5, solver: Solver = "auto",
             problem: Problem | None = None) -> list[Selection]:
    """The ``count`` best feasible sets, best first (fewer when fewer exist): the optimum
    and its runners-up. The programme finds each next set by excluding the earlier ones."""
    prob = problem or compile_problem(cand, cons)
    s = _scores(scores, len(cand.ids))
    kind = _pick(prob, solver)
    if kind == "top_k":  # runners-up need every set, or the programme with cuts
        kind = "enumeration" if prob.set_count <= ENUMERATION_LIMIT else "milp"
    if kind == "enumeration":
        sets = feasible_sets(prob)
        if sets.shape[0] == 0:
            raise _infeasible(prob)
        totals = s[prob.allowed][sets].sum(axis=1)
        order = np.argsort(-totals, kind="stable")[:count]
        return [_selection(prob, sets[o], s, kind) for o in order]
    out: list[Selection] = []
    cuts: list[NDArray[np.intp]] = []
    for _ in range(count):
        try:
            chosen = _milp(prob, s[prob.allowed], cuts)
        except ShortlistError:
            if out:
                break
            raise
        cuts.append(chosen)
        out.append(_selection(prob, chosen, s, kind))
    return out


def best_sets(score_samples: NDArray[np.float64], cand: Candidates, cons: Constraints,
              solver: Solver = "auto", problem: Problem | None = None) -> RobustShortlist:
    """For each row of ``score_samples`` (K, n) — e.g. the scores under K weight samples —
    the best feasible set, with the constraints applied in every sample."""
    prob = problem or compile_problem(cand, cons)
    u = np.asarray(score_samples, dtype=float)
    if u.ndim != 2 or u.shape[1] != len(cand.ids) or u.shape[0] == 0:
        raise ValueError(f"score samples must have shape (K, {len(cand.ids)}), got {u.shape}")
    kind = _pick(prob, solver)
    best = _solve(prob, u, kind)  # (K, k) local indices, sorted
    uniq, counts = np.unique(best, axis=0, return_counts=True)
    order = np.lexsort((np.arange(counts.size), -counts))
    k_samples = u.shape[0]
    ids = np.array(cand.ids, dtype=object)[prob.allowed]
    sets = tuple((tuple(str(x) for x in ids[uniq[o]]), float(counts[o] / k_samples))
                 for o in order)
    inc = np.bincount(best.ravel(), minlength=prob.allowed.size) / k_samples
    inclusion = dict.fromkeys(cand.ids, 0.0)
    inclusion.update({str(ids[i]): float(inc[i]) for i in range(ids.size)})
    return RobustShortlist(k_samples, sets, inclusion, kind)


def feasible_sets(prob: Problem) -> NDArray[np.intp]:
    """Every feasible set as rows of sorted local indices (into ``prob.allowed``), in
    lexicographic order of positions."""
    k_free = prob.constraints.k - prob.fixed.size
    free = prob.free
    count = math.comb(free.size, k_free)
    flat = np.fromiter(itertools.chain.from_iterable(
        itertools.combinations(range(free.size), k_free)), dtype=np.intp,
        count=count * k_free)
    sets = np.concatenate([np.broadcast_to(prob.fixed, (count, prob.fixed.size)),
                           free[flat.reshape(count, k_free)]], axis=1)
    sets.sort(axis=1)
    ok = np.ones(count, dtype=bool)
    cap = prob.constraints.max_per_region
    if cap is not None:
        codes = prob.region[sets]
        for r in np.unique(prob.region[prob.region >= 0]):
            if (prob.region == r).sum() > cap:
                ok &= (codes == r).sum(axis=1) <= cap
    if prob.conflicts.size:
        close = np.zeros((prob.allowed.size,) * 2, dtype=bool)
        close[prob.conflicts[:, 0], prob.conflicts[:, 1]] = True
        close |= close.T
        for a, b in itertools.combinations(range(sets.shape[1]), 2):
            ok &= ~close[sets[:, a], sets[:, b]]
    for mask in prob.type_masks:
        ok &= mask[sets].any(axis=1)
    if prob.cost is not None and prob.constraints.budget is not None:
        ok &= prob.cost[sets].sum(axis=1) <= prob.constraints.budget * (1 + 1e-12)
    order = np.lexsort(sets[ok].T[::-1])
    return np.ascontiguousarray(sets[ok][order])


def _pick(prob: Problem, solver: Solver) -> SolverUsed:
    if solver == "top_k" and prob.coupled:
        raise ValueError("top_k solves only problems whose constraints do not couple units")
    if solver == "auto":
        if not prob.coupled:
            return "top_k"
        return "enumeration" if prob.set_count <= ENUMERATION_LIMIT else "milp"
    return solver


def _solve(prob: Problem, s: NDArray[np.float64], solver: Solver) -> NDArray[np.intp]:
    """(K, k) sorted local indices of the best set for each row of ``s`` (K, n)."""
    su = s[:, prob.allowed]
    kind = _pick(prob, solver)
    if kind == "milp":
        return np.stack([_milp(prob, row, []) for row in su])
    if kind == "top_k":
        free = prob.free
        need = prob.constraints.k - prob.fixed.size
        best = free[np.argsort(-su[:, free], axis=1, kind="stable")[:, :need]]
        return np.sort(np.concatenate(
            [np.broadcast_to(prob.fixed, (su.shape[0], prob.fixed.size)), best], axis=1),
            axis=1)
    sets = feasible_sets(prob)
    if sets.shape[0] == 0:
        raise _infeasible(prob)
    out = np.empty(su.shape[0], dtype=np.intp)
    step = max(1, _BLOCK_CELLS // sets.shape[0])
    for a in range(0, su.shape[0], step):
        block = su[a:a + step]
        total = block[:, sets[:, 0]].copy()
        for c in range(1, sets.shape[1]):
            total += block[:, sets[:, c]]
        out[a:a + step] = np.argmax(total, axis=1)  # first maximum = first set in order
    return sets[out]


def _milp(prob: Problem, s: NDArray[np.float64], cuts: list[NDArray[np.intp]]
          ) -> NDArray[np.intp]:
    """Sorted local indices of the best set by the 0-1 programme max s.x subject to the
    constraints (and, for each cut, not all of its units again)."""
    n = prob.allowed.size
    cons = prob.constraints
    rows: list[NDArray[np.intp]] = []
    lo: list[float] = []
    hi: list[float] = []

    def add(cols: NDArray[np.intp], lb: float, ub: float) -> None:
        rows.append(cols)
        lo.append(lb)
        hi.append(ub)

    add(np.arange(n), cons.k, cons.k)
    if cons.max_per_region is not None:
        for r in np.unique(prob.region[prob.region >= 0]):
            members = np.flatnonzero(prob.region == r)
            if members.size > cons.max_per_region:
                add(members, 0, cons.max_per_region)
    for a, b in prob.conflicts:
        add(np.array([a, b]), 0, 1)
    for mask in prob.type_masks:
        add(np.flatnonzero(mask), 1, np.inf)
    for cut in cuts:
        add(cut, 0, cut.size - 1)
    r = np.concatenate([np.full(c.size, k) for k, c in enumerate(rows)])
    c = np.concatenate(rows)
    a = coo_array((np.ones(c.size), (r, c)), shape=(len(rows), n)).tocsr()
    constraints = [LinearConstraint(a, np.array(lo), np.array(hi))]
    if prob.cost is not None and cons.budget is not None:
        constraints.append(LinearConstraint(prob.cost[None, :], -np.inf, cons.budget))
    lb = np.zeros(n)
    lb[prob.fixed] = 1.0
    res = milp(-np.asarray(s, dtype=float), integrality=np.ones(n), bounds=Bounds(lb, 1.0),
               constraints=constraints, options={"mip_rel_gap": 0.0})
    if res.status == 2:
        raise _infeasible(prob)
    if res.x is None or res.status != 0:
        raise ShortlistError("solver_failed", status=str(res.message))
    return np.flatnonzero(res.x > 0.5).astype(np.intp)


def _selection(prob: Problem, local: NDArray[np.intp], s: NDArray[np.float64],
               solver: SolverUsed) -> Selection:
    pos = prob.allowed[local]
    pos = pos[np.argsort(-s[pos], kind="stable")]
    return Selection(tuple(prob.candidates.ids[p] for p in pos), float(s[pos].sum()), solver)


def _infeasible(prob: Problem) -> ShortlistError:
    return ShortlistError("infeasible", k=str(prob.constraints.k),
                          summary=prob.constraints.summary())


def _scores(scores: Sequence[float] | NDArray[np.float64], n: int) -> NDArray[np.float64]:
    s = np.asarray(scores, dtype=float)
    if s.shape != (n,) or not np.isfinite(s).all():
        raise ValueError(f"scores must be {n} finite numbers, got shape {s.shape}")
    return s


# --------------------------------------------------------------------------- reasons

@dataclass(frozen=True)
class Reason:
    """One reason (``key``, ``params``) about ``unit``: the engine message
    ``shortlist_<key>``."""

    unit: str
    key: str
    params: dict[str, str]

    @property
    def message(self) -> Message:
        """The engine message (the view translates it)."""
        return Message(f"shortlist_{self.key}", self.params)

    @property
    def text(self) -> str:
        """The English text."""
        return TEMPLATES[f"shortlist_{self.key}"].format(**self.params)


def explain(selection: Selection, scores: Sequence[float] | NDArray[np.float64],
            cand: Candidates, cons: Constraints) -> tuple[list[Reason], list[Reason]]:
    """(members, left_out): why each member is in the set (every reason that applies) and,
    for each unit scoring above the lowest member but not chosen, the constraints that keep
    it out."""
    s = _scores(scores, len(cand.ids))
    pos = {u: i for i, u in enumerate(cand.ids)}
    chosen = list(selection.members)
    types = {t: [u for u in chosen if t in cand.types.get(u, frozenset())]
             for t in dict.fromkeys(cons.require)}
    forced: set[str] = set(cons.fixed)
    members: list[Reason] = []
    for u in chosen:
        rs = [Reason(u, "member_fixed", {})] if u in cons.fixed else []
        for t, have in types.items():
            if have == [u]:
                rs.append(Reason(u, "member_type", {"type": t}))
                forced.add(u)
        members.extend(rs or [Reason(u, "member_score", {})])
    floor = min(s[pos[u]] for u in chosen)
    out: list[Reason] = []
    for u in sorted((u for u in cand.ids if u not in chosen and s[pos[u]] > floor),
                    key=lambda x: -s[pos[x]]):
        out.extend(_left_out(u, chosen, forced, cand, cons))
    return members, out


def _left_out(u: str, chosen: list[str], forced: set[str], cand: Candidates,
              cons: Constraints) -> list[Reason]:
    i = cand.ids.index(u)
    if u in cons.excluded:
        return [Reason(u, "out_excluded", {})]
    if cons.eligibility != "any" and cand.state is not None and \
            cand.state[i] not in ADMITTED_STATES[cons.eligibility]:
        return [Reason(u, "out_not_admitted", {"state": cand.state[i]})]
    if cons.budget is not None and cand.cost is not None and not math.isfinite(cand.cost[i]):
        return [Reason(u, "out_no_cost", {})]
    rs: list[Reason] = []
    if cons.max_per_region is not None and cand.region is not None and cand.region[i]:
        same = [v for v in chosen if cand.region[cand.ids.index(v)] == cand.region[i]]
        if len(same) >= cons.max_per_region:
            rs.append(Reason(u, "out_region_cap", {"region": cand.region[i],
                                                   "members": ", ".join(same),
                                                   "m": str(cons.max_per_region)}))
    if cons.min_distance_km and cand.lat is not None and cand.lon is not None:
        for v in chosen:
            j = cand.ids.index(v)
            _, _, m = _GEOD.inv(cand.lon[i], cand.lat[i], cand.lon[j], cand.lat[j])
            if m / 1000.0 < cons.min_distance_km:
                rs.append(Reason(u, "out_too_close", {"member": v, "km": f"{m / 1000:.0f}",
                                                      "min_km": f"{cons.min_distance_km:g}"}))
    if cons.budget is not None and cand.cost is not None:
        total = sum(cand.cost[cand.ids.index(v)] for v in chosen) + cand.cost[i]
        if total > cons.budget:
            rs.append(Reason(u, "out_over_budget", {"cost": f"{total:g}",
                                                    "budget": f"{cons.budget:g}"}))
    return rs or [Reason(u, "out_forced", {})]
