"""Model 1 evidence (review item 7): the host's own sourced values are counted apart from
the city's context, every value is a message with its source and year, and the Model 1
printer and the Assessment page speak the reader's language."""

import pandas as pd
import pytest

from criteria.bundled import load_bundled
from mcda.messages import Message, msg
from scenarios.library import load_scenario
from scicity.app.assessment_view import model1_rows, recommendations
from scicity.engine.assessment import MODEL1_CRITERIA, evidence_message, model1_table
from scicity.engine.evaluate import evaluate
from scicity.i18n import translate
from scicity.view.dossier import model1_cells, model1_text


@pytest.fixture(scope="module")
def m1():
    ds = load_bundled("towns")
    ev = evaluate(ds, load_scenario("balanced"))
    return ds, ev, model1_table(ds, ev).set_index("id")


def test_a_city_without_host_never_counts_host_evidence(m1):
    _, _, t = m1
    no_host = t[t["host_id"] == ""]
    assert len(no_host) >= 5 and (no_host["host_known"] == 0).all()
    for c in MODEL1_CRITERIA:
        assert (no_host[f"{c}_host"].map(len) == 0).all()
    # Almaty with the INP: all four criteria have the host's own figures; Astana with
    # Nazarbayev University only two (no staff or facility figure is recorded for NU)
    assert t.loc["almaty", "host_known"] == 4 and t.loc["astana", "host_known"] == 2
    assert t.loc["astana", "research_base_host"] == ()
    # a city's context never makes it look like a host: Shymkent has context, no host
    assert t.loc["shymkent", "city_known"] >= 1 and t.loc["shymkent", "host_known"] == 0


def test_city_context_is_the_city_s_own_values_and_a_recorded_zero_is_not_support():
    ds = load_bundled("towns")
    ev = evaluate(ds, load_scenario("balanced"))
    vals = ds.values.copy()
    vals.loc["shymkent", ["airport", "railway", "universities", "sez"]] = [0.0, 0.0, 0.0, 0.0]
    from dataclasses import replace
    t = model1_table(replace(ds, values=vals), ev).set_index("id")
    # the zeros are shown (with their sources) but support no criterion
    assert t.loc["shymkent", "city_known"] == 0
    assert len(t.loc["shymkent", "infrastructure_city"]) == 2
    # no regional figure is context: Table 2's R&D staff is not "readiness"
    assert all(m.params["what"].params.get("indicator") != "region_rd_staff"
               for c in MODEL1_CRITERIA for m in t.loc["almaty", f"{c}_city"])


def test_every_value_is_a_message_with_source_and_year(m1):
    _, _, t = m1
    for c in MODEL1_CRITERIA:
        for cell in (*t[f"{c}_host"], *t[f"{c}_city"]):
            for m in cell:
                assert isinstance(m, Message) and m.key in ("m1_value", "m1_value_undated")
                assert m.params["source"]
                assert (m.key == "m1_value") == bool(m.params["year"])
    uni = t.loc["almaty", "research_base_city"]
    assert msg("m1_value", what=msg("m1_indicator", indicator="universities"), value=41.0,
               source="energyprom_2017", year="2017",
               qualifier=(msg("qualifier_exact"),)) in uni


def test_evidence_message_reads_in_each_language():
    m = evidence_message("m1_field_staff", 700, "N", "2025", "lower_bound")
    assert translate(m, "en") == "staff of the host: 700 (N 2025, lower bound)"
    assert translate(m, "ru") == "персонал базовой организации: 700 (N 2025, нижняя граница)"
    u = evidence_message("technoparks", 1, "kaztag_astanahub", "", "lower_bound+estimate")
    assert translate(u, "en") == ("Technology parks: 1 (kaztag_astanahub, undated, "
                                  "lower bound and estimate)")


def test_model1_printer_is_localised(m1):
    ds, ev, _ = m1
    ru = model1_text(ds, ev, "ru")
    for english in ("Model 1 —", "recommendation:", "no host recorded", "research_institute",
                    "Institute of Nuclear Physics", "research_base:", "staff=", "neither yet"):
        assert english not in ru, english
    assert ru.startswith("Модель 1 —")
    assert "Алматы (almaty): Институт ядерной физики (научно-исследовательский институт)" in ru
    assert "Шымкент (shymkent): базовая организация не указана" in ru
    en = model1_text(ds, ev, "en")
    assert "staff of the host: 700 (N 2025, lower bound)" in en
    assert "host 4 of 4; city context 3 of 4" in en
    kk = model1_text(ds, ev, "kk")
    assert "recommendation" not in kk and kk.startswith("1-модель")


def test_assessment_page_counts_host_and_city_apart(m1):
    ds, ev, t = m1
    recs = recommendations(ds, ev)
    rows = model1_rows(ev, t.reset_index(), recs, "en").set_index("Name")
    col = next(c for c in rows.columns if c.startswith("Criteria with sourced values"))
    assert rows.at["Almaty", col] == "host 4 of 4; city context 3 of 4"
    assert rows.at["Shymkent", col].startswith("host —;")
    ru = model1_rows(ev, t.reset_index(), recs, "ru")
    assert not ru.map(lambda x: "no host" in str(x)).to_numpy().any()


def test_model1_cells_label_host_and_city(m1):
    _, _, t = m1
    cells = model1_cells(dict(t.loc["almaty"], host="Institute of Nuclear Physics"), "en")
    assert cells["infrastructure_text"].startswith(
        "host: base experimental installations: 11 (inform_inp_2026 2026, exact) | "
        "city context: Major research facilities: 7")
    assert model1_cells(dict(t.loc["shymkent"], host=""), "en")["readiness_text"] == \
        "no sourced value"
    assert isinstance(t, pd.DataFrame)
