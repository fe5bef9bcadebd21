"""Shortlists of an evaluation: the best set of k ranked units under constraints, why each
member is in it, the runners-up, and how often each set is best over weight samples.

Pure computation (no I/O). The candidates are the evaluation's *ranked* units (restricted
and excluded units are not candidates); their scores are the method's utilities at the
scenario's weights (higher = better; VIKOR's Q negated), and the set maximises their sum.
The weight samples are those of the robustness analysis (:mod:`mcda.sampling`, criterion
weights, local indicator weights fixed), scored in one batch (:mod:`mcda.batch`); the
constraints are applied in every sample.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd

from criteria.typology import unit_types
from mcda import sampling
from mcda.shortlist import (
    Candidates,
    Constraints,
    Reason,
    RobustShortlist,
    Selection,
    ShortlistError,
    Solver,
    best_sets,
    compile_problem,
    explain,
    top_sets,
)
from scicity.engine.evaluate import Evaluation
from scicity.engine.jsonable import json_ready as _clean
from scicity.engine.robustness import ranked_problem
from scicity.i18n import translate
from scicity.io.exports import metadata, weights_frame

WeightKind = Literal["uniform", "around"]
#: Column of an evaluation table giving the recommended model ("model_1" / "model_2"),
#: when the Model 1 / Model 2 assessment provides one; its values become types.
MODEL_COLUMN = "recommended_model"
MODEL_TYPES: tuple[str, ...] = ("model_1", "model_2")
#: Runners-up listed (the next best sets after the optimum).
RUNNERS_UP = 4
#: Sets listed with their probability of being best (the rest are counted).
LISTED_SETS = 20


@dataclass(frozen=True)
class ShortlistResult:
    """``selection`` (the best set at the scenario's weights) and ``runners_up`` (the next
    best sets); ``members``: one row per member (id index) with names, rank, score, region,
    typology, 3 % rule state, probability of being in the best set and the reasons;
    ``left_out``: units scoring above the weakest member but not chosen, with the reasons;
    ``robust``: best sets over ``samples`` weight vectors (None when ``samples`` = 0);
    ``notes``: what was computed, in words."""

    evaluation: Evaluation
    constraints: Constraints
    selection: Selection
    runners_up: tuple[Selection, ...]
    members: pd.DataFrame
    left_out: pd.DataFrame
    robust: RobustShortlist | None
    samples: int
    seed: int
    weights: WeightKind
    spread: float
    sets_considered: int
    notes: tuple[str, ...]

    @property
    def p_best(self) -> float | None:
        """Probability that the chosen set is best over the weight samples."""
        return None if self.robust is None else self.robust.probability(
            self.selection.members)


def candidates(ev: Evaluation) -> Candidates:
    """The ranked units of ``ev`` as shortlist candidates: region (towns: the computed
    region, else the declared one; regions: itself), coordinates (towns), types (the
    Concept's typology and, when the table has :data:`MODEL_COLUMN`, the model) and the
    3 % rule's state."""
    t = ev.table[ev.table["status"] == "ranked"]
    ids = tuple(str(u) for u in t.index)
    if "region_id" in t:
        reg = t["region_id"]
        if "region_id_computed" in t:
            reg = t["region_id_computed"].where(t["region_id_computed"].notna()
                                                & (t["region_id_computed"] != ""), reg)
        region = tuple("" if pd.isna(r) else str(r) for r in reg)
    else:
        region = ids
    lat = lon = None
    if "lat" in t and "lon" in t:
        lat = tuple(float(x) for x in pd.to_numeric(t["lat"], errors="coerce"))
        lon = tuple(float(x) for x in pd.to_numeric(t["lon"], errors="coerce"))
    typ = unit_types(ev.layer) if ev.layer in ("regions", "towns") else {}
    types: dict[str, frozenset[str]] = {u: frozenset(typ.get(u, ())) for u in ids}
    if MODEL_COLUMN in t:
        for u, m in t[MODEL_COLUMN].items():
            if isinstance(m, str) and m in MODEL_TYPES:
                types[str(u)] = frozenset({*types[str(u)], m})
    return Candidates(ids=ids, region=region, lat=lat, lon=lon, types=types,
                      state=tuple(str(s) for s in t["gate_state"]))


def shortlist(ev: Evaluation, constraints: Constraints, *, samples: int = 10_000,
              seed: int = 0, weights: WeightKind = "uniform", spread: float = 0.2,
              solver: Solver = "auto") -> ShortlistResult:
    """The best set under ``constraints`` at the scenario's weights, its runners-up, the
    reasons, and (``samples`` > 0) the best set for each of ``samples`` criterion-weight
    vectors drawn ``uniform`` on the simplex or ``around`` the scenario's weights
    (± ``spread``), seeded by ``seed``."""
    constraints = _check_ids(ev, constraints)
    prob = ranked_problem(ev)
    cand = candidates(ev)
    cols = prob.units.get_indexer(pd.Index(cand.ids))  # the problem's unit order -> ranking order
    if (cols < 0).any() or len(cols) != len(prob.units):
        raise RuntimeError("shortlist: candidates and the ranked problem disagree")
    scorer = prob.scorer()
    utility = scorer(prob.criterion_weights[None, :])[0][cols]
    problem = compile_problem(cand, constraints)
    sets = top_sets(utility, cand, constraints, 1 + RUNNERS_UP, solver, problem)
    robust = None
    if samples > 0:
        q = len(prob.criteria)
        sampler = (sampling.uniform_sampler(q) if weights == "uniform"
                   else sampling.around_sampler(prob.criterion_weights, spread))
        w = sampler(samples, np.random.default_rng(seed))
        robust = best_sets(scorer(w)[:, cols], cand, constraints, solver, problem)
    members, left_out = explain(sets[0], utility, cand, constraints)
    return ShortlistResult(
        evaluation=ev, constraints=constraints, selection=sets[0],
        runners_up=tuple(sets[1:]),
        members=_member_table(ev, cand, sets[0], members, robust),
        left_out=_left_out_table(ev, left_out),
        robust=robust, samples=samples if robust else 0, seed=seed, weights=weights,
        spread=spread, sets_considered=problem.set_count,
        notes=_notes(ev, constraints, sets[0], weights, spread, samples,
                     None if robust is None else robust.solver),
    )


def _num(t: pd.DataFrame, u: str, col: str) -> float:
    """A numeric cell of the evaluation table."""
    return float(np.asarray(t.at[u, col], dtype=float))


def _check_ids(ev: Evaluation, cons: Constraints) -> Constraints:
    """Unknown ids, fixed units the ranking left out and Model types without a model
    column are errors; an excluded unit that is not ranked is dropped from ``excluded``
    (it is no candidate anyway)."""
    t = ev.table
    for option, ids in (("--fix", cons.fixed), ("--exclude", cons.excluded)):
        unknown = [u for u in ids if u not in t.index]
        if unknown:
            raise ShortlistError("unknown_unit", option=option, ids=", ".join(unknown))
    models = [m for m in cons.require if m in MODEL_TYPES]
    if models and MODEL_COLUMN not in t:
        raise ShortlistError("needs_model", types=", ".join(models))
    out = [u for u in cons.fixed if t.at[u, "status"] != "ranked"]
    if out:
        reasons = t["reason"].to_dict()
        raise ShortlistError("fixed_not_ranked", reasons="; ".join(
            f"{u} ({t.at[u, 'status']!s}: {translate(reasons[u], 'en')})" for u in out))
    return replace(cons, excluded=tuple(u for u in cons.excluded
                                        if t.at[u, "status"] == "ranked"))


def _member_table(ev: Evaluation, cand: Candidates, sel: Selection, reasons: list[Reason],
                  robust: RobustShortlist | None) -> pd.DataFrame:
    t = ev.table
    pos = {u: i for i, u in enumerate(cand.ids)}
    rows = []
    for u in sel.members:
        i = pos[u]
        rows.append({
            "id": u, "name_en": t.at[u, "name_en"], "name_ru": t.at[u, "name_ru"],
            "name_kk": t.at[u, "name_kk"], "rank": int(_num(t, u, "rank")),
            "score": _num(t, u, "score"),
            "region": cand.region[i] if cand.region else "",
            "types": ";".join(sorted(cand.types.get(u, ()))),
            "gate_state": cand.state[i] if cand.state else "",
            "p_in_best_set": None if robust is None else robust.inclusion[u],
            "reasons": [r for r in reasons if r.unit == u],
        })
    return pd.DataFrame(rows).set_index("id")


def _left_out_table(ev: Evaluation, reasons: list[Reason]) -> pd.DataFrame:
    t = ev.table
    ids = list(dict.fromkeys(r.unit for r in reasons))
    return pd.DataFrame({
        "name_en": [t.at[u, "name_en"] for u in ids],
        "rank": [int(_num(t, u, "rank")) for u in ids],
        "score": [_num(t, u, "score") for u in ids],
        "reasons": [[r for r in reasons if r.unit == u] for u in ids],
    }, index=pd.Index(ids, name="id"))


def _notes(ev: Evaluation, cons: Constraints, sel: Selection, weights: WeightKind,
           spread: float, samples: int, robust_solver: str | None) -> tuple[str, ...]:
    method = ev.scenario.method
    out = [f"The set maximises the sum of the members' {method.upper()} scores at the "
           f"scenario's weights"
           + (" (VIKOR's Q negated: lower Q is better)" if ev.ascending else "") + "; "
           f"solved exactly by {sel.solver}"
           + (" (and by the k best allowed units in each weight sample: no constraint "
              "couples the units)" if robust_solver == "top_k" else "") + ".",
           "Candidates are the ranked units only: units the 3 % rule restricts or the user "
           "excluded from the ranking are not candidates."]
    if samples > 0:
        how = ("uniform on the simplex (as the robustness analysis)" if weights == "uniform"
               else f"within ±{spread:.0%} of the scenario's weights")
        out.append(f"Best set recomputed for each of {samples:,} criterion-weight vectors "
                   f"drawn {how}, local indicator weights fixed; the constraints hold in "
                   f"every sample.")
    if cons.eligibility == "eligible_or_undetermined":
        out.append("Eligibility filter: eligible, undetermined and no-data units under the "
                   "3 % rule.")
    elif cons.eligibility == "eligible":
        out.append("Eligibility filter: only units the 3 % rule shows eligible.")
    if cons.min_distance_km:
        out.append("Distances are geodesic on the WGS 84 ellipsoid (pyproj.Geod) between "
                   "the towns' coordinates.")
    if cons.require:
        out.append("Types: the Concept's regional typology (Section 2 §3, "
                   "criteria/data/typology.csv); a town inherits its region's type unless "
                   "the Concept names the town.")
    return tuple(out)


# ------------------------------------------------------------------------------ export


def _reasons(rs: list[Reason]) -> list[dict[str, object]]:
    return [{"key": r.message.key, "params": r.params, "text": r.text} for r in rs]


def to_json_dict(res: ShortlistResult) -> dict[str, object]:
    """The shortlist as one JSON-ready document (with the ranking's provenance)."""
    ev = res.evaluation
    cons = asdict(res.constraints)
    cons["summary"] = res.constraints.summary()
    members = []
    for uid, row in res.members.iterrows():
        members.append({"id": uid, **{k: row[k] for k in (
            "name_en", "name_ru", "name_kk", "rank", "score", "region", "types",
            "gate_state", "p_in_best_set")}, "reasons": _reasons(row["reasons"])})
    doc: dict[str, object] = {
        **metadata(ev),
        "constraints": cons,
        "solver": res.selection.solver,
        "sets_considered": res.sets_considered,
        "set": members,
        "total_utility": res.selection.total,
        "p_best": res.p_best,
        "runners_up": [{"members": list(s.members), "total_utility": s.total}
                       for s in res.runners_up],
        "left_out": [{"id": uid, "name_en": row["name_en"], "rank": row["rank"],
                      "score": row["score"], "reasons": _reasons(row["reasons"])}
                     for uid, row in res.left_out.iterrows()],
    }
    if res.robust is not None:
        r = res.robust
        doc["robust"] = {
            "samples": r.samples, "seed": res.seed, "weights": res.weights,
            "solver": r.solver,
            "spread": res.spread if res.weights == "around" else None,
            "most_often_best": {"members": list(r.most_often),
                                "probability": r.sets[0][1]},
            "sets": [{"members": list(s), "probability": p} for s, p in
                     r.sets[:LISTED_SETS]],
            "distinct_best_sets": len(r.sets),
            "inclusion": {u: p for u, p in sorted(r.inclusion.items(),
                                                  key=lambda x: -x[1]) if p > 0},
        }
    doc["notes"] = [*res.notes, *(translate(n, "en") for n in ev.notes)]
    doc["messages"] = [n.as_dict() for n in ev.notes]
    doc["weights"] = weights_frame(ev).to_dict(orient="records")
    doc["sources"] = ev.sources.reset_index().to_dict(orient="records")
    return {k: _clean(v) for k, v in doc.items()}


def to_csv_frame(res: ShortlistResult) -> pd.DataFrame:
    """One row per unit of interest: the members (role ``member``), the units scoring above
    the weakest member but left out (``left_out``) and the other units of the runners-up
    (``runner_up``), with the scenario, constraints and probabilities on every row."""
    ev = res.evaluation
    t = ev.table
    rows = []
    for uid, row in res.members.iterrows():
        rows.append({"role": "member", "id": uid, "rank": row["rank"],
                     "score": row["score"], "reasons": "; ".join(r.text for r in
                                                                 row["reasons"])})
    for uid, row in res.left_out.iterrows():
        rows.append({"role": "left_out", "id": uid, "rank": row["rank"],
                     "score": row["score"], "reasons": "; ".join(r.text for r in
                                                                 row["reasons"])})
    seen = {r["id"] for r in rows}
    for s in res.runners_up:
        for u in s.members:
            if u not in seen:
                seen.add(u)
                rows.append({"role": "runner_up", "id": u, "rank": int(_num(t, u, "rank")),
                             "score": _num(t, u, "score"), "reasons": ""})
    df = pd.DataFrame(rows)
    df.insert(2, "name_en", [t.at[u, "name_en"] for u in df["id"]])
    df["p_in_best_set"] = [None if res.robust is None else res.robust.inclusion[u]
                           for u in df["id"]]
    df["p_set_best"] = res.p_best
    df["layer"] = ev.layer
    df["scenario_id"] = ev.scenario.id
    df["method"] = ev.scenario.method
    df["constraints"] = res.constraints.summary()
    df["samples"] = res.samples
    df["seed"] = res.seed
    return df
