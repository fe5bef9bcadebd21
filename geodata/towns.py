"""Town points (EPSG:4326) and geodesic distances on the WGS 84 ellipsoid.

Coordinates are decimal degrees, longitude/latitude on WGS 84; distances are kilometres
along the geodesic (``pyproj.Geod(ellps="WGS84").inv``), not on a sphere or a projection.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod

from geodata.regions import regions_of_points

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


def nearest(lon: np.ndarray, lat: np.ndarray, ref_lon: np.ndarray, ref_lat: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """For each point, the index of the nearest reference point and the distance (km)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    d = geodesic_km(lon[:, None], lat[:, None], np.asarray(ref_lon, dtype=float)[None, :],
                    np.asarray(ref_lat, dtype=float)[None, :])
    idx = np.argmin(d, axis=1)
    return idx, d[np.arange(len(lon)), idx]


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
