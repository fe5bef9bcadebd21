"""Every export format in one registry: the file suffix → the writer.

CSV, XLSX and JSON (``scicity.io.exports``), GeoJSON and GeoPackage (``scicity.io.geoexport``)
and the printable HTML report (``scicity.view.report``). A writer builds the whole file and
then replaces the target atomically (a temporary file in the target's folder, flushed to
disk, then ``os.replace``), so an interrupted export never leaves a half-written file
where a good one was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

from criteria.dataset import Dataset
from scicity.engine.evaluate import Evaluation
from scicity.io import exports

#: Permissions of written files (read for all, write for the owner), like a plain open().
FILE_MODE = 0o644
#: Weight samples behind the robustness summary of a printed report.
REPORT_SAMPLES = 10_000


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                               dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class ExportOptions:
    """What the formats need beyond the evaluation: the language of their text (every
    format; see ``scicity.io.exports``), and the dataset and sample count of the
    report's robustness summary."""

    lang: str = "en"
    dataset: Dataset | None = None
    samples: int = REPORT_SAMPLES


def _html(ev: Evaluation, opts: ExportOptions) -> bytes:
    from scicity.engine.robustness import LARGE_SAMPLES, LARGE_UNITS, rank_summary, robustness
    from scicity.view.report import report_html

    res = None
    if opts.dataset is not None and int(ev.table["rank"].notna().sum()) > LARGE_UNITS:
        res = rank_summary(ev, samples=min(opts.samples, LARGE_SAMPLES), seed=0)
        ev = replace(ev, notes=(*ev.notes, *res.notes))  # the report states what was computed
    elif opts.dataset is not None:
        res = robustness(ev, samples=opts.samples, seed=0, method_samples=0,
                         data=opts.dataset)
    return report_html(ev, opts.lang, res).encode("utf-8")


def _geoexport() -> ModuleType:
    """``scicity.io.geoexport``, imported when a geographic format is written (it loads
    pyogrio and the full-detail region polygons)."""
    from scicity.io import geoexport
    return geoexport


def _in_memory(build: Callable[[Evaluation, ExportOptions], bytes]
               ) -> Callable[[Evaluation, Path, ExportOptions], None]:
    def write(ev: Evaluation, path: Path, opts: ExportOptions) -> None:
        atomic_write_bytes(path, build(ev, opts))
    return write


@dataclass(frozen=True)
class Format:
    """One export format: its suffix, a short description and its writer."""

    suffix: str
    description: str
    write: Callable[[Evaluation, Path, ExportOptions], None]


FORMATS: dict[str, Format] = {f.suffix: f for f in (
    Format(".csv", "ranking table, UTF-8 with BOM",
           _in_memory(lambda ev, opts: exports.csv_bytes(ev, opts.lang))),
    Format(".xlsx", "ranking, metadata and provenance sheets",
           _in_memory(lambda ev, opts: exports.xlsx_bytes(ev, opts.lang))),
    Format(".json", "ranking, weights, notes, sources and provenance",
           _in_memory(lambda ev, opts: exports.json_bytes(ev, opts.lang))),
    Format(".geojson", "features with the ranking (WGS 84)",
           _in_memory(lambda ev, opts: _geoexport().geojson_bytes(ev, opts.lang))),
    Format(".gpkg", "GeoPackage layer and tables (WGS 84)",
           lambda ev, path, opts: _geoexport().write_gpkg(ev, path, opts.lang)),
    Format(".html", "printable report", _in_memory(_html)),
)}


def export(ev: Evaluation, path: Path, options: ExportOptions | None = None) -> None:
    """Write ``ev`` to ``path``; the format follows the suffix (see ``FORMATS``)."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: unknown export format {suffix!r}; expected one of "
                         f"{', '.join(FORMATS)}")
    FORMATS[suffix].write(ev, Path(path), options or ExportOptions())
