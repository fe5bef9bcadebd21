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

from collections.abc import Iterable
from functools import lru_cache
from typing import Literal, get_args

import pandas as pd

from criteria.bundled import load_sources, read_data_file
from mcda.messages import Message, msg

CaveatKind = Literal["lease_russia"]
CAVEAT_KINDS: tuple[str, ...] = get_args(CaveatKind)


@lru_cache(maxsize=1)
def load_caveats() -> pd.DataFrame:
    """The bundled caveats, index = unit id (``parse_caveats`` of ``caveats.csv``)."""
    return parse_caveats(read_data_file("caveats.csv"), set(load_sources().index))


def parse_caveats(df: pd.DataFrame, sources: set[str]) -> pd.DataFrame:
    """Caveat rows (all text) checked and indexed by unit id: ValueError, naming the row,
    on an unknown kind, a missing or unknown source id, a non-year ``until`` or a second
    caveat for one unit."""
    for k, r in enumerate(df.to_dict("records")):
        where = f"caveats.csv row {k + 2} ({r['unit_id']})"
        if r["kind"] not in CAVEAT_KINDS:
            raise ValueError(f"{where}: unknown caveat kind {r['kind']!r}; known: "
                             f"{', '.join(CAVEAT_KINDS)}")
        ids = str(r["source_id"]).split()
        bad = [s for s in ids if s not in sources]
        if bad or not ids:
            raise ValueError(f"{where}: source ids not in sources.csv: "
                             f"{', '.join(bad) or 'none given'}")
        if not str(r["until"]).isdigit() or len(str(r["until"])) != 4:
            raise ValueError(f"{where}: until {r['until']!r} is not a year")
    dup = df["unit_id"][df["unit_id"].duplicated()]
    if len(dup):
        raise ValueError(f"caveats.csv: more than one caveat for {', '.join(dup)}")
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


def caveat_sources(units: Iterable[object]) -> list[str]:
    """The source ids the caveats of ``units`` cite, in order, each once."""
    c = load_caveats()
    ids = [s for u in units if str(u) in c.index
           for s in str(c.loc[str(u), "source_id"]).split()]
    return list(dict.fromkeys(ids))


def caveat_flag(unit: str) -> Message | None:
    """The caveat of ``unit`` in a few words (for a flags column or a popup), or None."""
    c = load_caveats()
    return msg(f"caveat_{c.loc[unit, 'kind']!s}_flag") if unit in c.index else None
