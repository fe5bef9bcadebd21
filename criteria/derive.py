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


def estimate_employed(ds: Dataset, ratio: EmploymentRatio) -> Dataset:
    """Fill a missing ``employed`` from ``population × ratio``, marked as an estimate."""
    if "employed" not in ds.values or "population" not in ds.values:
        return ds
    vals = ds.values.copy()
    rows: list[dict[str, Any]] = []
    spans: list[dict[str, Any]] = []
    need = vals["employed"].isna() & vals["population"].notna()
    plow, phigh = ds.value_bounds(["population"])
    for unit in vals.index[need]:
        vals.loc[unit, "employed"] = vals.loc[unit, "population"] * ratio.value
        if np.isfinite(ratio.low) and np.isfinite(ratio.high):
            spans.append({"unit_id": unit, "field": "employed",
                          "low": plow.loc[unit, "population"] * min(ratio.low, ratio.value),
                          "high": phigh.loc[unit, "population"] * max(ratio.high, ratio.value),
                          "interval_note": "population × the spread of employed ÷ population "
                                           f"across regions with an official figure "
                                           f"({ratio.low:.4f}–{ratio.high:.4f}): "
                                           f"{ratio.spread_note}"})
        year, cited, _ = _cite_text(ds, unit, "population")
        rows.append(
            {
                "unit_id": unit,
                "field": "employed",
                "year": year,
                "source_id": DERIVED_SOURCE,
                "qualifier": "estimate",
                "note": f"estimate: {cited} × national employment ratio "
                f"{ratio.value:.4f} = {ratio.note}",
            }
        )
    return replace(ds, values=vals, provenance=_append(ds.provenance, rows),
                   intervals=append_intervals(ds.intervals, spans))


def derive_indicators(ds: Dataset, catalogue: Catalogue) -> Dataset:
    """Compute every derived indicator of the layer that the data does not already hold.

    A value already present (e.g. supplied by the user) is kept; NaN inputs give NaN.
    """
    vals = ds.values.copy()
    rows: list[dict[str, Any]] = []
    spans: list[dict[str, Any]] = []
    low, high = ds.value_bounds()
    declared = set() if ds.intervals is None else set(ds.intervals.index)
    for f in catalogue.fields_for(ds.layer):
        r = f.derived
        if r is None or r.numerator not in vals or r.denominator not in vals:
            continue
        if f.id not in vals:
            vals[f.id] = np.nan
        num, den = vals[r.numerator], vals[r.denominator]
        todo = vals[f.id].isna() & num.notna() & den.notna() & (den > 0)
        vals.loc[todo, f.id] = num[todo] / den[todo] * r.factor
        for unit in vals.index[todo]:
            if (unit, r.numerator) not in declared and (unit, r.denominator) not in declared:
                nlo = nhi = dlo = dhi = np.nan
            else:
                nlo, nhi = low[r.numerator].loc[unit], high[r.numerator].loc[unit]
                dlo, dhi = low[r.denominator].loc[unit], high[r.denominator].loc[unit]
            if dlo > 0:
                spans.append({"unit_id": unit, "field": f.id,
                              "low": nlo / dhi * r.factor, "high": nhi / dlo * r.factor,
                              "interval_note": f"{r.numerator} [{nlo:,.6g}, {nhi:,.6g}] ÷ "
                                               f"{r.denominator} [{dlo:,.6g}, {dhi:,.6g}]"})
            y1, c1, q1 = _cite_text(ds, unit, r.numerator)
            y2, c2, q2 = _cite_text(ds, unit, r.denominator)
            years = "/".join(dict.fromkeys(y for y in (y1, y2) if y))
            factor = "" if r.factor == 1 else f" × {r.factor:g}"
            rows.append(
                {
                    "unit_id": unit,
                    "field": f.id,
                    "year": years,
                    "source_id": DERIVED_SOURCE,
                    "qualifier": combine_qualifiers([q1, q2]),
                    "note": f"{c1} ÷ {c2}{factor}",
                }
            )
    return replace(ds, values=vals, provenance=_append(ds.provenance, rows),
                   intervals=append_intervals(ds.intervals, spans))


def _append(prov: pd.DataFrame, rows: list[dict[str, Any]]) -> pd.DataFrame:
    if not rows:
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
    rows: list[dict[str, Any]] = []
    spans: list[dict[str, Any]] = []
    for fid, src in fields:
        if fid not in vals:
            vals[fid] = np.nan
        for unit in vals.index[vals[fid].isna()]:
            rid = region.get(unit)
            if not isinstance(rid, str) or rid not in regions.values.index:
                continue
            value = regions.values[src].loc[rid]
            if pd.isna(value):
                continue
            vals.loc[unit, fid] = value
            iv = regions.interval(rid, src)
            if iv is not None:
                spans.append({"unit_id": unit, "field": fid, "low": iv["low"],
                              "high": iv["high"],
                              "interval_note": f"region {rid}: {iv['interval_note']}"})
            c = regions.cite(rid, src) or {"year": "", "source_id": "",
                                           "qualifier": "exact", "note": ""}
            inner = f" = {c['note']}" if c["note"] else ""
            rows.append({
                "unit_id": unit, "field": fid, "year": c["year"],
                "source_id": DERIVED_SOURCE, "qualifier": c["qualifier"],
                "note": f"value of the town's region {rid} {regions.name(rid)}: "
                        f"{src} ({c['source_id']} {c['year']}){inner}",
            })
    return replace(ds, values=vals, provenance=_append(ds.provenance, rows),
                   intervals=append_intervals(ds.intervals, spans))
