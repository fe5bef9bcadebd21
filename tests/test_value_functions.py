"""Value functions: interpolation, validation, the catalogue's distance band, scenarios."""

import numpy as np
import pandas as pd
import pytest

from criteria.bundled import load_bundled
from criteria.model import load_catalogue
from criteria.problems import UserInputError
from mcda.messages import msg
from mcda.value_functions import ValueFunction, apply, check_points
from scenarios.library import load_scenario, parse_text
from scenarios.model import scenario_to_doc
from scicity.engine.evaluate import evaluate, value_functions


def test_interpolates_and_is_flat_outside():
    vf = ValueFunction(((0, 0), (20, 1), (150, 1), (400, 0)))
    got = vf(np.array([-5, 0, 10, 20, 100, 150, 275, 400, 900, np.nan]))
    assert got[:9] == pytest.approx([0, 0, 0.5, 1, 1, 1, 0.5, 0, 0])
    assert np.isnan(got[9])
    assert vf.worst == 0 and vf.describe() == "0→0, 20→1, 150→1, 400→0"


@pytest.mark.parametrize(("points", "fragment"), [
    ([[0, 0]], "at least two points"),
    ([[0, 0], [0, 1]], "must exceed the previous"),
    ([[0, 0], [10, 1.5]], "outside [0, 1]"),
    ([[0, 0], ["a", 1]], "two finite numbers"),
    ("0,1", "at least two points"),
])
def test_bad_points_are_reported(points, fragment):
    problems = check_points(points)
    assert any(fragment in p for p in problems)
    with pytest.raises(ValueError, match="value function"):
        ValueFunction(tuple(map(tuple, points)) if isinstance(points, list) else points)


def test_apply_replaces_only_declared_columns():
    m = pd.DataFrame({"d": [0.0, 75.0, 500.0], "x": [1.0, 2.0, 3.0]})
    out = apply(m, {"d": ValueFunction(((0, 0), (50, 1), (100, 0)))})
    assert list(out["d"]) == pytest.approx([0, 0.5, 0]) and list(out["x"]) == [1, 2, 3]


def test_catalogue_distance_band_with_concept_rationale():
    f = load_catalogue().field("dist_large_city_km")
    vf = f.value_function
    assert vf is not None and vf(0.0) == 0 and vf(127.0) == 1  # Kurchatov–Semey
    assert "қала маңында немесе шағын қалаларда" in vf.rationale
    assert "Kurchatov" in vf.rationale


def test_every_indicator_records_its_form():
    cat = load_catalogue()
    missing = [f.id for f in cat.fields if f.is_indicator and not f.form]
    assert missing == []


def test_large_city_no_longer_scores_best_on_distance():
    ev = evaluate(load_bundled("towns"), load_scenario("balanced"))
    assert ev.weights.loc["dist_large_city_km", "direction"] == "value function"
    assert msg("value_function_applied", indicator="dist_large_city_km",
               points="0→0, 20→1, 150→1, 400→0") in ev.notes
    prob = ev.outcome.problem
    scored = pd.DataFrame(prob.raw, index=prob.units, columns=prob.indicators)
    assert scored.loc["kurchatov", "dist_large_city_km"] == 1.0
    assert scored.loc["aksu", "dist_large_city_km"] == 1.0            # 26 km
    assert scored.loc["baikonur", "dist_large_city_km"] == pytest.approx(
        (400 - load_bundled("towns").values.loc["baikonur", "dist_large_city_km"]) / 250)


_SCENARIO = """
name = "band"
description = "test"
layer = "towns"
[weights.criteria]
C1 = 1
C2 = 1
C3 = 1
C4 = 1
{extra}
"""


def test_scenario_edits_and_switches_off_the_value_function():
    s = parse_text(_SCENARIO.format(extra="[value_functions.dist_large_city_km]\n"
                                          "points = [[0, 1], [300, 0]]"), "band", "t")
    cat = load_catalogue()
    vf = value_functions(s, "towns", cat)["dist_large_city_km"]
    assert vf(150.0) == pytest.approx(0.5) and "band" in vf.rationale
    doc = scenario_to_doc(s)
    assert doc["value_functions"] == {"dist_large_city_km": {"points": [[0.0, 1.0],
                                                                        [300.0, 0.0]]}}
    off = parse_text(_SCENARIO.format(extra="[value_functions.dist_large_city_km]\n"
                                            "use = false"), "raw", "t")
    assert value_functions(off, "towns", cat) == {}
    ev = evaluate(load_bundled("towns"), off)
    assert ev.weights.loc["dist_large_city_km", "direction"] == "cost"


def test_scenario_value_function_errors_are_located():
    bad = "[value_functions.dist_large_city_km]\npoints = [[0, 0], [0, 2]]"
    with pytest.raises(UserInputError) as exc:
        parse_text(_SCENARIO.format(extra=bad), "bad", "t")
    places = [p.key for p in exc.value.problems]
    assert places == ["value_functions.dist_large_city_km.points"] * 2
