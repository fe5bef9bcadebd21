"""Writing an evaluation to CSV (UTF-8 with BOM), XLSX (ranking + metadata) and JSON.

Every writer builds the whole file in memory and replaces the target atomically, so an
interrupted export never leaves a half-written file where a good one was.
"""

from __future__ import annotations

import io
import json
import math
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from criteria.fileio import atomic_write_bytes
from scicity.engine import LOCATION_COLUMNS, Evaluation

EXPORT_COLUMNS: tuple[str, ...] = (
    "rank", "id", "name_kk", "name_ru", "name_en", "score",
)
STATE_COLUMNS: tuple[str, ...] = (
    "gate_state", "gate_share", "gate_share_low", "gate_share_high", "gate_researchers_low",
    "gate_researchers_high", "gate_employed_low", "gate_employed_high", "gate_decider",
    "gate_shortfall", "gate_researchers_needed", "gate_estimate", "gate_lower_bound",
    "gate_reason", "complete", "missing", "estimated", "status", "reason",
)


def tool_version() -> str:
    """The installed scicity version."""
    try:
        return version("scicity")
    except PackageNotFoundError:
        return "unknown"


def ranking_frame(ev: Evaluation) -> pd.DataFrame:
    """The ranking as a flat table: rank, id, names, score, sub-scores, gate, flags, and
    for towns the declared and computed region and the coordinates (WGS 84)."""
    t = ev.table.reset_index()
    subs = [c for c in t.columns if c.startswith("sub_")]
    where = [c for c in LOCATION_COLUMNS if c in t.columns]
    return t[[*EXPORT_COLUMNS, *subs, *STATE_COLUMNS, *where]]


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


def csv_bytes(ev: Evaluation) -> bytes:
    """The ranking as CSV in UTF-8 with a byte-order mark (Excel reads Cyrillic right)."""
    return ranking_frame(ev).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(ev: Evaluation) -> bytes:
    """An XLSX workbook: sheet ``ranking``, sheet ``metadata`` (scenario, weights used,
    notes, data sources, tool version) and sheet ``provenance`` (every value behind the
    ranking with its year, source, qualifier and note)."""
    buf = io.BytesIO()
    meta = pd.DataFrame(list(metadata(ev).items()), columns=["key", "value"])
    notes = pd.DataFrame({"note": list(ev.notes)})
    sources = ev.sources.reset_index()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        ranking_frame(ev).to_excel(xw, sheet_name="ranking", index=False)
        row = 0
        for title, frame in (("Scenario", meta), ("Weights used", weights_frame(ev)),
                             ("Notes", notes), ("Data sources", sources)):
            pd.DataFrame({title: []}).to_excel(xw, sheet_name="metadata", startrow=row,
                                               index=False)
            frame.to_excel(xw, sheet_name="metadata", startrow=row + 1, index=False)
            row += len(frame) + 3
        ev.provenance.to_excel(xw, sheet_name="provenance", index=False)
        _no_formulas(xw.book)
    return buf.getvalue()


def _no_formulas(book) -> None:
    """Store every cell as data: openpyxl turns text starting with '=' into a formula,
    which Excel would run (a name such as '=HYPERLINK(...)' from a user file)."""
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


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
        return [{k: _clean(v) for k, v in r.items()} for r in df.to_dict(orient="records")]

    return {
        **metadata(ev),
        "units": records(ranking_frame(ev)),
        "weights": records(weights_frame(ev)),
        "notes": list(ev.notes),
        "sources": records(ev.sources.reset_index()),
        "provenance": records(ev.provenance),
    }


def json_bytes(ev: Evaluation) -> bytes:
    """The JSON document as UTF-8 (non-ASCII letters kept as they are)."""
    return json.dumps(json_document(ev), ensure_ascii=False, indent=2).encode("utf-8")


WRITERS = {".csv": csv_bytes, ".xlsx": xlsx_bytes, ".json": json_bytes}
#: Geo formats, written by ``scicity.geoexport`` (polygons for regions, points for towns).
GEO_SUFFIXES: tuple[str, ...] = (".geojson", ".gpkg")


def export(ev: Evaluation, path: Path) -> None:
    """Write ``ev`` to ``path``; the format follows the suffix (see ``WRITERS`` and
    ``GEO_SUFFIXES``)."""
    suffix = Path(path).suffix.lower()
    if suffix in GEO_SUFFIXES:
        from scicity.geoexport import GEO_WRITERS  # imports this module: import on use

        GEO_WRITERS[suffix](ev, Path(path))
        return
    if suffix not in WRITERS:
        raise ValueError(f"{path}: unknown export format {suffix!r}; expected one of "
                         f"{', '.join([*WRITERS, *GEO_SUFFIXES])}")
    atomic_write_bytes(Path(path), WRITERS[suffix](ev))
