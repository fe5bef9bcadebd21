"""A layer's data: its units, the value of every field, and where each value comes from.

Values are kept in two shapes: a wide float table (``values``: one row per unit, one
column per field, NaN = unknown) for computation, and a long provenance table (one row
per known value) that carries its year, source and qualifier. A value that is not exact
may carry a declared interval ``[low, high]`` (same unit as the value) with its reason.

A qualifier is one of ``QUALIFIERS`` or several joined by ``+`` (e.g.
``lower_bound+estimate``: a lower bound divided by an estimate keeps both).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypedDict, cast

import numpy as np
import pandas as pd

#: How a value relates to the truth, as its source states it.
QUALIFIERS: tuple[str, ...] = ("exact", "approximate", "lower_bound", "estimate")
#: Qualifiers shown to the user as estimates.
ESTIMATE_QUALIFIERS: frozenset[str] = frozenset({"approximate", "estimate"})
PROVENANCE_COLUMNS: tuple[str, ...] = ("year", "source_id", "qualifier", "note")
INTERVAL_COLUMNS: tuple[str, ...] = ("low", "high", "interval_note")
NAME_COLUMNS: tuple[str, ...] = ("name_kk", "name_ru", "name_en")


def qualifier_parts(qualifier: str) -> frozenset[str]:
    """The qualifiers in a (possibly combined) qualifier: ``"lower_bound+estimate"`` →
    {lower_bound, estimate}; an empty text means exact."""
    parts = frozenset(p.strip() for p in str(qualifier).split("+") if p.strip())
    return parts or frozenset({"exact"})


def combine_qualifiers(qualifiers: list[str]) -> str:
    """The qualifier of a value computed from values with ``qualifiers``: every non-exact
    qualifier of every input, in ``QUALIFIERS`` order, joined by ``+``; ``exact`` if none."""
    parts = set().union(*(qualifier_parts(q) for q in qualifiers)) - {"exact"}
    order = {q: i for i, q in enumerate(QUALIFIERS)}
    return "+".join(sorted(parts, key=lambda q: (order.get(q, len(order)), q))) or "exact"


class Interval(TypedDict):
    """A declared interval of one value: its bounds (the value's unit) and why."""

    low: float
    high: float
    interval_note: str


@dataclass(frozen=True)
class Dataset:
    """One layer (regions or towns) with provenance for every value.

    ``units``: index = unit id; ``name_kk``, ``name_ru``, ``name_en`` and, for towns,
    ``region_id``, ``lat``, ``lon``. ``values``: index = unit id, float columns = field
    ids. ``provenance``: MultiIndex (unit_id, field); columns ``year`` (str),
    ``source_id``, ``qualifier``, ``note``. ``sources``: index = source id; ``title``,
    ``publisher``, ``url``, ``year``. ``national``: national totals by field (may be
    empty). ``extra_columns``: user columns not in the catalogue, kept and reported.
    ``intervals``: declared intervals, MultiIndex (unit_id, field); columns ``low``,
    ``high`` (floats, the value's unit) and ``interval_note`` (the reason); None = none.
    """

    layer: str
    units: pd.DataFrame
    values: pd.DataFrame
    provenance: pd.DataFrame
    sources: pd.DataFrame
    national: pd.Series
    extra_columns: tuple[str, ...] = ()
    intervals: pd.DataFrame | None = None

    @property
    def ids(self) -> list[str]:
        """Unit ids in dataset order."""
        return list(self.units.index)

    def qualifier_mask(self, qualifiers: frozenset[str] | set[str]) -> pd.DataFrame:
        """Boolean table (units × fields): True where the value's qualifier is in the set."""
        arr = np.zeros(self.values.shape, dtype=bool)
        prov = self.provenance
        if not prov.empty:
            wanted = frozenset(qualifiers)
            memo: dict[object, bool] = {}
            hit = [memo[q] if q in memo else memo.setdefault(q, bool(qualifier_parts(q) & wanted))
                   for q in prov["qualifier"]]
            idx = prov.index[np.asarray(hit, dtype=bool)]
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
        # a full (unit, field) key on the two-level index selects one row (pandas-stubs
        # types a tuple key as a single cell)
        row = cast(pd.Series, self.provenance.loc[key])
        return {c: ("" if pd.isna(row[c]) else str(row[c])) for c in PROVENANCE_COLUMNS}

    def cites(self, units: pd.Index | list[str], fid: str) -> pd.DataFrame:
        """``cite`` for many units of one field at once: index = ``units``, the
        provenance columns as str ("" where unknown; object dtype, fast to iterate) and
        ``known`` (bool)."""
        index, cols = self._provenance_lookup
        units = _id_list(units)
        pos = (index.get_indexer(pd.MultiIndex.from_arrays([units, [fid] * len(units)]))
               if units else np.zeros(0, int))
        hit = pos >= 0
        out = {}
        for c in PROVENANCE_COLUMNS:
            vals = np.full(len(pos), "", dtype=object)
            vals[hit] = cols[c][pos[hit]]
            out[c] = pd.Series(vals, dtype=object, copy=False)
        out["known"] = pd.Series(hit)
        return pd.DataFrame(out).set_axis(pd.Index(units, dtype=object))

    @cached_property
    def _provenance_lookup(self) -> tuple[pd.MultiIndex, dict[str, np.ndarray]]:
        """The provenance index without repeated keys and each provenance column as an
        object array of str ("" for a missing cell), built once per dataset."""
        prov = self.provenance
        if not prov.index.is_unique:
            prov = prov[~prov.index.duplicated()]
        cols = {}
        for c in PROVENANCE_COLUMNS:
            col = prov[c].to_numpy(dtype=object).copy()
            if pd.api.types.infer_dtype(col, skipna=False) != "string":   # not all text
                col[pd.isna(col)] = ""
                col = np.array([v if type(v) is str else str(v) for v in col.tolist()],
                               dtype=object)
            cols[c] = col
        return cast(pd.MultiIndex, prov.index), cols

    def intervals_of(self, units: pd.Index | list[str], fid: str) -> pd.DataFrame:
        """``interval`` for many units of one field at once: index = ``units``; ``low``,
        ``high`` (NaN where none is declared), ``interval_note`` ("" where none; object
        dtype) and ``known`` (bool)."""
        units = _id_list(units)
        n = len(units)
        low, high = np.full(n, np.nan), np.full(n, np.nan)
        note = np.full(n, "", dtype=object)
        iv = self.intervals
        pos = np.full(n, -1)
        if iv is not None and not iv.empty and n:
            if not iv.index.is_unique:
                iv = iv[~iv.index.duplicated()]
            pos = iv.index.get_indexer(pd.MultiIndex.from_arrays([units, [fid] * n]))
            hit = pos >= 0
            low[hit] = iv["low"].to_numpy(dtype=float)[pos[hit]]
            high[hit] = iv["high"].to_numpy(dtype=float)[pos[hit]]
            note[hit] = [str(x) for x in iv["interval_note"].to_numpy(dtype=object)[pos[hit]]]
        return pd.DataFrame({"low": low, "high": high,
                             "interval_note": pd.Series(note, dtype=object, copy=False),
                             "known": pos >= 0}).set_axis(pd.Index(units, dtype=object))

    def interval(self, unit: str, fid: str) -> Interval | None:
        """The declared interval of one value: ``low``, ``high`` (floats) and
        ``interval_note``; None when none is declared."""
        iv = self.intervals
        if iv is None or (unit, fid) not in iv.index:
            return None
        row = cast(pd.Series, iv.loc[(unit, fid)])  # one row, as in cite()
        return {"low": float(row["low"]), "high": float(row["high"]),
                "interval_note": str(row["interval_note"])}

    def value_bounds(self, columns: list[str] | None = None
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Two tables (low, high) aligned with ``values[columns]`` (default: every
        column): each value's declared interval, the value itself where none is declared
        (exact values), NaN where the value is unknown. Units are the values' units;
        ``low <= value <= high`` holds wherever both are known."""
        vals = self.values if columns is None else self.values.reindex(columns=columns)
        low, high = vals.copy(), vals.copy()
        iv = self.intervals
        if iv is not None and not iv.empty:
            rows = vals.index.get_indexer(iv.index.get_level_values(0))
            cols = vals.columns.get_indexer(iv.index.get_level_values(1))
            ok = (rows >= 0) & (cols >= 0)
            lo, hi = low.to_numpy(copy=True), high.to_numpy(copy=True)
            known = ~np.isnan(vals.to_numpy()[rows[ok], cols[ok]])
            r, c = rows[ok][known], cols[ok][known]
            lo[r, c] = iv["low"].to_numpy(dtype=float)[ok][known]
            hi[r, c] = iv["high"].to_numpy(dtype=float)[ok][known]
            low = pd.DataFrame(lo, index=vals.index, columns=vals.columns)
            high = pd.DataFrame(hi, index=vals.index, columns=vals.columns)
        return low, high

    def name(self, unit: str, lang: str = "en") -> str:
        """The unit's name in ``lang`` (kk, ru or en)."""
        return str(self.units.loc[unit, f"name_{lang}"])


def _id_list(units: pd.Index | list[str]) -> list[str]:
    """Unit ids as a list (``Index.tolist`` is fast; iterating a pyarrow-backed index
    element by element is not)."""
    return units.tolist() if isinstance(units, pd.Index) else list(units)


def empty_provenance() -> pd.DataFrame:
    """A provenance table with no rows."""
    idx = pd.MultiIndex.from_arrays([[], []], names=["unit_id", "field"])
    return pd.DataFrame({c: pd.Series(dtype=object) for c in PROVENANCE_COLUMNS}, index=idx)


def empty_intervals() -> pd.DataFrame:
    """An interval table with no rows."""
    idx = pd.MultiIndex.from_arrays([[], []], names=["unit_id", "field"])
    return pd.DataFrame({"low": pd.Series(dtype=float), "high": pd.Series(dtype=float),
                         "interval_note": pd.Series(dtype=object)}, index=idx)


def append_intervals(intervals: pd.DataFrame | None, rows: list[dict[str, Any]]
                     ) -> pd.DataFrame | None:
    """``intervals`` plus ``rows`` (dicts with unit_id, field, low, high, interval_note)."""
    if not rows:
        return intervals
    new = pd.DataFrame(rows).set_index(["unit_id", "field"])[list(INTERVAL_COLUMNS)]
    new[["low", "high"]] = new[["low", "high"]].astype(float)
    base = empty_intervals() if intervals is None else intervals
    return pd.concat([base, new]).sort_index()


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
    intervals = None
    if {"low", "high"} <= set(lv.columns):
        has = lv["low"].astype(str).str.strip().ne("") & lv["high"].astype(str).str.strip().ne("")
        iv = lv[has].copy()
        if "interval_note" not in iv:
            iv["interval_note"] = ""
        iv["low"] = pd.to_numeric(iv["low"], errors="raise")
        iv["high"] = pd.to_numeric(iv["high"], errors="raise")
        records = iv[["unit_id", "field", *INTERVAL_COLUMNS]].to_dict("records")
        # the column labels are the str names just selected (pandas-stubs: Hashable)
        intervals = append_intervals(None, cast(list[dict[str, Any]], records))
    return Dataset(
        layer=layer,
        units=units,
        values=wide,
        provenance=prov.sort_index(),
        sources=sources,
        national=nat,
        intervals=intervals,
    )


def _year_text(y: object) -> str:
    if y is None or (isinstance(y, float) and np.isnan(y)):
        return ""
    if isinstance(y, float) and y.is_integer():
        return str(int(y))
    return str(y)
