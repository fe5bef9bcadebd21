"""scicity.engine.robustness and the robustness CLI on the bundled regions."""

import argparse
import json
from io import StringIO

import numpy as np
import pandas as pd
import pytest

from criteria.bundled import load_bundled
from scenarios.library import load_scenario
from scicity.cli import robustness as robustness_cli
from scicity.engine.evaluate import evaluate
from scicity.engine.robustness import (
    WeightModel,
    analyse,
    ranked_problem,
    reversal,
    robustness,
    to_csv_frame,
    to_json_dict,
)

UNIT_KEYS = {"rank_acceptability", "median_rank", "rank_p05", "rank_p95", "p_top_k",
             "confidence"}


@pytest.fixture(scope="module")
def regions():
    return load_bundled("regions")


@pytest.fixture(scope="module")
def balanced(regions):
    return analyse(regions, load_scenario("balanced"), samples=4000, seed=1)


def _args(*extra: str) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    robustness_cli.add_parser(p.add_subparsers(dest="command"))
    return p.parse_args(["robustness", *extra])


def test_json_has_the_documented_keys(balanced):
    doc = to_json_dict(balanced)
    json.dumps(doc, allow_nan=False)
    assert len(doc["units"]) == 20
    for u in doc["units"]:
        assert set(u) >= UNIT_KEYS
        assert len(u["rank_acceptability"]) == 20
        assert abs(sum(u["rank_acceptability"]) - 1) < 1e-9
        assert u["rank_p05"] <= u["median_rank"] <= u["rank_p95"]
    for c in doc["criteria"]:
        for outcome in ("first", "top_k"):
            iv = c["stability_interval"][outcome]
            assert iv["lo"] <= c["weight"] <= iv["hi"]


@pytest.mark.parametrize("scenario", ["balanced", "infrastructure_first", "concept_emphasis",
                                      "balanced_fixed_goalposts"])
def test_rebuilt_problem_reproduces_each_scenario(regions, scenario):
    ev = evaluate(regions, load_scenario(scenario))
    prob = ranked_problem(ev)
    assert np.allclose(prob.scores(), ev.table.loc[prob.units, "score"].astype(float))
    assert np.isclose(prob.criterion_weights.sum(), 1.0)
    assert np.allclose(prob.global_weights, ev.weights.loc[list(prob.indicators),
                                                           "global_weight"])


def test_only_ranked_units_enter(regions):
    ev = evaluate(regions, load_scenario("balanced"), exclude=("KZ-75", "KZ-71"))
    res = robustness(ev, samples=500, seed=0)
    assert len(res.units) == 18 and "KZ-75" not in res.units.index
    assert res.acceptability.shape == (18, 18)


def test_statistics_agree_with_each_other(balanced):
    u = balanced.units
    assert np.allclose(u["p_top_k"], balanced.acceptability.iloc[:, :3].sum(axis=1))
    assert u.loc["KZ-75", "median_rank"] == 1  # Almaty (city) is first almost always
    winners = balanced.acceptability[1] > 0
    assert u.loc[winners, "confidence"].notna().all()
    assert u.loc[~winners, "confidence"].isna().all()


def test_weight_models_and_levels(regions):
    sc = load_scenario("infrastructure_first")
    for model in (WeightModel("around", spread=0.1), WeightModel("ordinal", order=(("C2", "C4"),)),
                  WeightModel(level="indicators")):
        res = analyse(regions, sc, samples=500, seed=2, weights=model, method_samples=0)
        assert np.allclose(res.acceptability.sum(axis=1), 1.0)
        if model.kind == "ordinal":
            cw = res.central_weights.dropna()
            assert (cw["C2"] >= cw["C4"]).all()
    with pytest.raises(ValueError, match="unknown"):
        analyse(regions, sc, samples=10, weights=WeightModel("ordinal", order=(("C9", "C1"),)))


def test_reversal_of_a_pair(regions):
    prob = ranked_problem(evaluate(regions, load_scenario("balanced")))
    table = reversal(prob, "KZ-47", "KZ-63")
    assert (table["lo"] <= table["weight"]).all() and (table["weight"] <= table["hi"]).all()


def test_cli_json_and_csv():
    doc = json.loads(robustness_cli.run(_args("--samples", "300", "--seed", "1",
                                              "--top-k", "5")))
    assert doc["top_k"] == 5 and doc["samples"] == 300 and doc["layer"] == "regions"
    assert set(doc["sobol"]["total"]["KZ-47"]) == {"C1", "C2", "C3", "C4"}
    csv = robustness_cli.run(_args("--samples", "300", "--format", "csv"))
    table = pd.read_csv(StringIO(csv))
    assert set(table["kind"]) == {"unit", "criterion", "figure"}  # figure: the VOI list
    assert (table["kind"] == "criterion").sum() == 4


def test_cli_seed_reproduces_and_bad_order_is_an_error():
    a = robustness_cli.run(_args("--samples", "200", "--seed", "7", "--method-samples", "0"))
    b = robustness_cli.run(_args("--samples", "200", "--seed", "7", "--method-samples", "0"))
    assert a == b
    with pytest.raises(ValueError):
        robustness_cli.run(_args("--weights", "ordinal", "--order", "C1>C2"))


def test_to_csv_frame_is_flat(balanced):
    frame = to_csv_frame(balanced)
    assert frame["id"].is_unique and {"acc_1", "first_lo", "top_k_hi"} <= set(frame.columns)
