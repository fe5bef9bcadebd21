"""Values computed from other values: employment estimates and derived indicators.

Every computed value gets a provenance row with source ``DERIVED``, the years of its
inputs and a note naming the inputs and their sources, so it stays traceable. A
derived value keeps every qualifier of its inputs (``lower_bound+estimate`` for a lower
bound divided by an estimate), and its interval follows from its inputs' intervals.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from criteria.dataset import Dataset, append_intervals, combine_qualifiers
from criteria.model import Catalogue

DERIVED_SOURCE = "DERIVED"


@dataclass(frozen=True)
class EmploymentRatio:
    """National employed ÷ population, used to estimate a missing employed population;
    ``low``/``high``: the declared spread of the ratio (dimensionless), NaN if none."""

    employed: float
    population: float
    note: str
    low: float = float("nan")
    high: float = float("nan")
    spread_note: str = ""

    @property
    def value(self) -> float:
        """Employed persons per inhabitant (dimensionless)."""
        return self.employed / self.population


def employment_ratio(constants: pd.DataFrame) -> EmploymentRatio:
    """The ratio from the bundled constants table (index = constant id)."""
    emp = constants.loc["national_employed"]
    pop = constants.loc["national_population"]
    value = constants["value"]
    note = (
        f"national employed {emp['value']:,.0f} ({emp['source_id']}, {emp['year']}, "
        f"{emp['qualifier']}) ÷ population {pop['value']:,.0f} "
        f"({pop['source_id']}, {pop['year']})"
    )
    if {"employment_ratio_low", "employment_ratio_high"} <= set(constants.index):
        lo, hi = constants.loc["employment_ratio_low"], constants.loc["employment_ratio_high"]
        return EmploymentRatio(float(value["national_employed"]),
                               float(value["national_population"]), note,
                               float(value["employment_ratio_low"]),
                               float(value["employment_ratio_high"]),
                               f"{lo['note']}; {hi['note']}")
    return EmploymentRatio(float(value["national_employed"]),
                           float(value["national_population"]), note)


def _cite_text(ds: Dataset, unit: str, fid: str) -> tuple[str, str, str]:
    c = ds.cite(unit, fid) or {"year": "", "source_id": "", "qualifier": "exact"}
    cited = " ".join(x for x in (c["source_id"], c["year"]) if x)
    return c["year"], f"{fid} ({cited})", c["qualifier"]


def _cite_texts(ds: Dataset, units: pd.Index, fid: str) -> list[tuple[str, str, str]]:
    """``_cite_text`` for many units of one field."""
    c = ds.cites(units, fid)
    return [(y, f"{fid} ({' '.join(x for x in (s, y) if x)})", q if k else "exact")
            for y, s, q, k in zip(c["year"].tolist(), c["source_id"].tolist(),
                                  c["qualifier"].tolist(), c["known"].tolist(), strict=True)]


def estimate_employed(ds: Dataset, ratio: EmploymentRatio) -> Dataset:
    """Fill a missing ``employed`` from ``population × ratio``, marked as an estimate."""
    if "employed" not in ds.values or "population" not in ds.values:
        return ds
    vals = ds.values.copy()
    need = vals["employed"].isna() & vals["population"].notna()
    units = vals.index[need]
    if len(units) == 0:
        return ds
    plow, phigh = ds.value_bounds(["population"])
    vals.loc[need, "employed"] = vals.loc[need, "population"] * ratio.value
    spans: list[dict[str, Any]] = []
    if np.isfinite(ratio.low) and np.isfinite(ratio.high):
        note = ("population × the spread of employed ÷ population across regions with an "
                f"official figure ({ratio.low:.4f}–{ratio.high:.4f}): {ratio.spread_note}")
        lows = plow.loc[units, "population"].to_numpy() * min(ratio.low, ratio.value)
        highs = phigh.loc[units, "population"].to_numpy() * max(ratio.high, ratio.value)
        spans = [{"unit_id": u, "field": "employed", "low": lo, "high": hi,
                  "interval_note": note}
                 for u, lo, hi in zip(units.tolist(), lows.tolist(), highs.tolist(),
                                      strict=True)]
    c = ds.cites(units, "population")
    tail = f" × national employment ratio {ratio.value:.4f} = {ratio.note}"
    years = c["year"].tolist()
    rows = {"unit_id": units.tolist(), "field": "employed", "year": years,
            "source_id": DERIVED_SOURCE, "qualifier": "estimate",
            "note": [f"estimate: population ({' '.join(x for x in (s, y) if x)}){tail}"
                     for s, y in zip(c["source_id"].tolist(), years, strict=True)]}
    return replace(ds, values=vals, provenance=_append(ds.provenance, rows),
                   intervals=append_intervals(ds.intervals, spans))


def derive_indicators(ds: Dataset, catalogue: Catalogue) -> Dataset:
    """Compute every derived indicator of the layer that the data does not already hold.

    A value already present (e.g. supplied by the user) is kept; NaN inputs give NaN.
    """
    vals = ds.values.copy()
    rows = _columns()
    spans: list[dict[str, Any]] = []
    low, high = ds.value_bounds()
    declared = None if ds.intervals is None else ds.intervals.index.unique()
    for f in catalogue.fields_for(ds.layer):
        r = f.derived
        if r is None or r.numerator not in vals or r.denominator not in vals:
            continue
        if f.id not in vals:
            vals[f.id] = np.nan
        num, den = vals[r.numerator], vals[r.denominator]
        todo = vals[f.id].isna() & num.notna() & den.notna() & (den > 0)
        vals.loc[todo, f.id] = num[todo] / den[todo] * r.factor
        units = vals.index[todo]
        if len(units) == 0:
            continue
        ids = units.tolist()
        has_iv = np.zeros(len(ids), dtype=bool)
        if declared is not None and len(declared):
            for fid in (r.numerator, r.denominator):
                has_iv |= declared.get_indexer_for(
                    pd.MultiIndex.from_arrays([ids, [fid] * len(ids)])) >= 0
        nan = np.full(len(units), np.nan)
        nlo, nhi, dlo, dhi = (np.where(has_iv, t[fid].reindex(units).to_numpy(dtype=float), nan)
                              for t, fid in ((low, r.numerator), (high, r.numerator),
                                             (low, r.denominator), (high, r.denominator)))
        with np.errstate(invalid="ignore"):
            pos = dlo > 0
        spans += [{"unit_id": unit, "field": f.id,
                   "low": a / d * r.factor, "high": b / c * r.factor,
                   "interval_note": f"{r.numerator} [{a:,.6g}, {b:,.6g}] ÷ "
                                    f"{r.denominator} [{c:,.6g}, {d:,.6g}]"}
                  for unit, a, b, c, d in zip(units[pos].tolist(), nlo[pos].tolist(),
                                              nhi[pos].tolist(), dlo[pos].tolist(),
                                              dhi[pos].tolist(), strict=True)]
        n1, n2 = _cite_texts(ds, units, r.numerator), _cite_texts(ds, units, r.denominator)
        factor = "" if r.factor == 1 else f" × {r.factor:g}"
        combined: dict[tuple[str, str], str] = {}
        for (y1, c1, q1), (y2, c2, q2) in zip(n1, n2, strict=True):
            if (q1, q2) not in combined:
                combined[(q1, q2)] = combine_qualifiers([q1, q2])
            rows["year"].append("/".join(dict.fromkeys(y for y in (y1, y2) if y)))
            rows["qualifier"].append(combined[(q1, q2)])
            rows["note"].append(f"{c1} ÷ {c2}{factor}")
        rows["unit_id"] += ids
        rows["field"] += [f.id] * len(ids)
        rows["source_id"] += [DERIVED_SOURCE] * len(ids)
    return replace(ds, values=vals, provenance=_append(ds.provenance, rows),
                   intervals=append_intervals(ds.intervals, spans))


def _columns() -> dict[str, list[Any]]:
    """Empty columns of new provenance rows (see ``_append``)."""
    return {c: [] for c in ("unit_id", "field", "year", "source_id", "qualifier", "note")}


def _append(prov: pd.DataFrame, rows: dict[str, Any]) -> pd.DataFrame:
    """``prov`` plus rows given as columns (``unit_id``, ``field`` and the provenance
    columns; a column may be one value for all rows), sorted by (unit, field)."""
    if not len(rows["unit_id"]):
        return prov
    new = pd.DataFrame(rows).set_index(["unit_id", "field"])[list(prov.columns)]
    return pd.concat([prov, new.astype(object)]).sort_index()


def add_region_context(ds: Dataset, regions: Dataset, catalogue: Catalogue) -> Dataset:
    """Give each town the value of its region for every indicator with ``from_region``.

    The region is ``region_id_computed`` (spatial join) where known, else the declared
    ``region_id``. Each value cites DERIVED, the region and the regional value's own
    source; its qualifier is the regional value's."""
    fields = [(f.id, f.from_region) for f in catalogue.fields_for(ds.layer) if f.from_region]
    if not fields or ds.layer != "towns":
        return ds
    region = ds.units.get("region_id_computed")
    declared = ds.units.get("region_id")
    if region is None:
        region = declared
    elif declared is not None:
        region = region.where(region.notna(), declared)
    if region is None:
        return ds
    vals = ds.values.copy()
    rows = _columns()
    spans: list[dict[str, Any]] = []
    for fid, src in fields:
        if fid not in vals:
            vals[fid] = np.nan
        miss = vals.index[vals[fid].isna()]
        per_region: dict[str, tuple[float, dict[str, Any] | None, dict[str, Any]] | None] = {}
        done, got = [], []
        for unit, rid in zip(miss.tolist(), region.reindex(miss).tolist(), strict=True):
            if not isinstance(rid, str):
                continue
            if rid not in per_region:
                per_region[rid] = _region_value(regions, rid, src)
            hit = per_region[rid]
            if hit is None:
                continue
            value, span, row = hit
            done.append(unit)
            got.append(value)
            if span is not None:
                spans.append({"unit_id": unit, "field": fid, **span})
            rows["unit_id"].append(unit)
            for k, v in row.items():
                rows[k].append(v)
        rows["field"] += [fid] * len(done)
        if done:
            vals.loc[done, fid] = got
    return replace(ds, values=vals, provenance=_append(ds.provenance, rows),
                   intervals=append_intervals(ds.intervals, spans))


def _region_value(regions: Dataset, rid: str, src: str
                  ) -> tuple[float, dict[str, Any] | None, dict[str, Any]] | None:
    """Region ``rid``'s value of ``src``, its interval and provenance (without unit and
    field) as given to its towns; None when the region or its value is unknown."""
    if rid not in regions.values.index:
        return None
    value = regions.values[src].loc[rid]
    if pd.isna(value):
        return None
    iv = regions.interval(rid, src)
    span = None if iv is None else {"low": iv["low"], "high": iv["high"],
                                    "interval_note": f"region {rid}: {iv['interval_note']}"}
    c = regions.cite(rid, src) or {"year": "", "source_id": "", "qualifier": "exact",
                                   "note": ""}
    inner = f" = {c['note']}" if c["note"] else ""
    return value, span, {"year": c["year"], "source_id": DERIVED_SOURCE,
                         "qualifier": c["qualifier"],
                         "note": f"value of the town's region {rid} {regions.name(rid)}: "
                                 f"{src} ({c['source_id']} {c['year']}){inner}"}
