"""mcda.registry: one record per method and normalisation, one lookup; the pipeline's
outcome carries the scored problem; constant indicators are skipped with a note."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from criteria.bundled import load_bundled
from mcda import methods, registry
from mcda.messages import msg
from mcda.pipeline import ProblemSpec, criterion_weights_used, normalized_weights, run
from scenarios.library import load_scenario
from scicity.cli.main import main
from scicity.engine.evaluate import evaluate
from scicity.engine.robustness import analyse


def test_lookup_errors_list_the_valid_names():
    with pytest.raises(registry.UnknownNameError, match="topsis, wsm, vikor, promethee2"):
        registry.get_method("promethee_ii")
    with pytest.raises(registry.UnknownNameError, match="vector, minmax, goalpost"):
        registry.get_normalization("zscore")
    with pytest.raises(ValueError, match="unknown method 'electre'"):
        ProblemSpec(indicators=(), groups=(), types=(), local_weights=(),
                    criterion_weights={}, method="electre")  # type: ignore[arg-type]


def test_records_agree_with_the_methods():
    assert set(registry.METHODS) == set(registry.METHOD_NAMES)
    assert [m for m in registry.METHOD_NAMES if registry.get_method(m).ascending] == ["vikor"]
    assert {m for m in registry.METHOD_NAMES if registry.get_method(m).linear} == {
        "wsm", "promethee2"}
    assert registry.default_normalization("topsis") == "vector"
    assert {registry.default_normalization(m) for m in ("wsm", "vikor", "promethee2")} == {
        "minmax"}
    assert [n for n in registry.NORMALIZATION_NAMES
            if registry.get_normalization(n).fixed] == ["goalpost"]


@pytest.mark.parametrize("method", registry.METHOD_NAMES)
def test_batch_kernel_equals_the_per_vector_function(method):
    rng = np.random.default_rng(3)
    R, W = rng.random((9, 4)), rng.dirichlet(np.ones(4), 6)
    for fixed in (False, True):
        ctx = registry.Context(fixed=fixed)
        rec = registry.get_method(method)
        loop = np.array([rec.scores(R, w, None, ctx) for w in W])
        assert np.abs(registry.scores(method, R, W, None, ctx) - loop).max() <= 1e-12


def test_weights_are_normalised_in_one_place():
    assert normalized_weights(np.array([1.0, 3.0])).tolist() == [0.25, 0.75]
    for bad in ([0.0, 0.0], [1.0, -1.0], [np.nan, 1.0]):
        with pytest.raises(ValueError, match="non-negative with a positive sum"):
            normalized_weights(np.array(bad))


def _spec(**kw) -> ProblemSpec:
    base = dict(indicators=("a", "b", "c"), groups=("C1", "C1", "C2"), types=(1, 1, -1),
                local_weights=(1.0, 1.0, 1.0), criterion_weights={"C1": 0.5, "C2": 0.5},
                min_coverage=0.0, missing="redistribute")
    return ProblemSpec(**(base | kw))


@pytest.fixture
def matrix() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    m = pd.DataFrame(rng.uniform(1, 10, (7, 3)), columns=list("abc"),
                     index=[f"u{i}" for i in range(7)])
    m["b"] = 1.0  # e.g. railway: every unit has one
    m.loc["u3", "b"] = np.nan
    return m


@pytest.mark.parametrize("method", registry.METHOD_NAMES)
@pytest.mark.parametrize("norm", registry.NORMALIZATION_NAMES)
def test_a_constant_indicator_is_skipped_with_a_note(matrix, method, norm):
    out = run(matrix, _spec(method=method, normalization=norm))
    w = out.weights
    assert w.loc["b", "status"] == "constant"
    assert w.loc["b", "global_weight"] == 0.0
    # b keeps its half of C1 as dead weight: a 0.25, c 0.5, rescaled together
    assert w.loc["a", "global_weight"] == pytest.approx(1 / 3)
    assert msg("indicator_not_used", indicator="b", status=msg("status_constant")) in out.notes
    assert (out.table["status"] == "ranked").all()
    assert out.problem is not None and out.problem.indicators == ("a", "c")


def test_constant_among_candidates_is_kept_on_a_fixed_scale(matrix):
    """On the goalpost scale a value common to every candidate still measures attainment
    against the layer's range, so only a layer-wide constant is skipped there."""
    m = matrix.copy()
    m.loc["u6", "b"] = 3.0
    cand = m.index[:6]
    fixed = run(m, _spec(normalization="goalpost"), cand)
    assert fixed.weights.loc["b", "status"] == "used"
    relative = run(m, _spec(normalization="minmax"), cand)
    assert relative.weights.loc["b", "status"] == "constant"


def test_outcome_carries_the_problem_it_scored(matrix):
    m = matrix.copy()
    m.loc["u2", "a"] = np.nan
    out = run(m, _spec(method="vikor", normalization="goalpost",
                       bounds={"a": (0.0, 12.0)}))
    prob = out.problem
    assert prob is not None
    ranked = out.table.index[out.table["status"] == "ranked"]
    assert list(prob.units) == list(ranked)
    np.testing.assert_allclose(prob.scores(), out.table.loc[ranked, "score"].astype(float))
    np.testing.assert_allclose(prob.global_weights,
                               out.weights.loc[list(prob.indicators), "global_weight"])
    assert prob.bounds is not None and prob.bounds[0].tolist() == [0.0, 12.0]
    np.testing.assert_allclose(prob.normalised[:, 0], np.clip(prob.raw[:, 0] / 12.0, 0, 1))


def test_criterion_weight_used_follows_a_dropped_criterion(matrix):
    m = matrix.copy()
    m["c"] = np.nan  # C2 has no data: its weight goes to C1
    out = run(m, _spec(criterion_weights={"C1": 0.25, "C2": 0.75}))
    used = criterion_weights_used(out)
    assert used.to_dict() == {"C1": pytest.approx(1.0), "C2": 0.0}


@pytest.mark.parametrize("layer", ["regions", "towns"])
@pytest.mark.parametrize("scenario", ["balanced", "balanced_fixed_goalposts"])
def test_every_layer_ranks_and_analyses_with_constant_columns(layer, scenario):
    ds = load_bundled(layer)
    ev = evaluate(ds, load_scenario(scenario))
    assert (ev.table["status"] == "ranked").any()
    res = analyse(ds, load_scenario(scenario), samples=200, seed=0, sobol_samples=0)
    assert np.allclose(res.acceptability.sum(axis=1), 1.0)


def test_towns_with_goalposts_rank_from_the_command_line():
    assert main(["rank", "--layer", "towns", "--scenario", "balanced_fixed_goalposts"]) == 0


def test_towns_with_a_constant_count_skip_it_with_goalposts_and_in_robustness():
    """As in the issue-13 failure (railway = 1 for every town with data), with a count: a
    flag is on its declared 0–1 scale, so with goalposts it is never constant (every town
    with a station gets full marks) — see test_a_constant_flag_stays_on_its_scale_..."""
    ds = load_bundled("towns")
    values = ds.values.copy()
    # every town 2 (a gap would be scored at 0 under the worst-case missing policy)
    values["research_facilities"] = 2.0
    constant = replace(ds, values=values)
    # Scored on the towns that have the value (redistribute): under the default policy a gap
    # is scored at the worst value (0), and the column is no longer constant.
    scenario = replace(load_scenario("balanced_fixed_goalposts"), min_coverage=0.0,
                       missing="redistribute")
    ev = evaluate(constant, scenario)
    assert ev.weights.loc["research_facilities", "status"] == "constant"
    assert msg("indicator_not_used", indicator="research_facilities",
               status=msg("status_constant")) in ev.notes
    assert (ev.table["status"] == "ranked").sum() > 3
    res = analyse(constant, scenario, samples=200, seed=0, sobol_samples=0)
    assert np.allclose(res.acceptability.sum(axis=1), 1.0)


def test_a_constant_flag_stays_on_its_scale_with_goalposts():
    """Railway = 1 for every town: with goalposts the flag keeps its declared 0–1 scale
    (used, every town at the top), without goalposts it cannot tell the towns apart."""
    ds = load_bundled("towns")
    values = ds.values.copy()
    values["railway"] = 1.0
    constant = replace(ds, values=values)
    for sid, status in (("balanced_fixed_goalposts", "used"), ("balanced", "constant")):
        scenario = replace(load_scenario(sid), min_coverage=0.0, missing="redistribute")
        ev = evaluate(constant, scenario)
        assert ev.weights.loc["railway", "status"] == status, sid
        if status == "used":
            p = ev.outcome.problem
            assert (p.normalised[:, p.indicators.index("railway")] == 1.0).all()


def test_towns_with_goalposts_skip_a_constant_count(tmp_path, capsys):
    # A count the same for every town (as railway = 1 once stopped the command).
    ds = load_bundled("towns")
    # (a gap would be scored at 0 under the default worst-case policy, so none here)
    rows = ds.units[["name_en", "lat", "lon"]].assign(universities=1.0).head(8)
    path = tmp_path / "towns.csv"
    rows.rename_axis("id").reset_index().to_csv(path, index=False)
    args = ["rank", "--layer", "towns", "--scenario", "balanced_fixed_goalposts",
            "--data", str(path)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "indicator Universities not used: the same value for every unit" in out


def test_rank_is_the_registry_direction():
    s = np.array([0.2, 0.9, 0.5])
    assert registry.rank("vikor", s).tolist() == methods.rank(s, True).tolist() == [1, 3, 2]
    assert registry.rank("topsis", s).tolist() == [3, 1, 2]
