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

import math

import numpy as np
import pandas as pd

from criteria.dataset import Dataset, qualifier_parts
from criteria.model import Catalogue
from mcda.gate import evaluate_gate

#: Town field holding the region's R&D staff (``from_region = "rd_staff"``).
CEILING_FIELD = "region_rd_staff"


def _cites(ds: Dataset, units: pd.Index, fid: str) -> list[str]:
    """Per unit ``fid (source year qualifier)`` of its value; "" when uncited."""
    c = ds.cites(units, fid)
    return [f"{fid} ({' '.join(x for x in (s, y, q) if x)})" if k else ""
            for s, y, q, k in zip(c["source_id"].tolist(), c["year"].tolist(),
                                  c["qualifier"].tolist(), c["known"].tolist(), strict=True)]


def _parts(qualifiers: pd.Series) -> list[frozenset[str]]:
    """``qualifier_parts`` of each text (computed once per distinct text)."""
    memo: dict[str, frozenset[str]] = {}
    out = []
    for q in qualifiers.tolist():
        if q not in memo:
            memo[q] = qualifier_parts(q)
        out.append(memo[q])
    return out


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
    region = _region_of(ds).reindex(idx).tolist()
    staff = ds.values[CEILING_FIELD].to_numpy(dtype=float)
    has = ~np.isnan(staff)
    cnt = counted.to_numpy(dtype=float)
    # per region, the towns with researchers counted (in unit order) and their total
    members: dict[object, list[int]] = {}
    for k, (r, c) in enumerate(zip(region, cnt.tolist(), strict=True)):
        if c > 0 and pd.notna(r):
            members.setdefault(r, []).append(k)
    ceiling = np.full(len(idx), np.nan)
    ids = idx.tolist()
    notes = ds.cites(idx[has], CEILING_FIELD)["note"].tolist()
    whole: dict[object, tuple[float, str]] = {}   # a region's total and its towns' ids
    for k, note in zip(np.flatnonzero(has).tolist(), notes, strict=True):
        mine = members.get(region[k], [])
        if cnt[k] > 0 and pd.notna(region[k]):   # k is one of them: the others
            same = [j for j in mine if j != k]
            taken, names = float(cnt[same].sum()), ", ".join(ids[j] for j in same)
        else:
            if region[k] not in whole:
                whole[region[k]] = (float(cnt[mine].sum()), ", ".join(ids[j] for j in mine))
            taken, names = whole[region[k]]
        ceiling[k] = float(staff[k]) - taken
        text[k] = "R&D staff ⊇ researchers: " + (note if note else CEILING_FIELD)
        if taken:
            text[k] += f"; less {taken:,.0f} researchers counted in {names} (same region)"
    return pd.Series(ceiling, index=idx), text


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
    n_cite, d_cite = ds.cites(idx, g.numerator), ds.cites(idx, g.denominator)
    lower = pd.Series(num.notna().to_numpy()
                      & np.array(["lower_bound" in p for p in _parts(n_cite["qualifier"])],
                                 dtype=bool), index=idx, dtype=bool)
    counted = num.fillna(0.0)
    region_cap, region_text = _ceilings(ds, counted)

    n_src = _cites(ds, idx, g.numerator)
    n_iv = ds.intervals_of(idx, g.numerator)
    lo_src = [s if k else "none counted: 0"
              for s, k in zip(n_src, num.notna().tolist(), strict=True)]
    r_hi = np.full(len(idx), np.nan)
    hi_src = []
    for k, (x, low_bound, cap, cap_text, iv_known, iv_high, iv_note, got) in enumerate(zip(
            num.to_numpy().tolist(), lower.tolist(), region_cap.to_numpy().tolist(),
            region_text, n_iv["known"].tolist(), n_iv["high"].to_numpy().tolist(),
            n_iv["interval_note"].tolist(), counted.to_numpy().tolist(), strict=True)):
        if not math.isnan(x) and not low_bound:
            r_hi[k], text = x, n_src[k] + ": an exact count"
        else:
            caps = [(cap, cap_text)]
            if not math.isnan(x) and iv_known and iv_high > x:
                caps.append((iv_high, f"declared: {iv_note}"))
            caps = [c for c in caps if pd.notna(c[0])]
            best = min(caps, key=lambda c: c[0]) if caps else (np.nan, "no ceiling known")
            r_hi[k], text = max(best[0], got), best[1]
        hi_src.append(text)

    d_src = _cites(ds, idx, g.denominator)
    d_iv = ds.intervals_of(idx, g.denominator)
    use_iv = d_iv["known"].to_numpy() & den.notna().to_numpy()
    e_lo = pd.Series(np.where(use_iv, d_iv["low"].to_numpy(), den.to_numpy()), index=idx)
    e_hi = pd.Series(np.where(use_iv, d_iv["high"].to_numpy(), den.to_numpy()), index=idx)
    inexact = [not p <= {"exact"} for p in _parts(d_cite["qualifier"])]
    e_src = [src + (f"; interval {lo:,.0f}–{hi:,.0f}: {note}" if iv
                    else "; no interval declared: taken as a point" if known and ne else "")
             for src, iv, lo, hi, note, known, ne in zip(
                 d_src, use_iv.tolist(), d_iv["low"].tolist(), d_iv["high"].tolist(),
                 d_iv["interval_note"].tolist(), den.notna().tolist(), inexact, strict=True)]
    est = ds.estimated
    cols = [c for c in (g.numerator, g.denominator) if c in est]
    return pd.DataFrame({
        # none counted where the employed are known: 0 researchers at least
        "researchers_low": num.mask(num.isna() & den.notna(), 0.0),
        "researchers_high": pd.Series(r_hi, index=idx),
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
