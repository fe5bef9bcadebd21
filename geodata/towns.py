"""Town points (EPSG:4326) and geodesic distances on the WGS 84 ellipsoid.

Coordinates are decimal degrees, longitude/latitude on WGS 84; distances are kilometres
along the geodesic (``pyproj.Geod(ellps="WGS84").inv``), not on a sphere or a projection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from pyproj import Geod

from geodata.regions import regions_of_points

if TYPE_CHECKING:
    import geopandas as gpd

WGS84 = "EPSG:4326"
_GEOD = Geod(ellps="WGS84")

#: Kazakhstan's bounding box in degrees, with a margin of about 0.1°
#: (extent 40.57–55.44 N, 46.49–87.31 E).
KZ_BBOX: tuple[float, float, float, float] = (46.4, 40.4, 87.4, 55.5)  # lon0, lat0, lon1, lat1


def in_kz_bbox(lon: float, lat: float) -> bool:
    """Whether (lon, lat) in degrees lies inside Kazakhstan's bounding box."""
    lon0, lat0, lon1, lat1 = KZ_BBOX
    return lon0 <= lon <= lon1 and lat0 <= lat <= lat1


def towns_gdf(units: pd.DataFrame) -> gpd.GeoDataFrame:
    """Points from the ``lon``/``lat`` columns of ``units`` (degrees), CRS EPSG:4326.

    Rows without coordinates get an empty geometry (None).
    """
    import geopandas as gpd

    lon = pd.to_numeric(units["lon"], errors="coerce")
    lat = pd.to_numeric(units["lat"], errors="coerce")
    geom = gpd.points_from_xy(lon, lat)
    geom[(lon.isna() | lat.isna()).to_numpy()] = None
    return gpd.GeoDataFrame(units.copy(), geometry=geom, crs=WGS84)


def geodesic_km(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray
                ) -> np.ndarray:
    """Geodesic distance in km between points given in degrees (arrays broadcast)."""
    a, b, c, d = np.broadcast_arrays(*(np.asarray(x, dtype=float)
                                       for x in (lon1, lat1, lon2, lat2)))
    _, _, metres = _GEOD.inv(a.ravel(), b.ravel(), c.ravel(), d.ravel())
    return np.asarray(metres).reshape(a.shape) / 1000.0


#: Bounds of (geodesic on WGS 84) ÷ (great circle on a sphere of ``_R_KM``), widened:
#: the ellipsoid's radii of curvature lie within −0.6 % and +0.5 % of the mean radius.
_SPHERE_SLACK = 1.05
_R_KM = 6371.0088


def nearest(lon: np.ndarray, lat: np.ndarray, ref_lon: np.ndarray, ref_lat: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """For each point, the index of the nearest reference point and the distance (km).

    The geodesic is computed only to the reference points that can be nearest: those
    within ``_SPHERE_SLACK`` times the smallest great-circle distance (a sphere never
    misjudges a geodesic by that much), so the result is that of comparing every pair.
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    rlon, rlat = np.asarray(ref_lon, dtype=float), np.asarray(ref_lat, dtype=float)
    n, m = len(lon), len(rlon)
    if n == 0 or m == 0:
        d = geodesic_km(lon[:, None], lat[:, None], rlon[None, :], rlat[None, :])
        idx = np.argmin(d, axis=1)
        return idx, d[np.arange(n), idx]
    p1, p2 = np.radians(lat)[:, None], np.radians(rlat)[None, :]
    h = (np.sin((p2 - p1) / 2) ** 2
         + np.cos(p1) * np.cos(p2) * np.sin(np.radians(rlon[None, :] - lon[:, None]) / 2) ** 2)
    sphere = 2 * _R_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    with np.errstate(invalid="ignore"):
        cand = sphere <= np.min(sphere, axis=1, keepdims=True) * _SPHERE_SLACK + 1e-6
    cand |= np.isnan(sphere).any(axis=1, keepdims=True)   # as with every pair: NaN
    rows, cols = np.nonzero(cand)
    d = np.full((n, m), np.inf)
    d[rows, cols] = geodesic_km(lon[rows], lat[rows], rlon[cols], rlat[cols])
    idx = np.argmin(d, axis=1)
    return idx, d[np.arange(n), idx]


def town_regions(units: pd.DataFrame) -> pd.Series:
    """ISO 3166-2 code of the region containing each town (spatial join with the
    full-detail region polygons); None where the point is outside every region or
    has no coordinates. Index: that of ``units``."""
    lon = pd.to_numeric(units["lon"], errors="coerce")
    lat = pd.to_numeric(units["lat"], errors="coerce")
    ok = lon.notna() & lat.notna()
    out = pd.Series(None, index=units.index, dtype=object)
    if ok.any():
        codes = regions_of_points(lon[ok].tolist(), lat[ok].tolist())
        out[ok] = codes.to_numpy()
    return out
