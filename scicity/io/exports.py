"""An evaluation as tables and documents: CSV (UTF-8 with BOM), XLSX (ranking +
metadata + provenance) and JSON, each as bytes (``scicity.io.writers`` puts them on disk).

Every format is written in one language (``lang``, the CLI's ``--lang``, the app's
language): the text a person reads — the scenario's name and description, the method,
normalisation, missing-value policy and score direction, the reasons (``reason``,
``gate_reason``) and the notes — is in that language, so the CSV, XLSX, JSON, GeoJSON,
GeoPackage and the report of one run name the same scenario the same way. What a
program reads stays language-independent: column names, ids, states (``gate_state``,
``status``), numbers, and beside each translated code its code (``method_code``,
``normalization_code``, ``missing_policy_code``, ``score_direction_code``; the layer
stays ``layer``, an id as in every output, with ``layer_name`` beside it;
``reason_code``/``gate_reason_code``, the message keys).

Text that a spreadsheet would run is neutralised: a CSV cell beginning ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading apostrophe (OWASP's advice for
CSV injection); XLSX cells are stored as text, never formulas, and characters
XLSX cannot hold (control characters such as NUL or BEL) are replaced by U+FFFD with a note.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version

import pandas as pd

from criteria.model import load_catalogue
from mcda.messages import Message
from scicity.engine.evaluate import LOCATION_COLUMNS, Evaluation
from scicity.i18n import t, translate

EXPORT_COLUMNS: tuple[str, ...] = (
    "rank", "id", "name_kk", "name_ru", "name_en", "score",
)
STATE_COLUMNS: tuple[str, ...] = (
    "gate_state", "gate_share", "gate_share_low", "gate_share_high", "gate_researchers_low",
    "gate_researchers_high", "gate_employed_low", "gate_employed_high", "gate_decider",
    "gate_shortfall", "gate_researchers_needed", "gate_estimate", "gate_lower_bound",
    "gate_reason", "gate_reason_code", "complete", "missing", "estimated", "score_best",
    "status", "reason", "reason_code",
)


def tool_version() -> str:
    """The installed scicity version."""
    try:
        return version("scicity")
    except PackageNotFoundError:
        return "unknown"


def ranking_frame(ev: Evaluation, lang: str = "en") -> pd.DataFrame:
    """The ranking as a flat table: rank, id, names, score, sub-scores (C1 … C4, the
    catalogue's order), for towns what each sub-score rests on (``evidence_<C>``:
    ``direct``, a measure of the town itself; ``context``, only its region's figures;
    ``none``, no value), the 3 % rule (``gate_state`` and its figures), flags, and for
    towns the declared and computed region and the coordinates (WGS 84). ``reason`` and
    ``gate_reason`` are the engine's messages in ``lang``; ``reason_code`` and
    ``gate_reason_code`` their message keys."""
    tb = ev.table.reset_index()
    for col in ("reason", "gate_reason"):
        tb[f"{col}_code"] = [r.key if isinstance(r, Message) else None for r in tb[col]]
        tb[col] = [translate(r, lang) for r in tb[col]]
    if "score_best" not in tb:  # only under the worst-case missing-value policy
        tb["score_best"] = tb["score"]
    subs = sub_columns(tb.columns)
    evidence = ([f"evidence_{c[4:]}" for c in subs if f"evidence_{c[4:]}" in tb.columns]
                if ev.layer == "towns" else [])
    where = [c for c in LOCATION_COLUMNS if c in tb.columns]
    return tb[[*EXPORT_COLUMNS, *subs, *evidence, *STATE_COLUMNS, *where]]


def sub_columns(columns: Iterable[object]) -> list[str]:
    """The ``sub_<C>`` columns among ``columns`` in the catalogue's order (C1 … C4; an
    unknown criterion after them)."""
    order = {c.id: k for k, c in enumerate(load_catalogue().criteria)}
    subs = [str(c) for c in columns if str(c).startswith("sub_")]
    return sorted(subs, key=lambda c: (order.get(c[4:], len(order)), c))


def weights_frame(ev: Evaluation) -> pd.DataFrame:
    """Per indicator: criterion, weights asked for and used, coverage, status."""
    w = ev.weights.reset_index()
    return w[["indicator", "name_en", "criterion", "direction", "criterion_weight",
              "local_weight", "global_weight", "coverage", "status"]]


def metadata(ev: Evaluation, lang: str = "en") -> dict[str, object]:
    """Scenario, method and provenance facts that travel with every export: names and
    codes in words in ``lang`` (the scenario's name as the report and the app show it),
    each code also as it is (``*_code``)."""
    s = ev.scenario
    direction = "lower" if ev.ascending else "higher"
    return {
        "tool": "scicity",
        "version": tool_version(),
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "language": lang,
        "layer": ev.layer,   # an id here as in every other output (file names, JSON)
        "layer_name": t(f"layer_{ev.layer}", lang),
        "scenario_id": s.id,
        "scenario_name": s.display_name(lang),
        "scenario_description": " ".join(s.display_description(lang).split()),
        "method": t(f"method_{s.method}", lang),
        "method_code": s.method,
        "normalization": t(f"norm_{s.normalization}", lang),
        "normalization_code": s.normalization,
        "missing_policy": t(f"missing_{s.missing}", lang),
        "missing_policy_code": s.missing,
        "min_coverage": s.min_coverage,
        "gate_threshold": s.gate.threshold,
        "gate_applied": s.gate.applies(ev.layer),
        "score_direction": t(f"score_{direction}", lang),
        "score_direction_code": direction,
    }


def metadata_frame(ev: Evaluation, lang: str) -> pd.DataFrame:
    """``metadata`` as a table: each entry's key (first, as in the two-column sheet of
    earlier versions, so scripts reading key → value keep working), its value and what it
    is in ``lang``."""
    return pd.DataFrame([(k, v, t(f"meta_{k}", lang)) for k, v in metadata(ev, lang).items()],
                        columns=[t("meta_col_key", lang), t("meta_col_value", lang),
                                 t("meta_col_item", lang)])


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


def csv_bytes(ev: Evaluation, lang: str = "en") -> bytes:
    """The ranking as CSV in UTF-8 with a byte-order mark (Excel reads Cyrillic right);
    reasons in ``lang``."""
    return csv_text(ranking_frame(ev, lang)).encode("utf-8-sig")


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
    frames = {"shown": shown, "ranking": ranking_frame(ev, lang),
              "meta": metadata_frame(ev, lang),
              "weights": localized(weights_rows(ev, lang), weights_labels(lang)),
              "sources": sources_rows(ev.sources, lang), "provenance": ev.provenance}
    changed = 0
    for key, frame in frames.items():
        frames[key], n = xlsx_safe(frame)
        changed += n
    # the block's title row names the notes; the column is headed as one note
    notes, n = xlsx_safe(pd.DataFrame({t("meta_col_note", lang): [translate(m, lang)
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


def json_document(ev: Evaluation, lang: str = "en") -> dict[str, object]:
    """Everything in one JSON-ready dict: metadata, units, weights, notes (text in
    ``lang``; ``messages`` their keys and parameters), sources."""
    def records(df: pd.DataFrame) -> list[dict[str, object]]:
        return [{str(k): _clean(v) for k, v in r.items()}
                for r in df.to_dict(orient="records")]

    return {
        **metadata(ev, lang),
        "units": records(ranking_frame(ev, lang)),
        "weights": records(weights_frame(ev)),
        "notes": [translate(n, lang) for n in ev.notes],
        "messages": [n.as_dict() for n in ev.notes],
        "sources": records(ev.sources.reset_index()),
        "provenance": records(ev.provenance),
    }


def json_bytes(ev: Evaluation, lang: str = "en") -> bytes:
    """The JSON document as UTF-8 (non-ASCII letters kept as they are)."""
    return json.dumps(json_document(ev, lang), ensure_ascii=False, indent=2).encode("utf-8")
