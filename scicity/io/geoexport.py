"""The ranked layer as GeoJSON or GeoPackage (EPSG:4326), for QGIS and geopandas.

One feature per unit with the same attributes as the CSV export (rank, id, names, score,
sub-scores, the 3 % rule's fields, completeness, estimates, status) plus the scenario and
method; towns also carry their declared and computed region and lat/lon. Regions are the
full-detail polygons (``geodata.regions.load_regions(web=False)``) joined by ISO code:
an export is for analysis, where the 700 m simplification of the web layer would show
at district scale; towns are points. GeoJSON (RFC 7946) carries the scenario, weights,
notes and sources as a foreign member ``scicity``; a GeoPackage carries them as the
non-spatial tables ``metadata``, ``weights``, ``notes`` and ``sources``, written to a
temporary folder next to the target and renamed into place (GDAL cannot add tables to
an in-memory GeoPackage). ``scicity.io.writers`` registers both formats.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import cast

import geopandas as gpd
import pandas as pd
import pyogrio

from geodata.regions import load_regions
from geodata.towns import WGS84, towns_gdf
from scicity.engine.evaluate import Evaluation
from scicity.io.exports import json_document, metadata, ranking_frame
from scicity.view.ranking import region_name

LAYER_NAME = "ranking"


def ranked_gdf(ev: Evaluation, lang: str = "en") -> gpd.GeoDataFrame:
    """The ranking with geometry (EPSG:4326): polygons for regions, points for towns
    (from the evaluation's ``lat``/``lon``, degrees WGS 84); reasons and the region's
    name (``region``, as the app's tables name it) in ``lang``."""
    frame = ranking_frame(ev, lang)
    for col in ("complete", "gate_estimate", "gate_lower_bound"):
        frame[col] = frame[col].fillna(False).astype(bool)
    frame["scenario"] = ev.scenario.id
    frame["method"] = ev.scenario.method
    if ev.layer == "regions":
        shapes = load_regions(web=False)["geometry"]
        geom = gpd.GeoSeries(frame["id"].map(shapes), crs=WGS84)
        frame["region"] = [region_name(r, lang) for r in frame["id"]]
        return gpd.GeoDataFrame(frame, geometry=geom.values, crs=WGS84)
    if not {"lat", "lon"} <= set(frame.columns):
        raise ValueError("a towns export needs the towns' lat/lon")
    region = frame.get("region_id_computed", frame.get("region_id"))
    frame["region"] = ([region_name(r, lang) if isinstance(r, str) and r else None
                        for r in region] if region is not None else None)
    return gpd.GeoDataFrame(frame, geometry=towns_gdf(frame).geometry.values, crs=WGS84)


def geojson_bytes(ev: Evaluation, lang: str = "en") -> bytes:
    """A GeoJSON FeatureCollection (RFC 7946, WGS 84) with a ``scicity`` foreign member
    holding the metadata, weights, notes and sources (text in ``lang``)."""
    doc = json.loads(ranked_gdf(ev, lang).to_json(na="null", drop_id=True))
    extra = json_document(ev, lang)
    extra.pop("units")
    doc["name"] = f"scicity {ev.layer} — {extra['scenario_name']} ({ev.scenario.id})"
    doc["scicity"] = extra
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def write_gpkg(ev: Evaluation, path: Path, lang: str = "en") -> None:
    """Write a GeoPackage: layer ``ranking`` plus the tables ``metadata``, ``weights``,
    ``notes`` and ``sources`` (text in ``lang``); built in a temporary folder next to
    ``path``, then renamed."""
    path = Path(path)
    gdf = ranked_gdf(ev, lang)
    doc = json_document(ev, lang)
    tables = {
        "metadata": pd.DataFrame([(k, str(v)) for k, v in metadata(ev, lang).items()],
                                 columns=["key", "value"]),
        # json_document's "weights" are the JSON records of the weights table
        "weights": pd.DataFrame(cast(list[dict[str, object]], doc["weights"])),
        "notes": pd.DataFrame({"note": doc["notes"]}),
        "sources": ev.sources.reset_index().astype(str),
    }
    tmpdir = tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        tmp = Path(tmpdir) / path.name
        pyogrio.write_dataframe(gdf, tmp, layer=LAYER_NAME, driver="GPKG")
        for name, table in tables.items():
            pyogrio.write_dataframe(table, tmp, layer=name, driver="GPKG", append=True)
        os.replace(tmp, path)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
