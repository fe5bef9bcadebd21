"""Geo exports: GeoJSON and GeoPackage of both layers, read back with geopandas."""

import json
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest

from criteria.bundled import load_bundled
from criteria.model import load_catalogue
from geodata.regions import areas_km2, load_regions
from scenarios.library import load_scenario
from scicity.cli.main import main
from scicity.engine.evaluate import evaluate
from scicity.io import geoexport
from scicity.io.writers import export

ATTRIBUTES = {"rank", "id", "name_kk", "name_ru", "name_en", "score", "gate_state",
              "gate_share", "gate_shortfall", "gate_researchers_needed", "gate_estimate",
              "gate_lower_bound", "complete", "missing", "estimated", "status", "reason",
              "scenario", "method", "region"}


@pytest.fixture(scope="module")
def towns_ev():
    ds = load_bundled("towns")
    return ds, evaluate(ds, load_scenario("balanced"))


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg"])
def test_towns_points_via_cli(tmp_path, capsys, suffix):
    out = tmp_path / f"towns{suffix}"
    assert main(["rank", "--layer", "towns", "--scenario", "balanced", "--out", str(out)]) == 0
    capsys.readouterr()
    g = gpd.read_file(out, layer="ranking" if suffix == ".gpkg" else None)
    assert len(g) == 27 and g.crs.to_epsg() == 4326
    assert set(g.geom_type) == {"Point"}
    assert ATTRIBUTES | {"sub_C2", "region_id", "region_id_computed", "lat", "lon"} <= set(
        g.columns)
    k = g.set_index("id").loc["kurchatov"]
    assert k["gate_state"] == "eligible" and bool(k["gate_lower_bound"])
    assert bool(k["gate_estimate"]) and k["region"] == "Abai Region"
    assert k.geometry.x == pytest.approx(78.54188) and k.geometry.y == pytest.approx(50.75617)
    assert g.set_index("id").loc["almaty", "status"] == "restricted"
    assert g["rank"].isna().sum() == 22  # restricted by the 3 % interval rule
    assert k["gate_share_low"] >= 0.03 and k["gate_share_high"] > k["gate_share_low"]


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg"])
def test_regions_full_detail_polygons(tmp_path, suffix):
    ds = load_bundled("regions")
    ev = evaluate(ds, load_scenario("balanced"))
    out = tmp_path / f"regions{suffix}"
    export(ev, out)
    g = gpd.read_file(out, layer="ranking" if suffix == ".gpkg" else None).set_index("id")
    assert len(g) == 20 and g.crs.to_epsg() == 4326
    assert set(g.geom_type) <= {"Polygon", "MultiPolygon"}
    assert {"sub_C1", "sub_C2", "sub_C3", "sub_C4"} <= set(g.columns)
    ref = load_regions(web=False)
    assert areas_km2(g.geometry).sum() == pytest.approx(areas_km2(ref).sum(), rel=1e-6)
    assert g.loc["KZ-75", "region"] == "Almaty (city)"   # as the app's tables name it


def test_gpkg_tables_and_geojson_foreign_member(tmp_path, towns_ev):
    _, ev = towns_ev
    export(ev, tmp_path / "t.gpkg")
    layers = dict(pyogrio.list_layers(tmp_path / "t.gpkg"))
    assert layers == {"ranking": "Point", "metadata": None, "weights": None, "notes": None,
                      "sources": None}
    sources = pyogrio.read_dataframe(tmp_path / "t.gpkg", layer="sources")
    assert {"P1", "G", "DERIVED", "airportsdata_2026"} <= set(sources["source_id"])
    export(ev, tmp_path / "t.geojson")
    doc = json.loads((tmp_path / "t.geojson").read_text("utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    meta = doc["scicity"]
    assert meta["scenario_id"] == "balanced" and meta["layer"] == "towns"
    assert {"key": "indicator_not_used",
            "params": {"indicator": "technoparks", "status": {"key": "status_no_data",
                                                                "params": {}}}
            } in meta["messages"]
    name = load_catalogue().field("technoparks").name.en
    assert f"indicator {name} not used: no data" in meta["notes"]
    assert doc["features"][0]["properties"]["name_kk"]  # non-ASCII kept as text


def test_write_is_atomic(tmp_path, monkeypatch, towns_ev):
    _, ev = towns_ev
    out = tmp_path / "t.gpkg"
    out.write_bytes(b"previous")

    def boom(*_args, **_kw):
        raise OSError("disk full")

    monkeypatch.setattr(geoexport.pyogrio, "write_dataframe", boom)
    with pytest.raises(OSError, match="disk full"):
        export(ev, out)
    assert out.read_bytes() == b"previous"
    assert [p.name for p in Path(tmp_path).iterdir()] == ["t.gpkg"]


def test_towns_need_coordinates(towns_ev):
    _, ev = towns_ev
    no_coords = replace(ev, table=ev.table.drop(columns=["lat", "lon"]))
    with pytest.raises(ValueError, match="needs the towns' lat/lon"):
        geoexport.ranked_gdf(no_coords)


def test_unknown_suffix_lists_geo_formats(tmp_path, towns_ev):
    _, ev = towns_ev
    with pytest.raises(ValueError, match=r"\.csv, \.xlsx, \.json, \.geojson, \.gpkg"):
        export(ev, tmp_path / "x.shp")


def test_user_data_exported_as_points(tmp_path, capsys):
    data = Path(__file__).parent / "data" / "towns_3857.gpkg"
    out = tmp_path / "mine.geojson"
    assert main(["rank", "--layer", "towns", "--data", str(data), "--out", str(out)]) == 0
    capsys.readouterr()
    g = gpd.read_file(out).set_index("id")
    assert g.loc["kurchatov"].geometry.y == pytest.approx(50.75617)
    assert g.loc["semey", "region_id_computed"] == "KZ-10"
