"""``scicity check-data`` rules: each catches one kind of defect found in the data audit
(issue 10), shown on a small bad example; the bundled data passes them; declared
intervals of the data's own uncertainty."""

import numpy as np
import pandas as pd
import pytest

from criteria.bundled import load_bundled, load_constants, load_sources, read_data_file
from criteria.checks import (
    check_bundled,
    check_constants,
    check_derived,
    check_sources,
    check_town_facts,
    check_values,
)
from criteria.dataset import combine_qualifiers, from_long, qualifier_parts
from criteria.derive import derive_indicators
from criteria.model import parse_catalogue

COLS = ["unit_id", "field", "value", "year", "source_id", "qualifier", "note", "low", "high",
        "interval_note"]


def _sources(**extra):
    rows = {"S": {"title": "Bulletin", "publisher": "BNS", "url": "https://x.kz/a.xlsx",
                  "year": "2024", "note": ""},
            "U": {"title": "Page", "publisher": "Institute", "url": "", "year": "", "note": ""},
            "DS": {"title": "Candidate table", "publisher": "scicity project", "url": "",
                   "year": "2025", "note": "project compilation of public facts"}}
    rows.update(extra)
    return pd.DataFrame.from_dict(rows, orient="index")


def _values(*rows):
    return pd.DataFrame([dict(zip(COLS, r, strict=False)) for r in rows], columns=COLS,
                        dtype=object).fillna("")


def _rules(findings, level="warning"):
    return [m.split(":")[0] for lv, m in findings if lv == level]


def test_source_url_must_locate_the_publication():
    src = _sources(H={"title": "t", "publisher": "p", "url": "https://stat.gov.kz", "year": "",
                      "note": ""},
                   H2={"title": "t", "publisher": "p", "url": "https://kt.kz/", "year": "",
                       "note": ""})
    found = check_sources(src)
    assert [m for _, m in found if "H " in m or "H:" in m or "source H2" in m]
    assert len(found) == 2 and _rules(found) == ["source_url", "source_url"]
    assert check_sources(_sources()) == []


def test_note_contradicting_qualifier_is_caught():
    bad = _values(
        ("turkistan", "population", "220133", "2024", "S", "exact",
         "only the city-administration figure; this overstates the town"),
        ("kurchatov", "technoparks", "1", "2024", "S", "exact",
         "Park of Nuclear Technologies; current activity not verified"),
        ("kurchatov", "research_org_staff", "1600", "2024", "S", "exact", "'over 1,600 staff'"),
        ("almaty", "employed", "1000000", "2022", "S", "exact",
         "Q4 2022 regional labour-force figure"),
        ("x", "science_producers", "1", "2024", "S", "lower_bound", "overstates the count",
         "1", "1", "no ceiling"),
    )
    found = check_values(bad, _sources(), "town_values.csv")
    assert _rules(found) == ["note_qualifier"] * 5
    ok = _values(
        ("atyrau", "railway", "1", "2024", "S", "exact", "serves over 1,000 passengers a day"),
        ("almaty", "employed", "1000000", "2022", "S", "exact",
         "employed population (BNS labour force survey), not the labour force"),
    )
    assert check_values(ok, _sources(), "town_values.csv") == []


def test_year_must_be_supported_by_its_source():
    bad = _values(("kurchatov", "researchers", "198", "2025", "U", "exact", ""),
                  ("aksu", "railway", "1", "2026", "S", "exact", ""))
    found = check_values(bad, _sources(), "town_values.csv")
    assert _rules(found) == ["year_supported", "year_supported"]
    assert "undated" in found[0][1] and "later than" in found[1][1]
    # Undated stays undated: an empty year with an undated source is right.
    ok = _values(("kurchatov", "researchers", "198", "", "U", "exact", ""))
    assert check_values(ok, _sources(), "town_values.csv") == []


def test_project_compilation_and_computation_are_no_source():
    bad = _values(("semey", "railway", "1", "2025", "DS", "exact", ""),
                  ("semey", "airport", "1", "2025", "DERIVED", "exact", ""))
    src = _sources(DERIVED={"title": "Computed by scicity", "publisher": "scicity", "url": "",
                            "year": "", "note": ""})
    found = check_values(bad, src, "town_values.csv")
    assert "source_cited" in _rules(found) and len([r for r in _rules(found)
                                                    if r == "source_cited"]) == 2


def test_non_exact_values_declare_an_interval_around_the_value():
    bad = _values(
        ("kurchatov", "researchers", "198", "2024", "S", "lower_bound", ""),
        ("a", "employed", "100", "2024", "S", "approximate", "", "110", "120", "why"),
        ("b", "researchers", "198", "2024", "S", "lower_bound", "", "150", "1394", "ceiling"),
        ("c", "employed", "100", "2024", "S", "approximate", "", "90", "110", ""),
    )
    found = check_values(bad, _sources(), "town_values.csv")
    assert _rules(found) == ["interval"] * 4
    ok = _values(("b", "researchers", "198", "2024", "S", "lower_bound", "", "198", "1394",
                  "at most the region's R&D staff"))
    assert check_values(ok, _sources(), "town_values.csv") == []


def test_national_figures_one_employment_and_recorded_disagreement():
    c = pd.DataFrame({
        "value": [9.2e6, 9167300, 27146, 28300], "unit": ["persons"] * 4,
        "year": ["2024", "2024", "2024", "2026"], "source_id": ["H", "N", "T2", "L"],
        "qualifier": ["approximate", "exact", "exact", "approximate"],
        "used_by": ["employment ratio", "towns", "rd_staff", "not used"], "note": [""] * 4,
    }, index=["national_employed", "national_employed_q1", "national_rd_staff",
              "national_researchers_letter"])
    found = check_constants(c)
    assert _rules(found) == ["national_figures"]
    assert "2 national employment figures" in found[0][1]
    assert any(lv == "note" and "28,300" in m and "27,146" in m for lv, m in found)
    bundled = check_constants(read_data_file("constants.csv").set_index("id"))
    assert _rules(bundled) == []
    note = next(m for lv, m in bundled if lv == "note")
    for figure in ("27,146", "27,400", "23,097", "28,300", "27,100"):
        assert figure in note


def _tiny(qual_num, qual_den, definition="x per inhabitant (population, 1 January 2023)"):
    doc = {"criterion": [{"id": "C1", "slug": "a", "name": {"kk": "a", "ru": "a", "en": "a"},
                          "concept": ""}],
           "field": [{"id": "population", "layers": ["regions"], "kind": "count",
                      "name": {"kk": "p", "ru": "p", "en": "p"},
                      "unit": {"kk": "p", "ru": "p", "en": "p"}, "definition": "p"}],
           "indicator": [
               {"id": "x", "criterion": "C1", "layers": ["regions"], "kind": "count",
                "name": {"kk": "x", "ru": "x", "en": "x"},
                "unit": {"kk": "x", "ru": "x", "en": "x"}, "definition": "x"},
               {"id": "x_pc", "criterion": "C1", "layers": ["regions"], "kind": "amount",
                "name": {"kk": "x", "ru": "x", "en": "x"},
                "unit": {"kk": "x", "ru": "x", "en": "x"}, "definition": definition,
                "derived": {"numerator": "x", "denominator": "population", "factor": 1}}]}
    cat = parse_catalogue(doc)
    units = pd.DataFrame({"name_kk": ["A"], "name_ru": ["A"], "name_en": ["A"]}, index=["A"])
    lv = _values(("A", "x", "10", "2024", "S", qual_num, "", "10", "30", "ceiling"),
                 ("A", "population", "100", "2023", "S", qual_den, "", "80", "125", "spread"))
    ds = from_long("regions", units, lv, _sources(), ["population", "x", "x_pc"])
    return derive_indicators(ds, cat), cat


def test_derived_value_keeps_every_qualifier_and_its_interval():
    ds, cat = _tiny("lower_bound", "estimate")
    assert ds.cite("A", "x_pc")["qualifier"] == "lower_bound+estimate"
    assert ds.qualifier_mask({"lower_bound"}).loc["A", "x_pc"]
    assert ds.estimated.loc["A", "x_pc"]
    iv = ds.interval("A", "x_pc")
    assert iv["low"] == pytest.approx(10 / 125) and iv["high"] == pytest.approx(30 / 80)
    assert _rules(check_derived(ds, cat)) == []
    # A derivation that drops a qualifier is caught.
    prov = ds.provenance.copy()
    prov.loc[("A", "x_pc"), "qualifier"] = "estimate"
    from dataclasses import replace
    found = check_derived(replace(ds, provenance=prov), cat)
    assert _rules(found) == ["derived_qualifier"] and "lower_bound" in found[0][1]


def test_per_capita_year_mismatch_must_be_stated():
    ds, cat = _tiny("exact", "exact", definition="x per inhabitant")
    found = check_derived(ds, cat)
    assert _rules(found) == ["per_capita_year"] and "not stated" in found[0][1]
    ds, cat = _tiny("exact", "exact")
    assert _rules(check_derived(ds, cat)) == [] and _rules(check_derived(ds, cat), "note")


def test_combined_qualifiers():
    assert combine_qualifiers(["lower_bound", "estimate"]) == "lower_bound+estimate"
    assert combine_qualifiers(["estimate", "lower_bound"]) == "lower_bound+estimate"
    assert combine_qualifiers(["exact", "exact"]) == "exact"
    assert combine_qualifiers(["lower_bound+estimate", "approximate"]) == \
        "approximate+lower_bound+estimate"
    assert qualifier_parts("") == {"exact"}


def test_missing_binary_fact_is_listed():
    towns = load_bundled("towns")
    found = check_town_facts(towns)
    assert found and all(lv == "note" for lv, _ in found)
    assert "kurchatov" in found[0][1] and "aktau" not in found[0][1]


def test_bundled_data_passes_every_data_rule():
    # Only the known Table 2 findings remain (printed per-staff column, regional sum).
    regions = [m for lv, m in check_bundled("regions") if lv == "warning"]
    assert {m.split()[0] for m in regions} == {"KZ-43", "KZ-55", "KZ-59", "rd_expenditure:"}
    assert [m for lv, m in check_bundled("towns") if lv == "warning"] == []


def test_every_value_cites_a_publication_not_the_project():
    sources = load_sources()
    for name in ("region_values.csv", "town_values.csv"):
        cited = set(read_data_file(name)["source_id"])
        assert not cited & {"DS", "DERIVED", "K", "T"}, name
        assert cited <= set(sources.index)
    assert not sources["url"].str.fullmatch(r"https?://[^/]+/?").any()


# ------------------------------------------------------------- declared intervals

def test_value_bounds_aligned_with_the_matrix():
    towns = load_bundled("towns")
    cols = ["researchers", "employed", "researcher_share", "airport", "dist_large_city_km"]
    low, high = towns.value_bounds(cols)
    v = towns.values[cols]
    assert low.shape == high.shape == v.shape
    assert list(low.columns) == cols and list(low.index) == list(v.index)
    assert (low.isna() == v.isna()).all().all() and (high.isna() == v.isna()).all().all()
    known = v.notna()
    assert ((low <= v + 1e-9) | ~known).all().all()
    assert ((high >= v - 1e-9) | ~known).all().all()
    # Exact values: the interval is the value.
    assert low.loc["almaty", "airport"] == high.loc["almaty", "airport"] == 1
    # Kurchatov: 198 counted researchers, at most Abai Region's 1,394 R&D staff.
    assert (low.loc["kurchatov", "researchers"], high.loc["kurchatov", "researchers"]) == \
        (198, 1394)
    # Alatau City's approximate coordinates: distance ± 17 km.
    d = v.loc["alatau_city", "dist_large_city_km"]
    assert high.loc["alatau_city", "dist_large_city_km"] - d == pytest.approx(17)


def test_employed_interval_from_the_regional_spread_of_the_ratio():
    towns, regions, c = load_bundled("towns"), load_bundled("regions"), load_constants()
    pop, emp = regions.values["population"], regions.values["employed"]
    official = [u for u in regions.ids if regions.cite(u, "employed")["source_id"] == "E_KT"]
    ratios = emp[official] / pop[official]
    assert c.loc["employment_ratio_low", "value"] == pytest.approx(ratios.min(), abs=1e-4)
    assert c.loc["employment_ratio_high", "value"] == pytest.approx(ratios.max(), abs=1e-4)
    low, high = towns.value_bounds(["employed"])
    assert low.loc["kurchatov", "employed"] == pytest.approx(10457 * ratios.min(), rel=1e-3)
    assert high.loc["kurchatov", "employed"] == pytest.approx(10457 * ratios.max(), rel=1e-3)
    iv = towns.interval("kurchatov", "researcher_share")
    assert iv["low"] == pytest.approx(198 / (10457 * 0.5191), rel=1e-3)
    assert iv["high"] == pytest.approx(1394 / (10457 * 0.3746), rel=1e-3)
    assert "1,394" in iv["interval_note"]


def test_regional_context_carries_the_regional_interval():
    towns = load_bundled("towns")
    # Almaty's employed (about 1.0 million, ±0.05 million) is exact elsewhere: no interval.
    assert towns.interval("almaty", "employed")["low"] == 950_000
    assert towns.interval("astana", "airport") is None
    low, _ = towns.value_bounds()
    assert np.isnan(low.loc["alatau_city", "population"])
