"""Candidate dossier: one page per candidate — both models' verdicts, the 3 % interval
with its inputs and sources, each criterion's evidence (direct or regional context) with
sources, what is missing and which figure would most change the verdict.

``build`` is pure and returns plain data (messages as ``Message``); ``to_json`` and
``to_html`` render it in Kazakh, Russian or English (messages and labels through the
catalogues, numbers in the language's convention; HTML through
``scicity/templates/dossier.html.j2`` with autoescape); ``command`` is the
``scicity dossier`` handler.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from criteria.caveats import caveat_message
from criteria.dataset import Dataset
from criteria.derive import DERIVED_SOURCE
from criteria.model import Catalogue, load_catalogue
from mcda.messages import Message, msg
from scenarios.model import Scenario
from scicity.engine.assessment import (
    MODEL1_CRITERIA,
    evidence_message,
    load_hosts,
    model1_table,
    recommend,
)
from scicity.engine.evaluate import Evaluation, settling_figure, value_functions
from scicity.engine.profile import profile, reference_units, score_contributions
from scicity.i18n import (
    DASH,
    LANGS,
    indicator_name,
    is_missing,
    number,
    percent,
    t,
    translate,
)
from scicity.view.profile import (
    reference_caption,
    reference_text,
    source_row,
    source_text,
    value_text,
    with_unit,
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
    gate = {k[5:]: _plain(row[k]) for k in row.index if k.startswith("gate_")}
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
            inds.append({"id": fid, "name": f.name.en, "value": _plain(value),
                         "unit": {lang: f.unit.get(lang) for lang in LANGS},
                         "source": source_row(ds.sources, cite.get("source_id")),
                         "reference": ref.get(fid),
                         "evidence": "context" if f.from_region else "direct",
                         "weight": float(w.loc[fid, "global_weight"]), **cite,
                         **{k: _plain(part.at[fid, k]) if fid in part.index else None
                            for k in ("contribution", "share_ideal", "share_anti_ideal")}})
        criteria.append({"id": c, "name": cat.criterion(c).name.en,
                         "sub_score": _plain(row.get(f"sub_{c}")),
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
        "status": row["status"], "rank": _plain(row["rank"]), "score": _plain(row["score"]),
        "score_best": _plain(row.get("score_best")),
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
    return {str(r["indicator"]): {k: _plain(r[k]) for k in keep}
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


def _plain(v: object) -> object:
    """``v`` as plain data: a numpy scalar as its Python value, a gap (NaN, NA, NaT) as
    None."""
    if isinstance(v, np.generic):
        v = v.item()
    return None if is_missing(v) else v


def localise_host(message: Message, lang: str) -> Message:
    """``message`` with a Model 1 host's English name and kind (``research_institute``)
    replaced by its name in ``lang`` (``criteria/data/hosts.csv``) and the kind's label."""
    if message.key != "model1_host":
        return message
    params = dict(message.params)
    params["host"] = _host_name(str(params.get("host")), lang)
    params["kind"] = t(f"host_kind_{params.get('kind')}", lang)
    return Message(message.key, params)


def _host_name(name_en: str, lang: str) -> str:
    """A Model 1 host's name in ``lang`` (the English name when it has none)."""
    h = load_hosts()
    names = dict(zip(h["name_en"], h[f"name_{lang}"], strict=True))
    return str(names.get(name_en, "") or name_en)


def localised(obj: object, lang: str) -> object:
    """``obj`` with every message as text in ``lang`` (for JSON)."""
    if isinstance(obj, Message):
        return translate(localise_host(obj, lang), lang)
    if isinstance(obj, dict):
        return {k: localised(v, lang) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [localised(v, lang) for v in obj]
    return _plain(obj) if not isinstance(obj, str) else obj


def page_data(dossier: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """The dossier as the HTML templates read it: messages as text in ``lang``, codes
    kept, and added beside them its labels, names and numbers written in ``lang``
    (``text``; ``label``, ``*_text`` of criteria, indicators and Model 1 hosts)."""
    d = cast(dict[str, Any], localised(dossier, lang))
    d["text"] = _labels(dossier, lang)
    d["text"] |= _reference_words(dossier.get("reference") or {}, lang)
    for k in ("researchers_low_source", "researchers_high_source", "employed_source"):
        if d["model2"].get(k):
            d["model2"][k] = gate_source_text(str(d["model2"][k]),
                                              dossier.get("gate_cites") or {}, lang)
    for h in d["model1"]:
        h["host_text"] = _host_name(str(h["host"]), lang) if h.get("host") else DASH
        h["kind_text"] = t(f"host_kind_{h['kind']}", lang) if h.get("kind") else ""
        h.update(model1_cells(h, lang))
    for c in d["criteria"]:
        c["label"] = t("dossier_criterion", lang, id=c["id"], name=_criterion_name(c, lang),
                       score=number(c["sub_score"], lang, 2),
                       evidence=t(f"dossier_rests_{c['evidence'] or 'none'}", lang))
        for i in c["indicators"]:
            _indicator_text(i, lang)
    return d


def _indicator_text(i: dict[str, Any], lang: str) -> None:
    """Add to indicator ``i`` of ``page_data`` its texts in ``lang``: name (the id stays
    in ``id``), value with its unit, evidence, weight, part in the score and source
    (title, publisher, year or "undated", qualifier, id)."""
    i["label"] = indicator_name(i["id"], lang)
    unit = (i.get("unit") or {}).get(lang, "")
    r = i.get("reference")
    i["value_text"] = (t("dossier_value_missing", lang) if i["value"] is None
                       else with_unit(i["value"], unit, lang) if not r
                       else value_text({**r, "value": i["value"], "unit": unit}, lang))
    i["source_text"] = source_text(i, i.get("source"), lang) or DASH
    i["reference_text"] = (DASH if not r else reference_text(r, lang) + " — "
                           + t(f"profile_{r['verdict']}", lang))
    i["evidence_text"] = t(f"evidence_{i['evidence']}", lang)
    i["weight_text"] = percent(i["weight"], lang, 1)
    i["part_text"] = _part_text(i, lang)


def _reference_words(ref: dict[str, Any], lang: str) -> dict[str, str]:
    """The reference column's heading and the note saying what it compares with."""
    if not ref:
        return {"reference": "", "reference_note": ""}
    return {"reference": t("profile_median", lang),
            "reference_note": reference_caption(str(ref["kind"]), int(ref["n"]),
                                                str(ref["layer"]), lang)}


def gate_source_text(text: str, cites: dict[str, Any], lang: str) -> str:
    """A 3 % rule bound's source as ``scicity.engine.eligibility`` records it, with each
    ``indicator (SOURCE year qualifier)`` it names replaced by the indicator's name and
    the source's title, year (or "undated") and qualifier in ``lang`` (``cites``: per
    indicator id, its provenance and ``source`` row)."""
    for fid, cite in cites.items():
        if not cite.get("source_id"):
            continue
        said = (f"{indicator_name(fid, lang)}: "
                f"{source_text({**cite, 'note': ''}, cite.get('source'), lang)}")
        text = re.sub(rf"\b{re.escape(fid)} \([^()]*\)", said.replace("\\", r"\\"), text,
                      count=1)
    return text


def _part_text(i: dict[str, Any], lang: str) -> str:
    """An indicator's part in the score: TOPSIS shares of D+ and D−, else its
    contribution, else a dash."""
    if i.get("share_ideal") is not None:
        return (f"D+ {percent(i['share_ideal'], lang, 1)} · "
                f"D− {percent(i['share_anti_ideal'], lang, 1)}")
    if i.get("contribution") is not None:
        return number(i["contribution"], lang, 4)
    return DASH


def _criterion_name(c: dict[str, Any], lang: str) -> str:
    try:
        return str(load_catalogue().criterion(c["id"]).name.get(lang))
    except (KeyError, ValueError):
        return str(c["name"])


def _labels(d: dict[str, Any], lang: str) -> dict[str, str]:
    """The dossier's words in ``lang``: headings, the summary line, the 3 % rule's
    figures."""
    def span(low: object, high: object, fmt: Any) -> str:
        return f"{fmt(low) if not is_missing(low) else '?'} – " \
               f"{fmt(high) if not is_missing(high) else '?'}"

    def count(v: object) -> str:   # persons: whole numbers
        return number(v, lang, 0)

    def share(v: object) -> str:
        return percent(v, lang, 2)

    g = d["model2"]
    names = d.get("scenario_name") or {}
    summary = [t("dossier_scenario", lang, scenario=names.get(lang) or d["scenario"]),
               t("dossier_status", lang, status=t(f"status_{d['status']}", lang))]
    if d["rank"] is not None:
        summary.append(t("dossier_rank", lang, rank=d["rank"]))
    if d["score"] is not None:
        score = t("dossier_score", lang, score=number(d["score"], lang, 3))
        if d["score_best"] is not None and d["score_best"] != d["score"]:
            score += " " + t("dossier_score_best", lang, score=number(d["score_best"], lang, 3))
        summary.append(score)
    name = d.get(f"name_{lang}") or d["name_en"]
    words = {k: t(f"dossier_{k}", lang) for k in (
        "decisive", "model2", "state", "verdict", "share", "researchers", "low", "high",
        "employed", "required", "model1", "host", "research_base", "infrastructure",
        "commercialisation", "readiness", "assessment", "model1_none", "criteria",
        "indicator", "value", "evidence", "weight", "part", "part_note", "source", "missing",
        "notes", "unscored", "unscored_none", "caveat")}
    words["known"] = t("assess_col_known", lang)
    missing = [indicator_name(m, lang) for m in d["missing"]]
    return words | {
        "name": str(name), "title": t("dossier_title", lang, name=str(name)),
        "summary": f"{summary[0]}. {', '.join(summary[1:])}.",
        "recommendation": t("dossier_recommendation", lang,
                            recommendation=t(f"rec_{d['recommendation']}", lang)),
        "state_text": t(f"state_{g.get('state')}", lang) if g.get("state") else DASH,
        "share_text": span(g.get("share_low"), g.get("share_high"), share),
        "researchers_text": span(g.get("researchers_low"), g.get("researchers_high"), count),
        "employed_text": span(g.get("employed_low"), g.get("employed_high"), count),
        "required_text": span(g.get("required_low"), g.get("required_high"), count),
        "missing_text": ", ".join(missing) if missing else t("dossier_missing_none", lang),
    }


def _english(dossier: dict[str, Any]) -> object:
    """``page_data`` in English (for the shortlist's document, which casts it)."""
    return page_data(dossier, "en")


def to_json(dossier: dict[str, object], lang: str = "en") -> str:
    """The dossier as JSON (messages in ``lang``)."""
    return json.dumps(localised(dossier, lang), ensure_ascii=False, indent=2)


def to_html(dossier: dict[str, Any], lang: str = "en") -> str:
    """The dossier as one HTML page in ``lang`` (every value escaped)."""
    env = Environment(loader=PackageLoader("scicity", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("dossier.html.j2").render(d=page_data(dossier, lang), lang=lang)


def model_scenario(scenario: Scenario) -> Scenario:
    """``scenario`` with the 3 % rule binding on towns (Model 2's rule)."""
    return replace(scenario, gate=replace(scenario.gate, towns=True))


def model1_cells(h: dict[str, Any], lang: str) -> dict[str, str]:
    """One Model 1 row (``model1_table``; messages or their text in ``lang``) as display
    text: per criterion ``<c>_text`` (the host's own values, then the city's context,
    each labelled) and ``known_text`` (host criteria of 4, city criteria of 4)."""
    out = {}
    for c in MODEL1_CRITERIA:
        parts = []
        if h.get(f"{c}_host"):
            parts.append(t("m1_host_values", lang,
                           values="; ".join(translate(x, lang) for x in h[f"{c}_host"])))
        if h.get(f"{c}_city"):
            parts.append(t("m1_city_values", lang,
                           values="; ".join(translate(x, lang) for x in h[f"{c}_city"])))
        out[f"{c}_text"] = " | ".join(parts) or t("m1_no_value", lang)
    out["known_text"] = t("m1_known", lang,
                          host=t("assess_known", lang, n=int(h["host_known"]))
                          if h.get("host") else DASH,
                          city=t("assess_known", lang, n=int(h["city_known"])))
    return out


def model1_text(ds: Dataset, ev: Evaluation, lang: str = "en") -> str:
    """The Model 1 assessment as text in ``lang``: each large city, its host organisation
    (if any), the host's evidence and the city's context per Model 1 criterion (each value
    with its source and year) and the recommendation with its reasons."""
    m1 = model1_table(ds, ev)
    lines = [t("m1_cli_title", lang)]
    for raw in cast(list[dict[str, Any]], m1.to_dict("records")):
        uid = str(raw["id"])
        rec, reasons = recommend(ds, ev, uid, m1)
        kind = t(f"host_kind_{raw['kind']}", lang)
        host = (f"{_host_name(str(raw['host']), lang)} ({kind})" if raw["host"]
                else t("assess_no_host", lang))
        name = ev.table.at[uid, f"name_{lang}"] if f"name_{lang}" in ev.table else uid
        lines.append("\n" + t("m1_cli_city", lang, name=str(name), id=uid, host=host,
                              recommendation=t(f"rec_{rec}", lang)))
        lines += [f"  - {translate(localise_host(r, lang), lang)}" for r in reasons]
        if (cav := caveat_message(uid)) is not None:
            lines.append(f"  ! {translate(cav, lang)}")
        cells = model1_cells(raw, lang)
        lines.append(f"  {t('assess_col_known', lang)}: {cells['known_text']}")
        lines += [f"  {t(f'dossier_{c}', lang)}: {cells[f'{c}_text']}" for c in MODEL1_CRITERIA]
    return "\n".join(lines)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``dossier`` on the CLI's subparsers."""
    p = subparsers.add_parser("dossier", help="one candidate's dossier (both models)")
    p.add_argument("id", help="unit id, e.g. kurchatov")
    p.add_argument("--layer", choices=["towns"], default="towns")
    p.add_argument("--scenario", default="balanced", help="built-in id or path to a .toml")
    p.add_argument("--out", type=Path, help="write .html or .json instead of printing JSON")
    p.add_argument("--lang", choices=LANGS, default="en",
                   help="language of the dossier's text (default: en)")
    return p


def command(args: argparse.Namespace) -> str:
    """``scicity dossier``: the dossier as JSON on stdout, or written to ``--out``."""
    from criteria.bundled import load_bundled
    from scenarios.library import load_scenario
    from scicity.engine.evaluate import evaluate

    ds = load_bundled(args.layer)
    d = build(ds, evaluate(ds, load_scenario(args.scenario)), args.id)
    lang = getattr(args, "lang", "en")
    if args.out is None:
        return to_json(d, lang)
    suffix = args.out.suffix.lower()
    if suffix not in (".html", ".json"):
        raise ValueError(f"--out must end in .html or .json, got {args.out.name!r}")
    args.out.write_text(to_html(d, lang) if suffix == ".html" else to_json(d, lang),
                        encoding="utf-8")
    return f"wrote {args.out}"
