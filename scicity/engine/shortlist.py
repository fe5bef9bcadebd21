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

from dataclasses import asdict, dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd
from babel.lists import format_list

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
from scicity.i18n import t, translate
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
class Note:
    """A note on what a shortlist computed: the catalogue entry ``shortlist_note_<key>``
    with its raw parameters (``note_text`` puts it in words)."""

    key: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class ShortlistResult:
    """``selection`` (the best set at the scenario's weights) and ``runners_up`` (the next
    best sets); ``members``: one row per member (id index) with names, rank, score, region,
    typology, 3 % rule state, probability of being in the best set and the reasons;
    ``left_out``: units scoring above the weakest member but not chosen, with the reasons;
    ``robust``: best sets over ``samples`` weight vectors (None when ``samples`` = 0);
    ``notes``: what was computed, as messages (``note_text``)."""

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
    notes: tuple[Note, ...]

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
           spread: float, samples: int, robust_solver: str | None) -> tuple[Note, ...]:
    """What was computed, as messages (``note_text`` puts them in words)."""
    out = [Note("sum", {"method": ev.scenario.method, "solver": sel.solver})]
    if ev.ascending:
        out.append(Note("vikor_negated", {}))
    if robust_solver == "top_k":
        out.append(Note("top_k", {}))
    out.append(Note("candidates", {}))
    if samples > 0:
        out.append(Note(f"samples_{weights}", {"samples": samples, "spread": spread}))
    if cons.eligibility != "any":
        out.append(Note(f"elig_{cons.eligibility}", {}))
    if cons.min_distance_km:
        out.append(Note("distance", {}))
    if cons.require:
        out.append(Note("types", {}))
    return tuple(out)


def note_text(note: Note, lang: str = "en") -> str:
    """A shortlist note (``ShortlistResult.notes``) in ``lang``: the catalogue entry
    ``shortlist_note_<key>``, the method by its name."""
    params = dict(note.params)
    if "method" in params:
        params["method"] = t(f"method_{params['method']}", lang)
    return t(f"shortlist_note_{note.key}", lang, **params)


def sampling_text(res: ShortlistResult, lang: str = "en") -> str:
    """How the criterion weights were sampled, in ``lang``."""
    if res.weights == "around":
        return t("shortlist_weights_around", lang, spread=res.spread)
    return t("shortlist_weights_uniform", lang)


def notes_text(res: ShortlistResult, lang: str = "en") -> list[str]:
    """The shortlist's notes, then the ranking's, in ``lang``."""
    return [*(note_text(n, lang) for n in res.notes),
            *(translate(n, lang) for n in res.evaluation.notes)]


# ------------------------------------------------------------------------------ export


def unit_name(ev: Evaluation, uid: str, lang: str = "en") -> str:
    """Unit ``uid``'s name in ``lang`` (its id when the table has none)."""
    col = f"name_{lang}"
    if col in ev.table and uid in ev.table.index and isinstance(ev.table.at[uid, col], str):
        return str(ev.table.at[uid, col])
    return uid


def unit_names(ev: Evaluation, ids: tuple[str, ...] | list[str], lang: str = "en") -> str:
    """Units' names in ``lang`` as a list in that language (``A, B and C``)."""
    return format_list([unit_name(ev, u, lang) for u in ids], locale=lang) if ids else ""


def region_text(ev: Evaluation, code: str, lang: str = "en") -> str:
    """A region's name in ``lang``: for towns the region's, for regions the unit's."""
    if not code:
        return ""
    if ev.layer == "regions":
        return unit_name(ev, code, lang)
    from scicity.view.ranking import region_name
    return region_name(code, lang)


def type_text(code: str, lang: str = "en") -> str:
    """A unit type (the Concept's typology, or Model 1 / Model 2) in ``lang``."""
    return t(f"shortlist_type_{code}", lang)


def state_text(state: str, lang: str = "en") -> str:
    """The 3 % rule's state in ``lang`` (in words when the catalogue lacks it)."""
    text = t(f"state_{state}", lang)
    return state.replace("_", " ") if text == f"state_{state}" else text


def reason_text(ev: Evaluation, r: Reason, lang: str = "en") -> str:
    """A reason in ``lang`` with names for the ids in it (units, region, type, state)."""
    p = dict(r.params)
    if "region" in p:
        p["region"] = region_text(ev, p["region"], lang)
    if "members" in p:
        p["members"] = unit_names(ev, [x.strip() for x in p["members"].split(",")], lang)
    if "member" in p:
        p["member"] = unit_name(ev, p["member"], lang)
    if "type" in p:
        p["type"] = type_text(p["type"], lang)
    if "state" in p:
        p["state"] = state_text(p["state"], lang)
    return t(f"msg_shortlist_{r.key}", lang, **p)


def reasons_text(ev: Evaluation, rs: list[Reason], lang: str = "en") -> str:
    """Reasons in ``lang``, joined by semicolons."""
    return "; ".join(reason_text(ev, r, lang) for r in rs)


def constraints_text(ev: Evaluation, cons: Constraints, lang: str = "en") -> str:
    """The constraints in one line in ``lang``, units and types by name."""
    parts = [t("shortlist_cons_k", lang, k=cons.k)]
    if cons.fixed:
        parts.append(t("shortlist_cons_fixed", lang, names=unit_names(ev, cons.fixed, lang)))
    if cons.excluded:
        parts.append(t("shortlist_cons_excluded", lang,
                       names=unit_names(ev, cons.excluded, lang)))
    if cons.max_per_region is not None:
        parts.append(t("shortlist_cons_region", lang, m=cons.max_per_region))
    if cons.min_distance_km:
        parts.append(t("shortlist_cons_distance", lang, km=cons.min_distance_km))
    if cons.require:
        parts.append(t("shortlist_cons_types", lang, types=format_list(
            [type_text(x, lang) for x in cons.require], locale=lang)))
    if cons.eligibility != "any":
        parts.append(t("shortlist_cons_elig", lang,
                       filter=t(f"shortlist_elig_{cons.eligibility}", lang)))
    if cons.budget is not None:
        parts.append(t("shortlist_cons_budget", lang, budget=cons.budget))
    return "; ".join(parts)


def _reasons(ev: Evaluation, rs: list[Reason], lang: str) -> list[dict[str, object]]:
    return [{"key": r.message.key, "params": r.params, "text": reason_text(ev, r, lang)}
            for r in rs]


def to_json_dict(res: ShortlistResult, lang: str = "en") -> dict[str, object]:
    """The shortlist as one JSON-ready document (with the ranking's provenance): ids and
    codes for programs, and beside them names, labels, reasons and notes in ``lang``
    (``name``, ``names``, ``region_name``, ``types_text``, ``gate_text``, ``text``)."""
    ev = res.evaluation
    cons = asdict(res.constraints)
    cons["summary"] = res.constraints.summary()
    cons["text"] = constraints_text(ev, res.constraints, lang)
    members = []
    for uid, row in res.members.iterrows():
        types = [x for x in str(row["types"]).split(";") if x]
        members.append({"id": uid, **{k: row[k] for k in (
            "name_en", "name_ru", "name_kk", "rank", "score", "region", "types",
            "gate_state", "p_in_best_set")},
            "name": unit_name(ev, str(uid), lang),
            "region_name": region_text(ev, str(row["region"]), lang),
            "types_text": ", ".join(type_text(x, lang) for x in types),
            "gate_text": state_text(str(row["gate_state"]), lang),
            "reasons": _reasons(ev, row["reasons"], lang)})
    doc: dict[str, object] = {
        **metadata(ev, lang),
        "constraints": cons,
        "solver": res.selection.solver,
        "sets_considered": res.sets_considered,
        "set": members,
        "total_utility": res.selection.total,
        "p_best": res.p_best,
        "runners_up": [{"members": list(s.members), "names": unit_names(ev, s.members, lang),
                        "total_utility": s.total} for s in res.runners_up],
        "left_out": [{"id": uid, "name_en": row["name_en"],
                      "name": unit_name(ev, str(uid), lang), "rank": row["rank"],
                      "score": row["score"], "reasons": _reasons(ev, row["reasons"], lang)}
                     for uid, row in res.left_out.iterrows()],
    }
    if res.robust is not None:
        r = res.robust
        doc["robust"] = {
            "samples": r.samples, "seed": res.seed, "weights": res.weights,
            "solver": r.solver,
            "spread": res.spread if res.weights == "around" else None,
            "most_often_best": {"members": list(r.most_often),
                                "names": unit_names(ev, r.most_often, lang),
                                "probability": r.sets[0][1]},
            "sets": [{"members": list(s), "names": unit_names(ev, s, lang), "probability": p}
                     for s, p in r.sets[:LISTED_SETS]],
            "distinct_best_sets": len(r.sets),
            "inclusion": {u: p for u, p in sorted(r.inclusion.items(),
                                                  key=lambda x: -x[1]) if p > 0},
        }
    doc["notes"] = notes_text(res, lang)
    doc["messages"] = [n.as_dict() for n in ev.notes]
    doc["weights"] = weights_frame(ev).to_dict(orient="records")
    doc["sources"] = ev.sources.reset_index().to_dict(orient="records")
    return {k: _clean(v) for k, v in doc.items()}


def to_csv_frame(res: ShortlistResult, lang: str = "en") -> pd.DataFrame:
    """One row per unit of interest: the members (role ``member``), the units scoring above
    the weakest member but left out (``left_out``) and the other units of the runners-up
    (``runner_up``), with the scenario, constraints and probabilities on every row; the
    name (``name``), reasons and constraints in ``lang``."""
    ev = res.evaluation
    tb = ev.table
    rows = []
    for role, table in (("member", res.members), ("left_out", res.left_out)):
        for uid, row in table.iterrows():
            rows.append({"role": role, "id": uid, "rank": row["rank"], "score": row["score"],
                         "reasons": reasons_text(ev, row["reasons"], lang)})
    seen = {r["id"] for r in rows}
    for s in res.runners_up:
        for u in s.members:
            if u not in seen:
                seen.add(u)
                rows.append({"role": "runner_up", "id": u, "rank": int(_num(tb, u, "rank")),
                             "score": _num(tb, u, "score"), "reasons": ""})
    df = pd.DataFrame(rows)
    df.insert(2, "name_en", [tb.at[u, "name_en"] for u in df["id"]])
    df.insert(3, "name", [unit_name(ev, str(u), lang) for u in df["id"]])
    df["p_in_best_set"] = [None if res.robust is None else res.robust.inclusion[u]
                           for u in df["id"]]
    df["p_set_best"] = res.p_best
    df["layer"] = ev.layer
    df["scenario_id"] = ev.scenario.id
    df["scenario_name"] = ev.scenario.display_name(lang)
    df["method"] = ev.scenario.method
    df["constraints"] = constraints_text(ev, res.constraints, lang)
    df["samples"] = res.samples
    df["seed"] = res.seed
    return df
