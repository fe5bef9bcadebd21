"""Notes on scored values that fail a rule of ``scicity check-data``.

``criteria.checks.check_regions`` warns when Table 2's printed R&D expenditure per staff
member (mn KZT) differs from expenditure (bn KZT) ÷ staff × 1000 by more than rounding of
the printed figures explains: one of the unit's three printed figures is wrong, and the
source does not say which. The ranking still scores them (the tool ships values as
printed); this module makes it say so, per unit, naming the indicators that rest on them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from criteria.checks import check_regions
from criteria.dataset import Dataset
from criteria.model import Catalogue
from mcda.messages import Message, msg

#: The printed figures the per-staff rule compares (Concept, Table 2).
PER_STAFF_FIELDS: frozenset[str] = frozenset({"rd_expenditure", "rd_staff", "rd_exp_per_staff"})


def inputs(cat: Catalogue, fid: str) -> set[str]:
    """The field itself and, for a derived indicator, its numerator and denominator."""
    d = cat.field(fid).derived
    return {fid} if d is None else {fid, d.numerator, d.denominator}


def failed_check_notes(ds: Dataset, used: Iterable[str], ranked: pd.Index,
                       cat: Catalogue) -> list[Message]:
    """One ``check_data_scored`` note per ranked unit whose Table 2 figures fail the
    per-staff rule (a warning, not explained by rounding) while a scored indicator
    (``used``) rests on them, directly or as the input of a derived indicator."""
    affected = tuple(i for i in used if inputs(cat, i) & PER_STAFF_FIELDS)
    if not affected:
        return []
    warned = [m for level, m in check_regions(ds) if level == "warning"]
    v = ds.values
    return [msg("check_data_scored", unit=str(u), printed=float(v.loc[u, "rd_exp_per_staff"]),
                computed=float(v.loc[u, "rd_expenditure"] / v.loc[u, "rd_staff"] * 1000),
                indicators=affected)
            for u in ranked if any(m.startswith(f"{u} ") for m in warned)]
