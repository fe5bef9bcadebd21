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
from mcda.normalization import normalize

METHODS: tuple[str, ...] = ("topsis", "wsm", "vikor", "promethee2")
NORMALIZATIONS: tuple[str, ...] = ("vector", "minmax", "goalpost")
MISSING_POLICIES: tuple[str, ...] = ("exclude", "redistribute")


@dataclass(frozen=True)
class ProblemSpec:
    """What to compute. ``indicators``, ``groups`` (criterion id of each indicator),
    ``types`` (+1 benefit, −1 cost) and ``local_weights`` are parallel sequences;
    ``criterion_weights`` maps criterion id → weight. ``bounds`` gives goalposts
    (lower, upper) in the indicator's own unit; an indicator without bounds gets the
    minimum and maximum over *all* rows of the matrix (the whole layer)."""

    indicators: tuple[str, ...]
    groups: tuple[str, ...]
    types: tuple[int, ...]
    local_weights: tuple[float, ...]
    criterion_weights: dict[str, float]
    method: str = "topsis"
    normalization: str = "vector"
    bounds: dict[str, tuple[float, float]] = field(default_factory=dict)
    missing: str = "redistribute"
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
    weight actually used, and its coverage. ``notes``: what was dropped and why."""

    table: pd.DataFrame
    weights: pd.DataFrame
    notes: tuple[str, ...]
    criteria: tuple[str, ...]
    ascending: bool


def resolve_weights(
    matrix: pd.DataFrame, spec: ProblemSpec, candidates: pd.Index
) -> tuple[pd.DataFrame, list[str]]:
    """Decide which indicators are used and their global weights (sum 1).

    Drops indicators with zero weight, absent from the data, or with coverage among the
    candidates below ``spec.min_coverage``; a criterion left without indicators is
    dropped and the remaining criterion weights are rescaled in proportion.
    """
    notes: list[str] = []
    rows = []
    for fid, grp, t, lw in zip(spec.indicators, spec.groups, spec.types, spec.local_weights,
                               strict=True):
        cw = float(spec.criterion_weights.get(grp, 0.0))
        if fid in matrix and len(candidates):
            coverage = float(matrix.loc[candidates, fid].notna().mean())
        else:
            coverage = 0.0
        if lw <= 0 or cw <= 0:
            status = "weight 0"
        elif fid not in matrix or coverage == 0:
            status = "no data"
        elif coverage < spec.min_coverage:
            status = f"coverage {coverage:.0%} < {spec.min_coverage:.0%}"
        else:
            status = "used"
        rows.append({"indicator": fid, "criterion": grp, "type": t, "criterion_weight": cw,
                     "local_weight": float(lw), "coverage": coverage, "status": status})
    w = pd.DataFrame(rows).set_index("indicator")
    used = w["status"] == "used"
    for fid in w.index[~used & (w["status"] != "weight 0")]:
        notes.append(f"indicator {fid} not used: {w.loc[fid, 'status']}")
    crit_used = w[used].groupby("criterion")["local_weight"].sum()
    asked = {c: v for c, v in spec.criterion_weights.items() if v > 0}
    for c in asked:
        if c not in crit_used.index:
            notes.append(f"criterion {c} has no usable indicator on this layer: its weight "
                         f"{asked[c]:.3g} is shared among the other criteria in proportion")
    cw_used = pd.Series({c: asked[c] for c in crit_used.index}, dtype=float)
    if cw_used.sum() <= 0:
        raise ValueError("no criterion with positive weight has usable indicators")
    cw_used /= cw_used.sum()
    w["global_weight"] = 0.0
    for fid in w.index[used]:
        c = w.loc[fid, "criterion"]
        w.loc[fid, "global_weight"] = cw_used[c] * w.loc[fid, "local_weight"] / crit_used[c]
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

    table = pd.DataFrame(index=matrix.index)
    table["status"] = "excluded"
    table["reason"] = "not a candidate"
    sub = data.loc[cand]
    avail = sub.notna()
    table["complete"] = False
    table.loc[cand, "complete"] = avail.all(axis=1)
    table["missing"] = ""
    table.loc[cand, "missing"] = [", ".join(used[~row]) for row in avail.to_numpy()]
    ok = pd.Series(True, index=cand)
    if spec.missing == "exclude":
        ok &= avail.all(axis=1)
        table.loc[ok.index[~ok], "reason"] = "missing: " + table.loc[ok.index[~ok], "missing"]
    else:
        for c in crit_order:
            cols = w.loc[used][w.loc[used, "criterion"] == c].index
            has = avail[cols].any(axis=1)
            lacking = has.index[~has]
            table.loc[lacking, "reason"] = f"no data for any indicator of {c}"
            ok &= has
    ranked = ok.index[ok]
    table.loc[ranked, "status"] = "ranked"
    table.loc[ranked, "reason"] = ""
    table["score"] = np.nan
    table["rank"] = pd.array([pd.NA] * len(table), dtype="Int64")
    for c in crit_order:
        table[f"sub_{c}"] = np.nan
    ascending = spec.method == "vikor"
    if len(ranked) == 0:
        notes.append("no unit could be ranked")
        return Outcome(table, w, tuple(notes), crit_order, ascending)

    x = data.loc[ranked].to_numpy()
    types = w.loc[used, "type"].to_numpy(dtype=int)
    gw = w.loc[used, "global_weight"].to_numpy(dtype=float)
    bounds = _bounds(data, spec) if spec.normalization == "goalpost" else None
    r = normalize(x, types, spec.normalization, bounds)
    scores = _score(r, gw, groups_codes, spec)
    table.loc[ranked, "score"] = scores
    table.loc[ranked, "rank"] = methods.rank(scores, ascending)

    # Sub-scores: attainment 0–1 on each criterion, on the goalpost scale when goalposts
    # are used and on the candidates' min–max scale otherwise.
    r01 = r if spec.normalization == "goalpost" else normalize(x, types, "minmax")
    eff = methods.effective_weights(gw, ~np.isnan(x), groups_codes)
    for k, c in enumerate(crit_order):
        cols = groups_codes == k
        wc = eff[:, cols]
        vals = np.nan_to_num(r01[:, cols])
        table.loc[ranked, f"sub_{c}"] = (wc * vals).sum(axis=1) / wc.sum(axis=1)
    return Outcome(table, w, tuple(notes), crit_order, ascending)


def _bounds(data: pd.DataFrame, spec: ProblemSpec) -> np.ndarray:
    """Goalposts per used indicator: the spec's, else min and max over the whole layer."""
    out = []
    for fid in data.columns:
        if fid in spec.bounds:
            out.append(spec.bounds[fid])
        else:
            out.append((float(np.nanmin(data[fid])), float(np.nanmax(data[fid]))))
    return np.asarray(out, dtype=float)


def _score(r: np.ndarray, w: np.ndarray, groups: np.ndarray, spec: ProblemSpec) -> np.ndarray:
    if spec.method == "topsis":
        return methods.topsis(r, w, groups)
    if spec.method == "wsm":
        return methods.wsm(r, w, groups)
    if spec.method == "vikor":
        return methods.vikor(r, w, groups, v=spec.vikor_v)
    return methods.promethee_ii(r, w, groups, preference=spec.promethee_preference)
