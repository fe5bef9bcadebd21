"""A shortlist in one file with every member's dossier (issue 11 item 15, issue 15 item 3):
the chosen set, its constraints, why each member is in it, how often it is best over the
weight samples, each member's dossier (both models, the 3 % interval, the evidence and
its sources) and the scenario/data provenance the other exports carry.

``FORMATS`` maps a file suffix to its builder (as :mod:`scicity.io.writers` does for the
ranking): ``.html`` a printable document (``templates/shortlist.html.j2``, autoescape),
``.json`` the shortlist document plus the structured dossiers, ``.csv`` / ``.xlsx`` the
set rows with a dossier summary per member (XLSX adds the dossiers' evidence, metadata
and sources sheets). Each is written in one language (``lang``): units, regions, types
and states by name, reasons, notes and the dossiers in that language; ids and codes stay
beside them for programs. Dossiers exist for towns; a regions shortlist carries none and
says so. ``write`` replaces the target atomically.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from criteria.dataset import Dataset
from scicity.engine import dossier
from scicity.engine.shortlist import (
    ShortlistResult,
    constraints_text,
    notes_text,
    sampling_text,
    to_csv_frame,
    to_json_dict,
)
from scicity.i18n import indicator_name, number, percent, t
from scicity.io.exports import csv_text, metadata, xlsx_safe
from scicity.io.writers import atomic_write_bytes
from scicity.view import dossier as dossier_view


def no_dossiers(lang: str = "en") -> str:
    """The note of a regions shortlist, which carries no dossiers, in ``lang``."""
    return t("shortlist_no_dossiers", lang)


def dossiers(res: ShortlistResult, ds: Dataset, lang: str = "en") -> dict[str, dict[str, Any]]:
    """Each member's dossier as its page shows it in ``lang`` (``dossier_view.page_data``:
    messages as text in ``lang``, codes kept), by id; empty for regions."""
    ev = res.evaluation
    if ev.layer != "towns":
        return {}
    return {str(u): dossier_view.page_data(dossier.build(ds, ev, str(u)), lang)
            for u in res.members.index}


def summary_frame(res: ShortlistResult, ds: Dataset, lang: str = "en") -> pd.DataFrame:
    """The shortlist's CSV rows (members, left-out units, runners-up; scenario and
    constraints on every row) with, for each member, its dossier in brief: the
    recommended model and its reasons, the 3 % rule's state and share interval, the
    figure that would most change the verdict, what is missing and the Model 1 hosts
    (text in ``lang``, codes as codes)."""
    df = to_csv_frame(res, lang)
    ds_ = dossiers(res, ds, lang)
    cols: dict[str, list[Any]] = {k: [] for k in (
        "recommendation", "recommendation_text", "recommendation_reasons", "gate_state",
        "gate_share_low", "gate_share_high", "deciding_figure", "missing", "model1_hosts")}
    for uid, role in zip(df["id"], df["role"], strict=True):
        d = ds_.get(str(uid)) if role == "member" else None
        gate = (d or {}).get("model2", {})
        vals = [None] * len(cols) if d is None else [
            d["recommendation"], t(f"rec_{d['recommendation']}", lang), " ".join(d["reasons"]),
            gate.get("state"), gate.get("share_low"), gate.get("share_high"), d["decisive"],
            ", ".join(indicator_name(str(x), lang) for x in d["missing"]),
            "; ".join(h["host_text"] for h in d["model1"] if h.get("host"))]
        for k, v in zip(cols, vals, strict=True):
            cols[k].append(v)
    for k, v in cols.items():
        df[k] = pd.Series(v, index=df.index, dtype=object)
    return df


def json_bytes(res: ShortlistResult, ds: Dataset, lang: str = "en") -> bytes:
    """The shortlist document (``scicity.engine.shortlist.to_json_dict``) with ``dossiers``,
    text in ``lang``."""
    doc = to_json_dict(res, lang)
    found = dossiers(res, ds, lang)
    doc["dossiers"] = [found[str(u)] for u in res.members.index if str(u) in found]
    if not found:
        doc["notes"] = [*cast(list[str], doc["notes"]), no_dossiers(lang)]
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def csv_bytes(res: ShortlistResult, ds: Dataset, lang: str = "en") -> bytes:
    """``summary_frame`` as UTF-8 CSV with a BOM (formula-like cells neutralised)."""
    return csv_text(summary_frame(res, ds, lang), float_format="%.6g").encode("utf-8-sig")


def xlsx_bytes(res: ShortlistResult, ds: Dataset, lang: str = "en") -> bytes:
    """Sheets ``shortlist`` (``summary_frame``), ``evidence`` (every member's indicators
    with value, evidence kind, weight and source), ``metadata`` (provenance, constraints,
    probabilities, notes; what each entry is in ``lang``) and ``sources``."""
    ev = res.evaluation
    rows = [{"id": uid, "name": d["text"].get("name", uid), "criterion": c["id"],
             "sub_score": c["sub_score"], "indicator": i["id"], "indicator_name": i["label"],
             "value": i["value"], "evidence": i["evidence"], "evidence_text": i["evidence_text"],
             "weight": i["weight"], "source_id": i.get("source_id"), "year": i.get("year"),
             "qualifier": i.get("qualifier"), "note": i.get("note")}
            for uid, d in dossiers(res, ds, lang).items() for c in d["criteria"]
            for i in c["indicators"]]
    meta = {**metadata(ev, lang), "constraints": constraints_text(ev, res.constraints, lang),
            "solver": res.selection.solver, "total_utility": res.selection.total,
            "p_best": res.p_best, "samples": res.samples, "seed": res.seed,
            "weights": res.weights}
    notes = notes_text(res, lang)
    if ev.layer != "towns":
        notes.append(no_dossiers(lang))
    frames = {
        "shortlist": summary_frame(res, ds, lang),
        "evidence": pd.DataFrame(rows, columns=[
            "id", "name", "criterion", "sub_score", "indicator", "indicator_name", "value",
            "evidence", "evidence_text", "weight", "source_id", "year", "qualifier", "note"]),
        "metadata": pd.DataFrame(
            [*((k, v, t(f"meta_{k}", lang)) for k, v in meta.items()),
             *(("note", n, t("meta_note", lang)) for n in notes)],
            columns=[t("meta_col_key", lang), t("meta_col_value", lang),
                     t("meta_col_item", lang)]),
        "sources": ev.sources.reset_index(),
    }
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, frame in frames.items():
            xlsx_safe(frame)[0].to_excel(xw, sheet_name=name, index=False)
    return buf.getvalue()


def html_bytes(res: ShortlistResult, ds: Dataset, lang: str = "en") -> bytes:
    """A printable HTML document in ``lang``: provenance, constraints, the set and why,
    how often it is best, runners-up, left-out units, notes and sources (units, regions,
    types and states by name, as the app's Shortlist page shows them), then one dossier
    per member in the same language (every value escaped)."""
    env = Environment(loader=PackageLoader("scicity", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    doc = to_json_dict(res, lang)
    found = dossiers(res, ds, lang)
    return env.get_template("shortlist.html.j2").render(
        s=doc, L=_labels(res, doc, lang), lang=lang,
        dossiers=[found[str(u)] for u in res.members.index if str(u) in found],
        no_dossiers=no_dossiers(lang) if not found else "").encode("utf-8")


def _labels(res: ShortlistResult, doc: dict[str, Any], lang: str) -> dict[str, Any]:
    """The document's words and formatted figures in ``lang``."""
    ev = res.evaluation
    sc = ev.scenario
    col = {k: t(f"shortlist_col_{k}", lang) for k in (
        "rank", "name", "score", "region", "types", "gate", "p_in", "why", "set", "p")}
    robust = doc.get("robust")
    often = None
    if isinstance(robust, dict):
        often = t("shortlist_doc_often", lang, p=percent(res.p_best, lang, 1),
                  samples=robust["samples"], how=sampling_text(res, lang), seed=res.seed,
                  n=robust["distinct_best_sets"])
    return {
        "title": t("shortlist_doc_title", lang, k=res.constraints.k,
                   layer=t(f"layer_{ev.layer}", lang)),
        "scenario": t("scenario", lang), "method": t("method", lang),
        "gate": t("gate_header", lang), "constraints": t("meta_constraints", lang),
        "solver": t("meta_solver", lang), "generated_h": t("meta_generated", lang),
        "method_text": "; ".join([
            t(f"method_{sc.method}", lang),
            f"{t('normalization', lang)}: {t(f'norm_{sc.normalization}', lang)}",
            f"{t('missing_header', lang)}: {t(f'missing_{sc.missing}', lang)}",
            f"{t('meta_min_coverage', lang)}: {percent(sc.min_coverage, lang)}",
            t("score_lower" if ev.ascending else "score_higher", lang)]),
        "gate_text": t("shortlist_doc_gate_applied" if sc.gate.applies(ev.layer)
                       else "shortlist_doc_gate_not_applied", lang,
                       threshold=percent(sc.gate.threshold, lang, 1)),
        "solver_text": t("shortlist_doc_solver", lang, solver=res.selection.solver,
                         n=res.sets_considered, total=res.selection.total),
        "generated": f"{doc['generated']}, {doc['tool']} {doc['version']}",
        "set_h": t("shortlist_doc_set", lang), "often_h": t("shortlist_doc_often_h", lang),
        "often": often, "no_samples": t("shortlist_no_samples", lang),
        "runners_h": t("shortlist_runners_up", lang), "left_out_h": t("shortlist_left_out", lang),
        "notes_h": t("shortlist_notes", lang), "sources_h": t("report_sources", lang),
        "id": t("col_id", lang), "col": col, "total": t("shortlist_col_total", lang),
        "scores": [number(m["score"], lang, 4) for m in cast(list[dict[str, Any]], doc["set"])],
        "p_in": [percent(m["p_in_best_set"], lang, 1)
                 for m in cast(list[dict[str, Any]], doc["set"])],
        "sets_p": ([percent(x["probability"], lang, 1) for x in robust["sets"]]
                   if isinstance(robust, dict) else []),
        "runners_total": [number(x.total, lang, 4) for x in res.runners_up],
        "left_out": [t("shortlist_left_out_item", lang, name=x["name"], id=x["id"],
                       rank=x["rank"], why="; ".join(r["text"] for r in x["reasons"]))
                     for x in cast(list[dict[str, Any]], doc["left_out"])],
    }


@dataclass(frozen=True)
class Format:
    """One shortlist file format: its suffix, a short description and its builder."""

    suffix: str
    description: str
    build: Callable[[ShortlistResult, Dataset, str], bytes]


FORMATS: dict[str, Format] = {f.suffix: f for f in (
    Format(".html", "printable shortlist with every member's dossier", html_bytes),
    Format(".json", "shortlist document with the structured dossiers", json_bytes),
    Format(".csv", "set rows with a dossier summary per member, UTF-8 with BOM", csv_bytes),
    Format(".xlsx", "set, dossier evidence, metadata and sources sheets", xlsx_bytes),
)}


def write(res: ShortlistResult, ds: Dataset, path: Path, lang: str = "en") -> None:
    """Write the shortlist with dossiers to ``path`` in ``lang``; the format follows the
    suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: unknown shortlist format {suffix!r}; expected one of "
                         f"{', '.join(FORMATS)}")
    atomic_write_bytes(Path(path), FORMATS[suffix].build(res, ds, lang))
