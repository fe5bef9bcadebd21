"""The bundled datasets shipped in ``criteria/data``: the 20 regions and the candidate towns.

Towns carry ``region_id`` (declared), ``lat``/``lon`` (degrees, WGS 84, EPSG:4326),
``coord_source_id``/``coord_qualifier`` and, after loading, ``region_id_computed`` (the
region whose polygon contains the point).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from importlib import resources
from io import StringIO

import numpy as np
import pandas as pd

from criteria.dataset import Dataset, append_intervals, from_long
from criteria.derive import (
    DERIVED_SOURCE,
    add_region_context,
    derive_indicators,
    employment_ratio,
    estimate_employed,
)
from criteria.model import Catalogue, load_catalogue
from geodata.towns import nearest, town_regions

NATIONAL_ID = "KZ"
_FILES = {"regions": ("regions.csv", "region_values.csv"),
          "towns": ("towns.csv", "town_values.csv")}
#: A "large city" for ``dist_large_city_km``: at least this many inhabitants.
LARGE_CITY_POPULATION = 200_000
DISTANCE_FIELD = "dist_large_city_km"


def _read_csv(name: str) -> pd.DataFrame:
    text = resources.files("criteria").joinpath(f"data/{name}").read_text("utf-8")
    return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)


def read_data_file(name: str) -> pd.DataFrame:
    """A bundled data file (e.g. ``constants.csv``) as stored: every cell as text."""
    return _read_csv(name)


def values_file(layer: str) -> str:
    """The name of the value file of a bundled layer."""
    return _FILES[layer][1]


@lru_cache(maxsize=1)
def load_sources() -> pd.DataFrame:
    """Every source the bundled data cites (index = source id)."""
    return _read_csv("sources.csv").set_index("source_id")


@lru_cache(maxsize=1)
def load_constants() -> pd.DataFrame:
    """Sourced national constants (index = constant id; numeric ``value``)."""
    df = _read_csv("constants.csv").set_index("id")
    df["value"] = df["value"].astype(float)
    return df


def bundled_layers() -> tuple[str, ...]:
    """Layers with bundled data."""
    return tuple(_FILES)


@lru_cache(maxsize=2)
def _load_raw(layer: str) -> Dataset:
    """The bundled layer as stored: no estimates, no derived values."""
    units_file, values_file = _FILES[layer]
    units = _read_csv(units_file).set_index("id")
    if layer == "towns":
        units[["lat", "lon"]] = units[["lat", "lon"]].astype(float)
        if "coord_uncertainty_km" in units:
            units["coord_uncertainty_km"] = pd.to_numeric(
                units["coord_uncertainty_km"].replace("", np.nan))
    fields = [f.id for f in load_catalogue().fields_for(layer)]
    return from_long(layer, units, _read_csv(values_file), load_sources(), fields, NATIONAL_ID)


@lru_cache(maxsize=1)
def large_cities() -> pd.DataFrame:
    """The reference set for ``dist_large_city_km``: bundled towns whose population
    (P1, 1 January 2023, town proper; Turkistan only by its city-administration figure)
    is at least ``LARGE_CITY_POPULATION``. Every Kazakh city of that size is a regional
    centre or a city of republican significance, and all of those are in the town list,
    so the list is a complete reference. Columns: name_en, lon, lat (degrees, WGS 84),
    population, pop_cite (e.g. ``P1 2023``), coord_source_id."""
    raw = _load_raw("towns")
    pop = raw.values["population"]
    big = pop.index[pop >= LARGE_CITY_POPULATION]
    out = raw.units.loc[big, ["name_en", "lon", "lat", "coord_source_id"]].copy()
    out["population"] = pop[big]
    out["pop_cite"] = [" ".join(x for x in (c["source_id"], c["year"]) if x)
                       for c in (raw.cite(u, "population") or {} for u in big)]
    return out


def add_large_city_distance(ds: Dataset, cities: pd.DataFrame | None = None) -> Dataset:
    """Fill a missing ``dist_large_city_km`` (km, geodesic on WGS 84) for every town with
    coordinates: 0 when the town's own population is at least ``LARGE_CITY_POPULATION``,
    else the distance to the nearest of ``cities`` (default ``large_cities()``).
    Provenance: source ``DERIVED``, year of the population figure used, a note naming the
    method, the city and its sources; ``approximate`` when the town's coordinates are,
    with the interval ± the town's declared ``coord_uncertainty_km`` (floored at 0)."""
    if ds.layer != "towns" or DISTANCE_FIELD not in ds.values:
        return ds
    ref = large_cities() if cities is None else cities
    u, vals = ds.units, ds.values.copy()
    lon = pd.to_numeric(u["lon"], errors="coerce")
    lat = pd.to_numeric(u["lat"], errors="coerce")
    todo = vals.index[vals[DISTANCE_FIELD].isna() & lon.notna() & lat.notna()]
    if len(todo) == 0 or ref.empty:
        return ds
    idx, km = nearest(lon[todo].to_numpy(), lat[todo].to_numpy(),
                      ref["lon"].to_numpy(), ref["lat"].to_numpy())
    method = (f"geodesic distance on the WGS 84 ellipsoid (pyproj.Geod) to the nearest of the "
              f"{len(ref)} towns of the bundled list with at least "
              f"{LARGE_CITY_POPULATION:,} inhabitants (all regional centres are in the list)")
    unc = (pd.to_numeric(u["coord_uncertainty_km"], errors="coerce")
           if "coord_uncertainty_km" in u else pd.Series(np.nan, index=u.index))
    n = len(todo)
    own_src = (u["coord_source_id"].reindex(todo).astype(str).to_numpy()
               if "coord_source_id" in u else np.full(n, "USER", dtype=object))
    own_q = (u["coord_qualifier"].reindex(todo).astype(str).to_numpy()
             if "coord_qualifier" in u else np.full(n, "exact", dtype=object))
    pop = (vals["population"].reindex(todo).to_numpy(dtype=float)
           if "population" in vals else np.full(n, np.nan))
    big = ~np.isnan(pop) & (pop >= LARGE_CITY_POPULATION)
    value = np.where(big, 0.0, np.asarray(km, dtype=float))
    city_year = ref["pop_cite"].map(lambda t: t.split(" ")[-1]).to_numpy()
    city_note = [f"{method}: {c['name_en']}, population {c['population']:,.0f} "
                 f"({c['pop_cite']}), coordinates ({c['coord_source_id']}); "
                 for _, c in ref.iterrows()]
    idx = np.asarray(idx)
    year = city_year[idx].astype(object)
    note = np.array([f"{city_note[k]}own coordinates ({s}, {q})"
                     for k, s, q in zip(idx, own_src, own_q, strict=True)], dtype=object)
    if big.any():
        c = ds.cites(todo[big], "population")
        year[big] = c["year"].to_numpy()
        note[big] = [f"0: itself a city of {LARGE_CITY_POPULATION:,}+, population {p:,.0f} "
                     f"({sid} {y})"
                     for p, sid, y in zip(pop[big], c["source_id"], c["year"], strict=True)]
    vals.loc[todo, DISTANCE_FIELD] = value
    approx = own_q == "approximate"
    e = unc.reindex(todo).to_numpy(dtype=float)
    has = approx & ~np.isnan(e) & (e > 0)
    spans = [{"unit_id": unit, "field": DISTANCE_FIELD, "low": max(0.0, v - x),
              "high": v + x, "interval_note": f"± {x:g} km, the declared uncertainty of the "
                                              "town's approximate coordinates"}
             for unit, v, x in zip(todo[has], value[has], e[has], strict=True)]
    new = pd.DataFrame({"unit_id": todo, "field": DISTANCE_FIELD, "year": year,
                        "source_id": DERIVED_SOURCE,
                        "qualifier": np.where(approx, "approximate", "exact"),
                        "note": note}).set_index(["unit_id", "field"])
    new = new[list(ds.provenance.columns)]
    prov = pd.concat([ds.provenance, new.astype(object)]).sort_index()
    return replace(ds, values=vals, provenance=prov,
                   intervals=append_intervals(ds.intervals, spans))


def locate_towns(ds: Dataset) -> Dataset:
    """Add ``region_id_computed`` to the units: the region polygon containing each town."""
    units = ds.units.copy()
    units["region_id_computed"] = town_regions(units)
    return replace(ds, units=units)


def region_mismatches(ds: Dataset) -> list[str]:
    """Towns whose declared ``region_id`` differs from the spatial join, as messages."""
    u = ds.units
    if "region_id" not in u or "region_id_computed" not in u:
        return []
    out = []
    for unit, declared, computed in zip(u.index, u["region_id"], u["region_id_computed"],
                                        strict=True):
        if declared and declared != computed:
            out.append(f"{unit} ({u.loc[unit, 'name_en']}): declared region {declared}, but "
                       f"the point ({u.loc[unit, 'lat']}, {u.loc[unit, 'lon']}) lies in "
                       f"{computed or 'no region of Kazakhstan'}")
    return out


def prepare(ds: Dataset, catalogue: Catalogue | None = None) -> Dataset:
    """Estimate missing employment, compute distances to large cities (towns) and the
    derived indicators; every computed value is marked as such."""
    cat = catalogue or load_catalogue()
    ds = estimate_employed(ds, employment_ratio(load_constants()))
    ds = add_large_city_distance(ds)
    ds = derive_indicators(ds, cat)
    if ds.layer == "towns":
        ds = add_region_context(ds, load_bundled("regions"), cat)
    return ds


@lru_cache(maxsize=4)
def load_bundled(layer: str) -> Dataset:
    """The bundled dataset of ``layer``, prepared (treat the result as read-only)."""
    if layer not in _FILES:
        raise ValueError(f"no bundled data for layer {layer!r}; available: {list(_FILES)}")
    raw = _load_raw(layer)
    return prepare(locate_towns(raw) if layer == "towns" else raw, load_catalogue())
