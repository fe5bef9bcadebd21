"""The 3 % rule's inputs as intervals, each bound with its source (pure: no I/O).

Researchers (persons): low = the counted researchers (a lower bound stays a lower
bound; none counted → 0); high = the tightest ceiling the data supports: an exact count
is its own ceiling; otherwise the smallest of the value's declared upper end and the
region's R&D staff (researchers are a subset of R&D staff: Concept Table 2; for a city
of republican significance its own row) less the researchers already counted in the
region's other candidate towns (settlements are disjoint).

Employed (persons): the interval the data declares for the value (an official exact
figure is a point; the data declares the spread of an approximate figure and of an
estimate, e.g. population × the range of regional employment ratios); a value without a
declared interval is taken as a point, and its source says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from criteria.dataset import Dataset, qualifier_parts
from criteria.model import Catalogue
from mcda.gate import evaluate_gate

#: Town field holding the region's R&D staff (``from_region = "rd_staff"``).
CEILING_FIELD = "region_rd_staff"


def _cite(ds: Dataset, unit: str, fid: str) -> str:
    c = ds.cite(unit, fid)
    if c is None:
        return ""
    return f"{fid} ({' '.join(x for x in (c['source_id'], c['year'], c['qualifier']) if x)})"


def _region_of(ds: Dataset) -> pd.Series:
    u = ds.units
    region = pd.Series(np.nan, index=u.index, dtype=object)
    for col in ("region_id", "region_id_computed"):  # the computed region wins
        if col in u:
            r = u[col].where(u[col].astype(str).str.len() > 0)
            region = r.where(r.notna(), region)
    return region


def _ceilings(ds: Dataset, counted: pd.Series) -> tuple[pd.Series, list[str]]:
    """Per unit the region's R&D staff less researchers counted in its other towns."""
    idx = ds.values.index
    out = pd.Series(np.nan, index=idx)
    text = [""] * len(idx)
    if CEILING_FIELD not in ds.values:
        return out, text
    region = _region_of(ds)
    staff = ds.values[CEILING_FIELD]
    for k, u in enumerate(idx):
        if pd.isna(staff[u]):
            continue
        same = idx[(region == region[u]).to_numpy() & (idx != u) & (counted > 0).to_numpy()]
        taken = float(counted[same].sum())
        out[u] = float(staff[u]) - taken
        c = ds.cite(u, CEILING_FIELD)
        text[k] = "R&D staff ⊇ researchers: " + (c["note"] if c and c["note"] else CEILING_FIELD)
        if taken:
            text[k] += f"; less {taken:,.0f} researchers counted in {', '.join(same)} (same region)"
    return out, text


def gate_inputs(ds: Dataset, catalogue: Catalogue) -> pd.DataFrame:
    """Per unit: ``researchers_low``, ``researchers_high``, ``employed``,
    ``employed_low``, ``employed_high`` (persons, NaN = unknown) and the sources of each
    bound (``researchers_low_source``, ``researchers_high_source``, ``employed_source``),
    plus ``lower_bound`` (the count is only a lower bound) and ``estimate`` (an input is
    an estimate or approximate)."""
    g = catalogue.gates[ds.layer]
    vals = ds.values
    idx = vals.index
    nan = pd.Series(np.nan, index=idx)
    num = vals.get(g.numerator, nan).astype(float)
    den = vals.get(g.denominator, nan).astype(float)
    qual = ds.provenance["qualifier"] if not ds.provenance.empty else pd.Series(dtype=object)
    lower = pd.Series([num.notna()[u] and "lower_bound" in qualifier_parts(
        str(qual.get((u, g.numerator), ""))) for u in idx], index=idx, dtype=bool)
    counted = num.fillna(0.0)
    region_cap, region_text = _ceilings(ds, counted)

    r_hi = pd.Series(np.nan, index=idx)
    lo_src, hi_src = [], []
    for k, u in enumerate(idx):
        lo_src.append(_cite(ds, u, g.numerator) if pd.notna(num[u]) else "none counted: 0")
        if pd.notna(num[u]) and not lower[u]:
            r_hi[u], text = num[u], _cite(ds, u, g.numerator) + ": an exact count"
        else:
            caps = [(region_cap[u], region_text[k])]
            iv = ds.interval(u, g.numerator) if pd.notna(num[u]) else None
            if iv is not None and iv["high"] > num[u]:
                caps.append((iv["high"], f"declared: {iv['interval_note']}"))
            caps = [c for c in caps if pd.notna(c[0])]
            best = min(caps, key=lambda c: c[0]) if caps else (np.nan, "no ceiling known")
            r_hi[u], text = max(best[0], counted[u]), best[1]
        hi_src.append(text)

    e_lo, e_hi = den.copy(), den.copy()
    e_src = []
    for u in idx:
        iv = ds.interval(u, g.denominator) if pd.notna(den[u]) else None
        src = _cite(ds, u, g.denominator)
        if iv is not None:
            e_lo[u], e_hi[u] = iv["low"], iv["high"]
            src += f"; interval {iv['low']:,.0f}–{iv['high']:,.0f}: {iv['interval_note']}"
        elif pd.notna(den[u]) and not qualifier_parts(
                str(qual.get((u, g.denominator), ""))) <= {"exact"}:
            src += "; no interval declared: taken as a point"
        e_src.append(src)
    est = ds.estimated
    cols = [c for c in (g.numerator, g.denominator) if c in est]
    return pd.DataFrame({
        # none counted where the employed are known: 0 researchers at least
        "researchers_low": num.mask(num.isna() & den.notna(), 0.0),
        "researchers_high": r_hi,
        "employed": den,
        "employed_low": e_lo,
        "employed_high": e_hi,
        "researchers_low_source": lo_src,
        "researchers_high_source": hi_src,
        "employed_source": e_src,
        "lower_bound": lower,
        "estimate": est[cols].any(axis=1) if cols else False,
    }, index=idx)


def gate_table(ds: Dataset, catalogue: Catalogue, threshold: float) -> pd.DataFrame:
    """The 3 % rule on intervals for every unit: ``mcda.gate.GATE_COLUMNS`` plus the
    sources of each bound, ``lower_bound`` and ``estimate``."""
    inp = gate_inputs(ds, catalogue)
    out = evaluate_gate(inp["researchers_low"], inp["researchers_high"], inp["employed"],
                        inp["employed_low"], inp["employed_high"], threshold)
    extra = inp[["researchers_low_source", "researchers_high_source", "employed_source",
                 "lower_bound", "estimate"]]
    out = pd.concat([out, extra], axis=1)
    out["estimate"] = out["estimate"] & out["state"].ne("no_data")
    return out
