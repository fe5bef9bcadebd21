"""Bring your own data: a regions or towns table from CSV, XLSX, GeoJSON or GeoPackage,
validated against the indicator catalogue.

Every problem is reported with its file, row (as the user sees it: the header is row 1
of a CSV or sheet; features of a geo file are numbered from 1) and column. A bad cell
becomes missing and its row is kept; a row that cannot be used at all (no id, a repeated
id, an unknown region code, no usable coordinates for a town) is excluded and reported;
a file that cannot be used (unreadable, too large, too many rows or columns, a required
column missing, no usable row) raises ``UserInputError``. Coordinates are degrees on
WGS 84 (EPSG:4326); geo files in another CRS are reprojected and the fact is reported.
Files are read from memory (``load_user_bytes``); at most ``MAX_REPORTED`` problems are
listed, followed by a count of the rest.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import math
import re
import warnings
import zipfile
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely

from criteria.bundled import load_bundled, load_sources, locate_towns, prepare
from criteria.dataset import (
    NAME_COLUMNS,
    PROVENANCE_COLUMNS,
    QUALIFIERS,
    Dataset,
    empty_provenance,
)
from criteria.model import LAYERS, Catalogue, Field, load_catalogue
from criteria.problems import Problem, RowLabel, Severity, UserInputError, fail
from criteria.textio import csv_rows, decode, parse_number, read_bounded, too_large
from geodata.region_names import ISO_CODES, REGION_NAMES
from geodata.regions import regions_of_points
from geodata.towns import KZ_BBOX, in_kz_bbox
from mcda.messages import Message, msg

if TYPE_CHECKING:   # geopandas is imported only to read a geo file
    import geopandas as gpd

MAX_BYTES = 20 * 1024 * 1024
#: Data rows and columns read from one table; a larger table is refused.
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
#: Problems listed per file; the rest are counted in one last line.
MAX_REPORTED = 200
#: Largest magnitude a value may have: far above any real figure of any indicator (the
#: largest bundled value is about 2e6), and small enough that derived ratios and the
#: normalisations cannot overflow.
MAX_VALUE = 1e15
USER_SOURCE = "USER"

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
GEO_SUFFIXES = (".geojson", ".json", ".gpkg")

#: Accepted spellings (case-insensitive) of the structural columns.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "iso", "iso_code", "code", "unit_id"),
    "name_en": ("name_en", "name"),
    "name_ru": ("name_ru",),
    "name_kk": ("name_kk", "name_kz"),
    "region_id": ("region_id", "region"),
    "lat": ("lat", "latitude", "широта", "ендік"),
    "lon": ("lon", "lng", "long", "longitude", "долгота", "бойлық"),
    "year": ("year", "год", "жыл"),
    "qualifier": ("qualifier",),
}
#: Russian and Kazakh headers of the id and name columns, as offices write them.
CYRILLIC_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("код", "коды"),
    "name_ru": ("название", "наименование"),
    "name_kk": ("атауы",),
}
_YES = {"1", "yes", "y", "true", "да", "есть", "иә", "бар"}
_NO = {"0", "no", "n", "false", "нет", "жоқ"}
_YES_NO = _YES | _NO


@dataclass
class _Raw:
    """A file read as text cells: header, (row number, cells) pairs, optional geometry."""

    header: list[str]
    rows: list[tuple[int, list[object]]]
    geometry: list[shapely.Geometry | None] | None = None
    row_label: RowLabel = "row"


# ----------------------------------------------------------------------------- values

def check_value(f: Field, cell: object) -> tuple[float | None, list[tuple[Severity, Message]]]:
    """Parse and check one cell of field ``f`` by its kind (catalogue ``kind``): the
    value (None = missing) and findings."""
    kind, unit = f.kind, f.unit.en   # the unit's English word tells persons from items
    if kind == "flag" and isinstance(cell, str) and cell.strip().casefold() in _YES_NO:
        return (1.0 if cell.strip().casefold() in _YES else 0.0), []
    p = parse_number(cell)
    if p.error:
        hint = (msg("input_expect_flag") if kind == "flag" else
                msg("input_expect_number", unit_of=f.id))
        return None, [("error", msg("input_bad_value", error=p.error, expected=hint))]
    if p.value is None:
        return None, []
    v = p.value
    out: list[tuple[Severity, Message]] = []
    if abs(v) > MAX_VALUE:
        return None, [("error", msg("input_too_big_value", value=v, indicator=f.id,
                                    limit=MAX_VALUE))]
    if p.percent:
        if kind == "share":
            out.append(("info", msg("input_read_as_share", text=str(cell).strip(),
                                    share=v / 100)))
            v /= 100
        elif kind != "percent":
            return None, [("error", msg("input_percent_not_allowed", text=str(cell).strip(),
                                        field=f.id, unit_of=f.id))]
    if v < 0:
        return None, [("error", msg("input_negative", value=v, indicator=f.id))]
    if kind == "flag" and v not in (0.0, 1.0):
        return None, [("error", msg("input_not_flag", value=v))]
    if kind == "share" and v > 1:
        return None, [("error", msg("input_share_above_one", value=v, field=f.id))]
    if kind == "percent" and v > 100:
        return None, [("error", msg("input_percent_above_100", value=v))]
    if kind == "count" and not float(v).is_integer():
        what = "persons" if unit == "persons" else "items"
        out.append(("warning", msg(f"input_not_whole_{what}", value=v)))
    return v, out


# ----------------------------------------------------------------------------- reading

def _too_many_rows(name: str, label: str = "rows") -> UserInputError:
    return fail(name, msg(f"input_too_many_{label}", limit=MAX_ROWS))


def _read_csv(raw: bytes, name: str, problems: list[Problem]) -> _Raw:
    text = decode(raw, name, problems)
    records: list[tuple[int, list[object]]] = []
    for i, r in csv_rows(text, name):
        if any(c.strip() for c in r):
            if len(records) > MAX_ROWS:
                raise _too_many_rows(name)
            records.append((i, list(r)))
    if not records:
        raise fail(name, msg("input_empty_file"))
    (_, header), body = records[0], records[1:]
    return _Raw(header=[str(h) for h in header], rows=body)


def _caps_columns(name: str, i: int, cells: tuple[object, ...]) -> list[object]:
    if len(cells) > MAX_COLUMNS:
        if any(c is not None and str(c).strip() for c in cells[MAX_COLUMNS:]):
            raise fail(name, msg("input_too_many_columns", limit=MAX_COLUMNS), row=i)
        cells = cells[:MAX_COLUMNS]
    return list(cells)


def _read_xlsx(raw: bytes, name: str, sheet: str | None, problems: list[Problem]) -> _Raw:
    """Stream the sheet (read-only mode) ignoring its declared size, which a file may
    state as the whole grid; formulas without a calculated value are reported per cell."""
    import openpyxl

    def sheet_of(data_only: bool) -> tuple[Any, Any]:  # openpyxl has no type information
        try:
            wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only)
        except Exception as exc:  # openpyxl raises many types for a corrupt file
            raise fail(name, msg("input_not_xlsx", detail=str(exc))) from None
        if sheet is not None and sheet not in wb.sheetnames:
            raise fail(name, msg("input_no_sheet", sheet=sheet, sheets=tuple(wb.sheetnames)))
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        ws.reset_dimensions()
        return wb, ws

    wb, ws = sheet_of(True)
    records: list[tuple[int, list[object]]] = []
    try:
        for i, r in enumerate(ws.iter_rows(values_only=True), start=1):
            if any(c is not None and str(c).strip() for c in r):
                if len(records) > MAX_ROWS:
                    raise _too_many_rows(name)
                records.append((i, _caps_columns(name, i, r)))
    finally:
        wb.close()
    if not records:
        raise fail(name, msg("input_empty_sheet", sheet=ws.title))
    header = ["" if h is None else str(h) for h in records[0][1]]
    if _has_formulas(raw):
        _formulas_without_values(sheet_of(False), dict(records), header, name, problems)
    return _Raw(header=header, rows=records[1:])


def _has_formulas(raw: bytes) -> bool:
    """Whether any worksheet of the workbook holds a formula (an ``<f>`` element),
    scanned in chunks."""
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        for info in z.infolist():
            if info.filename.startswith("xl/worksheets/"):
                with z.open(info) as fh:
                    tail = b""
                    while chunk := fh.read(1 << 20):
                        if re.search(rb"<f[ >/]", tail + chunk):
                            return True
                        tail = chunk[-8:]
    return False


def _formulas_without_values(opened: tuple[Any, Any], rows: dict[int, list[object]],
                             header: list[str], name: str, problems: list[Problem]) -> None:
    """Report each formula cell whose calculated value is absent (read as empty)."""
    from openpyxl.utils import get_column_letter

    wb, ws = opened
    try:
        for i, r in enumerate(ws.iter_rows(values_only=True), start=1):
            for j, c in enumerate(r[:MAX_COLUMNS]):
                if isinstance(c, str) and c.startswith("="):
                    got = rows.get(i, [])
                    if j >= len(got) or got[j] is None:
                        col = header[j] if j < len(header) and header[j] else get_column_letter(
                            j + 1)
                        problems.append(Problem("error", name, i, col, msg(
                            "input_formula_without_value", formula=c[:40])))
    finally:
        wb.close()


def _read_geo(raw: bytes, name: str, layer: str, sheet: str | None,
              problems: list[Problem]) -> _Raw:
    with warnings.catch_warnings():
        # GDAL reads the bytes under a temporary /vsimem/ name without a suffix
        warnings.filterwarnings("ignore", "File /vsimem/.*non conformant file extension")
        gdf = _geo_frame(raw, name, sheet, problems)
    return _geo_body(gdf, name, layer, problems)


def _geo_frame(raw: bytes, name: str, sheet: str | None,
               problems: list[Problem]) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pyogrio

    try:
        layers = pyogrio.list_layers(raw)
        if sheet is None and len(layers) > 1:
            problems.append(Problem("info", name, None, None, msg(
                "input_geo_layers", count=len(layers), layer=str(layers[0][0]))))
        info = pyogrio.read_info(raw, layer=sheet)
        if info["features"] > MAX_ROWS:
            raise _too_many_rows(name, "features")
        return gpd.read_file(io.BytesIO(raw), engine="pyogrio", layer=sheet)
    except UserInputError:
        raise
    except Exception as exc:  # pyogrio/GDAL errors
        raise fail(name, msg("input_not_geo", detail=str(exc))) from None


def _geo_body(gdf: gpd.GeoDataFrame, name: str, layer: str, problems: list[Problem]) -> _Raw:
    if gdf.empty:
        raise fail(name, msg("input_no_features"))
    if len(gdf.columns) > MAX_COLUMNS:
        raise fail(name, msg("input_too_many_columns", limit=MAX_COLUMNS))
    geoms = list(gdf.geometry)
    for k, g in enumerate(geoms):
        row = k + 1
        if g is None or g.is_empty:
            geoms[k] = None
            if layer == "regions":
                problems.append(Problem("warning", name, row, "geometry",
                                        msg("input_empty_geometry"), "feature"))
            continue
        if not g.is_valid:
            reason = shapely.is_valid_reason(g)
            geoms[k] = shapely.make_valid(g)
            problems.append(Problem("warning", name, row, "geometry",
                                    msg("input_invalid_geometry", reason=reason), "feature"))
    import geopandas as gpd

    crs = gdf.crs
    series = gpd.GeoSeries(geoms, crs=crs)
    if crs is None:
        problems.append(Problem("warning", name, None, "geometry", msg("input_no_crs")))
        series = series.set_crs("EPSG:4326")
    elif not crs.equals("EPSG:4326", ignore_axis_order=True):
        series = _to_wgs84(series, name)
        problems.append(Problem("info", name, None, "geometry", msg(
            "input_reprojected", crs=crs.to_string(), crs_name=crs.name)))
    cols = [c for c in gdf.columns if c != gdf.geometry.name]
    rows = [(k + 1, [_geo_cell(v) for v in rec]) for k, rec in
            enumerate(gdf[cols].itertuples(index=False, name=None))]
    return _Raw(header=cols, rows=rows, geometry=list(series), row_label="feature")


def _to_wgs84(series: gpd.GeoSeries, name: str) -> gpd.GeoSeries:
    """Reproject to WGS 84; a system with no defined relation to the Earth (an
    engineering or local CRS) is a located error, not a pyproj traceback."""
    crs = series.crs
    try:
        out = series.to_crs("EPSG:4326")
        ok = bool(np.isfinite(out.dropna().bounds.to_numpy()).all())
    except Exception:  # pyproj raises several types for a CRS without a transformation
        ok = False
    if not ok:
        raise fail(name, msg("input_crs_not_convertible", crs_name=crs.name),
                   column="geometry")
    return out


def _geo_cell(v: object) -> object:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def _check_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    known = CSV_SUFFIXES + XLSX_SUFFIXES + GEO_SUFFIXES
    if suffix not in known:
        raise fail(name, msg("input_unknown_file_type", suffix=suffix, known=known))
    return suffix


def read_raw(raw: bytes, name: str, layer: str, sheet: str | None,
             problems: list[Problem]) -> _Raw:
    """Read the bytes of file ``name`` into text cells; file-level problems raise
    ``UserInputError``."""
    suffix = _check_suffix(name)
    if len(raw) > MAX_BYTES:
        raise fail(name, too_large(len(raw), MAX_BYTES))
    if suffix in GEO_SUFFIXES:
        return _read_geo(raw, name, layer, sheet, problems)
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(raw, name, sheet, problems)
    return _read_csv(raw, name, problems)


# ----------------------------------------------------------------------------- columns

def _key(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lstrip("\ufeff").casefold())


def map_columns(header: list[str], layer: str, cat: Catalogue, name: str,
                header_row: int | None = 1) -> tuple[dict[int, str], list[int], list[Problem]]:
    """Column index → role (a structural column or a field id of ``layer``), the indexes
    of unknown columns (kept as extras) and the findings (on ``header_row``; None for geo
    files, which have no header row)."""
    problems: list[Problem] = []
    roles: dict[str, str] = {a: role for table in (ALIASES, CYRILLIC_ALIASES)
                             for role, al in table.items() for a in al}
    fields = {f.id: f for f in cat.fields_for(layer)}
    other = {f.id for lyr in LAYERS if lyr != layer for f in cat.fields_for(lyr)} - set(fields)
    by_name: dict[str, set[str]] = {}
    for f in fields.values():
        for lang in ("kk", "ru", "en"):
            by_name.setdefault(_key(f.name.get(lang)), set()).add(f.id)
    mapped: dict[int, str] = {}
    extras: list[int] = []
    seen: dict[str, str] = {}
    for j, h in enumerate(header):
        k = _key(h)
        role = roles.get(k) or (k if k in fields else None)
        if role is None and len(by_name.get(k, ())) == 1:
            role = next(iter(by_name[k]))
            problems.append(Problem("info", name, header_row, h,
                                    msg("input_read_as_field", field=role)))
        if role is None:
            if not k:
                problems.append(Problem("warning", name, header_row, f"#{j + 1}",
                                        msg("input_column_without_header")))
                continue
            extras.append(j)
            if k in other:
                found = msg("input_other_layer_field", field=k, layer=msg(f"word_{layer}"))
            else:
                close = difflib.get_close_matches(k, [*fields, *roles], n=1)
                found = (msg("input_unknown_column_close", close=close[0]) if close
                         else msg("input_unknown_column"))
            problems.append(Problem("warning", name, header_row, h, found))
            continue
        if role in seen:
            problems.append(Problem("error", name, header_row, h, msg(
                "input_second_column", field=role, first=seen[role])))
            continue
        seen[role] = h
        mapped[j] = role
        if k != role and role not in by_name.get(k, ()):
            problems.append(Problem("info", name, header_row, h, msg("input_read_as",
                                                                     field=role)))
    return mapped, extras, problems


def _required(mapped: dict[int, str], raw: _Raw, layer: str, name: str) -> list[Problem]:
    have = set(mapped.values())
    hr = 1 if raw.geometry is None else None
    out = []
    if "id" not in have:
        out.append(Problem("error", name, hr, "id", msg(
            "input_missing_id_regions" if layer == "regions" else "input_missing_id",
            aliases=ALIASES["id"][1:])))
    if not have & set(NAME_COLUMNS):
        out.append(Problem("error", name, hr, "name_en", msg("input_missing_name")))
    if layer == "towns" and raw.geometry is None and not {"lat", "lon"} <= have:
        out.append(Problem("error", name, hr, "lat/lon", msg("input_missing_coordinates")))
    return out



# ----------------------------------------------------------------------------- rows

def _text(cell: object) -> str:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


@lru_cache(maxsize=1)
def _region_lookup() -> dict[str, str]:
    """Case-folded ISO codes and region names (kk, ru, en) → ISO code."""
    out = {c.casefold(): c for c in ISO_CODES}
    out |= {n.casefold(): c for c, n in REGION_NAMES.items()}
    units = load_bundled("regions").units
    for code, row in units.iterrows():
        out |= {str(row[col]).casefold(): str(code) for col in NAME_COLUMNS}
    return out


def region_code(text: str) -> tuple[str | None, tuple[str, ...]]:
    """``(ISO code, ())`` for a valid code (any case), else ``(None, codes)`` with the
    closest codes (of a code or a region name) as suggestions, at most four."""
    t = text.strip()
    if t.upper() in ISO_CODES:
        return t.upper(), ()
    look, key = _region_lookup(), t.casefold()
    if key in look:
        codes = [look[key]]
    else:
        codes = [c for c in ISO_CODES if key and c.casefold().startswith(key)]
        close = difflib.get_close_matches(key, list(look), n=6, cutoff=0.6)
        codes = list(dict.fromkeys(codes or [look[c] for c in close]))[:4]
    return None, tuple(codes)


def _hint(codes: tuple[str, ...]) -> Message | str:
    """"; did you mean …?" naming ``codes``, or nothing."""
    return msg("input_did_you_mean_regions", region_choices=codes) if codes else ""


def _location(geom: shapely.Geometry | None, lat_cell: object, lon_cell: object, has_columns: bool
              ) -> tuple[tuple[float, float] | None, list[tuple[Severity, str, Message]]]:
    """(lon, lat) in degrees or None, with findings as (severity, column, message)."""
    out: list[tuple[Severity, str, Message]] = []
    if geom is not None:
        if isinstance(geom, shapely.MultiPoint) and len(geom.geoms) == 1:
            geom = geom.geoms[0]
        if isinstance(geom, shapely.Point):
            return _in_kz(geom.x, geom.y, "geometry")
        out.append(("error", "geometry", msg("input_expected_point_columns" if has_columns
                                             else "input_expected_point", kind=geom.geom_type)))
        if not has_columns:
            return None, out
    elif not has_columns:
        return None, [("error", "geometry", msg("input_no_geometry"))]
    lat, lon = parse_number(lat_cell), parse_number(lon_cell)
    for p, col in ((lat, "lat"), (lon, "lon")):
        if p.error:
            out.append(("error", col, msg("input_bad_degrees", error=p.error)))
    if lat.error or lon.error:
        return None, out
    if lat.value is None or lon.value is None:
        return None, [*out, ("error", "lat/lon", msg("input_no_coordinates"))]
    loc, found = _in_kz(lon.value, lat.value, "lat/lon")
    return loc, out + found


def _in_kz(lon: float, lat: float, col: str
           ) -> tuple[tuple[float, float] | None, list[tuple[Severity, str, Message]]]:
    if in_kz_bbox(lon, lat):
        return (lon, lat), []
    lon0, lat0, lon1, lat1 = KZ_BBOX
    key = "input_swapped_coordinates" if in_kz_bbox(lat, lon) else "input_outside_kz"
    return None, [("error", col, msg(key, lat=lat, lon=lon, lat0=lat0, lat1=lat1, lon0=lon0,
                                     lon1=lon1))]


def _year(text: str) -> tuple[str, Message | None]:
    if not text or re.fullmatch(r"(19|20)\d\d(/\d{2,4})?", text):
        return text, None
    return "", msg("input_bad_year", text=text)


# ----------------------------------------------------------------------------- loading

def load_user_table(path: Path | str, layer: str, catalogue: Catalogue | None = None,
                    sheet: str | None = None) -> tuple[Dataset, list[Problem]]:
    """``load_user_bytes`` of the regular file ``path`` (at most ``MAX_BYTES`` read);
    problems name the file by its name."""
    path = Path(path)
    _check_suffix(path.name)
    return load_user_bytes(path.name, read_bounded(path, MAX_BYTES, path.name), layer,
                           catalogue, sheet)


def load_user_bytes(name: str, data: bytes, layer: str, catalogue: Catalogue | None = None,
                    sheet: str | None = None) -> tuple[Dataset, list[Problem]]:
    """Load a user table of ``layer`` ("regions" or "towns") and prepare it like the
    bundled data (estimated employment, distances, derived indicators).

    ``sheet``: the XLSX sheet or GeoPackage layer (default: the first). Returns the
    dataset and every finding (at most ``MAX_REPORTED`` and a count of the rest); raises
    ``UserInputError`` when nothing can be loaded.
    Values cite source ``USER`` (a source row names the file and its SHA-256), the
    optional ``year`` column and the optional ``qualifier`` column (default exact).
    """
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}; expected one of {LAYERS}")
    cat = catalogue or load_catalogue()
    problems: list[Problem] = []
    try:
        ds = _load(name, data, layer, cat, sheet, problems)
    except UserInputError as exc:
        raise UserInputError(_capped(exc.problems)) from None
    return ds, _capped(problems)


def _capped(problems: list[Problem]) -> list[Problem]:
    """The first ``MAX_REPORTED`` problems (errors first) and one line counting the rest."""
    if len(problems) <= MAX_REPORTED:
        return problems
    ordered = sorted(problems, key=lambda p: p.severity != "error")
    rest = ordered[MAX_REPORTED:]
    errors = sum(p.severity == "error" for p in rest)
    return [*ordered[:MAX_REPORTED], Problem(
        "error" if errors else "warning", ordered[0].file, None, None,
        msg("input_more_problems", count=len(rest), errors=errors))]


def _load(name: str, data: bytes, layer: str, cat: Catalogue, sheet: str | None,
          problems: list[Problem]) -> Dataset:
    raw = read_raw(data, name, layer, sheet, problems)
    mapped, extras, col_problems = map_columns(raw.header, layer, cat, name,
                                               1 if raw.geometry is None else None)
    problems += col_problems
    fatal = [p for p in col_problems if p.severity == "error"]
    fatal += _required(mapped, raw, layer, name)
    if fatal:
        raise UserInputError([*problems, *(p for p in fatal if p not in problems)])
    if not raw.rows:
        raise UserInputError([*problems, Problem("error", name, None, None,
                                                msg("input_no_data_rows"))])
    col = {role: j for j, role in mapped.items()}
    fields = {f.id: f for f in cat.fields_for(layer)}
    units: dict[str, dict[str, object]] = {}
    values: dict[str, dict[str, float]] = {}
    prov: dict[str, list[str]] = {c: [] for c in ("unit_id", "field", "year", "qualifier",
                                                  "note")}
    value_columns = [(j, role) for j, role in mapped.items() if role in fields]
    checked: dict[tuple[str, type, object], tuple[float | None,
                                                  list[tuple[Severity, Message]]]] = {}
    first: dict[str, int] = {}
    folded: dict[str, str] = {}  # case-folded id -> id as first written
    geoms: dict[str, shapely.Geometry] = {}

    label = msg(f"word_{raw.row_label}")
    for k, (rn, cells) in enumerate(raw.rows):
        def cell(role: str, cells: list[object] = cells) -> object:
            j = col.get(role)
            return cells[j] if j is not None and j < len(cells) else None

        def report(sev: Severity, column: str | None, found: Message, rn: int = rn) -> None:
            problems.append(Problem(sev, name, rn, column, found, raw.row_label))

        def head(role: str) -> str:
            return raw.header[col[role]] if role in col else role

        if len(cells) > len(raw.header) and any(_text(c) for c in cells[len(raw.header):]):
            report("warning", None, msg("input_extra_cells", cells=len(cells),
                                        columns=len(raw.header)))
        uid = _text(cell("id"))
        if not uid:
            report("error", head("id"), msg("input_no_id", label=label))
            continue
        if layer == "regions":
            code, hint = region_code(uid)
            if code is None:
                report("error", head("id"), msg("input_not_region_code", value=uid,
                                                hint=_hint(hint), label=label))
                continue
            uid = code
        if uid in first:
            report("error", head("id"), msg("input_repeated_id", id=uid, label=label,
                                            first=first[uid]))
            continue
        if uid.casefold() in folded:
            was = folded[uid.casefold()]
            report("error", head("id"), msg("input_repeated_id_case", id=uid, was=was,
                                            label=label, first=first[was]))
            continue
        geom = raw.geometry[k] if raw.geometry is not None else None
        unit: dict[str, object] = {}
        if layer == "towns":
            loc, found = _location(geom, cell("lat"), cell("lon"), {"lat", "lon"} <= set(col))
            for sev, c, m in found:
                report(sev, {"lat": head("lat"), "lon": head("lon")}.get(c, c), m)
            if loc is None:
                continue
            unit |= {"lon": loc[0], "lat": loc[1], "coord_source_id": USER_SOURCE,
                     "coord_qualifier": "exact"}
            declared = _text(cell("region_id"))
            code, hint = region_code(declared) if declared else ("", ())
            if code is None:
                report("warning", head("region_id"), msg("input_declared_region_unknown",
                                                         value=declared, hint=_hint(hint)))
            unit["region_id"] = code or ""
        elif geom is not None:
            if isinstance(geom, shapely.Polygon | shapely.MultiPolygon):
                geoms[uid] = geom
            else:
                report("error", "geometry", msg("input_expected_polygon", kind=geom.geom_type))
        first[uid] = rn
        folded[uid.casefold()] = uid
        names = {c: _text(cell(c)) for c in NAME_COLUMNS}
        fallback = names["name_en"] or names["name_ru"] or names["name_kk"]
        if not fallback:
            report("warning", head("name_en"), msg("input_no_name"))
        unit |= {c: names[c] or fallback or uid for c in NAME_COLUMNS}
        year, year_msg = _year(_text(cell("year")))
        if year_msg:
            report("warning", head("year"), year_msg)
        qual = _text(cell("qualifier")).casefold() or "exact"
        if qual not in QUALIFIERS:
            report("warning", head("qualifier"), msg("input_bad_qualifier", value=qual,
                                                     options=tuple(QUALIFIERS)))
            qual = "exact"
        values[uid] = {}
        note = f"{name}, {raw.row_label} {rn}"
        for j, role in value_columns:
            v, checks = _checked(checked, fields[role], cells[j] if j < len(cells) else None)
            for sev, m in checks:
                report(sev, raw.header[j], m)
            if v is not None:
                values[uid][role] = v
                for c, x in (("unit_id", uid), ("field", role), ("year", year),
                             ("qualifier", qual), ("note", note)):
                    prov[c].append(x)
        unit |= {raw.header[j]: _text(cells[j]) if j < len(cells) else "" for j in extras}
        units[uid] = unit

    if not units:
        raise UserInputError([*problems, Problem("error", name, None, None,
                                                msg("input_no_usable_row"))])
    ds = _dataset(layer, units, values, prov, cat, name, data,
                  tuple(raw.header[j] for j in extras))
    ds = prepare(ds, cat)
    problems += _derived_consistency(ds, cat, name, first, raw.row_label)
    if layer == "towns":
        ds = locate_towns(ds)
        problems += _region_findings(ds, name, first, raw.row_label)
    elif geoms:
        problems += _polygon_findings(geoms, name, first)
    return ds


def _checked(memo: dict[tuple[str, type, object], tuple[float | None,
                                                         list[tuple[Severity, Message]]]],
             f: Field, cell: object) -> tuple[float | None, list[tuple[Severity, Message]]]:
    """``check_value(f, cell)``, computed once per field and distinct cell (a large
    table repeats its flags, small counts and empty cells)."""
    try:
        key = (f.id, type(cell), cell)
        return memo[key]
    except KeyError:
        memo[key] = out = check_value(f, cell)
        return out
    except TypeError:   # an unhashable cell (a list in a geo file's properties)
        return check_value(f, cell)


def _dataset(layer: str, units: dict[str, dict[str, object]], values: dict[str, dict[str, float]],
             prov: dict[str, list[str]], cat: Catalogue, name: str, data: bytes,
             extras: tuple[str, ...]
             ) -> Dataset:
    ids = list(units)
    udf = pd.DataFrame.from_dict(units, orient="index")
    udf.index.name = "id"
    fields = [f.id for f in cat.fields_for(layer)]
    vals = pd.DataFrame.from_dict(values, orient="index", dtype=float)
    vals = vals.reindex(index=ids, columns=fields).astype(float)
    if prov["unit_id"]:
        p = pd.DataFrame({**prov, "source_id": USER_SOURCE}).set_index(
            ["unit_id", "field"])[list(PROVENANCE_COLUMNS)]
        p = p.astype(object).sort_index()
    else:
        p = empty_provenance()
    digest = hashlib.sha256(data).hexdigest()
    user = pd.DataFrame([{
        "title": f"User data file {name}", "publisher": "user", "url": "",
        "year": "", "accessed": date.today().isoformat(),
        "note": f"{len(ids)} units loaded for the {layer} layer; SHA-256 {digest}",
    }], index=pd.Index([USER_SOURCE], name="source_id"))
    sources = pd.concat([load_sources(), user.reindex(columns=load_sources().columns)])
    return Dataset(layer=layer, units=udf, values=vals, provenance=p, sources=sources,
                   national=pd.Series(dtype=float), extra_columns=extras)


def _derived_consistency(ds: Dataset, cat: Catalogue, name: str, first: dict[str, int],
                         label: RowLabel) -> list[Problem]:
    """Warn where a user-given derived value disagrees with its inputs by more than 1 %."""
    out = []
    for f in cat.fields_for(ds.layer):
        r = f.derived
        if r is None or f.id not in ds.values:
            continue
        v = ds.values
        computed = v[r.numerator] / v[r.denominator].where(v[r.denominator] > 0) * r.factor
        given_all = v[f.id]
        # math.isclose(given, calc, rel_tol=0.01), for the whole column at once
        differs = (given_all - computed).abs() > 0.01 * np.maximum(given_all.abs(),
                                                                  computed.abs())
        for unit in v.index[differs.fillna(False).astype(bool)]:
            given, calc = given_all[unit], computed[unit]
            if (ds.cite(unit, f.id) or {}).get("source_id") == USER_SOURCE:
                ratio = given / calc if calc else math.inf
                pct = (msg("input_percentage_hint") if math.isclose(ratio, 100, rel_tol=0.02)
                       else "")
                factor = "" if r.factor == 1 else msg("input_times_factor", factor=r.factor)
                out.append(Problem("warning", name, first[unit], f.id, msg(
                    "input_derived_differs", given=given, numerator=r.numerator,
                    denominator=r.denominator, factor=factor, computed=calc, percentage=pct),
                    label))
    return out


def _region_findings(ds: Dataset, name: str, first: dict[str, int], label: RowLabel
                     ) -> list[Problem]:
    out = []
    u = ds.units
    for unit, computed, declared in zip(u.index, u["region_id_computed"], u["region_id"],
                                        strict=True):
        if not isinstance(computed, str) or not computed:   # None or NaN: in no region
            out.append(Problem("warning", name, first[unit], "lat/lon",
                               msg("input_point_in_no_region"), label))
        elif declared and declared != computed:
            out.append(Problem("warning", name, first[unit], "region_id", msg(
                "input_region_mismatch", declared_region=declared, computed_region=computed),
                label))
    return out


def _polygon_findings(geoms: dict[str, object], name: str, first: dict[str, int]
                      ) -> list[Problem]:
    """Warn where a region's polygon lies in another region than its id says."""
    ids = list(geoms)
    pts = [shapely.point_on_surface(geoms[i]) for i in ids]
    found = regions_of_points([p.x for p in pts], [p.y for p in pts])
    return [Problem("warning", name, first[i], "geometry", msg(
                "input_polygon_elsewhere", unit=i,
                found=found[k] or msg("input_no_region_of_kz")), "feature")
            for k, i in enumerate(ids) if found[k] != i]
