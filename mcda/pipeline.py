"""From a decision matrix with gaps to a ranking: weights, coverage, missing values,
normalisation, scoring and per-criterion sub-scores. Pure: no I/O.

Weights are hierarchical: each criterion has a weight and each indicator a local
weight inside its criterion; the global weight of an indicator is their product.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mcda import methods
from mcda.messages import render
from mcda.missing import fill_gaps
from mcda.normalization import goalposts_from, normalize

METHODS: tuple[str, ...] = ("topsis", "wsm", "vikor", "promethee2")
NORMALIZATIONS: tuple[str, ...] = ("vector", "minmax", "goalpost")
#: ``worst`` (default): a gap is scored at the indicator's worst possible value (so a unit
#: never gains from it) and the score with gaps at their best is shown beside it.
MISSING_POLICIES: tuple[str, ...] = ("worst", "exclude", "redistribute")


@dataclass(frozen=True)
class ProblemSpec:
    """What to compute. ``indicators``, ``groups`` (criterion id of each indicator),
    ``types`` (+1 benefit, −1 cost) and ``local_weights`` are parallel sequences;
    ``criterion_weights`` maps criterion id → weight. ``bounds`` gives goalposts
    (lower, upper) in the indicator's own unit; an indicator without bounds gets the
    minimum and maximum over *all* rows of the matrix (the whole layer). ``worst``: per
    indicator the worst value a gap is scored at under ``missing = "worst"`` (raw units;
    default ``mcda.missing.worst_values``)."""

    indicators: tuple[str, ...]
    groups: tuple[str, ...]
    types: tuple[int, ...]
    local_weights: tuple[float, ...]
    criterion_weights: dict[str, float]
    method: str = "topsis"
    normalization: str = "vector"
    bounds: dict[str, tuple[float, float]] = field(default_factory=dict)
    missing: str = "worst"
    worst: dict[str, float] = field(default_factory=dict)
    min_coverage: float = 0.5
    vikor_v: float = 0.5
    promethee_preference: str = "vshape"

    def __post_init__(self) -> None:
        n = len(self.indicators)
        if not (len(self.groups) == len(self.types) == len(self.local_weights) == n):
            raise ValueError("indicators, groups, types and local_weights differ in length")
        if self.method not in METHODS:
            raise ValueError(f"unknown method {self.method!r}; expected one of {METHODS}")
        if self.normalization not in NORMALIZATIONS:
            raise ValueError(
                f"unknown normalisation {self.normalization!r}; expected one of {NORMALIZATIONS}"
            )
        if self.missing not in MISSING_POLICIES:
            raise ValueError(f"unknown missing-value policy {self.missing!r}")


@dataclass(frozen=True)
class Outcome:
    """A ranking. ``table``: one row per unit of the matrix with ``status``
    (``ranked``/``excluded``), ``reason``, ``score``, ``rank`` (1 = best), ``complete``,
    ``missing`` (ids of used indicators it lacks) and ``sub_<criterion>`` (0–1).
    ``weights``: per indicator its criterion, the weights asked for and the global
    weight actually used, and its coverage. ``notes``: what was dropped and why.
    ``scored``: the matrix of used indicators as scored (gaps filled under ``worst``).
    Under ``worst`` the table also has ``score_best`` (gaps at their best value)."""

    table: pd.DataFrame
    weights: pd.DataFrame
    notes: tuple[str, ...]
    criteria: tuple[str, ...]
    ascending: bool
    scored: pd.DataFrame | None = None


def resolve_weights(
    matrix: pd.DataFrame, spec: ProblemSpec, candidates: pd.Index
) -> tuple[pd.DataFrame, list[str]]:
    """Decide which indicators are used and their global weights (sum 1).

    Drops indicators with zero weight, absent from the data, or with coverage among the
    candidates below ``spec.min_coverage``; a criterion left without indicators is
    dropped and the remaining criterion weights are rescaled in proportion.
    """
    notes: list[str] = []
    ids = list(spec.indicators)
    present = np.array([fid in matrix.columns for fid in ids])
    if len(candidates):
        coverage = matrix.reindex(index=candidates, columns=ids).notna().mean().to_numpy()
    else:
        coverage = np.zeros(len(ids))
    rows = []
    for k, (fid, grp, t, lw) in enumerate(zip(ids, spec.groups, spec.types,
                                              spec.local_weights, strict=True)):
        cw = float(spec.criterion_weights.get(grp, 0.0))
        cov = float(coverage[k])
        if lw <= 0 or cw <= 0:
            status = "weight 0"
        elif not present[k] or cov == 0:
            status = render("status_no_data")
        elif cov < spec.min_coverage:
            status = render("status_coverage", coverage=f"{cov:.0%}",
                            minimum=f"{spec.min_coverage:.0%}")
        else:
            status = "used"
        rows.append({"indicator": fid, "criterion": grp, "type": t, "criterion_weight": cw,
                     "local_weight": float(lw), "coverage": cov, "status": status})
    w = pd.DataFrame(rows).set_index("indicator")
    used = w["status"] == "used"
    for fid in w.index[~used & (w["status"] != "weight 0")]:
        notes.append(render("indicator_not_used", indicator=fid, status=w.loc[fid, "status"]))
    crit_used = w[used].groupby("criterion")["local_weight"].sum()
    asked = {c: v for c, v in spec.criterion_weights.items() if v > 0}
    for c in asked:
        if c not in crit_used.index:
            notes.append(render("criterion_dropped", criterion=c, weight=f"{asked[c]:.3g}"))
    cw_used = pd.Series({c: asked[c] for c in crit_used.index}, dtype=float)
    if cw_used.sum() <= 0:
        raise ValueError("no criterion with positive weight has usable indicators")
    cw_used /= cw_used.sum()
    crit = w["criterion"]
    share = (cw_used.reindex(crit).to_numpy() * w["local_weight"].to_numpy()
             / crit_used.reindex(crit).to_numpy())
    w["global_weight"] = np.where(used.to_numpy(), share, 0.0)
    return w, notes


def run(matrix: pd.DataFrame, spec: ProblemSpec, candidates: pd.Index | None = None) -> Outcome:
    """Rank the ``candidates`` (default: all rows) of ``matrix`` (units × indicators,
    raw values in their own units, NaN = unknown). Other rows only inform goalposts."""
    cand = matrix.index if candidates is None else pd.Index(candidates)
    w, notes = resolve_weights(matrix, spec, cand)
    used = w.index[w["status"] == "used"]
    groups_codes = pd.factorize(w.loc[used, "criterion"])[0]
    crit_order = tuple(dict.fromkeys(w.loc[used, "criterion"]))
    data = matrix.reindex(columns=used).astype(float)

    n = len(matrix.index)
    is_cand = matrix.index.isin(cand)
    avail = data.notna().to_numpy()
    crit_of = w.loc[used, "criterion"].to_numpy()
    status = np.full(n, "excluded", dtype=object)
    reason = np.full(n, render("not_candidate"), dtype=object)
    complete = is_cand & avail.all(axis=1)
    missing = np.array(["" if not is_cand[i] else ", ".join(used[~avail[i]])
                        for i in range(n)], dtype=object)
    ok = is_cand.copy()
    if spec.missing == "exclude":
        bad = ok & ~complete
        reason[bad] = [render("missing", fields=m) for m in missing[bad]]
        ok &= complete
    elif spec.missing == "redistribute":
        for c in crit_order:
            lacking = is_cand & ~avail[:, crit_of == c].any(axis=1)
            reason[lacking] = render("criterion_without_data", criterion=c)
            ok &= ~lacking
    status[ok] = "ranked"
    reason[ok] = ""
    cols: dict[str, object] = {"status": status, "reason": reason, "complete": complete,
                               "missing": missing, "score": np.full(n, np.nan)}
    rank = pd.array([pd.NA] * n, dtype="Int64")
    subs = {f"sub_{c}": np.full(n, np.nan) for c in crit_order}
    ascending = spec.method == "vikor"
    if not ok.any():
        notes.append(render("nothing_ranked"))
        table = pd.DataFrame({**cols, "rank": rank, **subs}, index=matrix.index)
        return Outcome(table, w, tuple(notes), crit_order, ascending)

    types = w.loc[used, "type"].to_numpy(dtype=int)
    gw = w.loc[used, "global_weight"].to_numpy(dtype=float)
    if spec.missing == "worst":
        gaps = ok & ~complete
        filled, best = fill_gaps(data, types, ok, spec.worst)
        notes.append(render("missing_worst", count=str(int(gaps.sum()))))
        # Score interval: each incomplete unit again with its own gaps at the best value
        # on the layer, every other unit as ranked.
        cols["score_best"] = np.full(n, np.nan)
        for i in np.flatnonzero(gaps):
            alt = filled.copy()
            alt.iloc[i] = best.iloc[i]
            cols["score_best"][i] = _score_matrix(alt, ok, types, gw, groups_codes,
                                                  spec)[np.flatnonzero(ok) == i][0]
        data = filled
    x = data.to_numpy()[ok]
    bounds = goalposts(data, spec.bounds) if spec.normalization == "goalpost" else None
    r = normalize(x, types, spec.normalization, bounds)
    scores = _score(r, gw, groups_codes, spec)
    cols["score"][ok] = scores
    if spec.missing == "worst":
        cols["score_best"][ok & complete] = scores[complete[ok]]
    rank[ok] = methods.rank(scores, ascending)

    # Sub-scores: attainment 0–1 on each criterion, on the goalpost scale when goalposts
    # are used and on the candidates' min–max scale otherwise.
    r01 = r if spec.normalization == "goalpost" else normalize(x, types, "minmax")
    eff = methods.effective_weights(gw, ~np.isnan(x), groups_codes)
    for k, c in enumerate(crit_order):
        in_c = groups_codes == k
        wc = eff[:, in_c]
        subs[f"sub_{c}"][ok] = (wc * np.nan_to_num(r01[:, in_c])).sum(axis=1) / wc.sum(axis=1)
    table = pd.DataFrame({**cols, "rank": rank, **subs}, index=matrix.index)
    return Outcome(table, w, tuple(notes), crit_order, ascending, data)


def _score_matrix(data: pd.DataFrame, ok: np.ndarray, types: np.ndarray, gw: np.ndarray,
                  groups: np.ndarray, spec: ProblemSpec) -> np.ndarray:
    bounds = goalposts(data, spec.bounds) if spec.normalization == "goalpost" else None
    r = normalize(data.to_numpy()[ok], types, spec.normalization, bounds)
    return _score(r, gw, groups, spec)


def goalposts(data: pd.DataFrame, given: dict[str, tuple[float, float]]) -> np.ndarray:
    """Goalposts (m × 2: lower, upper) per column of ``data`` (the whole layer, raw
    units): the ``given`` bounds where there are any, else the layer's minimum and
    maximum (upper = lower + 1 for a constant column)."""
    layer = goalposts_from(data.to_numpy(dtype=float))
    flat = layer[:, 1] <= layer[:, 0]  # a constant indicator: every unit gets the same value
    layer[flat, 1] = layer[flat, 0] + 1.0
    return np.asarray([given.get(fid, tuple(layer[k])) for k, fid in enumerate(data.columns)],
                      dtype=float)


def _score(r: np.ndarray, w: np.ndarray, groups: np.ndarray, spec: ProblemSpec) -> np.ndarray:
    if spec.method == "topsis":
        return methods.topsis(r, w, groups)
    if spec.method == "wsm":
        return methods.wsm(r, w, groups)
    if spec.method == "vikor":
        return methods.vikor(r, w, groups, v=spec.vikor_v)
    return methods.promethee_ii(r, w, groups, preference=spec.promethee_preference)
