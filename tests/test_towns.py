"""The bundled town layer: sources, regions by spatial join, distances and the 3 % rule."""

import math
import time
from importlib import resources
from io import StringIO

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria import bundled
from criteria.bundled import (
    LARGE_CITY_POPULATION,
    large_cities,
    load_bundled,
    load_sources,
    region_mismatches,
)
from criteria.model import load_catalogue
from geodata.towns import geodesic_km, nearest
from scenarios.library import load_scenario
from scicity.cli.main import main
from scicity.engine.evaluate import evaluate


def _data(name: str) -> pd.DataFrame:
    text = resources.files("criteria").joinpath(f"data/{name}").read_text("utf-8")
    return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def towns():
    return load_bundled("towns")


def test_at_least_25_towns_with_names_coordinates_and_region(towns):
    u = towns.units
    assert len(u) >= 25 and u.index.is_unique
    for col in ("name_kk", "name_ru", "name_en", "region_id", "lat", "lon", "coord_source_id"):
        assert (u[col].astype(str).str.strip() != "").all(), col
    assert u.loc["oskemen", "name_ru"] == "Усть-Каменогорск"


def test_declared_region_matches_spatial_join(towns):
    mismatches = region_mismatches(towns)
    assert not mismatches, "towns.csv region_id disagrees with the polygons:\n" + "\n".join(
        mismatches)
    assert (towns.units["region_id_computed"] == towns.units["region_id"]).all()


def test_every_source_id_used_anywhere_exists():
    sources = _data("sources.csv")["source_id"]
    assert sources.is_unique
    used = set(_data("region_values.csv")["source_id"]) | set(_data("town_values.csv")["source_id"])
    used |= set(_data("towns.csv")["coord_source_id"]) | set(_data("constants.csv")["source_id"])
    assert used - set(sources) == set()
    assert not resources.files("criteria").joinpath("data/town_sources.csv").is_file()


def test_every_known_town_value_has_source_and_year(towns):
    # A value is undated only when its source is undated (never a guessed year).
    sources = load_sources()
    known = towns.values.notna().stack()
    for (unit, fid), present in known.items():
        if present:
            cite = towns.cite(unit, fid)
            assert cite is not None, (unit, fid)
            assert cite["source_id"] in sources.index, (unit, fid)
            assert cite["year"] or not sources.loc[cite["source_id"], "year"], (unit, fid)
    assert towns.cite("kurchatov", "researchers")["year"] == ""
    assert sources.loc["K_IRSE", "year"] == ""


def test_unknown_stays_missing_and_zeros_are_sourced(towns):
    v = towns.values
    assert v.loc["alatau_city", "population"] != v.loc["alatau_city", "population"]  # NaN
    assert set(v.index[v["research_orgs"].notna()]) == {"kurchatov", "almaty", "astana"}
    zeros = v.eq(0).stack()
    for (unit, fid), is_zero in zeros.items():
        if is_zero:
            assert fid in ("airport", "railway", "dist_large_city_km"), (unit, fid)
            assert towns.cite(unit, fid)["source_id"] in (
                "airportsdata_2026", "DERIVED", "tengri_zhezkazgan_2026")
    # Aktau's station lies 13 km outside the city: 0, from the cited source.
    assert v.loc["aktau", "railway"] == 0
    assert "13 km" in towns.cite("aktau", "railway")["note"]


def test_population_with_year_for_every_town_but_alatau(towns):
    pop = towns.values["population"]
    assert set(pop.index[pop.isna()]) == {"alatau_city"}
    assert {towns.cite(u, "population")["year"] for u in pop.index[pop.notna()]} == {"2023"}


def test_employment_is_an_estimate_except_almaty(towns):
    est = towns.estimated["employed"]
    ratio = 9_197_000 / 20_283_399
    assert towns.values.loc["kurchatov", "employed"] == pytest.approx(10457 * ratio)
    assert towns.cite("kurchatov", "employed")["qualifier"] == "estimate"
    assert "national employment ratio" in towns.cite("kurchatov", "employed")["note"]
    assert towns.cite("almaty", "employed")["source_id"] == "E_KT"
    assert est[towns.values["employed"].notna()].all()  # Almaty's figure is approximate


def test_kurchatov_is_eligible_on_a_lower_bound(towns):
    ev = evaluate(towns, load_scenario("balanced"))
    row = ev.table.loc["kurchatov"]
    assert row["gate_state"] == "eligible"
    assert row["gate_share"] == pytest.approx(198 / (10457 * 9_197_000 / 20_283_399))
    assert row["gate_share"] == pytest.approx(0.04176, abs=1e-5)
    assert row["gate_lower_bound"] and row["gate_estimate"]


def test_large_cities_restricted_with_shortfall(towns):
    ev = evaluate(towns, load_scenario("balanced"))
    t = ev.table
    for unit in ("almaty", "astana"):
        assert t.loc[unit, "gate_state"] == "restricted"
        assert t.loc[unit, "status"] == "restricted"
        assert t.loc[unit, "gate_researchers_needed"] > 0
    assert t.loc["almaty", "gate_share"] == pytest.approx(9290 / 1_000_000)
    counts = t["gate_state"].value_counts()
    assert counts["eligible"] == 1 and counts["undetermined"] == 3 and counts["no_data"] == 1
    assert (t["status"] == "ranked").sum() == 5


def test_large_city_reference_set():
    big = large_cities()
    assert len(big) == 16
    assert (big["population"] >= LARGE_CITY_POPULATION).all()
    assert "taldykorgan" not in big.index  # 168,674 in the town proper (201,644 with villages)
    assert {"almaty", "astana", "shymkent", "turkistan", "semey"} <= set(big.index)


def test_distance_zero_for_large_cities_and_geodesic_otherwise(towns):
    d = towns.values["dist_large_city_km"]
    assert d.notna().all()
    assert (d[large_cities().index] == 0).all()
    u = towns.units
    expected = geodesic_km(u.loc["kurchatov", "lon"], u.loc["kurchatov", "lat"],
                           u.loc["semey", "lon"], u.loc["semey", "lat"])
    assert d["kurchatov"] == pytest.approx(float(expected))
    assert d["kurchatov"] == pytest.approx(126.6, abs=0.1)
    cite = towns.cite("kurchatov", "dist_large_city_km")
    assert cite["source_id"] == "DERIVED" and cite["year"] == "2023"
    assert "WGS 84" in cite["note"] and "Semey" in cite["note"] and "(P1 2023)" in cite["note"]
    assert towns.cite("alatau_city", "dist_large_city_km")["qualifier"] == "approximate"
    assert towns.cite("almaty", "dist_large_city_km")["note"].startswith("0: itself")


def test_geodesic_reference_distance():
    # Astana–Almaty: the WGS 84 geodesic lies within 0.5 % of the great circle (R = 6371 km).
    lon1, lat1, lon2, lat2 = 71.44598, 51.1801, 76.9115, 43.25249
    p1, p2, dl = map(math.radians, (lat1, lat2, lon2 - lon1))
    sphere = 6371.0088 * math.acos(math.sin(p1) * math.sin(p2)
                                   + math.cos(p1) * math.cos(p2) * math.cos(dl))
    assert float(geodesic_km(lon1, lat1, lon2, lat2)) == pytest.approx(sphere, rel=5e-3)


@settings(deadline=None)   # a property, not a timing: the shared machine may be slow
@given(st.floats(46, 88), st.floats(40, 56), st.floats(46, 88), st.floats(40, 56))
def test_geodesic_is_symmetric_and_non_negative(lon1, lat1, lon2, lat2):
    a = float(geodesic_km(lon1, lat1, lon2, lat2))
    assert a >= 0
    assert a == pytest.approx(float(geodesic_km(lon2, lat2, lon1, lat1)), abs=1e-6)
    idx, km = nearest([lon1], [lat1], [lon1, lon2], [lat1, lat2])
    assert idx[0] == 0 and km[0] == pytest.approx(0, abs=1e-6)


def test_load_is_fast():
    for fn in (bundled.load_bundled, bundled._load_raw, bundled.large_cities):
        fn.cache_clear()
    start = time.perf_counter()
    load_bundled("towns")
    assert time.perf_counter() - start < 1.0


def test_sources_merged_keep_precise_wording():
    s = load_sources()
    assert "resolution No 1134" in s.loc["CONCEPT", "note"]
    assert "town-level" in s.loc["CONCEPT_T2", "note"]
    assert {"G", "K_IRSE", "N", "airportsdata_2026"} <= set(s.index)
    # The project's own compilation is no source of any value.
    assert not {"DS", "K", "T"} & set(s.index)


def test_cli_ranks_towns(capsys):
    assert main(["rank", "--layer", "towns", "--scenario", "balanced"]) == 0
    out = capsys.readouterr().out
    # Direct town measures of C1, C3, C4 are too sparse; the towns' regional context
    # (declared proxies) carries them, and C2 rests on logistics (airport, distance:
    # proxies of infrastructure) — the output says so first, in C1–C4 order.
    assert "WARNING: criteria C1, C2, C3, C4 are measured only by proxy indicators" in out
    assert "have no usable data" not in out
    line = next(ln for ln in out.splitlines() if " kurchatov " in ln)
    assert "Abai" in line and "eligible, 3.65%–35.59% (estimate, lower bound)" in line
    assert "restricted, 0.88%–0.98% (estimate)" in out
    assert "[P1]" in out and "[airportsdata_2026]" in out


def test_check_data_towns(capsys):
    assert main(["check-data", "--layer", "towns"]) == 0
    out = capsys.readouterr().out
    assert "warning:" not in out
    assert "note: binary_facts: railway: no sourced value for kurchatov" in out


def test_catalogue_town_indicators_all_loaded(towns):
    ids = {f.id for f in load_catalogue().fields_for("towns")}
    assert ids <= set(towns.values.columns)


def test_towns_inherit_regional_context_as_declared_proxies(towns):
    regions = load_bundled("regions")
    v = towns.values
    assert v.loc["kurchatov", "region_rd_staff_per_10k"] == regions.values.loc[
        "KZ-10", "rd_staff_per_10k"]
    assert v.loc["almaty", "region_grp_per_capita"] == regions.values.loc[
        "KZ-75", "grp_per_capita"]
    assert v["region_rd_intensity"].notna().all()
    cite = towns.cite("kurchatov", "region_rd_staff_per_10k")
    assert cite["source_id"] == "DERIVED" and cite["year"] == "2024/2023"
    assert "KZ-10 Abai Region" in cite["note"] and "CONCEPT_T2" in cite["note"]
    cat = load_catalogue()
    assert all(cat.field(f).evidence == "proxy" for f in
               ("region_rd_staff_per_10k", "region_rd_intensity", "region_grp_per_capita"))
