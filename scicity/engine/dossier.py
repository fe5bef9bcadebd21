"""Candidate dossier: one page per candidate — both models' verdicts, the 3 % interval
with its inputs and sources, each criterion's evidence (direct or regional context) with
sources, what is missing and which figure would most change the verdict.

``build`` is pure and returns plain data (messages as ``Message``); ``to_json`` and
``to_html`` render it (English; HTML through ``scicity/templates/dossier.html.j2`` with
autoescape); ``command`` is the ``scicity dossier`` handler.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from criteria.dataset import Dataset
from criteria.model import Catalogue, load_catalogue
from mcda.messages import Message, msg
from scenarios.model import Scenario
from scicity.engine.assessment import model1_table, recommend
from scicity.engine.evaluate import Evaluation, settling_figure
from scicity.i18n import is_missing, translate


def build(ds: Dataset, ev: Evaluation, unit: str, catalogue: Catalogue | None = None
          ) -> dict[str, object]:
    """The dossier of ``unit`` (a towns evaluation ``ev`` of ``ds``)."""
    cat = catalogue or load_catalogue()
    if unit not in ev.table.index:
        raise ValueError(f"unknown unit id {unit!r}; known: {', '.join(ev.table.index)}")
    row = cast(pd.Series, ev.table.loc[unit])  # one row (unique ids); the stubs allow a frame
    m1 = model1_table(ds, ev)
    rec, reasons = recommend(ds, ev, unit, m1)
    gate = {k[5:]: _plain(row[k]) for k in row.index if k.startswith("gate_")}
    criteria = []
    w = ev.weights
    for c in ev.criteria:
        inds = []
        for fid in w.index[(w["criterion"] == c) & (w["status"] == "used")]:
            f = cat.field(fid)
            value = ds.values.at[unit, fid] if fid in ds.values else float("nan")
            cite = ds.cite(unit, fid) or {}
            inds.append({"id": fid, "name": f.name.en, "value": _plain(value),
                         "evidence": "context" if f.from_region else "direct",
                         "weight": float(w.loc[fid, "global_weight"]), **cite})
        criteria.append({"id": c, "name": cat.criterion(c).name.en,
                         "sub_score": _plain(row.get(f"sub_{c}")),
                         "evidence": row.get(f"evidence_{c}", ""), "indicators": inds})
    missing = [m for m in str(row.get("missing") or "").split(", ") if m]
    hosts = m1[m1["id"] == unit].to_dict("records") if len(m1) else []
    return {
        "id": unit, "name_en": row["name_en"], "name_ru": row.get("name_ru", ""),
        "name_kk": row.get("name_kk", ""), "scenario": ev.scenario.id,
        "status": row["status"], "rank": _plain(row["rank"]), "score": _plain(row["score"]),
        "score_best": _plain(row.get("score_best")),
        "recommendation": rec, "reasons": list(reasons),
        "model2": gate, "model1": hosts, "criteria": criteria, "missing": missing,
        "decisive": decisive_figure(row, w, missing, float(ev.scenario.gate.threshold)),
        "notes": list(ev.notes),
    }


def decisive_figure(row: pd.Series, weights: pd.DataFrame, missing: list[str],
                    threshold: float) -> Message:
    """The figure that would most change the verdict: for the 3 % rule the researcher
    count that settles it (or the proof that none can), else the heaviest missing
    indicator."""
    state = row["gate_state"]
    if state == "undetermined":
        return settling_figure(float(row["gate_decider"]), float(row["gate_researchers_high"]),
                               threshold)
    if state == "no_data":
        return msg("change_employed")
    if state == "restricted":
        return msg("change_ceiling", ceiling=float(row["gate_researchers_high"]),
                   required=float(row["gate_required_low"]))
    if missing:
        fid = max(missing, key=lambda i: float(weights["global_weight"].loc[i]))
        best = row["score_best"] if "score_best" in row.index else row["score"]
        return msg("change_missing", indicator=fid, score=float(row["score"]),
                   score_best=float(best))
    return msg("change_missing", indicator="—", score=float(row["score"]),
               score_best=float(row["score"]))


def _plain(v: object) -> object:
    """``v`` as plain data: a numpy scalar as its Python value, a gap (NaN, NA, NaT) as
    None."""
    if isinstance(v, np.generic):
        v = v.item()
    return None if is_missing(v) else v


def _english(obj: object) -> object:
    """``obj`` with every message as English text (for JSON and HTML)."""
    if isinstance(obj, Message):
        return translate(obj, "en")
    if isinstance(obj, dict):
        return {k: _english(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_english(v) for v in obj]
    return _plain(obj) if not isinstance(obj, str) else obj


def to_json(dossier: dict[str, object]) -> str:
    """The dossier as JSON (messages in English)."""
    return json.dumps(_english(dossier), ensure_ascii=False, indent=2)


def to_html(dossier: dict[str, object]) -> str:
    """The dossier as one HTML page (every value escaped)."""
    env = Environment(loader=PackageLoader("scicity", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("dossier.html.j2").render(d=_english(dossier))


def model_scenario(scenario: Scenario) -> Scenario:
    """``scenario`` with the 3 % rule binding on towns (Model 2's rule)."""
    return replace(scenario, gate=replace(scenario.gate, towns=True))


def model1_text(ds: Dataset, ev: Evaluation, lang: str = "en") -> str:
    """The Model 1 assessment as text: each large city, its host organisation (if any),
    the evidence per Model 1 criterion and the recommendation with its reasons."""
    m1 = model1_table(ds, ev)
    lines = ["Model 1 — science and technology parks at a host institute or university "
             "(no 3 % rule); large cities of the town list:"]
    for h in m1.to_dict("records"):
        rec, reasons = recommend(ds, ev, str(h["id"]), m1)
        lines.append(f"\n{h['name_en']} ({h['id']}): {h['host'] or 'no host recorded'} — "
                     f"recommendation: {rec.replace('_', ' ')}")
        lines += [f"  - {translate(r, lang)}" for r in reasons]
        lines += [f"  {c}: {h[f'{c}_evidence'] or 'no sourced value'}"
                  for c in ("research_base", "infrastructure", "commercialisation",
                            "readiness")]
    return "\n".join(lines)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``dossier`` on the CLI's subparsers."""
    p = subparsers.add_parser("dossier", help="one candidate's dossier (both models)")
    p.add_argument("id", help="unit id, e.g. kurchatov")
    p.add_argument("--layer", choices=["towns"], default="towns")
    p.add_argument("--scenario", default="balanced", help="built-in id or path to a .toml")
    p.add_argument("--out", type=Path, help="write .html or .json instead of printing JSON")
    return p


def command(args: argparse.Namespace) -> str:
    """``scicity dossier``: the dossier as JSON on stdout, or written to ``--out``."""
    from criteria.bundled import load_bundled
    from scenarios.library import load_scenario
    from scicity.engine.evaluate import evaluate

    ds = load_bundled(args.layer)
    d = build(ds, evaluate(ds, load_scenario(args.scenario)), args.id)
    if args.out is None:
        return to_json(d)
    suffix = args.out.suffix.lower()
    if suffix not in (".html", ".json"):
        raise ValueError(f"--out must end in .html or .json, got {args.out.name!r}")
    args.out.write_text(to_html(d) if suffix == ".html" else to_json(d), encoding="utf-8")
    return f"wrote {args.out}"
