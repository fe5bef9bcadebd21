"""Candidate dossier: one page per candidate — both models' verdicts, the 3 % interval
with its inputs and sources, each criterion's evidence (direct or regional context) with
sources, what is missing and which figure would most change the verdict.

``build`` is pure and returns plain data (messages as ``Message``); the view
(``scicity.view.dossier``) renders it and the CLI (``scicity.cli.dossier``) writes it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import cast

import numpy as np
import pandas as pd

from criteria.caveats import caveat_message
from criteria.dataset import Dataset
from criteria.derive import DERIVED_SOURCE
from criteria.model import Catalogue, load_catalogue
from mcda.messages import Message, msg
from scenarios.model import Scenario
from scicity.engine.assessment import (
    evidence_message,
    model1_table,
    recommend,
)
from scicity.engine.evaluate import Evaluation, settling_figure, value_functions
from scicity.engine.profile import profile, reference_units, score_contributions
from scicity.i18n import (
    LANGS,
    is_missing,
)
from scicity.view.profile import (
    source_row,
)


def build(ds: Dataset, ev: Evaluation, unit: str, catalogue: Catalogue | None = None
          ) -> dict[str, object]:
    """The dossier of ``unit`` (a towns evaluation ``ev`` of ``ds``)."""
    cat = catalogue or load_catalogue()
    if unit not in ev.table.index:
        raise ValueError(f"unknown unit id {unit!r}; known: {', '.join(ev.table.index)}")
    row = cast(pd.Series, ev.table.loc[unit])  # one row (unique ids); the stubs allow a frame
    m1 = model1_table(ds, ev)
    rec, reasons = recommend(ds, ev, unit, m1)
    gate = {k[5:]: plain_value(row[k]) for k in row.index if k.startswith("gate_")}
    criteria = []
    w = ev.weights
    part = score_contributions(ev.outcome, unit, cat).set_index("indicator")
    peers, ref_kind = reference_units(ev.outcome, ds.values.index)
    ref = reference_rows(ds, ev, unit, cat, peers)
    for c in ev.criteria:
        inds = []
        for fid in w.index[(w["criterion"] == c) & (w["status"] == "used")]:
            f = cat.field(fid)
            value = ds.values.at[unit, fid] if fid in ds.values else float("nan")
            cite = ds.cite(unit, fid) or {}
            inds.append({"id": fid, "name": f.name.en, "value": plain_value(value),
                         "unit": {lang: f.unit.get(lang) for lang in LANGS},
                         "source": source_row(ds.sources, cite.get("source_id")),
                         "reference": ref.get(fid),
                         "evidence": "context" if f.from_region else "direct",
                         "weight": float(w.loc[fid, "global_weight"]), **cite,
                         **{k: plain_value(part.at[fid, k]) if fid in part.index else None
                            for k in ("contribution", "share_ideal", "share_anti_ideal")}})
        criteria.append({"id": c, "name": cat.criterion(c).name.en,
                         "sub_score": plain_value(row.get(f"sub_{c}")),
                         "evidence": row.get(f"evidence_{c}", ""), "indicators": inds})
    missing = [m for m in str(row.get("missing") or "").split(", ") if m]
    g = cat.gates[ds.layer]
    gate_cites = {fid: {**(ds.cite(unit, fid) or {}),
                        "source": source_row(ds.sources, (ds.cite(unit, fid) or {}).get(
                            "source_id"))}
                  for fid in (g.numerator, g.denominator)}
    hosts = m1[m1["id"] == unit].to_dict("records") if len(m1) else []
    return {
        "id": unit, "name_en": row["name_en"], "name_ru": row.get("name_ru", ""),
        "name_kk": row.get("name_kk", ""), "scenario": ev.scenario.id,
        "scenario_name": {lang: ev.scenario.display_name(lang) for lang in LANGS},
        "status": row["status"], "rank": plain_value(row["rank"]),
        "score": plain_value(row["score"]),
        "score_best": plain_value(row.get("score_best")),
        "recommendation": rec, "reasons": list(reasons),
        "reference": {"kind": ref_kind, "n": len(peers), "layer": ds.layer},
        "model2": gate, "gate_cites": gate_cites, "model1": hosts, "criteria": criteria,
        "missing": missing,
        "decisive": decisive_figure(row, w, missing, float(ev.scenario.gate.threshold)),
        "unscored": unscored_evidence(ds, ev, unit, cat),
        "caveat": caveat_message(unit),
        "notes": list(ev.notes),
    }


def reference_rows(ds: Dataset, ev: Evaluation, unit: str, cat: Catalogue,
                   peers: pd.Index) -> dict[str, dict[str, object]]:
    """Per indicator, ``unit`` against the median of ``peers`` as the Profile page shows
    it (``scicity.engine.profile.profile``: median, counts, verdict), as plain data."""
    prof = profile(ds, unit, cat, "en", peers, value_functions(ev.scenario, ds.layer, cat))
    keep = ("kind", "unit", "scale", "compared", "median", "n_known", "n_peers", "have", "verdict")
    return {str(r["indicator"]): {k: plain_value(r[k]) for k in keep}
            for r in prof.to_dict("records")}


def unscored_evidence(ds: Dataset, ev: Evaluation, unit: str, catalogue: Catalogue
                      ) -> list[Message]:
    """The unit's own sourced values (its own measures, not regional context nor computed
    values) that the score does not use, each with why: an indicator the scenario could
    not use (e.g. coverage 20 % < 50 %), an input of the 3 % rule, or a context field
    (e.g. Kurchatov's research facilities IGR, IVG.1M and the tokamak; the NNC's staff)."""
    w = ev.weights
    gate = catalogue.gates.get(ds.layer)
    denominators = {f.derived.denominator for f in catalogue.fields if f.derived}
    if gate is not None:
        denominators.add(gate.denominator)
    out = []
    for f in catalogue.fields_for(ds.layer):
        if f.from_region or f.derived or f.id not in ds.values or f.id in denominators:
            continue
        if f.id in w.index and w["status"].loc[f.id] == "used":
            continue
        c = ds.cite(unit, f.id)
        value = float(ds.values[f.id].loc[unit])
        if c is None or np.isnan(value) or c["source_id"] == DERIVED_SOURCE:
            continue
        why: list[Message] = []
        if f.id in w.index:
            why.append(_status_message(str(w["status"].loc[f.id]),
                                       float(w["coverage"].loc[f.id]),
                                       float(ev.scenario.min_coverage)))
        if gate is not None and f.id == gate.numerator:
            why.append(msg("unscored_gate"))
        if not f.is_indicator and not why:
            why.append(msg("unscored_context"))
        out.append(msg("unscored_indicator",
                       value=evidence_message(f.id, value, c["source_id"], c["year"],
                                              c["qualifier"]),
                       note=c["note"], why=tuple(why)))
    return out


def _status_message(code: str, coverage: float, minimum: float) -> Message:
    """Why an indicator was not used, as a message (``WEIGHT_STATUSES`` codes)."""
    if code == "coverage":
        return msg("status_coverage", coverage=coverage, minimum=minimum)
    return msg(f"status_{code}")


def decisive_figure(row: pd.Series, weights: pd.DataFrame, missing: list[str],
                    threshold: float) -> Message:
    """The figure that would most change the verdict: for the 3 % rule the researcher
    count that settles it (or the proof that none can, naming the bound for what it is:
    ``ceiling_message``), else the heaviest missing indicator when it can move the score,
    else that no missing figure can."""
    state = row["gate_state"]
    if state == "undetermined":
        return settling_figure(float(row["gate_decider"]), float(row["gate_researchers_high"]),
                               threshold)
    if state == "no_data":
        return msg("change_employed")
    if state == "restricted":
        return ceiling_message(float(row["gate_researchers_high"]),
                               float(row["gate_required_low"]),
                               str(row.get("gate_researchers_high_source") or ""))
    score = float(row["score"])
    if not missing:
        return msg("change_nothing_missing", score=score)
    fid = max(missing, key=lambda i: float(weights["global_weight"].loc[i]))
    best = row.get("score_best")
    if best is None or is_missing(best):   # best case not computed (other policies)
        return msg("change_missing_heaviest", indicator=fid)
    if float(best) <= score + 5e-4:   # equal at the three decimals shown
        return msg("change_missing_no_effect", indicator=fid, score=score)
    return msg("change_missing", indicator=fid, score=score, score_best=float(best))


#: The researcher bound's source as ``scicity.engine.eligibility.gate_inputs`` records it.


_LESS = re.compile(r"less ([\d,]+) researchers counted in")


def ceiling_message(ceiling: float, required: float, source: str) -> Message:
    """Why no researcher figure the data allow reaches ``required``, naming the bound
    ``ceiling`` by its ``source`` (``researchers_high_source``): the town's exact count,
    the upper end of a declared interval, the region's R&D staff, or that staff less the
    researchers counted in the region's other towns."""
    if source.endswith(": an exact count"):
        return msg("change_ceiling_exact", ceiling=ceiling, required=required)
    if source.startswith("declared:"):
        return msg("change_ceiling_declared", ceiling=ceiling, required=required)
    if source.startswith("R&D staff"):
        less = _LESS.search(source)
        if less is None:
            return msg("change_ceiling", ceiling=ceiling, required=required)
        taken = float(less.group(1).replace(",", ""))
        return msg("change_ceiling_rest", ceiling=ceiling, staff=ceiling + taken,
                   taken=taken, required=required)
    return msg("change_ceiling_bound", ceiling=ceiling, required=required)


def plain_value(v: object) -> object:
    """``v`` as plain data: a numpy scalar as its Python value, a gap (NaN, NA, NaT) as
    None."""
    if isinstance(v, np.generic):
        v = v.item()
    return None if is_missing(v) else v


def model_scenario(scenario: Scenario) -> Scenario:
    """``scenario`` with the 3 % rule binding on towns (Model 2's rule)."""
    return replace(scenario, gate=replace(scenario.gate, towns=True))
