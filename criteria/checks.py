"""Consistency checks of the bundled data (``scicity check-data``), reported as findings.

Table 2 of the Concept prints R&D expenditure per staff member; it should equal
expenditure ÷ staff (bn KZT ÷ persons × 1000 = mn KZT per person) up to rounding of the
printed figures, and the regions should add up to the national row. Differences are
reported with the figures side by side, not corrected: the tool ships values as printed.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from criteria import bundled
from criteria.caveats import load_caveats
from criteria.dataset import Dataset, qualifier_parts
from criteria.model import Catalogue, load_catalogue

#: Half a unit of the last printed digit of the per-staff column (mn KZT per person).
PER_STAFF_TOLERANCE = 0.05
#: Relative tolerance for regions' sum vs the national row (rounding of printed values).
SUM_RTOL = 0.001
SUMMED_FIELDS: tuple[str, ...] = ("grp", "rd_expenditure", "rd_staff")


def check_regions(ds: Dataset) -> list[tuple[str, str]]:
    """Findings about the regional dataset as ``(level, message)`` with the figures side
    by side; level ``warning`` when rounding of the printed figures cannot explain a
    difference, ``note`` when it can."""
    out: list[tuple[str, str]] = []
    v = ds.values
    need = {"rd_exp_per_staff", "rd_expenditure", "rd_staff"}
    if need <= set(v.columns):
        computed = v["rd_expenditure"] / v["rd_staff"] * 1000
        diff = v["rd_exp_per_staff"] - computed
        for unit in v.index[diff.abs() > PER_STAFF_TOLERANCE]:
            exp, staff = v.loc[unit, "rd_expenditure"], v.loc[unit, "rd_staff"]
            printed = v.loc[unit, "rd_exp_per_staff"]
            half = 0.5 * 10.0 ** -max(1, _decimals(exp))
            lo, hi = (exp - half) / staff * 1000, (exp + half) / staff * 1000
            tol = PER_STAFF_TOLERANCE
            explained = printed + tol >= lo and printed - tol <= hi
            out.append((
                "note" if explained else "warning",
                f"{unit} {ds.name(unit)}: R&D expenditure per staff member printed "
                f"{printed:.1f} mn KZT, but expenditure ÷ staff = {exp:g} bn ÷ {staff:,.0f} = "
                f"{computed[unit]:.2f} mn KZT (difference {diff[unit]:+.2f}; "
                + ("within the rounding of the printed expenditure, "
                   f"{lo:.2f}–{hi:.2f})" if explained
                   else f"not explained by rounding: the printed figures allow {lo:.2f}–{hi:.2f})"),
            ))
    for fid in SUMMED_FIELDS:
        if fid not in v or fid not in ds.national:
            continue
        total, nat = float(np.nansum(v[fid])), float(ds.national[fid])
        if abs(total - nat) > SUM_RTOL * abs(nat):
            out.append(("warning", f"{fid}: the regions sum to {total:,.2f} but the national "
                        f"row is {nat:,.2f} (difference {total - nat:+,.2f}, "
                        f"{(total - nat) / nat:+.2%})"))
    return out


def _decimals(x: float) -> int:
    """Decimal places in the shortest printed form of ``x`` (1.87 → 2, 7.0 → 0)."""
    text = repr(float(x)).rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


# ------------------------------------------------------------------ data rules
# Each rule catches one kind of defect found in an audit of the bundled data (issue 10).
# Findings are ``(level, message)``; every message starts with the rule's name.

Finding = tuple[str, str]
#: Sources that are compilations made by the project itself: never the source of a value.
COMPILATION_MARKERS: tuple[str, ...] = ("scicity project", "compiled in DATA_SOURCES")
#: Source ids that only computed values may cite.
COMPUTED_SOURCES: frozenset[str] = frozenset({"DERIVED"})
_CONTRADICTS_EXACT = re.compile(
    r"not verified|unverified|overstat|understat|not found|\bnot counted\b|"
    r"\bonly\b.*\b(?:named|counted)\b", re.IGNORECASE)
#: "over 1,600" / "at least 1,600" / "more than 1,600": a bound when it is the value itself.
_BOUND_WORDS = re.compile(r"(?:\bover|\bat least|more than)\s+(\d[\d,]*)", re.IGNORECASE)
_CONTRADICTS_LOWER_BOUND = re.compile(r"overstat", re.IGNORECASE)
_LABOUR_FORCE = re.compile(r"labou?r[- ]force(?! survey)", re.IGNORECASE)
_NOT_LABOUR_FORCE = re.compile(r"not (?:the )?labou?r[- ]force", re.IGNORECASE)
#: Binary facts every town should have decided, with a source.
BINARY_TOWN_FIELDS: tuple[str, ...] = ("airport", "railway")


def _years(text: str) -> list[int]:
    return [int(y) for y in re.findall(r"\d{4}", str(text))]


def check_sources(sources: pd.DataFrame) -> list[Finding]:
    """``source_url``: a URL that is only a site's home page does not locate the
    publication; give the page or file (or no URL)."""
    out: list[Finding] = []
    for sid, row in sources.iterrows():
        url = str(row.get("url", "")).strip()
        if url and urlparse(url).path.strip("/") == "" and not urlparse(url).query:
            out.append(("warning", f"source_url: source {sid}: {url!r} is a site's home page, "
                                   "not the page or file the figures come from"))
    return out


def check_values(values: pd.DataFrame, sources: pd.DataFrame, file: str) -> list[Finding]:
    """Rules on one long value file (``unit_id, field, value, year, source_id, qualifier,
    note[, low, high, interval_note]``, all text): cited publication, year supported by
    the source, note consistent with the qualifier, declared intervals."""
    out: list[Finding] = []
    for k, (_, r) in enumerate(values.iterrows()):
        where = f"{file} row {k + 2} ({r['unit_id']}, {r['field']})"
        sid, note, qual = str(r["source_id"]), str(r.get("note", "")), str(r["qualifier"])
        src = sources.loc[sid] if sid in sources.index else None
        if src is None:
            out.append(("warning", f"source_cited: {where}: unknown source {sid!r}"))
            continue
        text = f"{src.get('title', '')} {src.get('publisher', '')} {src.get('note', '')}"
        if sid in COMPUTED_SOURCES or any(m in text for m in COMPILATION_MARKERS):
            out.append(("warning", f"source_cited: {where}: cites {sid!r}, a compilation or "
                                   "computation; cite the publication the value came from"))
        src_year, year = str(src.get("year", "")).strip(), str(r["year"]).strip()
        if year and not src_year:
            out.append(("warning", f"year_supported: {where}: year {year} but source {sid} "
                                   "is undated; leave the year empty"))
        elif year and src_year and max(_years(year), default=0) > max(_years(src_year)):
            out.append(("warning", f"year_supported: {where}: year {year} is later than "
                                   f"its source {sid} ({src_year})"))
        parts = qualifier_parts(qual)
        bound = [m.group(0) for m in _BOUND_WORDS.finditer(note)
                 if _number(m.group(1)) == _number(r["value"])]
        said = _CONTRADICTS_EXACT.search(note)
        if "exact" in parts and (said or bound):
            out.append(("warning", f"note_qualifier: {where}: qualifier exact, but the note "
                                   f"says {(said.group(0) if said else bound[0])!r}"))
        if "lower_bound" in parts and _CONTRADICTS_LOWER_BOUND.search(note):
            out.append(("warning", f"note_qualifier: {where}: a lower bound cannot "
                                   "overstate; the note contradicts the qualifier"))
        if _LABOUR_FORCE.search(note) and not _NOT_LABOUR_FORCE.search(note):
            out.append(("warning", f"note_qualifier: {where}: the employed population is not "
                                   "the labour force; say which the figure is"))
        out.extend(_check_interval(r, where, parts))
    return out


def _number(text: object) -> float | None:
    try:
        return float(str(text).replace(",", ""))
    except ValueError:
        return None


def _check_interval(r: pd.Series, where: str, parts: frozenset[str]) -> list[Finding]:
    low, high = str(r.get("low", "")).strip(), str(r.get("high", "")).strip()
    if not low and not high:
        if parts - {"exact"}:
            return [("warning", f"interval: {where}: a {'+'.join(sorted(parts))} value "
                                "needs a declared interval (low, high, interval_note)")]
        return []
    try:
        lo, hi, v = float(low), float(high), float(r["value"])
    except ValueError:
        return [("warning", f"interval: {where}: low {low!r} / high {high!r} not numbers")]
    out: list[Finding] = []
    if not lo <= v <= hi:
        out.append(("warning", f"interval: {where}: value {v:g} outside [{lo:g}, {hi:g}]"))
    if "lower_bound" in parts and lo != v:
        out.append(("warning", f"interval: {where}: a lower bound's interval starts at the "
                               f"value ({v:g}), not {lo:g}"))
    if lo != hi and not str(r.get("interval_note", "")).strip():
        out.append(("warning", f"interval: {where}: interval without its reason"))
    return out


def check_constants(constants: pd.DataFrame) -> list[Finding]:
    """National figures: one employment figure in use; disagreeing researcher counts all
    recorded with which computation uses each (``used_by``)."""
    out: list[Finding] = []
    used = constants["used_by"].astype(str).str.strip() if "used_by" in constants else None
    if used is None or (used == "").any():
        out.append(("warning", "national_figures: every national constant needs used_by "
                               "(the computation that uses it, or 'not used')"))
        return out
    persons = constants[constants["unit"] == "persons"]
    emp = [i for i in persons.index if "employed" in i and not used[i].startswith("not used")]
    if len(emp) != 1:
        out.append(("warning", f"national_figures: {len(emp)} national employment figures "
                               f"in use ({', '.join(emp) or 'none'}); use one"))
    res = persons[[("rd_staff" in i or "researcher" in i or "scientist" in i)
                   for i in persons.index]]
    if len(res) > 1:
        listed = "; ".join(f"{i} {float(v['value']):,.0f} ({v['source_id']} {v['year']}): "
                           f"{used.loc[str(i)]}" for i, v in res.iterrows())
        out.append(("note", f"national_figures: the sources disagree on the national "
                            f"researcher count: {listed}"))
    return out


def check_derived(ds: Dataset, catalogue: Catalogue) -> list[Finding]:
    """``derived_qualifier``: a derived value keeps every qualifier of its inputs.
    ``per_capita_year``: a per-capita value divides by the population of another year
    only where the indicator's definition says so; reported with the overstatement where
    a later population is known."""
    out: list[Finding] = []
    for f in catalogue.fields_for(ds.layer):
        r = f.derived
        if r is None or f.id not in ds.values:
            continue
        mismatched: dict[tuple[str, str], list[str]] = {}
        for unit in ds.values.index[ds.values[f.id].notna()]:
            c = ds.cite(unit, f.id)
            n, d = ds.cite(unit, r.numerator), ds.cite(unit, r.denominator)
            if c is None or n is None or d is None or c["source_id"] != "DERIVED":
                continue
            need = (qualifier_parts(n["qualifier"]) | qualifier_parts(d["qualifier"])) - {"exact"}
            if not need <= qualifier_parts(c["qualifier"]):
                out.append(("warning", f"derived_qualifier: {unit} {f.id}: qualifier "
                                       f"{c['qualifier']!r} drops {sorted(need)} of its inputs"))
            if r.denominator == "population" and n["year"] and d["year"] \
                    and n["year"] != d["year"]:
                later = _later_population(ds, unit)
                mismatched.setdefault((n["year"], d["year"]), []).append(
                    f"{unit} {later[1] / (1 + later[1]):+.1%} (population {later[0]})"
                    if later else unit)
        for (ny, dy), units in mismatched.items():
            declared = f"1 January {dy}" in f.definition
            known = [x for x in units if "(" in x]
            out.append(("note" if declared else "warning",
                        f"per_capita_year: {f.id}: {r.numerator} of {ny} ÷ population of "
                        f"1 January {dy} for {len(units)} units"
                        + (" (stated in the definition)" if declared
                           else " (not stated in the definition)")
                        + (f"; overstated where a later population is known: "
                           f"{', '.join(known)}" if known else "")))
    return out


def _later_population(ds: Dataset, unit: str) -> tuple[str, float] | None:
    for fid, label in (("population_2025", "1 Jan 2025"), ("population_2024", "1 Jan 2024")):
        later = float(ds.values[fid].loc[unit]) if fid in ds.values else float("nan")
        if not np.isnan(later):
            return label, later / float(ds.values["population"].loc[unit]) - 1
    return None


def check_town_facts(ds: Dataset) -> list[Finding]:
    """``binary_facts``: towns without a sourced value of a yes/no fact (airport,
    railway): a gap to fill first, since a missing fact is scored on the rest."""
    out: list[Finding] = []
    for fid in BINARY_TOWN_FIELDS:
        if fid in ds.values:
            gaps = list(ds.values.index[ds.values[fid].isna()])
            if gaps:
                out.append(("note", f"binary_facts: {fid}: no sourced value for "
                                    f"{', '.join(gaps)}"))
    return out


def check_mixed_measures(ds: Dataset, catalogue: Catalogue) -> list[Finding]:
    """``measure_mixed``: a town field holding, for some towns, its region's figure of
    another measure (same value and source as a ``from_region`` field of the town, e.g.
    Table 2 R&D staff in "all staff of accredited research organisations"): one column
    would then mix two measures. Keep the regional figure in its own field."""
    if ds.layer != "towns":
        return []
    fields = catalogue.fields_for(ds.layer)
    context = [g for g in fields if g.from_region and g.id in ds.values]
    v = ds.values
    out: list[Finding] = []
    for f in fields:
        if f.from_region or f.derived or f.id not in v:
            continue
        for g in context:
            if g.from_region == f.id:        # the same measure at the region's level
                continue
            same = v.index[v[f.id].notna() & (v[f.id] == v[g.id])]
            for unit in same:
                own, reg = ds.cite(unit, f.id) or {}, ds.cite(unit, g.id) or {}
                sid = own.get("source_id", "")
                # the regional value's own source, or the one its note cites ("(CONCEPT_T2")
                if sid and (sid == reg.get("source_id")
                            or f"({sid} " in reg.get("note", "")):
                    out.append(("warning", f"measure_mixed: {f.id}: {unit} holds "
                                f"{float(v[f.id].loc[unit]):,.0f} ({sid} {own['year']}), "
                                f"its region's {g.from_region} (kept as {g.id}), in a field "
                                f"defined as: {f.definition}"))
    return out


def check_bundled(layer: str) -> list[Finding]:
    """Every check of ``scicity check-data`` on one bundled layer."""
    ds = bundled.load_bundled(layer)
    sources = bundled.load_sources()
    if layer == "regions":
        out = check_regions(ds)
    else:
        out = [("warning", m) for m in bundled.region_mismatches(ds)]
    values_file = bundled.values_file(layer)
    out += check_sources(sources)
    out += check_values(bundled.read_data_file(values_file), sources, values_file)
    out += check_constants(bundled.read_data_file("constants.csv").set_index("id"))
    out += check_derived(ds, load_catalogue())
    if layer == "towns":
        out += check_town_facts(ds)
        out += check_mixed_measures(ds, load_catalogue())
        try:
            load_caveats()
        except ValueError as e:
            out.append(("warning", f"caveats: {e}"))
    return out
