"""From a decision matrix with gaps to a ranking: weights, coverage, missing values,
normalisation, scoring and per-criterion sub-scores. Pure: no I/O.

Weights are hierarchical: each criterion has a weight and each indicator a local
weight inside its criterion; the global weight of an indicator is their product.
Methods and normalisations come from :mod:`mcda.registry`; the outcome carries the
scored problem (:class:`mcda.problem.Problem`) for the robustness analyses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mcda import methods, registry
from mcda.messages import Message, msg
from mcda.missing import fill_gaps
from mcda.normalization import goalposts_from, normalize
from mcda.problem import Problem
from mcda.registry import MethodName, MethodOptions, MissingPolicy, NormalizationName
from mcda.vikor import compromise


@dataclass(frozen=True)
class ProblemSpec:
    """What to compute. ``indicators``, ``groups`` (criterion id of each indicator),
    ``types`` (+1 benefit, −1 cost) and ``local_weights`` are parallel sequences;
    ``criterion_weights`` maps criterion id → weight. ``bounds`` gives goalposts
    (lower, upper) in the indicator's own unit; an indicator without bounds gets the
    minimum and maximum over *all* rows of the matrix (the whole layer). ``worst``: per
    indicator the worst value a gap is scored at under ``missing = "worst"`` (raw units;
    default ``mcda.missing.worst_values``). ``scales``: the declared scale (lower, upper,
    raw units) of indicators whose values mean something on a fixed scale — presence flags
    (0–1) and value functions (0–1): every normalisation, method and sub-score places them
    on that scale instead of the candidates' spread (and they are the default goalposts)."""

    indicators: tuple[str, ...]
    groups: tuple[str, ...]
    types: tuple[int, ...]
    local_weights: tuple[float, ...]
    criterion_weights: Mapping[str, float]
    method: MethodName = "topsis"
    normalization: NormalizationName = "vector"
    bounds: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    missing: MissingPolicy = "worst"
    worst: Mapping[str, float] = field(default_factory=dict)
    min_coverage: float = 0.5
    options: MethodOptions = field(default_factory=MethodOptions)
    scales: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.indicators)
        if not (len(self.groups) == len(self.types) == len(self.local_weights) == n):
            raise ValueError("indicators, groups, types and local_weights differ in length")
        registry.get_method(self.method)
        registry.get_normalization(self.normalization)
        registry.check_missing_policy(self.missing)


@dataclass(frozen=True)
class Outcome:
    """A ranking. ``table``: one row per unit of the matrix with ``status``
    (``ranked``/``excluded``), ``reason`` (a ``Message``, None when ranked), ``score``,
    ``rank`` (1 = best), ``complete``, ``missing`` (ids of used indicators it lacks) and
    ``sub_<criterion>`` (0–1); with VIKOR
    also ``vikor_s`` and ``vikor_r`` (group utility S and individual regret R; the score
    is Q), and a note with the compromise set.
    ``weights``: per indicator its criterion, the weights asked for and the global
    weight actually used, its coverage and ``status`` (a code of
    ``mcda.messages.WEIGHT_STATUSES``). ``notes``: what was dropped and why (messages).
    ``problem``: the arrays that were scored (None when no unit was ranked; under
    ``missing = "worst"`` with gaps filled). Under ``worst`` the table also has
    ``score_best``: the unit's score with its own gaps at the best value on the layer."""

    table: pd.DataFrame
    weights: pd.DataFrame
    notes: tuple[Message, ...]
    criteria: tuple[str, ...]
    ascending: bool
    problem: Problem | None = None


#: Weight statuses whose share stays in their criterion as dead weight.
DEAD_WEIGHT: tuple[str, ...] = ("constant",)


def normalized_weights(values: np.ndarray, what: str = "weights") -> np.ndarray:
    """``values`` divided by their sum: the one place weights are normalised. ValueError
    for a negative or non-finite value or a sum that is not positive."""
    w = np.asarray(values, dtype=float)
    if not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise ValueError(f"{what} must be finite and non-negative with a positive sum")
    return np.asarray(w / w.sum(), dtype=float)


def criterion_weights_used(outcome: Outcome) -> pd.Series:
    """Per criterion asked for (weight > 0), the share of the score it actually carries
    (sum 1; 0 for a criterion dropped for lack of usable indicators): what the interface
    shows as "weight used"."""
    w = outcome.weights
    asked = w.loc[w["criterion_weight"] > 0, "criterion"].unique()
    used = w.groupby("criterion")["global_weight"].sum()
    return pd.Series({c: float(used.get(c, 0.0)) for c in asked}, name="weight_used",
                     dtype=float)


def resolve_weights(
    matrix: pd.DataFrame, spec: ProblemSpec, candidates: pd.Index
) -> tuple[pd.DataFrame, list[Message]]:
    """Decide which indicators are used and their global weights (sum 1).

    Drops indicators with zero weight, absent from the data, or with coverage among the
    candidates below ``spec.min_coverage`` — their weight goes to the other indicators of
    their criterion, which keeps the weight asked for — and indicators constant among the
    candidates, whose share stays in their criterion as dead weight. A criterion left
    without indicators is dropped and the remaining criterion weights are rescaled in
    proportion.
    """
    notes: list[Message] = []
    ids = list(spec.indicators)
    present = np.array([fid in matrix.columns for fid in ids])
    if len(candidates):
        coverage = matrix.reindex(index=candidates, columns=ids).notna().mean().to_numpy()
    else:
        coverage = np.zeros(len(ids))
    rows = []
    scale = _scale_basis(matrix, spec, candidates)
    fixed_scale = registry.get_normalization(spec.normalization).fixed
    constant_ids: list[str] = []
    for k, (fid, grp, t, lw) in enumerate(zip(ids, spec.groups, spec.types,
                                              spec.local_weights, strict=True)):
        cw = float(spec.criterion_weights.get(grp, 0.0))
        cov = float(coverage[k])
        if lw <= 0 or cw <= 0:
            status = "weight_zero"
        elif not present[k] or cov == 0:
            status = "no_data"
        elif cov < spec.min_coverage:
            status = "coverage"
        elif fid in scale and scale[fid][0] >= scale[fid][1]:
            status = "constant"
            constant_ids.append(fid)
        else:
            status = "used"
        rows.append({"indicator": fid, "criterion": grp, "type": t, "criterion_weight": cw,
                     "local_weight": float(lw), "coverage": cov, "status": status})
    w = pd.DataFrame(rows).set_index("indicator")
    constant = w.index.isin(constant_ids)
    if not (w["status"] == "used").any() and constant.any() and not fixed_scale:
        # nothing else is usable: keep the constant indicators, every unit ties
        w.loc[constant, "status"] = "used"
        notes.append(msg("all_constant"))
    used = w["status"] == "used"
    for fid in w.index[~used & (w["status"] != "weight_zero")]:
        code = w.loc[fid, "status"]
        why = (msg("status_no_data") if code == "no_data" else
               msg("status_constant") if code == "constant" else
               msg("status_coverage", coverage=float(w.loc[fid, "coverage"]),
                   minimum=float(spec.min_coverage)))
        notes.append(msg("indicator_not_used", indicator=fid, status=why))
    crit_used = w[used].groupby("criterion")["local_weight"].sum()
    asked = {c: v for c, v in spec.criterion_weights.items() if v > 0}
    for c in asked:
        if c not in crit_used.index:
            notes.append(msg("criterion_dropped", criterion=c, weight=float(asked[c])))
    cw_used = pd.Series({c: asked[c] for c in crit_used.index}, dtype=float)
    if cw_used.sum() <= 0:  # nothing usable: the caller ranks no unit, with the reason
        w["global_weight"] = 0.0
        return w, notes
    cw_used[:] = normalized_weights(cw_used.to_numpy(), "criterion weights")
    crit = w["criterion"]
    # A constant indicator keeps its share of its criterion as dead weight (it is known to
    # tell no candidate apart, so it moves no weight onto its neighbours); the used shares
    # are then rescaled together, which changes no ranking. Redistributing it inside the
    # criterion would let a gap that breaks the constancy reweight the criterion — and
    # help a unit. A sparse indicator (coverage) is unknown rather than equal: its
    # criterion keeps the weight asked for, carried by its known indicators (README,
    # "Coverage": dead weight there would make the criteria's effective weights depend on
    # how many sparse indicators each lists).
    held = w[used | w["status"].isin(DEAD_WEIGHT)].groupby("criterion")["local_weight"].sum()
    share = (cw_used.reindex(crit).to_numpy() * w["local_weight"].to_numpy()
             / held.reindex(crit).to_numpy())
    share = np.where(used.to_numpy(), share, 0.0)
    w["global_weight"] = normalized_weights(share, "indicator weights")
    return w, notes


def _scale_basis(matrix: pd.DataFrame, spec: ProblemSpec, candidates: pd.Index
                 ) -> dict[str, tuple[float, float]]:
    """Per indicator present, the (low, high) its scale is built on: the goalposts with a
    fixed-scale normalisation (given, else the whole layer's minimum and maximum), else
    the candidates' minimum and maximum (when at least two candidates have a value).
    low == high: the indicator cannot tell units apart and is skipped."""
    cols = [c for c in spec.indicators if c in matrix.columns]
    data = matrix.reindex(columns=cols).astype(float)
    if spec.missing == "worst":  # the scale includes the value a gap is scored at
        types = np.array([spec.types[spec.indicators.index(c)] for c in cols])
        data = fill_gaps(data, types, data.index.isin(candidates), dict(spec.worst))[0]
    if registry.get_normalization(spec.normalization).fixed:
        lo_hi = goalposts(data, {**spec.scales, **spec.bounds})
        known = data.notna().sum().to_numpy()
    else:
        cand = data.reindex(index=candidates).to_numpy(dtype=float)
        if cand.shape[0] == 0:
            return {}
        with np.errstate(invalid="ignore"):
            lo_hi = np.column_stack([np.fmin.reduce(cand, axis=0),
                                     np.fmax.reduce(cand, axis=0)])
        known = np.isfinite(cand).sum(axis=0)
    # A single known value is sparse data (coverage decides), not a constant column.
    return {c: (float(lo), float(hi))
            for c, (lo, hi), k in zip(cols, lo_hi, known, strict=True)
            if np.isfinite(lo) and np.isfinite(hi) and (k >= 2 or lo < hi)}


def run(matrix: pd.DataFrame, spec: ProblemSpec, candidates: pd.Index | None = None) -> Outcome:
    """Rank the ``candidates`` (default: all rows) of ``matrix`` (units × indicators,
    raw values in their own units, NaN = unknown). Other rows only inform goalposts."""
    cand = matrix.index if candidates is None else pd.Index(candidates)
    w, notes = resolve_weights(matrix, spec, cand)
    used = w.index[w["status"] == "used"]
    # criteria in the catalogue's order (C1–C4), even when a criterion's first indicators
    # were dropped
    in_use = set(w.loc[used, "criterion"])
    crit_order = tuple(c for c in dict.fromkeys(w["criterion"]) if c in in_use)
    groups_codes = pd.Index(crit_order).get_indexer(w.loc[used, "criterion"])
    data = matrix.reindex(columns=used).astype(float)

    n = len(matrix.index)
    is_cand = matrix.index.isin(cand)
    avail = data.notna().to_numpy(dtype=bool)
    crit_of = w.loc[used, "criterion"].to_numpy()
    status = np.full(n, "excluded", dtype=object)
    reason = np.empty(n, dtype=object)
    reason[:] = [msg("not_candidate")] * n
    complete = is_cand & avail.all(axis=1)
    used_arr = np.asarray(used, dtype=object)
    lacks = [tuple(used_arr[~avail[i]]) if is_cand[i] else () for i in range(n)]
    missing = np.array([", ".join(m) for m in lacks], dtype=object)
    ok = is_cand.copy()
    if len(used) == 0:
        reason[ok] = [msg("no_usable_indicator")] * int(ok.sum())
        ok[:] = False
    elif spec.missing == "exclude":
        bad = ok & ~complete
        reason[bad] = [msg("missing", fields=lacks[i]) for i in np.flatnonzero(bad)]
        ok &= complete
    elif spec.missing == "redistribute":
        for c in crit_order:
            lacking = is_cand & ~avail[:, crit_of == c].any(axis=1)
            reason[np.flatnonzero(lacking)] = [msg("criterion_without_data", criterion=c)
                                               ] * int(lacking.sum())
            ok &= ~lacking
    status[ok] = "ranked"
    reason[ok] = None
    cols: dict[str, object] = {"status": status, "reason": reason, "complete": complete,
                               "missing": missing, "score": np.full(n, np.nan)}
    rank = pd.array([pd.NA] * n, dtype="Int64")
    subs = {f"sub_{c}": np.full(n, np.nan) for c in crit_order}
    method = registry.get_method(spec.method)
    ascending = method.ascending
    if not ok.any():
        notes.append(msg("nothing_ranked"))
        table = pd.DataFrame({**cols, "rank": rank, **subs}, index=matrix.index)
        return Outcome(table, w, tuple(notes), crit_order, ascending)

    on_scale = tuple(fid for fid in used if fid in spec.scales)
    if on_scale:
        notes.append(msg("declared_scale", indicators=on_scale))
    if spec.missing == "worst":
        gaps = ok & ~complete
        filled, best = fill_gaps(data, w.loc[used, "type"].to_numpy(dtype=int), ok,
                                 dict(spec.worst))
        notes.append(msg("missing_worst", count=int(gaps.sum())))
        # Score interval: each incomplete unit again with its own gaps at the best value
        # on the layer, every other unit as ranked.
        score_best = cols["score_best"] = np.full(n, np.nan)
        pos = np.cumsum(ok) - 1
        for i in np.flatnonzero(gaps):
            alt = filled.copy()
            alt.iloc[int(i)] = best.iloc[int(i)]
            score_best[i] = _problem(alt, w.loc[used], crit_order, ok, spec,
                                             scale=filled).scores()[pos[i]]
        data = filled
    problem = _problem(data, w.loc[used], crit_order, ok, spec)
    scores = problem.scores()
    score_col = np.full(n, np.nan)
    score_col[ok] = scores
    cols["score"] = score_col
    if spec.missing == "worst":
        score_best[ok & complete] = scores[complete[ok]]
    rank[ok] = methods.rank(scores, ascending)

    # Sub-scores: attainment 0–1 on each criterion, on the goalpost scale when goalposts
    # are used and on the candidates' min–max scale otherwise — an indicator with a
    # declared scale (flag, value function) on that scale in both cases.
    x, r = problem.raw, problem.normalised
    fixed = registry.get_normalization(spec.normalization).fixed
    r01 = r if fixed else normalize(x, problem.types, "minmax", scales=problem.scales)
    eff = methods.effective_weights(problem.global_weights, ~np.isnan(x), groups_codes)
    for k, c in enumerate(crit_order):
        in_c = groups_codes == k
        wc = eff[:, in_c]
        subs[f"sub_{c}"][ok] = (wc * np.nan_to_num(r01[:, in_c])).sum(axis=1) / wc.sum(axis=1)
    if spec.method == "vikor":
        cols |= _vikor_columns(problem, ok, notes)
    table = pd.DataFrame({**cols, "rank": rank, **subs}, index=matrix.index)
    return Outcome(table, w, tuple(notes), crit_order, ascending, problem)


def _vikor_columns(problem: Problem, ok: np.ndarray, notes: list[Message]) -> dict[str, object]:
    """VIKOR's S and R per ranked unit, and a note with the compromise conditions."""
    v = problem.options.vikor.v
    s, r, q = methods.vikor_sr(problem.normalised, problem.global_weights, problem.groups, v,
                               fixed=problem.context().fixed_columns(len(problem.indicators)))
    c = compromise(s, r, q)
    units = tuple(str(problem.units[i]) for i in c.solutions)
    key = ("vikor_compromise" if c.advantage and c.stability
           else "vikor_set_stability" if c.advantage else "vikor_set_advantage")
    notes.append(msg(key, units=units, v=float(v), dq=float(c.dq)))
    out: dict[str, object] = {}
    for name, values in (("vikor_s", s), ("vikor_r", r)):
        col = np.full(ok.size, np.nan)
        col[ok] = values
        out[name] = col
    return out


def _problem(data: pd.DataFrame, w: pd.DataFrame, criteria: tuple[str, ...], ok: np.ndarray,
             spec: ProblemSpec, scale: pd.DataFrame | None = None) -> Problem:
    """The arrays scored: the ranked rows (``ok``) of ``data`` (all rows: the layer) and
    the used indicators' weights ``w``; goalposts from ``scale`` (default ``data``)."""
    groups = pd.Index(criteria).get_indexer(pd.Index(w["criterion"]))
    gw = w["global_weight"].to_numpy(dtype=float)
    cw = np.array([gw[groups == k].sum() for k in range(len(criteria))])
    lift = np.zeros((len(criteria), len(w)))
    lift[groups, np.arange(len(w))] = gw / cw[groups]
    types = w["type"].to_numpy(dtype=int)
    x = data.to_numpy(dtype=float)[ok]
    fixed = registry.get_normalization(spec.normalization).fixed
    scales = np.array([spec.scales.get(fid, (np.nan, np.nan)) for fid in w.index],
                      dtype=float).reshape(len(w), 2)
    bounds = (goalposts(data if scale is None else scale, {**spec.scales, **spec.bounds})
              if fixed else None)
    return Problem(
        units=data.index[ok], criteria=criteria, indicators=tuple(w.index), raw=x,
        normalised=normalize(x, types, spec.normalization, bounds,
                             None if fixed else scales), types=types,
        groups=groups, criterion_weights=cw, lift=lift, bounds=bounds, method=spec.method,
        normalization=spec.normalization, options=spec.options,
        scales=scales if np.isfinite(scales).any() else None,
    )


def goalposts(data: pd.DataFrame, given: Mapping[str, tuple[float, float]]) -> np.ndarray:
    """Goalposts (m × 2: lower, upper) per column of ``data`` (the whole layer, raw
    units): the ``given`` bounds where there are any (a scenario's, else a declared
    scale), else the layer's minimum and maximum."""
    layer = goalposts_from(data.to_numpy(dtype=float))
    return np.asarray([given.get(fid, tuple(layer[k])) for k, fid in enumerate(data.columns)],
                      dtype=float)
