"""PROMETHEE II: preference functions per indicator against pymcdm, the Gaussian and the
sorted-column flows against brute force, bounded-memory blocks, the default that is not a
weighted sum, and the scenario keys."""

import numpy as np
import pytest
from pymcdm.methods import PROMETHEE_II, WSM
from pymcdm.normalizations import minmax_normalization

from criteria.model import load_catalogue
from criteria.problems import UserInputError
from mcda import promethee, registry
from mcda.methods import promethee_ii, rank
from mcda.normalization import normalize
from scenarios.model import parse_scenario

pytestmark = pytest.mark.filterwarnings("ignore:Alternatives with indices:UserWarning")

PYMCDM_NAME = {"usual": "usual", "ushape": "ushape", "vshape": "vshape", "level": "level",
               "linear": "vshape_2"}


def _problem(seed: int, n: int = 12, m: int = 6):
    rng = np.random.default_rng(seed)
    raw = rng.lognormal(1.0, 0.7, (n, m))
    return raw, rng.choice([1, -1], m), rng.dirichlet(np.ones(m))


@pytest.mark.parametrize("seed", range(8))
def test_mixed_functions_per_indicator_equal_pymcdm(seed):
    """The net flow is linear in the weights, so pymcdm run on each indicator alone (one
    function each) and weighted gives the reference for one function per indicator."""
    raw, types, w = _problem(seed)
    m = raw.shape[1]
    rng = np.random.default_rng(100 + seed)
    kinds = [str(k) for k in rng.choice(list(PYMCDM_NAME), m)]
    span = np.ptp(raw, axis=0)
    q, p = span * rng.uniform(0.0, 0.3, m), span * rng.uniform(0.3, 1.2, m)
    ours = promethee_ii(raw * types, w, None, kinds, p=p, q=q)
    ref = sum(w[j] * PROMETHEE_II(PYMCDM_NAME[kinds[j]], p=[p[j]], q=[q[j]])(
        raw[:, [j]], np.ones(1), types[[j]]) for j in range(m))
    assert np.abs(ours - ref).max() <= 1e-12


@pytest.mark.parametrize("kind", list(PYMCDM_NAME))
def test_one_function_for_all_equals_pymcdm_on_normalised_data(kind):
    raw, types, w = _problem(3, n=25, m=5)
    R = normalize(raw, types, "minmax")
    q, p = np.full(5, 0.1), np.full(5, 0.5)
    ours = promethee_ii(R, w, None, kind, p=p, q=q)
    ref = PROMETHEE_II(PYMCDM_NAME[kind], p=p, q=q)(R, w, np.ones(5))
    assert np.abs(ours - ref).max() <= 1e-12


def _dense(R, w, kinds, q, p, s):
    n = R.shape[0]
    pi = np.zeros((n, n))
    for a in range(n):
        for b in range(n):
            for j, k in enumerate(kinds):
                d = R[a, j] - R[b, j]
                if k == "gaussian":
                    pref = 1 - np.exp(-d * d / (2 * s[j] ** 2)) if d > 0 else 0.0
                else:
                    pref = float(promethee.preference(np.array(d), k, q[j], p[j], s[j]))
                pi[a, b] += w[j] * pref
    return (pi.sum(axis=1) - pi.sum(axis=0)) / (n - 1)


@pytest.mark.parametrize("seed", range(6))
def test_sorted_flows_equal_brute_force_with_ties_on_the_thresholds(seed):
    """Integer data and integer thresholds: differences hit q and p exactly."""
    rng = np.random.default_rng(seed)
    R = rng.integers(0, 6, (15, 6)).astype(float)
    w = rng.dirichlet(np.ones(6))
    kinds = ["usual", "ushape", "vshape", "level", "linear", "gaussian"]
    q, p, s = np.array([0, 1, 0, 1, 1, 0.0]), np.array([0, 0, 3, 3, 4, 0.0]), np.full(6, 1.5)
    ours = promethee_ii(R, w, None, kinds, p=p, q=q, s=s)
    assert np.abs(ours - _dense(R, w, kinds, q, p, s)).max() <= 1e-12


def test_gaussian_follows_its_formula():
    d = np.array([-1.0, 0.0, 0.5, 2.0])
    np.testing.assert_allclose(promethee.preference(d, "gaussian", 0, 0, 1.0),
                               [0, 0, 1 - np.exp(-0.125), 1 - np.exp(-2.0)], rtol=1e-15)


def test_blocks_do_not_change_the_result(monkeypatch):
    raw, types, _ = _problem(4, n=30, m=4)
    R = normalize(raw, types, "minmax")
    R[::4, 1] = np.nan  # missing cells: the pairwise path
    groups = np.array([0, 0, 1, 1])
    W = np.random.default_rng(0).dirichlet(np.ones(4), 7)
    kinds = ["gaussian", "linear", "level", "usual"]
    whole = promethee_ii(R, W, groups, kinds)
    complete = promethee_ii(np.nan_to_num(R), W, groups, kinds)
    monkeypatch.setattr(promethee, "_BLOCK_CELLS", 50)
    assert np.abs(promethee_ii(R, W, groups, kinds) - whole).max() <= 1e-12
    assert np.abs(promethee_ii(np.nan_to_num(R), W, groups, kinds) - complete).max() <= 1e-12


@pytest.mark.parametrize("seed", range(5))
def test_range_vshape_is_the_minmax_weighted_sum_and_the_default_is_not(seed):
    raw, types, w = _problem(seed, n=20)
    R = normalize(raw, types, "minmax")
    vshape = registry.Context(registry.MethodOptions(
        promethee=registry.PrometheeOptions(registry.default_preference("vshape"))))
    assert registry.equivalent_to_weighted_sum(R, vshape)
    assert not registry.equivalent_to_weighted_sum(R, registry.Context())
    flows = registry.scores("promethee2", R, w, None, vshape)
    wsm = WSM(minmax_normalization)(raw, w, types)
    n = len(flows)
    np.testing.assert_allclose(flows, n / (n - 1) * (wsm - wsm.mean()), atol=1e-12)
    assert (rank(flows) == rank(wsm)).all()


def test_default_ranks_differently_from_the_weighted_sum_somewhere():
    """The default (linear, q = 10 %, p = 50 % of the range) is a different method: on some
    of these random problems its ranking differs from min-max WSM."""
    differs = 0
    for seed in range(20):
        raw, types, w = _problem(seed, n=15)
        R = normalize(raw, types, "minmax")
        ours = rank(registry.scores("promethee2", R, w))
        differs += not (ours == rank(WSM(minmax_normalization)(raw, w, types))).all()
    assert differs > 0


def test_scenario_keys_per_indicator():
    cat = load_catalogue()
    base = {"name": "x", "layer": "regions", "method": "promethee2",
            "weights": {"criteria": {"C1": 1, "C2": 1, "C3": 1, "C4": 1}}}
    doc = base | {"promethee": {"preference": "level", "q": 0.05,
                                "indicators": {"rd_staff": {"preference": "gaussian", "s": 0.4},
                                               "grp": {"p": 0.8}}}}
    sc = parse_scenario(doc, "x", cat)
    prom = sc.promethee
    assert prom.default == registry.Preference("level", q=0.05, p=0.5, s=0.25)
    assert prom.indicators["rd_staff"].function == "gaussian"
    assert prom.indicators["rd_staff"].s == 0.4
    assert prom.indicators["grp"] == registry.Preference("level", q=0.05, p=0.8, s=0.25)
    bad = base | {"promethee": {"preference": "linear", "q": 0.6, "p": 0.2,
                                "indicators": {"nope": {"p": 1}}}}
    with pytest.raises(UserInputError) as err:
        parse_scenario(bad, "x", cat)
    places = {p.key for p in err.value.problems}
    assert {"promethee", "promethee.indicators.nope"} <= places


def test_cli_options_change_and_rename_the_scenario(capsys):
    from scicity.cli.main import main

    assert main(["rank", "--scenario", "balanced", "--method", "promethee2",
                 "--preference", "gaussian", "--promethee-s", "0.3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Balanced — modified — Regions, PROMETHEE II")
    assert lines[1] == ("Changed from the scenario “Balanced”: Method: TOPSIS → PROMETHEE II; "
                        "PROMETHEE preference (all indicators): linear (q, p) 10%, 50% → "
                        "Gaussian (s) 30%.")
    assert main(["rank", "--method", "promethee2", "--preference", "linear",
                 "--promethee-q", "0.9", "--promethee-p", "0.2"]) == 2
    assert "q (0.9) must not exceed p (0.2)" in capsys.readouterr().err


def test_scenario_round_trip_keeps_the_preferences():
    from scenarios.model import scenario_to_doc

    cat = load_catalogue()
    doc = {"name": "x", "layer": "regions", "method": "promethee2",
           "weights": {"criteria": {"C1": 1, "C2": 1}},
           "promethee": {"preference": "usual",
                         "indicators": {"grp": {"preference": "linear", "q": 0.2, "p": 0.6}}}}
    sc = parse_scenario(doc, "x", cat)
    again = parse_scenario(scenario_to_doc(sc), "x", cat)
    assert again.promethee == sc.promethee
