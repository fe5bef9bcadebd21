"""Access to the processed region polygons (EPSG:4326) and small spatial helpers.

The data files are produced by ``python -m geodata.build_regions`` and shipped as package data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import shapely

from geodata.region_names import REGION_NAMES

if TYPE_CHECKING:
    import geopandas as gpd

ANALYSIS_FILE = "regions.geojson"
WEB_FILE = "regions_web.geojson"
META_FILE = "regions.meta.json"

#: Albers equal-area conic fitted to Kazakhstan (40.6-55.4 N, 46.5-87.3 E): standard parallels
#: at 1/6 and 5/6 of the latitude span (43 N, 53 N), central meridian 67 E, WGS84 ellipsoid.
#: Areas are exact on the ellipsoid (as for any equal-area CRS, e.g. EPSG:6933), while shape and
#: distance distortion stay below ~1 % nationwide, so it also serves as a metric CRS for
#: simplification tolerances. Units: metres.
KZ_EQUAL_AREA_CRS = (
    "+proj=aea +lat_0=48 +lon_0=67 +lat_1=43 +lat_2=53 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
)

AREA_SEGMENT_DEG = 0.01  # max edge length (degrees, ~1 km) when densifying for area


def _path(web: bool) -> Traversable:
    path = files("geodata") / "data" / (WEB_FILE if web else ANALYSIS_FILE)
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found; run `python -m geodata.build_regions`")
    return path


@lru_cache(maxsize=2)
def _read_layer(web: bool) -> gpd.GeoDataFrame:
    import geopandas as gpd

    gdf = gpd.read_file(str(_path(web)), engine="pyogrio").set_index("iso").sort_index()
    gdf = gdf[["source_name", "geometry"]].set_crs("EPSG:4326", allow_override=True)
    gdf.insert(1, "name", gdf.index.map(REGION_NAMES))
    return gdf


def load_regions(web: bool = True) -> gpd.GeoDataFrame:
    """Return the 20 regions indexed by ISO 3166-2 code (``iso``), CRS EPSG:4326.

    Columns: ``source_name`` (``ADM1_EN`` in the source), ``name`` (display name), geometry.
    ``web=True`` gives the simplified layer (<= 15,000 vertices, for maps); ``web=False`` the
    full-detail analysis layer. The file is read once; each call returns a fresh copy.
    """
    return _read_layer(web).copy()


@lru_cache(maxsize=2)
def _prepared(web: bool) -> tuple[tuple[str, shapely.Geometry], ...]:
    """(iso, prepared polygon) of every region, highest ISO code first.

    Read with GEOS's GeoJSON reader (the same geometries as ``load_regions``, without
    geopandas and GDAL: a command on a CSV table then never imports them); the codes
    come from the features' ``iso`` property, in feature order."""
    text = _path(web).read_text("utf-8")
    geoms = list(shapely.get_parts(shapely.from_geojson(text)))
    isos = re.findall(r'"iso"\s*:\s*"([^"]*)"', text)
    if len(isos) != len(geoms):   # not the layout build_regions writes: read it fully
        isos, geoms = [], []
        for iso, g in _read_layer(web).geometry.items():
            isos.append(str(iso))
            geoms.append(shapely.from_wkb(shapely.to_wkb(g)))   # a private copy to prepare
    out = sorted(zip(isos, geoms, strict=True), key=lambda x: x[0], reverse=True)
    for _, geom in out:
        shapely.prepare(geom)
    return tuple(out)


def regions_of_points(lons: Sequence[float], lats: Sequence[float], web: bool = False) -> pd.Series:
    """ISO code of the region containing each (lon, lat) point in degrees (EPSG:4326).

    Point-in-polygon test (``intersects``, borders included) against the analysis layer by
    default, one vectorised test per region. Points outside Kazakhstan (or without
    coordinates) map to ``None``; a point exactly on a shared border goes to the lowest
    ISO code. Index: 0..n-1.
    """
    x = np.asarray(lons, dtype=float)
    y = np.asarray(lats, dtype=float)
    out = np.full(len(x), None, dtype=object)
    for iso, geom in _prepared(web):   # the lowest code is written last and wins
        out[shapely.intersects_xy(geom, x, y)] = iso
    return pd.Series(out, dtype=object)


def region_of_point(lon: float, lat: float, web: bool = False) -> str | None:
    """ISO code of the region containing the point (degrees, EPSG:4326), or ``None``."""
    code = regions_of_points([lon], [lat], web=web).iloc[0]
    return None if code is None else str(code)


def areas_km2(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> pd.Series:
    """Area of each geometry in km² (input CRS must be set; any CRS is accepted).

    Edges are taken as straight in longitude/latitude (the GeoJSON/EPSG:4326 reading) and
    densified to <= ``AREA_SEGMENT_DEG`` before projecting to ``KZ_EQUAL_AREA_CRS``, so the
    result does not depend on the equal-area projection chosen (without densifying, long straight
    borders such as Zhambyl-Ulytau differ by up to 0.05 % between projections).
    """
    geographic = gdf.geometry.to_crs("EPSG:4326").segmentize(AREA_SEGMENT_DEG)
    area: pd.Series = geographic.to_crs(KZ_EQUAL_AREA_CRS).area  # geopandas is untyped
    return area / 1e6
