"""The Concept's two models and a recommendation per candidate (pure, apart from reading
the bundled host list once).

Model 2 — a science city in a settlement: the 3 % rule binds and the four criteria rank
the settlements that are not proved below it (``scicity.engine.evaluate.evaluate`` on towns).
Model 1 — a science and technology park at a research institute or university in a
large city (at least ``LARGE_CITY_POPULATION`` inhabitants): no 3 % rule; the host's
research base, infrastructure maturity, commercialisation capacity and readiness to
scale, from ``criteria/data/hosts.csv`` (every value sourced; missing stays missing).
The host's own evidence and the city's context (the city's own sourced values) are
kept and counted apart, so a city without a host never looks as complete as one with
a host. Every value is a message (key + params) with its source and year.

Recommendation: ``model_2`` when the 3 % rule is met; ``model_1`` for a large city with
a recorded host; otherwise ``neither_yet``, with the figure that is missing or short.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from io import StringIO
from typing import Literal

import pandas as pd

from criteria.bundled import LARGE_CITY_POPULATION
from criteria.dataset import QUALIFIERS, Dataset, qualifier_parts
from mcda.messages import Message, msg
from scicity.engine.evaluate import Evaluation

Recommendation = Literal["model_1", "model_2", "neither_yet"]

#: Host fields by Model 1 criterion (the Concept, Section 5: the choice of model weighs
#: the territory's development, the maturity of its scientific infrastructure and its
#: readiness to scale).
MODEL1_CRITERIA: dict[str, tuple[str, ...]] = {
    "research_base": ("staff",),
    "infrastructure": ("base_installations",),
    "commercialisation": ("products_share", "innovation_cluster"),
    "readiness": ("stp_planned",),
}
#: The city's own measures shown as context beside each Model 1 criterion (never regional
#: figures: a region's R&D staff says nothing of one host's readiness to scale).
MODEL1_TOWN_FIELDS: dict[str, tuple[str, ...]] = {
    "research_base": ("researchers", "research_orgs", "universities"),
    "infrastructure": ("research_facilities", "airport", "railway"),
    "commercialisation": ("science_producers", "technoparks", "sez", "clusters"),
    "readiness": (),
}


@lru_cache(maxsize=1)
def load_hosts() -> pd.DataFrame:
    """Model 1 host organisations, one row per sourced value (``criteria/data/hosts.csv``):
    host_id, town_id, kind, name_en/ru/kk, field, value (float), year, source_id,
    qualifier, note."""
    text = resources.files("criteria").joinpath("data/hosts.csv").read_text("utf-8")
    df = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
    df["value"] = df["value"].astype(float)
    return df


def model1_table(ds: Dataset, ev: Evaluation, hosts: pd.DataFrame | None = None
                 ) -> pd.DataFrame:
    """Model 1 assessment of every large city of a towns evaluation (``ev`` of ``ds``):
    one row per (city, host) — or one row with an empty host when none is recorded —
    with ``population``, ``host_id``, ``host``, ``kind``; per criterion ``<c>_host``
    (the host's own sourced values) and ``<c>_city`` (the city's own sourced values,
    context), each a tuple of ``evidence_message``; ``host_known`` (criteria with a
    sourced value of the host, of 4; 0 without a host), ``city_known`` (criteria with a
    sourced city value above 0, of 4: a recorded absence such as airport 0 is shown but
    not counted) and ``reason`` (a message)."""
    h = load_hosts() if hosts is None else hosts
    t = ev.table
    rows = []
    values = _town_values(ds)
    for town in t.index:
        p = values.get((town, "population"))
        if p is None or p < LARGE_CITY_POPULATION:
            continue
        mine = h[h["town_id"] == town]
        groups = list(mine.groupby("host_id", sort=False)) or [("", mine)]
        for hid, rows_h in groups:
            row: dict[str, object] = {"id": town, "name_en": t.loc[town, "name_en"],
                                      "population": p, "host_id": hid,
                                      "host": rows_h["name_en"].iloc[0] if hid else "",
                                      "kind": rows_h["kind"].iloc[0] if hid else ""}
            host_known = city_known = 0
            for crit, fields in MODEL1_CRITERIA.items():
                own = tuple(evidence_message(f"m1_field_{r.field}", r.value, r.source_id,
                                             r.year, r.qualifier)
                            for r in rows_h.itertuples() if r.field in fields)
                city = []
                for f in MODEL1_TOWN_FIELDS[crit]:
                    if (town, f) in values:
                        c = ds.cite(town, f) or {}
                        city.append((values[(town, f)], evidence_message(
                            f, values[(town, f)], c.get("source_id", ""), c.get("year", ""),
                            c.get("qualifier", ""))))
                row[f"{crit}_host"] = own
                row[f"{crit}_city"] = tuple(m for _, m in city)
                host_known += bool(own)
                city_known += any(v > 0 for v, _ in city)
            row["host_known"] = host_known
            row["city_known"] = city_known
            row["reason"] = (msg("model1_host", host=row["host"], kind=row["kind"],
                                 population=float(p)) if hid
                             else msg("model1_no_host", population=float(p)))
            rows.append(row)
    return pd.DataFrame(rows)


def evidence_message(field: str, value: float, source: str, year: str, qualifier: str
                     ) -> Message:
    """One sourced value as a message: ``field`` is an indicator id (named through the
    catalogue) or ``m1_field_<host field>`` (a host's figure); ``year`` may be empty (an
    undated source); ``qualifier`` one of ``criteria.dataset.QUALIFIERS`` (or several
    joined by ``+``; empty = exact)."""
    what = msg(field) if field.startswith("m1_field_") else msg("m1_indicator", indicator=field)
    parts = qualifier_parts(qualifier)
    quals = tuple(msg(f"qualifier_{q}") for q in QUALIFIERS if q in parts)
    year = str(year).strip()
    return msg("m1_value" if year else "m1_value_undated", what=what, value=float(value),
               source=str(source), year=year, qualifier=quals)


def _town_values(ds: Dataset) -> dict[tuple[str, str], float]:
    """Known raw values of the dataset, by (unit, field)."""
    vals = ds.values
    return {(str(u), str(f)): float(v) for f in vals.columns for u, v in vals[f].items()
            if pd.notna(v)}


def recommend(ds: Dataset, ev: Evaluation, unit: str, model1: pd.DataFrame | None = None
              ) -> tuple[Recommendation, tuple[Message, ...]]:
    """The recommendation for one town of a towns evaluation and its reasons."""
    m1 = model1_table(ds, ev) if model1 is None else model1
    row = ev.table.loc[unit]
    gate = row["gate_reason"]
    hosts = m1[(m1["id"] == unit) & (m1["host_id"] != "")] if len(m1) else m1
    large = len(m1) and unit in set(m1["id"])
    if row["gate_state"] == "eligible":
        return "model_2", (gate, *(hosts["reason"] if len(hosts) else ()))
    if len(hosts):
        return "model_1", (*hosts["reason"], gate)
    if large:
        return "neither_yet", (gate, *m1.loc[m1["id"] == unit, "reason"])
    cell = ds.values["population"].loc[unit] if "population" in ds.values else None
    pop = None if cell is None or pd.isna(cell) else float(cell)
    extra = () if pop is None else (msg("model1_not_large", population=pop,
                                        minimum=float(LARGE_CITY_POPULATION)),)
    return "neither_yet", (gate, *extra)


def recommendations(ds: Dataset, ev: Evaluation) -> pd.DataFrame:
    """``recommendation`` and ``reasons`` (tuple of messages) for every town."""
    m1 = model1_table(ds, ev)
    out = {u: recommend(ds, ev, u, m1) for u in ev.table.index}
    return pd.DataFrame({"recommendation": [out[u][0] for u in ev.table.index],
                         "reasons": [out[u][1] for u in ev.table.index]},
                        index=ev.table.index)
