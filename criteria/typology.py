"""The Concept's regional typology (Section 2 §3) as data: which regions and towns are
high-potential, raw-material, industrial or agrarian, with the specialisations it names.

``criteria/data/typology.csv`` has one row per unit and type (``layer, unit_id, type,
specialisation, source_id, note``); a unit may have several types, and a unit the Concept
does not type (Ulytau, Aktobe Region, Semey, Zhezkazgan, ...) has no row. Towns inherit
their region's type unless the Concept names the town; each row's note says which.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from io import StringIO
from typing import Literal, get_args

import pandas as pd

TypologyType = Literal["high_potential", "raw_material", "industrial", "agrarian"]
#: The four types, in the Concept's order.
TYPES: tuple[TypologyType, ...] = get_args(TypologyType)
COLUMNS: tuple[str, ...] = ("layer", "unit_id", "type", "specialisation", "source_id", "note")
LAYERS: tuple[str, ...] = ("regions", "towns")


class TypologyError(ValueError):
    """A typology table that does not follow the schema (one line per problem)."""


def parse_typology(text: str, units: Mapping[str, Iterable[str]],
                   sources: Iterable[str]) -> pd.DataFrame:
    """Validate a typology CSV: the columns of ``COLUMNS``, known layers, unit ids known in
    ``units[layer]``, types in ``TYPES``, cited sources in ``sources``, no repeated
    (layer, unit, type). Raises :class:`TypologyError` listing every problem (CSV row)."""
    df = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
    if tuple(df.columns) != COLUMNS:
        raise TypologyError(f"typology columns must be {', '.join(COLUMNS)}; "
                            f"got {', '.join(map(str, df.columns))}")
    known = {layer: set(ids) for layer, ids in units.items()}
    cited = set(sources)
    problems = []
    dup = df.duplicated(["layer", "unit_id", "type"], keep="first").tolist()
    for k, row in enumerate(df.to_dict("records"), start=2):
        if dup[k - 2]:
            problems.append(f"row {k}: repeats {row['layer']}/{row['unit_id']}/{row['type']}")
        if row["layer"] not in LAYERS:
            problems.append(f"row {k}: unknown layer {row['layer']!r}")
        elif row["unit_id"] not in known.get(row["layer"], set()):
            problems.append(f"row {k}: unknown {row['layer']} id {row['unit_id']!r}")
        if row["type"] not in TYPES:
            problems.append(f"row {k}: unknown type {row['type']!r}; expected one of "
                            f"{', '.join(TYPES)}")
        if row["source_id"] not in cited:
            problems.append(f"row {k}: source {row['source_id']!r} is not in sources.csv")
    if problems:
        raise TypologyError("\n".join(problems))
    return df


@lru_cache(maxsize=1)
def load_typology() -> pd.DataFrame:
    """The bundled typology, validated against the bundled units and sources (treat as
    read-only)."""
    from criteria.bundled import load_sources

    def read(name: str) -> str:
        return resources.files("criteria").joinpath(f"data/{name}").read_text("utf-8")

    units = {layer: pd.read_csv(StringIO(read(f"{layer}.csv")), dtype=str)["id"]
             for layer in LAYERS}
    return parse_typology(read("typology.csv"), units, load_sources().index)


def unit_types(layer: str, typology: pd.DataFrame | None = None
               ) -> dict[str, tuple[TypologyType, ...]]:
    """unit id -> its types in the Concept's order (units without a type are absent)."""
    df = load_typology() if typology is None else typology
    rows = df[df["layer"] == layer]
    out: dict[str, tuple[TypologyType, ...]] = {}
    for uid, grp in rows.groupby("unit_id", sort=False):
        have = set(grp["type"])
        out[str(uid)] = tuple(t for t in TYPES if t in have)
    return out


def types_column(layer: str, ids: Iterable[str], typology: pd.DataFrame | None = None
                 ) -> pd.Series:
    """The types of each unit of ``ids`` joined by ``;`` ('' = the Concept gives none)."""
    types = unit_types(layer, typology)
    idx = pd.Index(list(ids), name="id")
    return pd.Series([";".join(types.get(str(u), ())) for u in idx], index=idx,
                     name="typology", dtype=object)


def filter_by_type(table: pd.DataFrame, layer: str, types: Iterable[str],
                   typology: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of ``table`` (index = unit id, order kept) whose unit has at least one of
    ``types``."""
    wanted = _checked(types)
    have = unit_types(layer, typology)
    keep = [bool(wanted & set(have.get(str(u), ()))) for u in table.index]
    return table.loc[keep]


def group_by_type(table: pd.DataFrame, layer: str,
                  typology: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """``table`` split by type (a unit with two types appears in both groups; order kept
    inside each group); units without a type under the key ``"none"``."""
    have = unit_types(layer, typology)
    groups: dict[str, pd.DataFrame] = {}
    for t in (*TYPES, "none"):
        keep = [(t in have.get(str(u), ())) if t != "none" else str(u) not in have
                for u in table.index]
        if any(keep):
            groups[t] = table.loc[keep]
    return groups


def _checked(types: Iterable[str]) -> set[str]:
    wanted = set(types)
    bad = sorted(wanted - set(TYPES))
    if bad:
        raise ValueError(f"unknown typology type(s) {', '.join(bad)}; expected one of "
                         f"{', '.join(TYPES)}")
    return wanted
