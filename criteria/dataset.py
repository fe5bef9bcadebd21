"""A layer's data: its units, the value of every field, and where each value comes from.

Values are kept in two shapes: a wide float table (``values``: one row per unit, one
column per field, NaN = unknown) for computation, and a long provenance table (one row
per known value) that carries its year, source and qualifier.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

#: How a value relates to the truth, as its source states it.
QUALIFIERS: tuple[str, ...] = ("exact", "approximate", "lower_bound", "estimate")
#: Qualifiers shown to the user as estimates.
ESTIMATE_QUALIFIERS: frozenset[str] = frozenset({"approximate", "estimate"})
PROVENANCE_COLUMNS: tuple[str, ...] = ("year", "source_id", "qualifier", "note")
NAME_COLUMNS: tuple[str, ...] = ("name_kk", "name_ru", "name_en")


@dataclass(frozen=True)
class Dataset:
    """One layer (regions or towns) with provenance for every value.

    ``units``: index = unit id; ``name_kk``, ``name_ru``, ``name_en`` and, for towns,
    ``region_id``, ``lat``, ``lon``. ``values``: index = unit id, float columns = field
    ids. ``provenance``: MultiIndex (unit_id, field); columns ``year`` (str),
    ``source_id``, ``qualifier``, ``note``. ``sources``: index = source id; ``title``,
    ``publisher``, ``url``, ``year``. ``national``: national totals by field (may be
    empty). ``extra_columns``: user columns not in the catalogue, kept and reported.
    """

    layer: str
    units: pd.DataFrame
    values: pd.DataFrame
    provenance: pd.DataFrame
    sources: pd.DataFrame
    national: pd.Series
    extra_columns: tuple[str, ...] = ()

    @property
    def ids(self) -> list[str]:
        """Unit ids in dataset order."""
        return list(self.units.index)

    def qualifier_mask(self, qualifiers: frozenset[str] | set[str]) -> pd.DataFrame:
        """Boolean table (units × fields): True where the value's qualifier is in the set."""
        arr = np.zeros(self.values.shape, dtype=bool)
        prov = self.provenance
        if not prov.empty:
            idx = prov.index[prov["qualifier"].isin(qualifiers).to_numpy()]
            rows = self.values.index.get_indexer(idx.get_level_values(0))
            cols = self.values.columns.get_indexer(idx.get_level_values(1))
            ok = (rows >= 0) & (cols >= 0)
            arr[rows[ok], cols[ok]] = True
        return pd.DataFrame(arr, index=self.values.index, columns=self.values.columns)

    @cached_property
    def estimated(self) -> pd.DataFrame:
        """Boolean table: True where a value is an estimate or approximate (computed once
        per dataset; treat as read-only)."""
        return self.qualifier_mask(ESTIMATE_QUALIFIERS)

    def cite(self, unit: str, fid: str) -> dict[str, str] | None:
        """Year, source id, qualifier and note of one value (None if unknown)."""
        key = (unit, fid)
        if key not in self.provenance.index:
            return None
        row = self.provenance.loc[key]
        return {c: ("" if pd.isna(row[c]) else str(row[c])) for c in PROVENANCE_COLUMNS}

    def name(self, unit: str, lang: str = "en") -> str:
        """The unit's name in ``lang`` (kk, ru or en)."""
        return str(self.units.loc[unit, f"name_{lang}"])


def empty_provenance() -> pd.DataFrame:
    """A provenance table with no rows."""
    idx = pd.MultiIndex.from_arrays([[], []], names=["unit_id", "field"])
    return pd.DataFrame({c: pd.Series(dtype=object) for c in PROVENANCE_COLUMNS}, index=idx)


def from_long(
    layer: str,
    units: pd.DataFrame,
    long_values: pd.DataFrame,
    sources: pd.DataFrame,
    fields: list[str],
    national_id: str | None = None,
) -> Dataset:
    """Build a dataset from a long table ``unit_id, field, value, year, source_id,
    qualifier, note`` (one row per known value). Rows of ``national_id`` become the
    national totals. ``fields`` fixes the columns of the wide table (in order)."""
    lv = long_values.copy()
    lv["value"] = pd.to_numeric(lv["value"], errors="raise").astype(float)
    nat = pd.Series(dtype=float)
    if national_id is not None:
        is_nat = lv["unit_id"] == national_id
        nat = lv[is_nat].set_index("field")["value"]
        lv = lv[~is_nat]
    wide = lv.pivot(index="unit_id", columns="field", values="value")
    wide = wide.reindex(index=units.index, columns=fields).astype(float)
    prov = lv.set_index(["unit_id", "field"])[list(PROVENANCE_COLUMNS)].copy()
    prov["year"] = prov["year"].map(_year_text)
    prov = prov.astype(object).where(prov.notna(), "")
    return Dataset(
        layer=layer,
        units=units,
        values=wide,
        provenance=prov.sort_index(),
        sources=sources,
        national=nat,
    )


def _year_text(y: object) -> str:
    if y is None or (isinstance(y, float) and np.isnan(y)):
        return ""
    if isinstance(y, float) and y.is_integer():
        return str(int(y))
    return str(y)
