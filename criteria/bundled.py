"""The bundled datasets shipped in ``criteria/data`` (regions; towns once available)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from io import StringIO

import pandas as pd

from criteria.dataset import Dataset, from_long
from criteria.derive import derive_indicators, employment_ratio, estimate_employed
from criteria.model import Catalogue, load_catalogue

NATIONAL_ID = "KZ"
_FILES = {"regions": ("regions.csv", "region_values.csv")}


def _read_csv(name: str, **kw) -> pd.DataFrame:
    text = resources.files("criteria").joinpath(f"data/{name}").read_text("utf-8")
    return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False, **kw)


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


def prepare(ds: Dataset, catalogue: Catalogue | None = None) -> Dataset:
    """Estimate missing employment and compute derived indicators (marked as such)."""
    cat = catalogue or load_catalogue()
    ds = estimate_employed(ds, employment_ratio(load_constants()))
    return derive_indicators(ds, cat)


@lru_cache(maxsize=4)
def load_bundled(layer: str) -> Dataset:
    """The bundled dataset of ``layer``, prepared (treat the result as read-only)."""
    if layer not in _FILES:
        raise ValueError(f"no bundled data for layer {layer!r}; available: {list(_FILES)}")
    units_file, values_file = _FILES[layer]
    units = _read_csv(units_file).set_index("id")
    cat = load_catalogue()
    fields = [f.id for f in cat.fields_for(layer)]
    ds = from_long(layer, units, _read_csv(values_file), load_sources(), fields, NATIONAL_ID)
    return prepare(ds, cat)
