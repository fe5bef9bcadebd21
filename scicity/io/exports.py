"""An evaluation as tables and documents: CSV (UTF-8 with BOM), XLSX (ranking +
metadata + provenance) and JSON, each as bytes (``scicity.io.writers`` puts them on disk).

Text that a spreadsheet would run is neutralised: a CSV cell beginning ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading apostrophe (OWASP's advice for
CSV injection); XLSX cells are stored as text, never formulas, and characters
XLSX cannot hold (control characters such as NUL or BEL) are replaced by U+FFFD with a note.
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version

import pandas as pd

from scicity.engine.evaluate import LOCATION_COLUMNS, Evaluation
from scicity.i18n import t, translate

EXPORT_COLUMNS: tuple[str, ...] = (
    "rank", "id", "name_kk", "name_ru", "name_en", "score",
)
STATE_COLUMNS: tuple[str, ...] = (
    "gate_state", "gate_share", "gate_share_low", "gate_share_high", "gate_researchers_low",
    "gate_researchers_high", "gate_employed_low", "gate_employed_high", "gate_decider",
    "gate_shortfall", "gate_researchers_needed", "gate_estimate", "gate_lower_bound",
    "gate_reason", "complete", "missing", "estimated", "score_best", "status", "reason",
)


def tool_version() -> str:
    """The installed scicity version."""
    try:
        return version("scicity")
    except PackageNotFoundError:
        return "unknown"


def ranking_frame(ev: Evaluation) -> pd.DataFrame:
    """The ranking as a flat table: rank, id, names, score, sub-scores, for towns what
    each sub-score rests on (``evidence_<C>``: ``direct``, a measure of the town itself;
    ``context``, only its region's figures; ``none``, no value), the 3 % rule
    (``gate_state`` and its figures), flags, and for towns the declared and computed
    region and the coordinates (WGS 84). ``reason`` and ``gate_reason`` are the
    engine's messages in English."""
    tb = ev.table.reset_index()
    for col in ("reason", "gate_reason"):
        tb[col] = [translate(r, "en") for r in tb[col]]
    if "score_best" not in tb:  # only under the worst-case missing-value policy
        tb["score_best"] = tb["score"]
    subs = [c for c in tb.columns if c.startswith("sub_")]
    evidence = ([f"evidence_{c[4:]}" for c in subs if f"evidence_{c[4:]}" in tb.columns]
                if ev.layer == "towns" else [])
    where = [c for c in LOCATION_COLUMNS if c in tb.columns]
    return tb[[*EXPORT_COLUMNS, *subs, *evidence, *STATE_COLUMNS, *where]]


def weights_frame(ev: Evaluation) -> pd.DataFrame:
    """Per indicator: criterion, weights asked for and used, coverage, status."""
    w = ev.weights.reset_index()
    return w[["indicator", "name_en", "criterion", "direction", "criterion_weight",
              "local_weight", "global_weight", "coverage", "status"]]


def metadata(ev: Evaluation) -> dict[str, object]:
    """Scenario, method and provenance facts that travel with every export."""
    s = ev.scenario
    return {
        "tool": "scicity",
        "version": tool_version(),
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "layer": ev.layer,
        "scenario_id": s.id,
        "scenario_name": s.name,
        "scenario_description": " ".join(s.description.split()),
        "method": s.method,
        "normalization": s.normalization,
        "missing_policy": s.missing,
        "min_coverage": s.min_coverage,
        "gate_threshold": s.gate.threshold,
        "gate_applied": s.gate.applies(ev.layer),
        "score_direction": "lower is better" if ev.ascending else "higher is better",
    }


#: First characters that make a spreadsheet read a CSV cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """``value`` with a leading apostrophe when it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(frame: pd.DataFrame, float_format: str | None = None) -> str:
    """``frame.to_csv(index=False, float_format=...)`` with every text cell and column
    name neutralised (numbers are written as numbers)."""
    safe = frame.copy()
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    for c in safe.columns:
        if safe[c].dtype == object or pd.api.types.is_string_dtype(safe[c]):
            safe[c] = safe[c].map(neutralise)
    return safe.to_csv(index=False, float_format=float_format)


def csv_bytes(ev: Evaluation) -> bytes:
    """The ranking as CSV in UTF-8 with a byte-order mark (Excel reads Cyrillic right)."""
    return csv_text(ranking_frame(ev)).encode("utf-8-sig")


def xlsx_bytes(ev: Evaluation, lang: str = "en") -> bytes:
    """An XLSX workbook in ``lang``: sheet ``ranking`` (localised headers, numbers rounded
    to the precision the app shows, frozen header row, filter, fitted column widths),
    sheet ``ranking_full`` (every column at full precision, as in the CSV), sheet
    ``metadata`` (scenario, weights used, notes, data sources, tool version) and sheet
    ``provenance`` (every value behind the ranking with its year, source, qualifier and
    note)."""
    from scicity.io.xlsx_stream import workbook_bytes
    from scicity.view.ranking import localized, sources_rows, weights_labels, weights_rows
    from scicity.view.spreadsheet import Block, ranking_sheet, sheet

    shown, formats = ranking_sheet(ev, lang)
    frames = {"shown": shown, "ranking": ranking_frame(ev),
              "meta": pd.DataFrame(list(metadata(ev).items()), columns=["key", "value"]),
              "weights": localized(weights_rows(ev, lang), weights_labels(lang)),
              "sources": sources_rows(ev.sources, lang), "provenance": ev.provenance}
    changed = 0
    for key, frame in frames.items():
        frames[key], n = xlsx_safe(frame)
        changed += n
    notes, n = xlsx_safe(pd.DataFrame({t("notes", lang): [translate(m, lang)
                                                         for m in ev.notes]}))
    changed += n
    if changed:
        notes.loc[len(notes)] = [f"{changed} text cells held characters an XLSX file cannot "
                                 "store (control characters such as NUL or BEL); each was "
                                 f"replaced by {REPLACEMENT}"]
    layout: list[tuple[str, list[Block], dict[str, str], bool]] = [
        ("ranking", [(None, frames["shown"])], formats, True),
        ("ranking_full", [(None, frames["ranking"])], {}, True),
        ("metadata", [(t("sheet_scenario", lang), frames["meta"]),
                      (t("weights_used_header", lang), frames["weights"]),
                      (t("notes", lang), notes),
                      (t("report_sources", lang), frames["sources"])], {}, False),
        ("provenance", [(None, frames["provenance"])], {}, True)]
    return workbook_bytes(sheet(*args) for args in layout)   # one sheet's cells at a time


#: Characters an XLSX cell cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE).
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
REPLACEMENT = "\ufffd"


def xlsx_safe(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """``frame`` with characters XLSX cannot hold replaced by U+FFFD, and how many text
    cells changed."""
    out, changed = frame.copy(), 0
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            bad = out[c].map(lambda v: isinstance(v, str) and bool(_ILLEGAL.search(v)))
            if bad.any():
                changed += int(bad.sum())
                out[c] = out[c].map(lambda v: _ILLEGAL.sub(REPLACEMENT, v)
                                    if isinstance(v, str) else v)
    return out, changed


def _clean(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def json_document(ev: Evaluation) -> dict[str, object]:
    """Everything in one JSON-ready dict: metadata, units, weights, notes, sources."""
    def records(df: pd.DataFrame) -> list[dict[str, object]]:
        return [{str(k): _clean(v) for k, v in r.items()}
                for r in df.to_dict(orient="records")]

    return {
        **metadata(ev),
        "units": records(ranking_frame(ev)),
        "weights": records(weights_frame(ev)),
        "notes": [translate(n, "en") for n in ev.notes],
        "messages": [n.as_dict() for n in ev.notes],
        "sources": records(ev.sources.reset_index()),
        "provenance": records(ev.provenance),
    }


def json_bytes(ev: Evaluation) -> bytes:
    """The JSON document as UTF-8 (non-ASCII letters kept as they are)."""
    return json.dumps(json_document(ev), ensure_ascii=False, indent=2).encode("utf-8")
