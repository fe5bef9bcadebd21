"""Sourced caveats on towns whose figures the Concept's rules may not fit
(``criteria/data/caveats.csv``: ``unit_id, kind, until, source_id, note``; several
source ids separated by spaces, each in ``sources.csv``).

A caveat never changes a score: the unit stays ranked and every output shows the caveat
beside it (``caveat_flag`` in ranking flags and popups, ``caveat_message`` with its
sources in the dossier and the CLI), so an analyst is warned before quoting it.
Baikonur: leased to the Russian Federation until 2050 and run by a Russian
administration; kept ranked because the town is Kazakhstan's territory and the Concept
excludes no town — but the 3 % rule's regional ceiling and "accredited" (by Kazakhstan's
ministry) may not apply to organisations run by the Russian side.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal, get_args

import pandas as pd

from criteria.bundled import load_sources, read_data_file
from mcda.messages import Message, msg

CaveatKind = Literal["lease_russia"]
CAVEAT_KINDS: tuple[str, ...] = get_args(CaveatKind)


@lru_cache(maxsize=1)
def load_caveats() -> pd.DataFrame:
    """The bundled caveats, index = unit id (one caveat per unit); ValueError on an
    unknown kind or source id, with the row."""
    df = read_data_file("caveats.csv")
    known = set(load_sources().index)
    for k, r in df.iterrows():
        where = f"caveats.csv row {int(str(k)) + 2} ({r['unit_id']})"
        if r["kind"] not in CAVEAT_KINDS:
            raise ValueError(f"{where}: unknown caveat kind {r['kind']!r}; known: "
                             f"{', '.join(CAVEAT_KINDS)}")
        bad = [s for s in r["source_id"].split() if s not in known]
        if bad or not r["source_id"].split():
            raise ValueError(f"{where}: source ids not in sources.csv: {bad or 'none given'}")
    if df["unit_id"].duplicated().any():
        raise ValueError("caveats.csv: one caveat per unit")
    return df.set_index("unit_id")


def caveat_message(unit: str) -> Message | None:
    """The full caveat of ``unit`` with its sources (``id year`` each), or None."""
    c = load_caveats()
    if unit not in c.index:
        return None
    src = load_sources()
    row = c.loc[unit]
    ids = str(row["source_id"]).split()
    cites = tuple(f"{s} {src.loc[s, 'year']!s}".strip() for s in ids)
    return msg(f"caveat_{row['kind']!s}", until=str(row["until"]), sources=cites)


def caveat_flag(unit: str) -> Message | None:
    """The caveat of ``unit`` in a few words (for a flags column or a popup), or None."""
    c = load_caveats()
    return msg(f"caveat_{c.loc[unit, 'kind']!s}_flag") if unit in c.index else None
