"""Review item 16: one field, one measure. "All staff of accredited research
organisations" held the NNC's total staff for Kurchatov but Table 2's R&D staff for
Almaty, Astana and Shymkent; the cities' R&D staff now live only in region_rd_staff
(their own Table 2 row, CONCEPT_T2), and check-data's ``measure_mixed`` rule catches a
town field holding its region's figure of another measure."""

from dataclasses import replace

import pandas as pd

from criteria.bundled import load_bundled, read_data_file
from criteria.checks import check_bundled, check_mixed_measures
from criteria.model import load_catalogue


def _with_value(ds, unit, fid, value, source, year, note=""):
    vals = ds.values.copy()
    vals.loc[unit, fid] = value
    row = pd.DataFrame({"year": [year], "source_id": [source], "qualifier": ["exact"],
                        "note": [note]},
                       index=pd.MultiIndex.from_tuples([(unit, fid)],
                                                       names=ds.provenance.index.names))
    prov = pd.concat([ds.provenance.drop(index=[(unit, fid)], errors="ignore"), row])
    return replace(ds, values=vals, provenance=prov.sort_index())


def test_research_org_staff_holds_one_measure():
    v = read_data_file("town_values.csv")
    staff = v[v["field"] == "research_org_staff"]
    assert list(staff["unit_id"]) == ["kurchatov"]          # the NNC's 'over 1,600 staff'
    assert not staff["source_id"].eq("CONCEPT_T2").any()
    ds = load_bundled("towns")
    # the cities' Table 2 R&D staff keep their value and source as region_rd_staff
    for city, n in (("almaty", 10628), ("astana", 5432), ("shymkent", 1162)):
        assert ds.values.at[city, "region_rd_staff"] == n
        assert "(CONCEPT_T2 2024)" in ds.cite(city, "region_rd_staff")["note"]
        assert pd.isna(ds.values.at[city, "research_org_staff"])


def test_measure_mixed_catches_a_regional_figure_in_a_town_field():
    ds = load_bundled("towns")
    cat = load_catalogue()
    assert check_mixed_measures(ds, cat) == []
    # the defect as it was: Almaty's Table 2 R&D staff in the all-staff field
    bad = _with_value(ds, "almaty", "research_org_staff", 10628.0, "CONCEPT_T2", "2024",
                      "staff performing R&D in Almaty city (Table 2)")
    found = check_mixed_measures(bad, cat)
    assert len(found) == 1 and found[0][0] == "warning"
    assert found[0][1].startswith("measure_mixed: research_org_staff: almaty holds 10,628 "
                                  "(CONCEPT_T2 2024), its region's rd_staff")
    # the same number from another source is a town measure, not a copy
    ok = _with_value(ds, "almaty", "research_org_staff", 10628.0, "R1", "2024")
    assert check_mixed_measures(ok, cat) == []
    # a regions layer has nothing to mix
    assert check_mixed_measures(load_bundled("regions"), cat) == []


def test_check_data_runs_the_rule_and_the_bundled_data_pass_it():
    assert not [m for _, m in check_bundled("towns") if m.startswith("measure_mixed")]
