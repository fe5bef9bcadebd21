"""The criteria model and the bundled regional dataset."""

import math

import pandas as pd
import pytest

from criteria.bundled import load_bundled, load_sources
from criteria.checks import check_regions
from criteria.model import LANGUAGES, load_catalogue, parse_catalogue

# Table 2 of the Concept (2024), as printed: GRP, R&D expenditure, R&D staff,
# expenditure per staff member, researchers per million.
TABLE2 = {
    "KZ-10": (3189.5, 7.0, 1394, 5.0, 946),
    "KZ-55": (5150.8, 1.87, 624, 2.8, 252),
    "KZ-62": (2399.3, 0.03, 11, 3.1, 50),
    "KZ-63": (4800.7, 11, 1060, 10.4, 660),
    "KZ-75": (29240.8, 94.5, 10628, 8.9, 2926),
}
FIELDS = ("grp", "rd_expenditure", "rd_staff", "rd_exp_per_staff", "researchers_per_mln")


@pytest.fixture(scope="module")
def regions():
    return load_bundled("regions")


def test_four_criteria_with_names_in_three_languages():
    cat = load_catalogue()
    assert [c.id for c in cat.criteria] == ["C1", "C2", "C3", "C4"]
    for c in cat.criteria:
        for lang in LANGUAGES:
            assert c.name.get(lang).strip()
    assert cat.criterion("C1").name.kk == "Аккредиттелген ғылыми ұйымдар"


def test_every_indicator_is_fully_described():
    cat = load_catalogue()
    for f in cat.fields:
        for lang in LANGUAGES:
            assert f.name.get(lang) and f.unit.get(lang), f.id
        assert f.definition
        if f.is_indicator:
            assert f.direction in ("benefit", "cost")
            assert f.rationale, f"{f.id} must say why it serves {f.criterion}"


def test_table2_indicators_present_on_regions():
    ids = {f.id for f in load_catalogue().indicators("regions")}
    assert {"rd_staff", "researchers_per_mln", "rd_expenditure", "grp",
            "rd_intensity"} <= ids


def test_regional_criteria_score_one_size_and_one_intensity_measure():
    """Item 8 of the review: R&D staff was scored in three forms in C1 and the per-staff
    intensity gave North Kazakhstan (133 staff) C2 0.43. Each regional criterion now
    scores at most one size and one intensity measure; the two dropped ones stay in the
    data as context (check-data compares Table 2's columns; towns use the density)."""
    cat = load_catalogue()
    scored = {c.id: {f.id for f in cat.indicators("regions", c.id) if f.bundled}
              for c in cat.criteria}
    partial = {"rd_orgs", "research_works_share"}  # below coverage, dropped with a note
    assert scored["C1"] - partial == {"rd_staff", "researchers_per_mln"}
    assert scored["C2"] == {"rd_expenditure"}
    assert scored["C3"] == {"rd_intensity"}
    assert scored["C4"] == {"grp", "grp_per_capita"}
    for fid in ("rd_exp_per_staff", "rd_staff_per_10k"):
        f = cat.field(fid)
        assert not f.is_indicator and "regions" in f.layers
        assert f.rationale.startswith("Context, not scored")
    assert cat.field("region_rd_staff_per_10k").from_region == "rd_staff_per_10k"


def test_context_fields_keep_their_values(regions):
    v = regions.values
    assert v.loc["KZ-59", "rd_exp_per_staff"] == 21.0
    assert v["rd_staff_per_10k"].notna().all()


def test_catalogue_rejects_unknown_criterion():
    doc = {"criterion": [{"id": "C1", "slug": "x", "name": {"kk": "a", "ru": "b", "en": "c"},
                          "concept": ""}],
           "indicator": [{"id": "x", "criterion": "C9", "layers": ["regions"],
                          "name": {"kk": "a", "ru": "b", "en": "c"},
                          "unit": {"kk": "a", "ru": "b", "en": "c"}, "definition": "d",
                          "kind": "count"}]}
    with pytest.raises(ValueError, match="unknown criterion 'C9'"):
        parse_catalogue(doc)


def test_twenty_regions_keyed_by_iso(regions):
    assert len(regions.ids) == 20
    assert regions.ids[0] == "KZ-10" and regions.ids[-1] == "KZ-79"
    assert regions.name("KZ-62", "kk") == "Ұлытау облысы"
    assert regions.name("KZ-75", "ru") == "город Алматы"


@pytest.mark.parametrize("unit", sorted(TABLE2))
def test_table2_values_exactly_as_printed(regions, unit):
    for fid, printed in zip(FIELDS, TABLE2[unit], strict=True):
        assert regions.values.loc[unit, fid] == printed
        cite = regions.cite(unit, fid)
        assert cite["source_id"] == "CONCEPT_T2" and cite["year"] == "2024"


def test_every_known_value_has_source_and_year(regions):
    known = regions.values.notna().stack()
    for (unit, fid), present in known.items():
        if present:
            cite = regions.cite(unit, fid)
            assert cite is not None, (unit, fid)
            assert cite["source_id"] in load_sources().index
            assert cite["year"], (unit, fid)


def test_derived_indicators_and_their_provenance(regions):
    v = regions.values
    assert v.loc["KZ-10", "rd_staff_per_10k"] == pytest.approx(1394 / 610189 * 10000)
    assert v.loc["KZ-47", "rd_intensity"] == pytest.approx(17.1 / 5166.8 * 100)
    cite = regions.cite("KZ-10", "rd_staff_per_10k")
    assert cite["source_id"] == "DERIVED"
    assert "CONCEPT_T2" in cite["note"] and "P1" in cite["note"]
    assert cite["year"] == "2024/2023"


def test_employment_official_or_marked_estimate(regions):
    # Official Q4 2022 figure for Abai; Akmola has none and is estimated.
    assert regions.values.loc["KZ-10", "employed"] == 287100
    assert not regions.estimated.loc["KZ-10", "employed"]
    assert regions.estimated.loc["KZ-11", "employed"]
    assert regions.cite("KZ-11", "employed")["qualifier"] == "estimate"
    ratio = 9_197_000 / 20_283_399  # BNS Q4 2024 ÷ 1 Jan 2025
    assert regions.values.loc["KZ-11", "employed"] == pytest.approx(787971 * ratio)
    # "about 1.0 million" for Almaty city is approximate, shown as an estimate.
    assert regions.estimated.loc["KZ-75", "employed"]


def test_bundled_indicators_without_data_stay_missing(regions):
    assert regions.values["innovative_output_share"].isna().all()
    assert not (regions.values.fillna(1) == 0).any().any()


def test_check_data_reports_printed_per_staff_and_sum(regions):
    findings = check_regions(regions)
    warnings = [m for level, m in findings if level == "warning"]
    flagged = {m.split()[0] for m in warnings}
    # Not explained by rounding of the printed expenditure (see criteria/checks.py).
    assert {"KZ-43", "KZ-55", "KZ-59"} <= flagged
    nkz = next(m for m in warnings if m.startswith("KZ-59"))
    assert "21.0" in nkz and "20.30" in nkz
    total = next(m for m in warnings if m.startswith("rd_expenditure"))
    assert "219.20" in total and "219.70" in total
    # Sums that agree are not reported.
    assert not any(m.startswith("rd_staff:") for _, m in findings)


def test_regions_sum_matches_national_for_staff(regions):
    assert math.isclose(regions.values["rd_staff"].sum(), regions.national["rd_staff"])
    assert isinstance(regions.national, pd.Series)
