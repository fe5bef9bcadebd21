"""Checks on the processed region layers in geodata/data (EPSG:4326)."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod

from geodata import build_regions
from geodata.region_names import CITY_ENCLAVES, ISO_CODES, label_regions
from geodata.regions import (
    ANALYSIS_FILE,
    KZ_EQUAL_AREA_CRS,
    META_FILE,
    WEB_FILE,
    areas_km2,
    load_regions,
    region_of_point,
    regions_of_points,
)

KZ_AREA_KM2 = 2_724_900  # official total area of Kazakhstan


@pytest.fixture(scope="module", params=[False, True], ids=["analysis", "web"])
def layer(request: pytest.FixtureRequest) -> gpd.GeoDataFrame:
    return load_regions(web=request.param)


@pytest.fixture(scope="module")
def source() -> gpd.GeoDataFrame:
    return build_regions.read_source()[0]


def _holes(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.union_all(
        [shapely.Polygon(h) for p in shapely.get_parts(geom) for h in p.interiors]
    )


def _union_holes(gdf: gpd.GeoDataFrame) -> int:
    union = shapely.union_all(gdf.geometry.to_numpy())
    return int(shapely.get_num_interior_rings(shapely.get_parts(union)).sum())


def test_valid_polygons_and_coverage(layer: gpd.GeoDataFrame) -> None:
    assert layer.crs.to_epsg() == 4326
    assert shapely.is_valid(layer.geometry.to_numpy()).all()
    assert set(layer.geom_type) <= {"Polygon", "MultiPolygon"}
    assert shapely.coverage_is_valid(layer.geometry.to_numpy())


def test_exactly_the_twenty_iso_codes(layer: gpd.GeoDataFrame) -> None:
    assert list(layer.index) == list(ISO_CODES)
    assert len(ISO_CODES) == 20
    assert layer["name"].notna().all()


def test_total_area_equal_area_and_geodesic(layer: gpd.GeoDataFrame) -> None:
    total = areas_km2(layer).sum()
    assert total == pytest.approx(KZ_AREA_KM2, rel=0.01)
    geodesic = (
        sum(abs(Geod(ellps="WGS84").geometry_area_perimeter(g)[0]) for g in layer.geometry) / 1e6
    )
    assert total == pytest.approx(geodesic, rel=1e-4)


@pytest.mark.parametrize(("city", "region"), sorted(CITY_ENCLAVES.items()))
def test_city_enclaves_are_holes(layer: gpd.GeoDataFrame, city: str, region: str) -> None:
    city_geom, region_geom = layer.geometry[city], layer.geometry[region]
    exterior = shapely.union_all(
        [shapely.Polygon(p.exterior) for p in shapely.get_parts(region_geom)]
    )
    assert exterior.contains(city_geom)
    assert not region_geom.relate_pattern(city_geom, "2********")  # interiors disjoint
    assert region_geom.touches(city_geom)
    assert _holes(region_geom).equals(city_geom)


def test_web_vertex_budget() -> None:
    web = load_regions(web=True)
    assert shapely.get_num_coordinates(web.geometry.to_numpy()).sum() <= 15_000


def test_no_overlaps_between_neighbours(layer: gpd.GeoDataFrame) -> None:
    projected = layer.geometry.to_crs(KZ_EQUAL_AREA_CRS)
    geoms = projected.to_numpy()
    left, right = projected.sindex.query(geoms, predicate="intersects")
    pairs = [(i, j) for i, j in zip(left, right, strict=True) if i < j]
    assert len(pairs) >= 30  # the neighbour graph is really exercised
    for i, j in pairs:
        overlap = shapely.intersection(geoms[i], geoms[j]).area
        assert overlap < 1e-6 * min(geoms[i].area, geoms[j].area), (
            layer.index[i],
            layer.index[j],
        )


def test_web_layer_adds_no_gaps() -> None:
    analysis, web = load_regions(web=False), load_regions(web=True)
    assert _union_holes(web) == _union_holes(analysis) == 0
    union_a = shapely.union_all(analysis.to_crs(KZ_EQUAL_AREA_CRS).geometry)
    union_w = shapely.union_all(web.to_crs(KZ_EQUAL_AREA_CRS).geometry)
    assert shapely.symmetric_difference(union_a, union_w).area < 5e-4 * union_a.area
    assert areas_km2(web).sum() == pytest.approx(areas_km2(analysis).sum(), rel=1e-4)


def test_name_table_matches_source(source: gpd.GeoDataFrame) -> None:
    assert sorted(source["iso"]) == list(ISO_CODES)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda df: df.replace({"ADM1_EN": {"Jetisu Region": "Zhetisu Region"}}),
            "unmatched names: 'Zhetisu Region'",
        ),
        (lambda df: df[df["ADM1_EN"] != "Ulytau Region"], "missing codes: KZ-62 (Ulytau)"),
        (
            lambda df: df.replace({"ADM1_EN": {"Astana": "Almaty"}}),
            "duplicated names: 'Almaty'; missing codes: KZ-71 (Astana)",
        ),
    ],
    ids=["renamed", "missing", "duplicated"],
)
def test_name_table_fails_loudly(source: gpd.GeoDataFrame, edit, message: str) -> None:
    raw = source.rename(columns={"source_name": "ADM1_EN"}).drop(columns="iso")
    label_regions(raw)  # unedited input passes
    with pytest.raises(ValueError, match=re.escape(message)):
        label_regions(edit(raw))


@pytest.mark.parametrize(
    ("lat", "lon", "iso"),
    [
        (50.7562, 78.5419, "KZ-10"),  # Kurchatov
        (50.4206, 80.2502, "KZ-10"),  # Semey
        (52.3506, 71.8816, "KZ-11"),  # Stepnogorsk
        (51.1801, 71.4460, "KZ-71"),  # Astana
        (43.2525, 76.9115, "KZ-75"),  # Almaty
        (49.9714, 82.6059, "KZ-63"),  # Oskemen
        (42.3417, 69.5901, "KZ-79"),  # Shymkent
        (55.7558, 37.6173, None),  # Moscow
    ],
)
def test_region_of_point(lat: float, lon: float, iso: str | None) -> None:
    assert region_of_point(lon, lat) == iso
    assert region_of_point(lon, lat, web=True) == iso


def test_regions_of_points_keeps_order() -> None:
    assert list(regions_of_points([82.6059, 37.6173, 71.4460], [49.9714, 55.7558, 51.1801])) == [
        "KZ-63",
        None,
        "KZ-71",
    ]


def test_load_regions_returns_copies() -> None:
    first = load_regions()
    first.loc["KZ-10", "name"] = "changed"
    assert load_regions().loc["KZ-10", "name"] == "Abai"


def test_build_is_deterministic(tmp_path: Path) -> None:
    build_regions.build(tmp_path)
    data = files("geodata") / "data"
    for name in (ANALYSIS_FILE, WEB_FILE, META_FILE):
        assert (tmp_path / name).read_bytes() == data.joinpath(name).read_bytes(), name
