"""The Concept's regional typology (Section 2 §3) as bundled data, its loader and helpers."""

from __future__ import annotations

import pandas as pd
import pytest

from criteria.bundled import load_bundled
from criteria.typology import (
    COLUMNS,
    TYPES,
    TypologyError,
    filter_by_type,
    group_by_type,
    load_typology,
    parse_typology,
    types_column,
    unit_types,
)

# The Concept's lists, Section 2 §3 (Kazakh original: "Шикізат өндіретін өңірлерде – Атырау,
# Маңғыстау, Қызылорда және Батыс Қазақстан облыстарында ..." and so on).
CONCEPT_REGIONS = {
    "raw_material": {"KZ-23", "KZ-47", "KZ-43", "KZ-27"},
    "industrial": {"KZ-63", "KZ-35", "KZ-55"},
    "agrarian": {"KZ-11", "KZ-19", "KZ-31", "KZ-59", "KZ-33", "KZ-39", "KZ-61"},
    "high_potential": {"KZ-71", "KZ-75", "KZ-79", "KZ-10"},
}
#: Towns the Concept names as high-potential: Astana, Almaty, Shymkent, Aktobe, Karaganda
#: ("қалалары") and Kurchatov ("Абай облысы (Курчатов қ.)").
NAMED_TOWNS = {"astana", "almaty", "shymkent", "aktobe", "karaganda", "kurchatov"}


def test_schema_and_source():
    df = load_typology()
    assert tuple(df.columns) == COLUMNS
    assert set(df["type"]) == set(TYPES)
    assert set(df["source_id"]) == {"CONCEPT"}
    assert df["note"].str.contains("Section 2 §3").all()
    assert not df.duplicated(["layer", "unit_id", "type"]).any()


def test_regions_as_the_concept_lists_them():
    got = unit_types("regions")
    for t, regions in CONCEPT_REGIONS.items():
        assert {u for u, ts in got.items() if t in ts} == regions, t
    # regions the Concept does not type have no row (nothing invented)
    assert "KZ-62" not in got and "KZ-15" not in got
    spec = load_typology().set_index(["layer", "unit_id", "type"])["specialisation"]
    assert spec["regions", "KZ-23", "raw_material"] == "petrochemistry; environmental technology"
    assert spec["regions", "KZ-55", "industrial"] == "metallurgy; energy; automation"


def test_towns_inherit_unless_named():
    towns = load_bundled("towns").units
    regions = unit_types("regions")
    got = unit_types("towns")
    notes = load_typology().query("layer == 'towns'").set_index(["unit_id", "type"])["note"]
    for uid, reg in towns["region_id"].items():
        have = set(got.get(uid, ()))
        if uid in NAMED_TOWNS:
            assert "high_potential" in have, uid
            assert "is named" in notes[uid, "high_potential"]
        if uid in NAMED_TOWNS or reg == "KZ-10":
            continue
        assert have == set(regions.get(reg, ())), uid
        for t in have:
            assert f"inherited from its region {reg}" in notes[uid, t]
    assert got["karaganda"] == ("high_potential", "industrial")
    assert got["aktobe"] == ("high_potential",)  # Aktobe Region has no type
    assert "semey" not in got  # Abai Region is typed through Kurchatov only
    assert "zhezkazgan" not in got  # Ulytau Region: no type


def test_filter_and_group_a_ranking():
    table = pd.DataFrame({"score": [0.9, 0.8, 0.7, 0.6]},
                         index=pd.Index(["karaganda", "semey", "aktau", "pavlodar"], name="id"))
    ind = filter_by_type(table, "towns", ["industrial"])
    assert list(ind.index) == ["karaganda", "pavlodar"]
    groups = group_by_type(table, "towns")
    assert list(groups["industrial"].index) == ["karaganda", "pavlodar"]
    assert list(groups["high_potential"].index) == ["karaganda"]
    assert list(groups["raw_material"].index) == ["aktau"]
    assert list(groups["none"].index) == ["semey"]
    assert "agrarian" not in groups
    col = types_column("towns", table.index)
    assert col["karaganda"] == "high_potential;industrial" and col["semey"] == ""
    with pytest.raises(ValueError, match="unknown typology type"):
        filter_by_type(table, "towns", ["coastal"])


@pytest.mark.parametrize(("row", "message"), [
    ("regions,KZ-23,coastal,,CONCEPT,x", "row 2: unknown type 'coastal'"),
    ("regions,KZ-99,agrarian,,CONCEPT,x", "row 2: unknown regions id 'KZ-99'"),
    ("villages,KZ-23,agrarian,,CONCEPT,x", "row 2: unknown layer 'villages'"),
    ("regions,KZ-23,agrarian,,NOPE,x", "row 2: source 'NOPE' is not in sources.csv"),
])
def test_parse_reports_each_problem(row, message):
    text = ",".join(COLUMNS) + "\n" + row + "\n"
    with pytest.raises(TypologyError, match=message):
        parse_typology(text, {"regions": ["KZ-23"], "towns": []}, ["CONCEPT"])


def test_parse_refuses_duplicates_and_wrong_columns():
    head = ",".join(COLUMNS) + "\n"
    row = "regions,KZ-23,agrarian,,CONCEPT,x\n"
    with pytest.raises(TypologyError, match="row 3: repeats regions/KZ-23/agrarian"):
        parse_typology(head + row + row, {"regions": ["KZ-23"]}, ["CONCEPT"])
    with pytest.raises(TypologyError, match="typology columns must be"):
        parse_typology("layer,unit_id,type\n", {}, [])
