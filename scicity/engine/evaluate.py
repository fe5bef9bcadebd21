"""The one engine behind the CLI, the app and the tests: dataset + scenario → evaluation.

Pure computation (no file I/O, no Streamlit): the 3 % gate, the weights a scenario
asks for (direct or AHP), the ranking, and the traceability of every input used.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from criteria.bundled import load_sources
from criteria.caveats import caveat_message, caveat_sources
from criteria.dataset import NAME_COLUMNS, Dataset
from criteria.derive import DERIVED_SOURCE
from criteria.model import Catalogue, Field, load_catalogue
from mcda import ahp as ahp_mod
from mcda import registry
from mcda.messages import Message, msg
from mcda.pipeline import Outcome, ProblemSpec, normalized_weights, run
from mcda.registry import MethodOptions, VikorOptions
from mcda.value_functions import ValueFunction
from mcda.value_functions import apply as apply_value_functions
from scenarios.model import PairwiseMatrix, Scenario
from scicity.engine.datanotes import failed_check_notes
from scicity.engine.eligibility import gate_table as eligibility_table

#: Unit attributes carried into the ranking table when the layer has them (towns).
LOCATION_COLUMNS: tuple[str, ...] = ("region_id", "region_id_computed", "lat", "lon")

#: Source ids cited inside a derived value's note, e.g. "rd_staff (CONCEPT_T2 2024)".
_CITED = re.compile(r"\(([A-Za-z][A-Za-z0-9_]*)[ ,]")


@dataclass(frozen=True)
class Evaluation:
    """A ranked layer. ``table``: one row per unit, best first, with names, score,
    sub-scores, gate, completeness and status. ``weights``: per indicator the weights
    asked for and used. ``notes``: everything the reader must know (dropped
    indicators or criteria, gate settings). ``sources``: the sources behind every
    value used; ``provenance``: each of those values with its year, source, qualifier
    and note."""

    layer: str
    scenario: Scenario
    table: pd.DataFrame
    weights: pd.DataFrame
    notes: tuple[Message, ...]
    sources: pd.DataFrame
    provenance: pd.DataFrame
    outcome: Outcome
    ahp: dict[str, ahp_mod.AHPResult]

    @property
    def ascending(self) -> bool:
        """True when a lower score is better (VIKOR)."""
        return self.outcome.ascending

    @property
    def criteria(self) -> tuple[str, ...]:
        """Criteria that entered the score, in order."""
        return self.outcome.criteria


def _ahp_weights(pm: PairwiseMatrix, ids: list[str], ri_table: str
                 ) -> tuple[dict[str, float], ahp_mod.AHPResult | None]:
    """AHP weights for the ``ids`` present in the matrix (principal sub-matrix)."""
    keep = [i for i, o in enumerate(pm.order) if o in ids]
    if not keep:
        return {}, None
    m = np.asarray(pm.matrix, dtype=float)[np.ix_(keep, keep)]
    res = ahp_mod.ahp(m, ri_table=ri_table)
    return {pm.order[k]: float(w) for k, w in zip(keep, res.weights, strict=True)}, res


def scenario_weights(scenario: Scenario, layer: str, catalogue: Catalogue
                     ) -> tuple[dict[str, float], dict[str, float], dict[str, ahp_mod.AHPResult]]:
    """Criterion weights (sum 1) and local indicator weights (relative, inside each
    criterion) that ``scenario`` asks for on ``layer``, plus the AHP results used."""
    crit_ids = [c.id for c in catalogue.criteria]
    results: dict[str, ahp_mod.AHPResult] = {}
    if scenario.ahp_criteria is not None:
        cw, res = _ahp_weights(scenario.ahp_criteria, crit_ids, scenario.ri_table)
        if res is not None:
            results["criteria"] = res
    else:
        cw = dict(scenario.criterion_weights)
    shares = normalized_weights(np.array([cw.get(c, 0.0) for c in crit_ids]),
                                "criterion weights")
    cw = dict(zip(crit_ids, shares.tolist(), strict=True))
    local: dict[str, float] = {}
    for c in crit_ids:
        ids = [f.id for f in catalogue.indicators(layer, c)]
        pm = scenario.ahp_indicators.get(c)
        if pm is not None:
            w, res = _ahp_weights(pm, ids, scenario.ri_table)
            if res is not None:
                results[c] = res
            local.update({i: w.get(i, 0.0) for i in ids})
        else:
            local.update({i: scenario.indicator_weights.get(i, 1.0) for i in ids})
    return cw, local, results


def value_functions(scenario: Scenario, layer: str, catalogue: Catalogue
                    ) -> dict[str, ValueFunction]:
    """The value functions in force on ``layer``: the catalogue's, replaced or switched
    off (``use = false``) by the scenario's ``[value_functions]``."""
    out: dict[str, ValueFunction] = {}
    for f in catalogue.indicators(layer):
        if f.id in scenario.value_functions:
            pts = scenario.value_functions[f.id]
            if pts is not None:
                out[f.id] = ValueFunction(pts, f"set by scenario {scenario.id}")
        elif f.value_function is not None:
            out[f.id] = f.value_function
    return out


def problem_spec(scenario: Scenario, layer: str, catalogue: Catalogue
                 ) -> tuple[ProblemSpec, dict[str, ahp_mod.AHPResult]]:
    """The numeric problem a scenario defines on a layer. An indicator with a value
    function is scored on its value (benefit, 0–1)."""
    cw, local, results = scenario_weights(scenario, layer, catalogue)
    inds = catalogue.indicators(layer)
    vfs = value_functions(scenario, layer, catalogue)
    worst = {f.id: f.worst for f in inds if f.worst is not None}
    worst.update({fid: vf.worst for fid, vf in vfs.items()})
    spec = ProblemSpec(
        indicators=tuple(f.id for f in inds),
        groups=tuple(f.criterion or "" for f in inds),
        types=tuple(1 if f.id in vfs else f.sign for f in inds),
        local_weights=tuple(local[f.id] for f in inds),
        criterion_weights=cw,
        method=registry.get_method(scenario.method).name,
        normalization=registry.get_normalization(scenario.normalization).name,
        bounds=dict(scenario.goalposts),
        missing=registry.check_missing_policy(scenario.missing),
        worst=worst,
        min_coverage=scenario.min_coverage,
        options=MethodOptions(VikorOptions(scenario.vikor_v), scenario.promethee),
        scales=declared_scales(inds, vfs),
    )
    return spec, results


def declared_scales(inds: tuple[Field, ...], vfs: Mapping[str, ValueFunction]
                    ) -> dict[str, tuple[float, float]]:
    """Per indicator placed on a fixed scale, that scale (raw units): a value function's
    0–1 value scale, else the catalogue's ``scale`` (a flag's 0–1)."""
    out = {f.id: f.scale for f in inds if f.scale is not None}
    out.update({fid: (0.0, 1.0) for fid in vfs})
    return {k: v for k, v in out.items() if v is not None}


#: The last 3 % rule table with the dataset, threshold and catalogue it was computed for:
#: the rule does not depend on the weights, and the app ranks the same dataset object again
#: on every slider move (0.2–0.5 s for 10,000 towns).
_last_gate: tuple[Dataset, float, Catalogue, pd.DataFrame] | None = None


def gate_table(ds: Dataset, scenario: Scenario, catalogue: Catalogue) -> pd.DataFrame:
    """The 3 % rule on intervals for every unit (``scicity.engine.eligibility.gate_table``) with
    a message per unit (``reason``) stating its state and the figures behind it. Computed
    once per dataset object, threshold and catalogue (a new copy each call)."""
    global _last_gate
    thr = float(scenario.gate.threshold)
    hit = _last_gate
    if hit is not None and hit[0] is ds and hit[1] == thr and hit[2] is catalogue:
        return hit[3].copy()
    out = eligibility_table(ds, catalogue, thr)
    rows = cast("list[dict[str, Any]]", out.to_dict("records"))
    reasons = [gate_message(row, thr) for row in rows]
    out["reason"] = pd.Series(reasons, index=out.index, dtype=object)
    _last_gate = (ds, thr, catalogue, out)
    return out.copy()


def employed_max(ceiling: float, threshold: float) -> float:
    """The most employed persons (whole people) at which ``ceiling`` researchers still
    meet ``threshold`` (a share, 0.03 = 3 %)."""
    return float(np.floor(ceiling / threshold + 1e-9))


def settling_figure(decider: float, ceiling: float, threshold: float) -> Message:
    """What would make an undetermined town eligible: ``decider`` researchers counted, or,
    when that is above the ``ceiling`` the region allows, an employed figure of at most
    :func:`employed_max` with researchers counted at ``threshold`` of it."""
    if decider > ceiling:
        return msg("change_both", threshold=threshold, ceiling=ceiling,
                   employed_max=employed_max(ceiling, threshold))
    return msg("change_researchers", decider=decider)


def gate_message(row: Mapping[str, Any] | pd.Series, threshold: float) -> Message:
    """The message for one unit's 3 % state (``row``: a ``gate_table`` row)."""
    thr = float(threshold)
    if row["state"] == "eligible":
        return msg("gate_eligible", share_low=float(row["share_low"]), threshold=thr,
                   counted=float(row["researchers_low"]), required=float(row["required_high"]))
    if row["state"] == "restricted":
        return msg("gate_restricted", share_high=float(row["share_high"]), threshold=thr,
                   required=float(row["required_low"]), ceiling=float(row["researchers_high"]))
    if row["state"] == "undetermined" and float(row["decider"]) > float(row["researchers_high"]):
        return msg("gate_undetermined_employed", share_low=float(row["share_low"]),
                   share_high=float(row["share_high"]), threshold=thr,
                   ceiling=float(row["researchers_high"]),
                   employed_max=employed_max(float(row["researchers_high"]), thr),
                   employed_low=float(row["employed_low"]),
                   employed_high=float(row["employed_high"]),
                   counted=float(row["researchers_low"]))
    if row["state"] == "undetermined":
        return msg("gate_undetermined", share_low=float(row["share_low"]),
                   share_high=float(row["share_high"]), threshold=thr,
                   decider=float(row["decider"]), counted=float(row["researchers_low"]),
                   ceiling=float(row["researchers_high"]))
    return msg("gate_no_data")


def evaluate(ds: Dataset, scenario: Scenario, catalogue: Catalogue | None = None,
             exclude: tuple[str, ...] = ()) -> Evaluation:
    """Rank ``ds`` under ``scenario``. ``exclude``: unit ids left out by the user."""
    cat = catalogue or load_catalogue()
    if not scenario.applies_to(ds.layer):
        raise ValueError(f"scenario {scenario.id!r} is for the {scenario.layer} layer, "
                         f"not {ds.layer}")
    unknown = [u for u in exclude if u not in ds.values.index]
    if unknown:
        raise ValueError(f"unknown unit ids to exclude: {', '.join(unknown)}")
    spec, ahp_results = problem_spec(scenario, ds.layer, cat)
    gate = gate_table(ds, scenario, cat)
    notes: list[Message] = []
    cand = ds.values.index.difference(pd.Index(exclude), sort=False)
    blocked = pd.Series(None, index=ds.values.index, dtype=object)
    thr = scenario.gate.threshold
    if scenario.gate.applies(ds.layer):
        for u in gate.index[gate["state"] == "restricted"]:
            blocked[u] = gate.loc[u, "reason"]
        if scenario.gate.no_data == "exclude":
            for u in gate.index[gate["state"] == "no_data"]:
                blocked[u] = gate.loc[u, "reason"]
        cand = cand[blocked[cand].isna().to_numpy()]
        notes.append(msg("gate_applied" if scenario.gate.no_data == "exclude"
                         else "gate_applied_keep", threshold=float(thr)))
    else:
        notes.append(msg("gate_informative", threshold=float(thr),
                         note=msg(f"gate_note_{ds.layer}")))
    matrix = ds.values.reindex(columns=[i for i in spec.indicators if i in ds.values])
    vfs = value_functions(scenario, ds.layer, cat)
    matrix = apply_value_functions(matrix, vfs)
    notes.extend(msg("value_function_applied", indicator=fid, points=vf.describe())
                 for fid, vf in vfs.items() if fid in matrix)
    outcome = run(matrix, spec, cand)
    notes.extend(outcome.notes)
    notes.extend(_proxy_notes(outcome, cat))
    notes.extend(msg("caveat_unit", id=str(u), caveat=cav) for u in ds.values.index
                 if (cav := caveat_message(str(u))) is not None)   # e.g. Baikonur's lease

    t = outcome.table.copy()
    held = blocked.dropna()
    t.loc[held.index, "status"] = "restricted"
    t.loc[held.index, "reason"] = held
    t.loc[list(exclude), "reason"] = pd.Series([msg("user_excluded")] * len(exclude),
                                               index=list(exclude), dtype=object)
    used = list(outcome.weights.index[outcome.weights["status"] == "used"])
    notes.extend(failed_check_notes(ds, used, t.index[t["status"] == "ranked"], cat))
    for c, labels in evidence_labels(ds, outcome, cat).items():
        t[f"evidence_{c}"] = labels
    est = ds.estimated.reindex(columns=used, fill_value=False).astype(bool)
    est_cols = np.asarray(est.columns, dtype=object)
    t["estimated"] = [", ".join(est_cols[row]) for row in est.to_numpy(dtype=bool)]
    unit_cols = [c for c in (*NAME_COLUMNS, *LOCATION_COLUMNS) if c in ds.units]
    table = pd.concat(
        [ds.units[unit_cols],
         t,
         gate.add_prefix("gate_")],
        axis=1,
    )
    table.index.name = "id"
    order = {"ranked": 0, "restricted": 1, "excluded": 2}
    table = table.assign(_o=table["status"].map(order), _r=table["rank"].astype("Float64"))
    table = table.sort_values(["_o", "_r"], kind="stable").drop(columns=["_o", "_r"])

    provenance = _provenance_used(ds, used, cat)
    weights = outcome.weights.copy()
    weights["name_en"] = [cat.field(i).name.en for i in weights.index]
    weights["direction"] = ["value function" if i in vfs else cat.field(i).direction
                            for i in weights.index]
    return Evaluation(
        layer=ds.layer,
        scenario=scenario,
        table=table,
        weights=weights,
        notes=tuple(notes),
        sources=_with_caveat_sources(_sources_used(ds, provenance), ds.values.index),
        provenance=provenance,
        outcome=outcome,
        ahp=ahp_results,
    )


def evidence_labels(ds: Dataset, outcome: Outcome, cat: Catalogue) -> dict[str, list[str]]:
    """Per criterion scored, per unit what its sub-score rests on: ``direct`` (a measure
    of the unit itself is known), ``context`` (only its region's figures, indicators
    with ``from_region``), or ``none`` (every value is a gap)."""
    w = outcome.weights
    used = w.index[w["status"] == "used"]
    out = {}
    for c in outcome.criteria:
        inds = [i for i in used if w.loc[i, "criterion"] == c and i in ds.values]
        own = [i for i in inds if cat.field(i).from_region is None]
        ctx = [i for i in inds if cat.field(i).from_region is not None]
        has_own = ds.values[own].notna().any(axis=1) if own else pd.Series(False,
                                                                          index=ds.values.index)
        has_ctx = ds.values[ctx].notna().any(axis=1) if ctx else pd.Series(False,
                                                                          index=ds.values.index)
        out[c] = ["direct" if o else "context" if x else "none"
                  for o, x in zip(has_own, has_ctx, strict=True)]
    return out


def _proxy_notes(outcome: Outcome, cat: Catalogue) -> list[Message]:
    w = outcome.weights
    proxies = [i for i in w.index[w["status"] == "used"] if cat.field(i).evidence == "proxy"]
    if not proxies:
        return []
    return [msg("proxies", indicators=tuple(proxies))]


def _provenance_used(ds: Dataset, used: list[str], cat: Catalogue) -> pd.DataFrame:
    """One row per value behind the ranking — the indicators used, the inputs of derived
    ones and the 3 % rule's fields — with its value, year, source, qualifier and note."""
    fields = set(used)
    for fid in used:
        d = cat.field(fid).derived
        if d is not None:
            fields |= {d.numerator, d.denominator}
    g = cat.gates.get(ds.layer)
    if g is not None:
        fields |= {g.numerator, g.denominator, "population"}
    prov = ds.provenance
    rows = prov[prov.index.get_level_values("field").isin(fields)].reset_index()
    r = ds.values.index.get_indexer(pd.Index(rows["unit_id"]))
    c = ds.values.columns.get_indexer(pd.Index(rows["field"]))
    ok = (r >= 0) & (c >= 0)
    value = np.full(len(rows), np.nan)
    value[ok] = ds.values.to_numpy(dtype=float)[r[ok], c[ok]]
    rows.insert(2, "value", value)
    return rows


def _with_caveat_sources(sources: pd.DataFrame, units: pd.Index) -> pd.DataFrame:
    """``sources`` with those the units' caveats cite (their notes name them)."""
    extra = [s for s in caveat_sources(units) if s not in sources.index]
    return pd.concat([sources, load_sources().loc[extra]]) if extra else sources


def _sources_used(ds: Dataset, provenance: pd.DataFrame) -> pd.DataFrame:
    """The sources cited by ``provenance``, including those named in derived values' notes."""
    ids = set(provenance["source_id"])
    for note in provenance.loc[provenance["source_id"] == DERIVED_SOURCE, "note"]:
        ids |= set(_CITED.findall(note))
    present = [s for s in ids if s in ds.sources.index]
    return ds.sources.loc[sorted(present)]
