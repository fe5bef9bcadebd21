"""Bring-your-own data: reading, validation (each bad-input case) and the CLI's --data."""

from pathlib import Path

import geopandas as gpd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import Point

from criteria import textio, userdata
from criteria.problems import UserInputError
from criteria.textio import parse_number
from criteria.userdata import check_value, load_user_table, region_code
from scicity.cli.main import main

DATA = Path(__file__).parent / "data"


def _find(problems, row, column=None):
    hits = [p for p in problems if p.row == row and (column is None or p.column == column)]
    assert hits, f"no problem reported on row {row}, column {column}: {problems}"
    return hits


@pytest.fixture(scope="module")
def bad():
    return load_user_table(DATA / "towns_bad_values.csv", "towns")


# ---------------------------------------------------------------- numbers

@pytest.mark.parametrize(("cell", "value"), [
    ("1234", 1234.0), ("1 234", 1234.0), ("1\u00a0234,5", 1234.5), ("2\u202f161\u202f695", 2161695),
    ("1,5", 1.5), ("1,234.5", 1234.5), ("1.234,5", 1234.5), ("1,234,567", 1234567),
    ("1.234.567", 1234567), (" 7 ", 7.0), (12, 12.0), (0.25, 0.25), ("-3", -3.0),
])
def test_parse_number(cell, value):
    assert parse_number(cell).value == pytest.approx(value)


@pytest.mark.parametrize("cell", ["", None, "-", "—", "n/a", "н/д"])
def test_missing_marks_are_missing_without_error(cell):
    assert parse_number(cell) == textio.Parsed(None)


@pytest.mark.parametrize("cell", ["abc", "NaN", "inf", "-Infinity", "12 34", "1..2"])
def test_non_numbers_are_errors(cell):
    p = parse_number(cell)
    assert p.value is None and p.error


@given(st.integers(0, 10**9), st.integers(0, 99), st.sampled_from([" ", "\u00a0", "\u202f"]))
def test_ru_locale_numbers_round_trip(whole, cents, sep):
    groups = f"{whole:,}".replace(",", sep)
    assert parse_number(f"{groups},{cents:02d}").value == pytest.approx(whole + cents / 100)


# ---------------------------------------------------------------- good files

def test_good_csv_with_provenance():
    ds, problems = load_user_table(DATA / "towns_good.csv", "towns")
    assert problems == []
    assert ds.ids == ["kurchatov", "aksu", "stepnogorsk"]
    assert ds.values.loc["kurchatov", "researchers"] == 198
    cite = ds.cite("kurchatov", "researchers")
    assert cite == {"year": "2023", "source_id": "USER", "qualifier": "lower_bound",
                    "note": "towns_good.csv, row 2"}
    assert ds.cite("aksu", "population")["qualifier"] == "exact"
    assert "towns_good.csv" in ds.sources.loc["USER", "title"]
    assert "SHA-256" in ds.sources.loc["USER", "note"]
    # the same derivations as the bundled data
    assert ds.cite("kurchatov", "employed")["qualifier"] == "estimate"
    assert ds.values.loc["kurchatov", "researcher_share"] == pytest.approx(0.0417, abs=1e-4)
    assert ds.values.loc["kurchatov", "dist_large_city_km"] == pytest.approx(126.6, abs=0.1)
    assert list(ds.units["region_id_computed"]) == ["KZ-10", "KZ-55", "KZ-11"]
    assert ds.values.loc["aksu", "research_orgs"] != ds.values.loc["aksu", "research_orgs"]


def test_semicolon_decimal_comma_nbsp_and_russian_headers():
    ds, problems = load_user_table(DATA / "towns_semicolon_ru.csv", "towns")
    assert ds.values.loc["kurchatov", "population"] == 10457
    assert ds.values.loc["kurchatov", "employed"] == 4743.5
    assert ds.values.loc["semey", "employed"] == 139757
    assert ds.units.loc["kurchatov", "lat"] == pytest.approx(50.75617)
    infos = {p.column: p.message for p in problems if p.severity == "info"}
    assert infos["Численность населения"] == "read as field population"
    assert infos["Широта"] == "read as lat"


def test_cp1251_fallback_reported_as_info():
    ds, problems = load_user_table(DATA / "towns_cp1251.csv", "towns")
    assert ds.name("kurchatov", "ru") == "Курчатов"
    assert problems[0].severity == "info" and "Windows-1251 (cp1251)" in problems[0].message


@pytest.mark.parametrize(("file", "sheet", "ids", "problems", "unit", "lat", "lon"), [
    ("towns.xlsx", "towns", ["kurchatov", "semey"],
     [("error", 4, "lat", "'fifty' is not a number; expected decimal degrees (WGS 84); row "
                          "excluded")], "semey", None, None),
    ("towns_points.geojson", None, ["kurchatov", "semey"], [], "semey", None, 80.25025),
    ("towns_3857.gpkg", None, ["kurchatov"],
     [("info", None, "geometry", "reprojected from EPSG:3857")], "kurchatov", 50.75617,
     78.54188),
])
def test_each_format_reads_with_its_findings(file, sheet, ids, problems, unit, lat, lon):
    ds, found = load_user_table(DATA / file, "towns", sheet=sheet)
    assert ds.ids[:len(ids)] == ids
    assert [(p.severity, p.row, p.column) for p in found] == [x[:3] for x in problems]
    assert all(p.message.startswith(x[3]) for p, x in zip(found, problems, strict=True))
    for value, col in ((lat, "lat"), (lon, "lon")):
        if value is not None:
            assert ds.units.loc[unit, col] == pytest.approx(value, abs=1e-9)
    if file == "towns.xlsx":
        assert ds.values.loc["semey", "population"] == 308126


def test_xlsx_first_sheet_and_unknown_sheet():
    with pytest.raises(UserInputError, match="missing required column 'id'"):
        load_user_table(DATA / "towns.xlsx", "towns")  # first sheet is a readme
    with pytest.raises(UserInputError, match="no sheet 'nope'; sheets: readme, towns"):
        load_user_table(DATA / "towns.xlsx", "towns", sheet="nope")


def test_missing_crs_assumed_wgs84(tmp_path):
    path = tmp_path / "nocrs.gpkg"
    gdf = gpd.GeoDataFrame({"id": ["k"], "name": ["K"]}, geometry=[Point(78.54, 50.75)])
    with pytest.warns(UserWarning, match="'crs' was not provided"):
        gdf.to_file(path)
    ds, problems = load_user_table(path, "towns")
    assert [p.message for p in problems if p.severity != "info"] == [
        "no coordinate reference system; assumed WGS 84 (EPSG:4326)"]
    assert ds.units.loc["k", "region_id_computed"] == "KZ-10"


# ---------------------------------------------------------------- each bad-input case

@pytest.mark.parametrize(("row", "column", "severity", "text"), [
    (2, "population", "error", "'abc' is not a number; expected a number in persons"),
    (3, "population", "error", "'NaN' is not a finite number"),
    (3, "employed", "error", "'inf' is not a finite number"),
    (4, "researchers", "error", "negative value -5: Researchers of accredited organisations "
                                "cannot be negative; left missing"),
    (5, "researcher_share", "error", "3.5 is above 1: researcher_share is a share between 0 "
                                     "and 1 (3 % = 0.03)"),
    (6, "researcher_share", "info", "'3,5%' read as the share 0.035"),
    (7, "airport", "error", "2 is not a flag; expected 0 (no) or 1 (yes); left missing"),
    (8, "universities", "warning", "1.234 is not a whole number of items"),
    (9, "id", "error", "id 't_text' repeats row 2; the first occurrence is kept and this row "
                       "is excluded"),
    (10, "id", "error", "no id; row excluded"),
    (11, "lat/lon", "error", "lat 10, lon 20 lies outside Kazakhstan (40.4–55.5 N, "
                             "46.4–87.4 E); row excluded"),
    (12, "lat/lon", "error", "latitude and longitude look swapped"),
    (13, "region_id", "warning", "'KZ-99' is not an ISO 3166-2 region code"),
    (14, "region_id", "warning", "declared region KZ-11 (Akmola), but the point lies in KZ-75 "
                                 "(Almaty); outputs show the computed region"),
    (1, "reserchers", "warning", "unknown column; kept as an extra column, not scored "
                                 "(did you mean 'researchers'?)"),
])
def test_each_bad_value_reported_with_row_and_column(bad, row, column, severity, text):
    hits = _find(bad[1], row, column)
    assert any(p.severity == severity and text in p.message for p in hits), hits


def test_bad_cells_missing_but_rows_kept(bad):
    ds, _ = bad
    assert ds.ids == ["t_text", "t_nan", "t_neg", "t_share", "t_pct", "t_flag", "t_frac",
                      "t_region", "t_mismatch"]
    v = ds.values
    assert v.loc["t_text", "population"] != v.loc["t_text", "population"]
    assert v.loc["t_neg", "researchers"] != v.loc["t_neg", "researchers"]
    assert v.loc["t_pct", "researcher_share"] == pytest.approx(0.035)
    assert ds.name("t_text") == "Text"  # the first occurrence, not the duplicate
    assert ds.extra_columns == ("reserchers",)
    assert ds.units.loc["t_text", "reserchers"] == "x"
    assert ds.units.loc["t_mismatch", "region_id_computed"] == "KZ-75"


def test_every_excluded_row_is_reported(bad):
    ds, problems = bad
    excluded = {p.row for p in problems if p.message.endswith("excluded")}
    assert excluded == {9, 10, 11, 12}
    assert len(ds.ids) + len(excluded) == 13  # every data row is loaded or reported


def test_percentage_given_as_share_is_flagged():
    f = userdata.load_catalogue().field("researcher_share")
    assert check_value(f, "4.2")[0] is None
    assert check_value(f, "0.042")[0] == pytest.approx(0.042)
    assert check_value(userdata.load_catalogue().field("airport"), "да")[0] == 1.0
    assert check_value(userdata.load_catalogue().field("population"), "5%")[0] is None


def test_derived_value_inconsistent_with_inputs(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,name,lat,lon,researchers,employed,researcher_share\n"
                    "k,K,50.75,78.54,198,4743,4.17%\nm,M,50.75,78.54,198,4743,0.5\n",
                    encoding="utf-8")
    ds, problems = load_user_table(path, "towns")
    assert ds.values.loc["m", "researcher_share"] == 0.5  # the given value is kept
    (p,) = [p for p in problems if p.severity == "warning"]
    assert p.row == 3 and p.column == "researcher_share"
    assert "differs from researchers ÷ employed = 0.04175" in p.message


def test_regions_unknown_ids_with_suggestion_and_decimal_comma():
    ds, problems = load_user_table(DATA / "regions_bad_ids.csv", "regions")
    assert ds.ids == ["KZ-10", "KZ-75"]  # kz-75 accepted in any case
    assert ds.values.loc["KZ-75", "grp"] == pytest.approx(29240.8)
    msgs = {p.row: p.message for p in problems}
    assert msgs[3].startswith("'KZ-1' is not one of the 20 ISO 3166-2 region codes")
    assert "did you mean KZ-10 (Abai) or KZ-11 (Akmola)" in msgs[3]
    assert msgs[4].endswith("did you mean KZ-11 (Akmola)?; row excluded")
    assert region_code("Акмолинская область") == (None, ("KZ-11",))


def test_region_polygons_invalid_repaired_and_mismatch_reported():
    ds, problems = load_user_table(DATA / "regions_polygons.geojson", "regions")
    assert ds.ids == ["KZ-10", "KZ-62", "KZ-35"]
    invalid = _find(problems, 2, "geometry")[0]
    assert invalid.severity == "warning" and invalid.row_label == "feature"
    assert invalid.message.startswith("invalid geometry (Self-intersection")
    assert "repaired with make_valid" in invalid.message
    assert "the polygon of KZ-35 lies in KZ-62" in _find(problems, 3, "geometry")[0].message


def test_wrong_geometry_types(tmp_path):
    with pytest.raises(UserInputError, match="'kurchatov' is not one of the 20 ISO"):
        load_user_table(DATA / "towns_points.geojson", "regions")
    ds, problems = load_user_table(DATA / "towns_broken_geometry.geojson", "towns")
    assert ds.ids == ["kurchatov"]
    assert str(_find(problems, 2)[0]) == (
        "towns_broken_geometry.geojson: feature 2, column 'geometry': empty or missing "
        "geometry, and no lat/lon columns; row excluded")
    assert _find(problems, 3)[0].message == "expected a point; got Polygon; row excluded"
    path = tmp_path / "regions_points.geojson"
    gpd.GeoDataFrame({"id": ["KZ-10"], "name": ["Abai"], "rd_staff": [1394]},
                     geometry=[Point(78.5, 50.7)], crs=4326).to_file(path)
    ds, problems = load_user_table(path, "regions")
    assert ds.values.loc["KZ-10", "rd_staff"] == 1394
    (err,) = [p for p in problems if p.severity == "error"]
    assert err.message.startswith("expected a polygon; got Point") and err.row == 1


# ---------------------------------------------------------------- file-level errors

def test_missing_required_columns_load_nothing():
    with pytest.raises(UserInputError) as exc:
        load_user_table(DATA / "towns_missing_columns.csv", "towns")
    errors = [str(p) for p in exc.value.problems if p.severity == "error"]
    assert errors == [
        "towns_missing_columns.csv: row 1, column 'id': missing required column 'id' (also "
        "accepted: iso, iso_code, code, unit_id)",
        "towns_missing_columns.csv: row 1, column 'name_en': missing a name column: at least "
        "one of name_kk, name_ru, name_en (or name)",
        "towns_missing_columns.csv: row 1, column 'lat/lon': missing coordinate columns: a "
        "towns table needs 'lat' and 'lon' (decimal degrees, WGS 84) or point geometry",
    ]


@pytest.mark.parametrize(("name", "content", "text"), [
    ("empty.csv", "", "the file is empty"),
    ("header.csv", "id,name,lat,lon\n", "no data rows below the header"),
    ("dup.csv", "id,name,population,Population\nk,K,1,2\n", "a second column for population"),
    ("all_bad.csv", "id,name,lat,lon\nk,K,0,0\n", "no usable row: every row has an error"),
    ("data.ods", "x", "unknown file type '.ods'"),
    ("broken.xlsx", "not a zip", "not a readable XLSX workbook"),
    ("broken.geojson", "{", "cannot read as a geo file"),
])
def test_file_level_errors(tmp_path, name, content, text):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserInputError, match=text):
        load_user_table(path, "towns")


def test_size_limit_checked_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(userdata, "MAX_BYTES", 10)
    with pytest.raises(UserInputError, match="more than the limit of 10 bytes"):
        load_user_table(DATA / "towns_good.csv", "towns")


# ---------------------------------------------------------------- CLI

@pytest.mark.parametrize(("layer", "file", "code", "first_line", "ranked", "absent"), [
    ("towns", "towns_one_broken_row.csv", 0,
     "error: towns_one_broken_row.csv: row 3, column 'lat/lon': latitude and longitude look "
     "swapped: lat 76.9275, lon 52.0402 lies outside Kazakhstan (40.4–55.5 N, 46.4–87.4 E) "
     "but lat 52.0402, lon 76.9275 inside; row excluded",
     ["kurchatov", "stepnogorsk", "ekibastuz"], ["aksu"]),
    ("towns", "towns_missing_columns.csv", 2,
     "error: towns_missing_columns.csv: row 1, column 'id': missing required column 'id' "
     "(also accepted: iso, iso_code, code, unit_id)", [], []),
    ("regions", "regions_polygons.geojson", 0,
     "warning: regions_polygons.geojson: feature 2, column 'geometry': invalid geometry "
     "(Self-intersection", ["KZ-62"], []),
])
def test_cli_reports_problems_and_ranks_the_usable_rows(capsys, layer, file, code, first_line,
                                                        ranked, absent):
    assert main(["rank", "--layer", layer, "--data", str(DATA / file)]) == code
    out, err = capsys.readouterr()
    assert err.splitlines()[0].startswith(first_line)
    assert "Traceback" not in err
    for unit in ranked:
        assert f" {unit} " in out
    for unit in absent:
        assert f" {unit} " not in out
    assert (f"[USER] User data file {file}" in out) == (code == 0)
