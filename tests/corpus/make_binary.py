"""Write the binary files of the bad-input corpus (XLSX, GeoPackage, non-UTF-8 text).

Run once from the repository root: ``python tests/corpus/make_binary.py``. The output is
deterministic (fixed zip timestamps, fixed GeoPackage dates), so running it again gives
byte-identical files. The text files of the corpus are plain files kept as they are.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import zipfile
from pathlib import Path

import geopandas as gpd
import openpyxl
import pyogrio
from shapely.geometry import LineString, Point, Polygon

HERE = Path(__file__).parent
TOWNS = HERE / "data" / "towns"
REGIONS = HERE / "data" / "regions"
SCENARIOS = HERE / "scenarios"
FIXED = dt.datetime(2024, 1, 1)
KURCHATOV = (78.54188, 50.75617)
AKSU = (76.92748, 52.04023)


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.properties.created = wb.properties.modified = FIXED
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps each zip entry with the current time: rewrite with a fixed one.
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl sets modified = now
                data = _fix_core(data)
            dst.writestr(fixed, data)
    path.write_bytes(out.getvalue())


def _fix_core(xml: bytes) -> bytes:
    import re

    return re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z",
                  xml)


def _gpkg(path: Path, layers: dict[str, gpd.GeoDataFrame]) -> None:
    path.unlink(missing_ok=True)
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2024-01-01T00:00:00.000Z"})
    for k, (name, gdf) in enumerate(layers.items()):
        pyogrio.write_dataframe(gdf, path, layer=name, driver="GPKG", append=k > 0,
                                layer_options={"SPATIAL_INDEX": "NO"})


def main() -> None:
    # -- XLSX, towns
    head = ["id", "name_ru", "lat", "lon", "population", "researchers"]
    _xlsx(TOWNS / "xlsx_ru_locale_text_numbers.xlsx", {"Города": [
        head,
        ["kurchatov", "Курчатов", "50,75617", "78,54188", "10\u00a0457", 198],
        ["aksu", "Аксу", 52.04023, 76.92748, 51614, None],
    ]})
    _xlsx(TOWNS / "xlsx_readme_first.xlsx", {
        "readme": [["This workbook lists towns"], ["see the next sheet"]],
        "towns": [head, ["kurchatov", "Курчатов", 50.75617, 78.54188, 10457, 198]],
    })
    _xlsx(TOWNS / "xlsx_empty_sheet.xlsx", {"Sheet1": []})
    _xlsx(TOWNS / "xlsx_header_only.xlsx", {"towns": [head]})
    _xlsx(TOWNS / "xlsx_dates_and_error_cells.xlsx", {"towns": [
        head,
        ["kurchatov", "Курчатов", 50.75617, 78.54188, dt.datetime(2023, 1, 1), "#DIV/0!"],
        ["aksu", "Аксу", 52.04023, 76.92748, 51614, "#N/A"],
    ]})
    _xlsx(TOWNS / "xlsx_numeric_ids_and_missing_name.xlsx", {"towns": [
        ["id", "name_en", "lat", "lon", "population"],
        [101, None, 50.75617, 78.54188, 10457],
        [102.0, "Aksu", 52.04023, 76.92748, 51614],
    ]})
    (TOWNS / "xlsx_corrupt.xlsx").write_bytes(b"PK\x03\x04 this is not really a workbook")

    # -- XLSX, regions
    _xlsx(REGIONS / "xlsx_kazakh_headers.xlsx", {"Өңірлер": [
        ["Код", "name_kk", "Халық саны", "ҒЗТКЖ жүзеге асырған қызметкерлер саны"],
        ["KZ-10", "Абай облысы", 610189, 1394],
        ["KZ-75", "Алматы қаласы", "2 161 695", "10 628"],
        ["KZ-10", "Абай (қайта)", 1, 1],
    ]})

    # -- GeoPackage, towns
    crs = "EPSG:4326"
    _gpkg(TOWNS / "gpkg_web_mercator.gpkg", {"towns": gpd.GeoDataFrame(
        {"id": ["kurchatov", "aksu"], "name": ["Kurchatov", "Aksu"], "population": [10457, 51614]},
        geometry=[Point(*KURCHATOV), Point(*AKSU)], crs=crs).to_crs("EPSG:3857")})
    _gpkg(TOWNS / "gpkg_two_layers.gpkg", {
        "towns": gpd.GeoDataFrame({"id": ["kurchatov"], "name": ["Kurchatov"]},
                                  geometry=[Point(*KURCHATOV)], crs=crs),
        "other": gpd.GeoDataFrame({"id": ["aksu"], "name": ["Aksu"]},
                                  geometry=[Point(*AKSU)], crs=crs),
    })
    _gpkg(TOWNS / "gpkg_lines_and_empty.gpkg", {"towns": gpd.GeoDataFrame(
        {"id": ["kurchatov", "road", "nothing"], "name": ["Kurchatov", "Road", "Nothing"]},
        geometry=[Point(*KURCHATOV), LineString([KURCHATOV, AKSU]), None], crs=crs)})
    _gpkg(TOWNS / "gpkg_utm_swapped.gpkg", {"towns": gpd.GeoDataFrame(
        {"id": ["kurchatov"], "name": ["Kurchatov"]},
        geometry=[Point(*KURCHATOV)], crs=crs).to_crs("EPSG:32644")})
    (TOWNS / "gpkg_corrupt.gpkg").write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)

    # -- GeoPackage, regions
    square = Polygon([(79.0, 48.5), (79.2, 48.5), (79.2, 48.7), (79.0, 48.7)])
    _gpkg(REGIONS / "gpkg_lambert.gpkg", {"regions": gpd.GeoDataFrame(
        {"id": ["KZ-10"], "name": ["Abai"], "rd_staff": [1394]},
        geometry=[square], crs=crs).to_crs("EPSG:3035")})

    # -- text in other encodings
    (TOWNS / "cp1251.csv").write_bytes(
        "id;name_ru;lat;lon;population\nkurchatov;Курчатов;50,75617;78,54188;10 457\n"
        .encode("cp1251"))
    # 0x98 is the one byte Windows-1251 leaves undefined: neither UTF-8 nor cp1251
    (TOWNS / "not_text.csv").write_bytes(b"id,name\n\x98\xff\xfe\x00binary\n")
    # Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated
    (REGIONS / "utf16_unicode_text.txt").write_bytes(
        "id\tname_en\tpopulation\trd_staff\r\nKZ-10\tAbai\t610189\t1394\r\n".encode("utf-16"))
    # a UTF-16 byte-order mark, then a cut-off character (an odd number of bytes)
    (TOWNS / "utf16_truncated.csv").write_bytes(
        codecs.BOM_UTF16_LE + "id,name_en\n".encode("utf-16-le") + b"k")
    (SCENARIOS / "not_utf8.toml").write_bytes('name = "Сценарий"\n'.encode("cp1251"))
    round_two()


def _declared_range(path: Path, ref: str) -> None:
    """Rewrite the sheet's declared used range (``<dimension ref=...>``)."""
    import re

    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(),
                              data)
            dst.writestr(info, data)
    path.write_bytes(out.getvalue())


def round_two() -> None:
    """Issue 16: formulas without values, enormous declared ranges, cells beyond the
    csv module's limit, an engineering CRS, deeply nested TOML."""
    head = ["id", "name_en", "lat", "lon", "population", "researchers"]
    _xlsx(TOWNS / "xlsx_formulas_without_values.xlsx", {"towns": [
        head,
        ["kurchatov", "Kurchatov", 50.75617, 78.54188, "=5000*2", 198],
        ["aksu", "Aksu", 52.04023, 76.92748, 51614, "=SUM(F2:F2)"],
    ]})
    path = TOWNS / "xlsx_declared_range_whole_grid.xlsx"
    _xlsx(path, {"towns": [head, ["kurchatov", "Kurchatov", 50.75617, 78.54188, 10457, 198]]})
    _declared_range(path, "A1:XFD1048576")
    _xlsx(TOWNS / "xlsx_cell_at_xfd1048576.xlsx",
          {"towns": [head, ["kurchatov", "Kurchatov", 50.75617, 78.54188, 10457, 198]]})
    _far_cell(TOWNS / "xlsx_cell_at_xfd1048576.xlsx")

    long = "x" * 140_000
    (TOWNS / "cell_too_long.csv").write_text(
        f"id,name_en,lat,lon\nkurchatov,Kurchatov,50.75617,78.54188\naksu,{long},52.04,76.93\n",
        encoding="utf-8")
    (TOWNS / "unclosed_quote.csv").write_text(
        'id,name_en,lat,lon\nkurchatov,"Kurchatov,50.75617,78.54188\n'
        + "aksu,Aksu,52.04023,76.92748\n" * 6_000, encoding="utf-8")
    (HERE / "matrices" / "score_cell_too_long.csv").write_text(
        f"alt,x,y\nA,1,2\nB,{'9' * 140_000},4\n", encoding="utf-8")

    square = Polygon([(0, 0), (1000, 0), (1000, 1000), (0, 1000)])
    engineering = ('ENGCRS["Site grid",EDATUM["Site datum"],CS[Cartesian,2],'
                   'AXIS["easting (E)",east,LENGTHUNIT["metre",1]],'
                   'AXIS["northing (N)",north,LENGTHUNIT["metre",1]]]')
    _gpkg(REGIONS / "gpkg_engineering_crs.gpkg", {"regions": gpd.GeoDataFrame(
        {"id": ["KZ-10"], "name": ["Abai"], "rd_staff": [1394]},
        geometry=[square], crs=engineering)})

    (SCENARIOS / "deep_nesting.toml").write_text(
        "name = \"deep\"\nx = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    (SCENARIOS / "deep_inline_tables.toml").write_text(
        "x = " + "{a = " * 20_000 + "1" + "}" * 20_000 + "\n", encoding="utf-8")


def _far_cell(path: Path) -> None:
    """Add one cell at XFD1048576 (the last cell of the grid) to the first sheet."""
    import re

    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" '
                                    b't="inlineStr"><is><t>far away</t></is></c></row>'
                                    b"</sheetData>")
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"',
                              data)
            dst.writestr(info, data)
    path.write_bytes(out.getvalue())


if __name__ == "__main__":
    main()
