"""Internal consistency checks of the regional data, reported as warnings.

Table 2 of the Concept prints R&D expenditure per staff member; it should equal
expenditure ÷ staff (bn KZT ÷ persons × 1000 = mn KZT per person) up to rounding of the
printed figures, and the regions should add up to the national row. Differences are
reported with the figures side by side, not corrected: the tool ships values as printed.
"""

from __future__ import annotations

import numpy as np

from criteria.dataset import Dataset

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
