"""The 3 % rule's inputs as intervals, each bound with its source (pure: no I/O).

Researchers (persons): low = the counted researchers (a lower bound stays a lower
bound; none counted → 0); high = the tightest ceiling the data supports. Researchers are
a subset of R&D staff, so a town cannot have more researchers than its region's R&D
staff (Concept Table 2; for a city of republican significance its own row), less the
researchers already counted in the region's other candidate towns (settlements are
disjoint). An exact count is its own ceiling.

Employed (persons): an official exact figure is a point; an official approximate
figure gets ± ``EmploymentSpread.approximate``; an estimate (population × the national
employment ratio) is widened to the range of regional employment ratios, a declared
assumption (``criteria/data/constants.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from criteria.dataset import Dataset
from criteria.model import Catalogue
from mcda.gate import evaluate_gate

#: Town field holding the region's R&D staff (``from_region = "rd_staff"``).
CEILING_FIELD = "region_rd_staff"


@dataclass(frozen=True)
class EmploymentSpread:
    """Declared spread of an employed figure (dimensionless). ``ratio``, ``low`` and
    ``high``: the employment ratio (employed ÷ population) used for estimates and the
    lowest and highest ratio deemed possible; ``approximate``: relative half-width of an
    official figure the source gives as approximate. ``note``: where they come from."""

    ratio: float
    low: float
    high: float
    approximate: float
    note: str = ""

    def __post_init__(self) -> None:
        if not 0 < self.low <= self.ratio <= self.high or not 0 <= self.approximate < 1:
            raise ValueError("employment spread: need 0 < low <= ratio <= high and "
                             "0 <= approximate < 1")


def spread_from_constants(constants: pd.DataFrame) -> EmploymentSpread:
    """The declared spread from the bundled constants table (index = constant id)."""
    c = constants["value"]
    ratio = c["national_employed"] / c["national_population"]
    note = "; ".join(f"{k} = {c[k]:g} ({constants.loc[k, 'note']})"
                     for k in ("employment_ratio_low", "employment_ratio_high",
                               "employed_approximate_spread"))
    return EmploymentSpread(ratio=float(ratio), low=float(c["employment_ratio_low"]),
                            high=float(c["employment_ratio_high"]),
                            approximate=float(c["employed_approximate_spread"]), note=note)


def _cite(ds: Dataset, unit: str, fid: str) -> str:
    c = ds.cite(unit, fid)
    if c is None:
        return ""
    return f"{fid} ({' '.join(x for x in (c['source_id'], c['year'], c['qualifier']) if x)})"


def _region_of(ds: Dataset) -> pd.Series:
    u = ds.units
    for col in ("region_id_computed", "region_id"):
        if col in u:
            r = u[col].where(u[col].astype(str).str.len() > 0)
            if col == "region_id_computed" and "region_id" in u:
                r = r.fillna(u["region_id"])
            return r
    return pd.Series(np.nan, index=u.index, dtype=object)


def gate_inputs(ds: Dataset, catalogue: Catalogue, spread: EmploymentSpread) -> pd.DataFrame:
    """Per unit: ``researchers_low``, ``researchers_high``, ``employed``,
    ``employed_low``, ``employed_high`` (persons, NaN = unknown) and the text sources
    of each bound (``researchers_low_source``, ``researchers_high_source``,
    ``employed_source``), plus ``lower_bound`` (the count is only a lower bound) and
    ``estimate`` (an input is an estimate or approximate)."""
    g = catalogue.gates[ds.layer]
    vals = ds.values
    idx = vals.index
    nan = pd.Series(np.nan, index=idx)
    num = vals.get(g.numerator, nan)
    den = vals.get(g.denominator, nan)
    qual = ds.provenance["qualifier"] if not ds.provenance.empty else pd.Series(dtype=object)

    def q(unit: str, fid: str) -> str:
        return str(qual.get((unit, fid), ""))

    lower = pd.Series([q(u, g.numerator) == "lower_bound" for u in idx], index=idx)
    r_lo = num.where(num.notna(), 0.0)
    r_hi = num.where(num.notna() & ~lower)  # an exact count is its own ceiling
    lo_src = [(_cite(ds, u, g.numerator) if pd.notna(num[u]) else "none counted: 0")
              for u in idx]
    hi_src = [_cite(ds, u, g.numerator) if pd.notna(r_hi[u]) else "" for u in idx]
    if CEILING_FIELD in vals:
        region = _region_of(ds)
        counted = num.where(num.notna(), 0.0)
        for u in idx[r_hi.isna() & vals[CEILING_FIELD].notna()]:
            same = idx[(region == region[u]) & (idx != u) & (counted > 0)]
            taken = float(counted[same].sum())
            r_hi[u] = max(float(vals.at[u, CEILING_FIELD]) - taken, float(r_lo[u]))
            c = ds.cite(u, CEILING_FIELD)
            text = c["note"] if c and c["note"] else CEILING_FIELD
            if taken:
                text += (f"; less {taken:,.0f} researchers counted in "
                         f"{', '.join(same)} (same region)")
            hi_src[list(idx).index(u)] = f"ceiling: R&D staff ⊇ researchers: {text}"

    e_lo, e_hi, e_src = den.copy(), den.copy(), []
    for u in idx:
        kind = q(u, g.denominator)
        if kind == "estimate":
            e_lo[u] = den[u] * spread.low / spread.ratio
            e_hi[u] = den[u] * spread.high / spread.ratio
        elif kind == "approximate":
            e_lo[u] = den[u] * (1 - spread.approximate)
            e_hi[u] = den[u] * (1 + spread.approximate)
        e_src.append(_cite(ds, u, g.denominator))
    est = ds.estimated
    cols = [c for c in (g.numerator, g.denominator) if c in est]
    return pd.DataFrame({
        "researchers_low": r_lo.where(den.notna() | num.notna()),
        "researchers_high": r_hi,
        "employed": den,
        "employed_low": e_lo,
        "employed_high": e_hi,
        "researchers_low_source": lo_src,
        "researchers_high_source": hi_src,
        "employed_source": e_src,
        "lower_bound": lower & num.notna(),
        "estimate": est[cols].any(axis=1) if cols else False,
    }, index=idx)


def gate_table(ds: Dataset, catalogue: Catalogue, spread: EmploymentSpread,
               threshold: float) -> pd.DataFrame:
    """The 3 % rule on intervals for every unit: ``mcda.gate.GATE_COLUMNS`` plus the
    sources of each bound, ``lower_bound`` and ``estimate``."""
    inp = gate_inputs(ds, catalogue, spread)
    out = evaluate_gate(inp["researchers_low"], inp["researchers_high"], inp["employed"],
                        inp["employed_low"], inp["employed_high"], threshold)
    extra = inp[["researchers_low_source", "researchers_high_source", "employed_source",
                 "lower_bound", "estimate"]]
    out = pd.concat([out, extra], axis=1)
    out["estimate"] = out["estimate"] & out["state"].ne("no_data")
    return out
