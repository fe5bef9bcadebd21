"""A shortlist in one file with every member's dossier (issue 11 item 15, issue 15 item 3):
the chosen set, its constraints, why each member is in it, how often it is best over the
weight samples, each member's dossier (both models, the 3 % interval, the evidence and
its sources) and the scenario/data provenance the other exports carry.

``FORMATS`` maps a file suffix to its builder (as :mod:`scicity.io.writers` does for the
ranking): ``.html`` a printable document (``templates/shortlist.html.j2``, autoescape),
``.json`` the shortlist document plus the structured dossiers, ``.csv`` / ``.xlsx`` the
set rows with a dossier summary per member (XLSX adds the dossiers' evidence, metadata
and sources sheets). Dossiers exist for towns; a regions shortlist carries none and says
so. ``write`` replaces the target atomically.
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
from scicity.engine.shortlist import ShortlistResult, to_csv_frame, to_json_dict
from scicity.i18n import translate
from scicity.io.exports import csv_text, metadata, xlsx_safe
from scicity.io.writers import atomic_write_bytes

NO_DOSSIERS = "Dossiers are built for towns only (the Concept's two models are assessed on " \
              "settlements); this shortlist is of regions."


def dossiers(res: ShortlistResult, ds: Dataset) -> dict[str, dict[str, Any]]:
    """Each member's dossier (messages in English), by id; empty for regions."""
    ev = res.evaluation
    if ev.layer != "towns":
        return {}
    return {str(u): cast(dict[str, Any], dossier._english(dossier.build(ds, ev, str(u))))
            for u in res.members.index}


def summary_frame(res: ShortlistResult, ds: Dataset) -> pd.DataFrame:
    """The shortlist's CSV rows (members, left-out units, runners-up; scenario and
    constraints on every row) with, for each member, its dossier in brief: the
    recommended model and its reasons, the 3 % rule's state and share interval, the
    figure that would most change the verdict, what is missing and the Model 1 hosts."""
    df = to_csv_frame(res)
    ds_ = dossiers(res, ds)
    cols: dict[str, list[Any]] = {k: [] for k in (
        "recommendation", "recommendation_reasons", "gate_state", "gate_share_low",
        "gate_share_high", "deciding_figure", "missing", "model1_hosts")}
    for uid, role in zip(df["id"], df["role"], strict=True):
        d = ds_.get(str(uid)) if role == "member" else None
        gate = (d or {}).get("model2", {})
        vals = [None] * len(cols) if d is None else [
            d["recommendation"], " ".join(d["reasons"]), gate.get("state"),
            gate.get("share_low"), gate.get("share_high"), d["decisive"],
            ", ".join(d["missing"]),
            "; ".join(h["host"] for h in d["model1"] if h.get("host"))]
        for k, v in zip(cols, vals, strict=True):
            cols[k].append(v)
    for k, v in cols.items():
        df[k] = pd.Series(v, index=df.index, dtype=object)
    return df


def json_bytes(res: ShortlistResult, ds: Dataset) -> bytes:
    """The shortlist document (``scicity.engine.shortlist.to_json_dict``) with ``dossiers``."""
    doc = to_json_dict(res)
    found = dossiers(res, ds)
    doc["dossiers"] = [found[str(u)] for u in res.members.index if str(u) in found]
    if not found:
        doc["notes"] = [*cast(list[str], doc["notes"]), NO_DOSSIERS]
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def csv_bytes(res: ShortlistResult, ds: Dataset) -> bytes:
    """``summary_frame`` as UTF-8 CSV with a BOM (formula-like cells neutralised)."""
    return csv_text(summary_frame(res, ds), float_format="%.6g").encode("utf-8-sig")


def xlsx_bytes(res: ShortlistResult, ds: Dataset) -> bytes:
    """Sheets ``shortlist`` (``summary_frame``), ``evidence`` (every member's indicators
    with value, evidence kind, weight and source), ``metadata`` (provenance, constraints,
    probabilities, notes) and ``sources``."""
    ev = res.evaluation
    rows = [{"id": uid, "criterion": c["id"], "sub_score": c["sub_score"],
             "indicator": i["id"], "name": i["name"], "value": i["value"],
             "evidence": i["evidence"], "weight": i["weight"],
             "source_id": i.get("source_id"), "year": i.get("year"),
             "qualifier": i.get("qualifier"), "note": i.get("note")}
            for uid, d in dossiers(res, ds).items() for c in d["criteria"]
            for i in c["indicators"]]
    meta = {**metadata(ev), "constraints": res.constraints.summary(),
            "solver": res.selection.solver, "total_utility": res.selection.total,
            "p_best": res.p_best, "samples": res.samples, "seed": res.seed,
            "weights": res.weights}
    notes = [*res.notes, *(translate(n, "en") for n in ev.notes)]
    if ev.layer != "towns":
        notes.append(NO_DOSSIERS)
    frames = {
        "shortlist": summary_frame(res, ds),
        "evidence": pd.DataFrame(rows, columns=["id", "criterion", "sub_score", "indicator",
                                                "name", "value", "evidence", "weight",
                                                "source_id", "year", "qualifier", "note"]),
        "metadata": pd.DataFrame([*meta.items(), *(("note", n) for n in notes)],
                                 columns=["key", "value"]),
        "sources": ev.sources.reset_index(),
    }
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, frame in frames.items():
            xlsx_safe(frame)[0].to_excel(xw, sheet_name=name, index=False)
    return buf.getvalue()


def html_bytes(res: ShortlistResult, ds: Dataset) -> bytes:
    """A printable HTML document: provenance, constraints, the set and why, how often it
    is best, runners-up, left-out units, notes and sources, then one dossier per member
    (every value escaped)."""
    env = Environment(loader=PackageLoader("scicity", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    doc = to_json_dict(res)
    found = dossiers(res, ds)
    return env.get_template("shortlist.html.j2").render(
        s=doc, dossiers=[found[str(u)] for u in res.members.index if str(u) in found],
        no_dossiers=NO_DOSSIERS if not found else "").encode("utf-8")


@dataclass(frozen=True)
class Format:
    """One shortlist file format: its suffix, a short description and its builder."""

    suffix: str
    description: str
    build: Callable[[ShortlistResult, Dataset], bytes]


FORMATS: dict[str, Format] = {f.suffix: f for f in (
    Format(".html", "printable shortlist with every member's dossier", html_bytes),
    Format(".json", "shortlist document with the structured dossiers", json_bytes),
    Format(".csv", "set rows with a dossier summary per member, UTF-8 with BOM", csv_bytes),
    Format(".xlsx", "set, dossier evidence, metadata and sources sheets", xlsx_bytes),
)}


def write(res: ShortlistResult, ds: Dataset, path: Path) -> None:
    """Write the shortlist with dossiers to ``path``; the format follows the suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: unknown shortlist format {suffix!r}; expected one of "
                         f"{', '.join(FORMATS)}")
    atomic_write_bytes(Path(path), FORMATS[suffix].build(res, ds))
